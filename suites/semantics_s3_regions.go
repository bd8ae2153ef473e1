package suites

import (
	"fmt"
	"net/url"
	"regexp"

	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

	"github.com/lambdaconform/lambdaconform/client"
	"github.com/lambdaconform/lambdaconform/fixtures/deploypkg"
)

// S3 regions (docs/aws-behavior.md §7.4, reported): Lambda reads a package only from a bucket in the function's
// region; a bucket elsewhere gets S3's PermanentRedirect, quoted in a 400 InvalidParameterValueException.
var _ = Describe("semantics: code from an S3 bucket in another region", func() {
	s3OtherRegion()
})

// bucketRegionApart returns a region that is not the function's: eu-west-1, or us-west-2 for a function there. Never
// us-east-1, which S3 does not take as a LocationConstraint.
func bucketRegionApart(f *Function) string {
	if f.Region == "eu-west-1" {
		return "us-west-2"
	}
	return "eu-west-1"
}

func s3OtherRegion() {
	const rule = "behavior.s3.other-region"
	ipve := "UpdateFunctionCode.error.InvalidParameterValueException"
	check(Meta{
		ID: "semantics.UpdateFunctionCode.s3-bucket-other-region", Operation: "UpdateFunctionCode", Family: Semantics,
		Title: "code from an S3 bucket in another region gets 400 InvalidParameterValueException quoting PermanentRedirect",
		Rules: []string{rule, "UpdateFunctionCode.status.400", ipve + ".status", ipve + ".message-key"},
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		if f.Region == "" {
			c.SetupError("the function's ARN %q names no region, so no other region can be chosen", f.ARN)
		}
		region := bucketRegionApart(f)
		b := c.NewBucketIn(region)
		c.Put(b, "code/function.zip", OtherPackage(f, "far"))
		ex := c.UpdateCode(f.Name, map[string]any{"S3Bucket": b.Name, "S3Key": "code/function.zip"})
		c.Conforms(ex)
		msg := c.ErrorIs(rule, ex, 400, "InvalidParameterValueException")
		c.That(rule, ex, "message", msg).To(gomega.Equal(fmt.Sprintf("Error occurred while GetObject. S3 Error "+
			"Code: PermanentRedirect. S3 Error Message: The bucket is in this region: %s. Please use this region to "+
			"retry the request", region)))
		c.WaitUpdated(f) // a target that let the update through must finish it before the read
		latest, exl := c.Get(f.Name, "")
		c.That(rule, exl, "$LATEST's CodeSha256 after the refused update", latest.CodeSha256).To(gomega.Equal(deploypkg.CodeSha256(f.Package)))
	})
}

// awsS3Host matches AWS's S3 endpoints: s3.amazonaws.com and s3.<region>.amazonaws.com (or s3-<region>).
var awsS3Host = regexp.MustCompile(`^s3([.-][a-z0-9-]+)?\.amazonaws\.com$`)

// s3In returns an S3 client for a bucket in region. On AWS, whose S3 answers a bucket of another region only at
// that region's endpoint (and redirects everything else), that is s3.<region>.amazonaws.com, signed for the
// region; any other S3 serves every region at its one endpoint, and the run's client does.
func (r *run) s3In(region string) *client.Client {
	u, err := url.Parse(r.s3.Endpoint())
	if err != nil || !awsS3Host.MatchString(u.Hostname()) {
		return r.s3
	}
	c, err := client.New(client.Config{Endpoint: "https://s3." + region + ".amazonaws.com", Region: region,
		Credentials: r.cfg.Credentials, Timeout: r.cfg.RequestTimeout, HTTPClient: r.cfg.HTTPClient})
	if err != nil {
		return r.s3
	}
	return c
}
