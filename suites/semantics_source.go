package suites

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/lambdaconform/lambdaconform/client"
	"github.com/lambdaconform/lambdaconform/fixtures/deploypkg"

	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"
)

// Where the code comes from (docs/aws-behavior.md §6.3, §7.4): an S3 object, and AWS's errors for a missing,
// doubled, unreadable or absent source. All are 400 InvalidParameterValueException.
var _ = Describe("semantics: code sources", func() {
	s3Code()
	s3Missing("bucket")
	s3Missing("key")
	codeSourceError("none", "behavior.code-source.none", func(f *Function) map[string]any { return map[string]any{} },
		"Please provide a source for function code.")
	codeSourceError("bad-zip", "behavior.code-source.bad-zip", func(f *Function) map[string]any {
		return map[string]any{"ZipFile": []byte("this is not a zip archive")}
	}, "Could not unzip uploaded file. Please check your file, then try to upload again.")
	codeSourceError("zip-and-s3", "behavior.code-source.zip-and-s3", func(f *Function) map[string]any {
		return map[string]any{"ZipFile": f.Package, "S3Bucket": "lc-no-such-bucket", "S3Key": "code.zip"}
	}, "Please do not provide other FunctionCode parameters when providing a ZipFile.")
	codeSourceError("image-for-zip", "behavior.code-source.image-for-zip", func(f *Function) map[string]any {
		return map[string]any{"ImageUri": "123456789012.dkr.ecr.us-east-1.amazonaws.com/lambdaconform:1"}
	}, "Please don't provide ImageUri when updating a function with packageType Zip.", "UpdateFunctionCode.request.ImageUri.type")
})

// Bucket is an S3 bucket a check created; it is emptied and deleted when the check ends.
type Bucket struct {
	Name     string
	Region   string         // the region asked for; "" for the S3 endpoint's own
	s3       *client.Client // the S3 client that reaches it
	objects  [][2]string    // key, version
	versions bool           // PutBucketVersioning succeeded
	enabling string         // what PutBucketVersioning answered
}

// NewBucket creates a versioned bucket under the run's prefix on the target's S3, or skips the check when S3
// checks are off. A refusal is a set-up error.
func (c *Check) NewBucket() *Bucket { return c.NewBucketIn("") }

// NewBucketIn is NewBucket for a bucket in a region ("" for the S3 endpoint's own region).
func (c *Check) NewBucketIn(region string) *Bucket {
	if c.run.s3 == nil {
		c.Skip("S3 checks are off (S3Endpoint is \"none\")")
	}
	b := &Bucket{Name: strings.ToLower(c.newName()) + "-code", Region: region, s3: c.run.s3}
	if region != "" {
		b.s3 = c.run.s3In(region)
	}
	// The cleanup comes first: a create cut short may still have created the bucket.
	DeferCleanup(func(ctx SpecContext) { c.deleteBucket(ctx, b) }, NodeTimeout(2*c.run.cfg.RequestTimeout+5*time.Second))
	var ex *client.Exchange
	if region == "" {
		ex = c.record(b.s3.CreateBucket(c.ctx, b.Name))
	} else {
		ex = c.record(b.s3.CreateBucketIn(c.ctx, b.Name, region))
	}
	if !ex.OK(200) {
		c.SetupError("CreateBucket %s on %s was refused: %s", b.Name, b.s3.Endpoint(), ex.Outcome())
	}
	v := c.record(b.s3.EnableVersioning(c.ctx, b.Name))
	b.versions, b.enabling = v.OK(200), v.Outcome()
	return b
}

// Put stores an object and returns its version ID ("" when the bucket is not versioned).
func (c *Check) Put(b *Bucket, key string, body []byte) string {
	ex := c.record(b.s3.PutObject(c.ctx, b.Name, key, body))
	if !ex.OK(200) {
		c.SetupError("PutObject %s/%s was refused: %s", b.Name, key, ex.Outcome())
	}
	v := ex.Header.Get("X-Amz-Version-Id")
	b.objects = append(b.objects, [2]string{key, v})
	return v
}

func (c *Check) deleteBucket(ctx context.Context, b *Bucket) {
	ctx = context.WithoutCancel(ctx) // see deleteFunction
	for _, o := range b.objects {
		b.s3.DeleteObject(ctx, b.Name, o[0], o[1])
	}
	if ex := b.s3.DeleteBucket(ctx, b.Name); ex.Err != nil || ex.Status >= 300 && ex.Status != 404 {
		GinkgoWriter.Printf("cleanup: DeleteBucket %s: %s\n", b.Name, ex.Outcome())
	}
}

