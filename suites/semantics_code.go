package suites

import (
	"fmt"
	"time"

	"github.com/lambdaconform/lambdaconform/fixtures/deploypkg"

	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

	"github.com/lambdaconform/lambdaconform/client"
	"github.com/lambdaconform/lambdaconform/spec"
)

// The code and its state (docs/aws-behavior.md §6.3, §6.5): CodeSha256 and CodeSize are computed from the
// package, LastModified follows the update, and State/LastUpdateStatus tell where an update is.
var _ = Describe("semantics: code, timestamps and state", func() {
	for _, op := range []string{"UpdateFunctionCode", "PublishVersion"} {
		codeHash(op)
	}
	lastModifiedChanges()
	stateOfUpdate()
	stateOfPublish()
})

func codeHash(op string) {
	const sha, size = "behavior.code.sha256", "behavior.code.size"
	check(Meta{
		ID: "semantics." + op + ".code-sha256-and-size", Operation: op, Family: Semantics,
		Title: op + " reports CodeSha256 as base64(SHA-256(package)) and CodeSize as its length",
		Rules: []string{sha, size},
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		pkg := OtherPackage(f, "hashed")
		v, ex := c.UpdateOK(sha, f, ZipBody(pkg))
		if op == "PublishVersion" {
			v, ex = c.PublishOK(sha, f, nil)
		}
		c.That(sha, ex, "CodeSha256", v.CodeSha256).To(gomega.Equal(deploypkg.CodeSha256(pkg)))
		c.That(size, ex, "CodeSize", v.CodeSize).To(gomega.Equal(int64(len(pkg))))
	})
}

func lastModifiedChanges() {
	const rule = "behavior.last-modified.changes"
	check(Meta{
		ID: "semantics.UpdateFunctionCode.last-modified-changes", Operation: "UpdateFunctionCode", Family: Semantics,
		Title: "an update sets LastModified to its time, later than before",
		Rules: []string{rule},
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		before := c.Latest(f).LastModified
		time.Sleep(5 * time.Millisecond) // LastModified has millisecond precision: let the update's be later
		start := time.Now()
		v, ex := c.UpdateOK(rule, f, ZipBody(OtherPackage(f, "later")))
		prev, err1 := time.Parse(spec.LambdaTimeLayout, before)
		got, err2 := time.Parse(spec.LambdaTimeLayout, v.LastModified)
		c.Must(rule, ex, "LastModified before and after parse as YYYY-MM-DDThh:mm:ss.sss+0000",
			fmt.Sprint(err1, err2)).To(gomega.Equal("<nil> <nil>"))
		c.That(rule, ex, "LastModified after the update, against "+before, got).To(gomega.BeTemporally(">", prev))
		// The target's clock may differ from ours; only a gross difference is a failure.
		c.That(rule, ex, "LastModified within an hour of the update", got).To(gomega.BeTemporally("~", start, time.Hour))
	})
}

func stateOfUpdate() {
	const rule = "behavior.state.update"
	check(Meta{
		ID: "semantics.UpdateFunctionCode.state", Operation: "UpdateFunctionCode", Family: Semantics,
		Title: "UpdateFunctionCode answers Active/InProgress with AWS's reason; once complete, Successful without reason",
		Rules: []string{rule},
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		ex := c.UpdateCode(f.Name, ZipBody(OtherPackage(f, "state")))
		c.Status(rule, ex, 200)
		v := c.Config(rule, ex)
		c.That(rule, ex, "State", v.State).To(gomega.Equal("Active"))
		c.That(rule, ex, "LastUpdateStatus", v.LastUpdateStatus).To(gomega.Equal("InProgress"))
		c.That(rule, ex, "LastUpdateStatusReason", v.LastUpdateStatusReason).To(gomega.Equal("The function is being created."))
		c.That(rule, ex, "LastUpdateStatusReasonCode", v.LastUpdateStatusReasonCode).To(gomega.Equal("Creating"))
		done := c.WaitUpdated(f)
		c.That(rule, ex, "LastUpdateStatus once complete", done.LastUpdateStatus).To(gomega.Equal("Successful"))
		c.That(rule, ex, "LastUpdateStatusReason once complete", done.LastUpdateStatusReason).To(gomega.BeEmpty())
	})
}

func stateOfPublish() {
	const rule = "behavior.state.publish"
	check(Meta{
		ID: "semantics.PublishVersion.state", Operation: "PublishVersion", Family: Semantics,
		Title: "PublishVersion, new or no-op, answers Active/Successful without reason keys",
		Rules: []string{rule},
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		for _, ex := range []*client.Exchange{c.Publish(f.Name, nil), c.Publish(f.Name, nil)} {
			c.Status(rule, ex, 201)
			v := c.Config(rule, ex)
			c.That(rule, ex, "State", v.State).To(gomega.Equal("Active"))
			c.That(rule, ex, "LastUpdateStatus", v.LastUpdateStatus).To(gomega.Equal("Successful"))
			c.That(rule, ex, "reason keys", v.LastUpdateStatusReason+v.LastUpdateStatusReasonCode+v.StateReason).To(gomega.BeEmpty())
		}
	})
}