func s3Code() {
	const rule = "behavior.s3.code"
	rules := []string{rule, "UpdateFunctionCode.request.S3Bucket.type", "UpdateFunctionCode.request.S3Key.type",
		"UpdateFunctionCode.request.S3ObjectVersion.type"}
	check(Meta{
		ID: "semantics.UpdateFunctionCode.s3-code", Operation: "UpdateFunctionCode", Family: Semantics,
		Title: "code from S3 is the object's bytes, and S3ObjectVersion picks an older version",
		Rules: rules,
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		b := c.NewBucket()
		older, newer := OtherPackage(f, "s3-v1"), OtherPackage(f, "s3-v2")
		v1 := c.Put(b, "code/function.zip", older)
		c.Put(b, "code/function.zip", newer)
		latest, ex := c.UpdateOK(rules[1], f, map[string]any{"S3Bucket": b.Name, "S3Key": "code/function.zip"})
		c.That(rule, ex, "CodeSha256 of the object's latest version", latest.CodeSha256).To(gomega.Equal(deploypkg.CodeSha256(newer)))
		if !b.versions || v1 == "" {
			// Passing here would claim S3ObjectVersion works without ever trying it.
			c.Skip("the target's S3 does not version objects (PutBucketVersioning answered %s, PutObject gave no "+
				"version ID), so S3ObjectVersion could not be exercised", b.enabling)
		}
		old, ex := c.UpdateOK(rules[3], f, map[string]any{"S3Bucket": b.Name, "S3Key": "code/function.zip", "S3ObjectVersion": v1})
		c.That(rule, ex, "CodeSha256 of the object's first version", old.CodeSha256).To(gomega.Equal(deploypkg.CodeSha256(older)))
		c.That(rule, ex, "CodeSize of the object's first version", old.CodeSize).To(gomega.Equal(int64(len(older))))
	})
}

func s3Missing(what string) {
	rule := "behavior.s3.missing-" + what
	ipve := "UpdateFunctionCode.error.InvalidParameterValueException"
	want := map[string]string{
		"bucket": "Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error Message: The specified bucket does not exist",
		"key":    "Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist.",
	}[what]
	check(Meta{
		ID: "semantics.UpdateFunctionCode.s3-missing-" + what, Operation: "UpdateFunctionCode", Family: Semantics,
		Title: fmt.Sprintf("code from a missing S3 %s gets 400 InvalidParameterValueException with S3's error", what),
		Rules: []string{rule, "UpdateFunctionCode.status.400", ipve + ".status", ipve + ".message-key"},
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		bucket := strings.ToLower(c.newName()) + "-missing"
		if what == "key" {
			bucket = c.NewBucket().Name
		}
		ex := c.UpdateCode(f.Name, map[string]any{"S3Bucket": bucket, "S3Key": "no/such/key.zip"})
		c.Conforms(ex)
		msg := c.ErrorIs(rule, ex, 400, "InvalidParameterValueException")
		c.That(rule, ex, "message", msg).To(gomega.Equal(want))
	})
}

// codeSourceError checks one refused code source; extra names the rules of request members that exist only in
// some profiles, and such a check runs only where the model has them.
func codeSourceError(name, rule string, body func(*Function) map[string]any, want string, extra ...string) {
	ipve := "UpdateFunctionCode.error.InvalidParameterValueException"
	for _, r := range extra {
		if !hasRule(r) {
			return
		}
	}
	check(Meta{
		ID: "semantics.UpdateFunctionCode.code-source-" + name, Operation: "UpdateFunctionCode", Family: Semantics,
		Title: "UpdateFunctionCode with code source '" + name + "' gets 400 InvalidParameterValueException",
		Rules: append([]string{rule, "UpdateFunctionCode.status.400", ipve + ".status"}, extra...),
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		ex := c.UpdateCode(f.Name, body(f))
		msg := c.ErrorIs(rule, ex, 400, "InvalidParameterValueException")
		c.That(rule, ex, "message", msg).To(gomega.Equal(want))
		after := c.Latest(f)
		c.That(rule, ex, "$LATEST's CodeSha256 after the refused update", after.CodeSha256).To(gomega.Equal(deploypkg.CodeSha256(f.Package)))
	})
}
