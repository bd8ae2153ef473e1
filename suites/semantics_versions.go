package suites

import (
	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

	"github.com/lambdaconform/lambdaconform/fixtures/deploypkg"
)

// Versions and names (docs/aws-behavior.md §4.6, §6.1, §6.2, §7.2, §8): DryRun changes nothing, versions are
// sequential and immutable, only $LATEST's code can change, and each call qualifies ARNs its own way.
var _ = Describe("semantics: versions, qualifiers and ARNs", func() {
	dryRun()
	versionsSequential()
	versionsNotReused()
	versionsImmutable()
	qualifiedUpdateRejected()
	qualifiedLatestAccepted()
	qualifiedPublishRejected()
	arnUpdateUnqualified()
	arnPublishQualified()
	arnReads()
})

func dryRun() {
	const rule = "behavior.dryrun.changes-nothing"
	const typ = "UpdateFunctionCode.request.DryRun.type"
	check(Meta{
		ID: "semantics.UpdateFunctionCode.dry-run", Operation: "UpdateFunctionCode", Family: Semantics,
		Title: "UpdateFunctionCode with DryRun=true answers 200 and changes nothing, even with Publish=true",
		Rules: []string{rule, typ},
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		ex := c.UpdateCode(f.Name, map[string]any{"ZipFile": OtherPackage(f, "dry"), "DryRun": true, "Publish": true})
		c.Status(typ, ex, 200)
		c.Config(typ, ex)
		c.WaitUpdated(f) // whatever the answer: a target that applied the update shows it once the update completes
		after := c.Latest(f)
		c.That(rule, ex, "$LATEST's CodeSha256 after a dry run", after.CodeSha256).To(gomega.Equal(deploypkg.CodeSha256(f.Package)))
		c.That(rule, ex, "versions after a dry run", VersionNumbers(c.Versions(f))).To(gomega.Equal([]string{"$LATEST"}))
	})
}

func versionsSequential() {
	const rule = "behavior.version.sequential"
	{
		check(Meta{
			ID: "semantics.PublishVersion.versions-sequential", Operation: "PublishVersion", Family: Semantics,
			Title: "versions are numbered 1, 2, 3 whether created by PublishVersion or by UpdateFunctionCode(Publish=true)",
			Rules: []string{rule},
		}, func(c *Check) {
			f := c.NewFunction(FunctionOptions{})
			v1, _ := c.PublishOK(rule, f, nil)
			body := ZipBody(OtherPackage(f, "2"))
			body["Publish"] = true
			v2, ex2 := c.UpdateOK(rule, f, body)
			c.Reconfigure(f, map[string]any{"Description": "three"})
			v3, ex3 := c.PublishOK(rule, f, nil)
			c.That(rule, ex2, "versions in creation order", []Str{v1.Version, v2.Version, v3.Version}).
				To(gomega.Equal([]string{"1", "2", "3"}))
			c.That(rule, ex3, "versions listed", VersionNumbers(c.Versions(f))).To(gomega.Equal([]string{"$LATEST", "1", "2", "3"}))
		})
	}
}

func versionsNotReused() {
	const rule = "behavior.version.not-reused"
	check(Meta{
		ID: "semantics.PublishVersion.versions-not-reused", Operation: "PublishVersion", Family: Semantics,
		Title: "a deleted version's number is not given again: after 1 and 2, with 2 deleted, the next is 3",
		Rules: []string{rule},
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		c.PublishOK(rule, f, nil)
		c.Reconfigure(f, map[string]any{"Description": "two"})
		c.PublishOK(rule, f, nil)
		if ex := c.Call(c.run.client.DeleteFunction(c.ctx, f.Name, "2")); ex.Err != nil || ex.Status >= 300 {
			c.SetupError("DeleteFunction %s (Qualifier 2) failed: %s", f.Name, ex.Outcome())
		}
		c.Reconfigure(f, map[string]any{"Description": "three"})
		v, ex := c.PublishOK(rule, f, nil)
		c.That(rule, ex, "Version after deleting version 2", v.Version).To(gomega.Equal("3"))
		c.That(rule, ex, "versions listed", VersionNumbers(c.Versions(f))).To(gomega.Equal([]string{"$LATEST", "1", "3"}))
	})
}

func versionsImmutable() {
	const rule = "behavior.version.immutable"
	{
		check(Meta{
			ID: "semantics.PublishVersion.versions-immutable", Operation: "PublishVersion", Family: Semantics,
			Title: "a published version keeps its code and configuration after later updates",
			Rules: []string{rule},
		}, func(c *Check) {
			f := c.NewFunction(FunctionOptions{Description: "v1"})
			v1, _ := c.PublishOK(rule, f, nil)
			c.UpdateOK(rule, f, ZipBody(OtherPackage(f, "later")))
			c.Reconfigure(f, map[string]any{"Description": "later", "MemorySize": 256})
			c.PublishOK(rule, f, nil)
			got, ex := c.Get(f.Name, "1")
			c.That(rule, ex, "version 1's CodeSha256", got.CodeSha256).To(gomega.Equal(v1.CodeSha256))
			c.That(rule, ex, "version 1's CodeSize", got.CodeSize).To(gomega.Equal(v1.CodeSize))
			c.That(rule, ex, "version 1's Description", got.Description).To(gomega.Equal("v1"))
			c.That(rule, ex, "version 1's MemorySize", got.MemorySize).To(gomega.Equal(v1.MemorySize))
		})
	}
}

// qualifiedMessage is AWS's answer to an UpdateFunctionCode on a qualified name (§7.2).
const qualifiedMessage = "Current operation does not support versions other than $LATEST. Please set the version to $LATEST or do not set a version in your request."

func qualifiedUpdateRejected() {
	const rule = "behavior.qualified.update-rejected"
	const immutable = "behavior.version.immutable"
	ipve := "UpdateFunctionCode.error.InvalidParameterValueException"
	check(Meta{
		ID: "semantics.UpdateFunctionCode.qualified-rejected", Operation: "UpdateFunctionCode", Family: Semantics,
		Title: "UpdateFunctionCode on a name qualified with a version or an alias gets 400 InvalidParameterValueException",
		Rules: []string{rule, immutable, "UpdateFunctionCode.status.400", ipve + ".status"},
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		v1, _ := c.PublishOK(rule, f, nil)
		for _, q := range []string{"1", "live"} {
			ex := c.UpdateCode(f.Name+":"+q, ZipBody(OtherPackage(f, q)))
			msg := c.ErrorIs(rule, ex, 400, "InvalidParameterValueException")
			c.That(rule, ex, "message", msg).To(gomega.Equal(qualifiedMessage))
			if ex.Err == nil && ex.Status < 300 {
				c.WaitUpdated(f) // let through: whatever it changed shows once it completes
			}
		}
		// Whatever the answers, version 1 must be as published, and $LATEST unchanged.
		got, ex := c.Get(f.Name, "1")
		c.That(immutable, ex, "version 1's CodeSha256 after the updates of fn:1 and fn:live", got.CodeSha256).
			To(gomega.Equal(deploypkg.CodeSha256(f.Package)))
		c.That(immutable, ex, "version 1's CodeSize after the updates of fn:1 and fn:live", got.CodeSize).To(gomega.Equal(v1.CodeSize))
		latest, ex := c.Get(f.Name, "")
		c.That(rule, ex, "$LATEST's CodeSha256 after the refused updates", latest.CodeSha256).To(gomega.Equal(deploypkg.CodeSha256(f.Package)))
	})
}

func qualifiedLatestAccepted() {
	const rule = "behavior.qualified.latest-accepted"
	check(Meta{
		ID: "semantics.UpdateFunctionCode.qualified-latest-accepted", Operation: "UpdateFunctionCode", Family: Semantics,
		Title: "UpdateFunctionCode on a name qualified with $LATEST is accepted",
		Rules: []string{rule},
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		ex := c.UpdateCode(f.Name+":$LATEST", ZipBody(OtherPackage(f, "latest")))
		c.Status(rule, ex, 200)
		c.Config(rule, ex)
	})
}

func qualifiedPublishRejected() {
	const rule = "behavior.qualified.publish-rejected"
	check(Meta{
		ID: "semantics.PublishVersion.qualified-rejected", Operation: "PublishVersion", Family: Semantics,
		Title: "PublishVersion on a name qualified with a version gets 400 InvalidParameterValueException",
		Rules: []string{rule},
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		c.PublishOK(rule, f, nil)
		ex := c.Publish(f.Name+":1", nil)
		c.ErrorIs(rule, ex, 400, "InvalidParameterValueException")
		list := c.Versions(f)
		c.That(rule, ex, "versions after the refused publish", VersionNumbers(list)).To(gomega.Equal([]string{"$LATEST", "1"}))
	})
}

func arnUpdateUnqualified() {
	const rule = "behavior.arn.update-unqualified"
	check(Meta{
		ID: "semantics.UpdateFunctionCode.arn-unqualified", Operation: "UpdateFunctionCode", Family: Semantics,
		Title: "UpdateFunctionCode without Publish answers with Version $LATEST and an unqualified FunctionArn",
		Rules: []string{rule},
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		v, ex := c.UpdateOK(rule, f, ZipBody(OtherPackage(f, "new")))
		c.That(rule, ex, "Version", v.Version).To(gomega.Equal("$LATEST"))
		c.That(rule, ex, "FunctionArn", v.FunctionArn).To(gomega.Equal(f.ARN))
	})
}

func arnPublishQualified() {
	const rule = "behavior.arn.publish-qualified"
	check(Meta{
		ID: "semantics.PublishVersion.arn-qualified", Operation: "PublishVersion", Family: Semantics,
		Title: "PublishVersion, new or no-op, answers with FunctionArn qualified with the version",
		Rules: []string{rule},
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		for range 2 {
			v, ex := c.PublishOK(rule, f, nil)
			if version, ok := Need(c, rule, ex, "Version, which the FunctionArn must end with", v.Version); ok {
				c.That(rule, ex, "FunctionArn", v.FunctionArn).To(gomega.Equal(f.ARN + ":" + version))
			}
		}
	})
}

func arnReads() {
	const rule = "behavior.arn.read-qualification"
	check(Meta{
		ID: "semantics.PublishVersion.arn-reads", Operation: "PublishVersion", Family: Semantics,
		Title: "reads qualify ARNs as asked: GetFunction with and without Qualifier, and ListVersionsByFunction",
		Rules: []string{rule},
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		_, pub := c.PublishOK(rule, f, nil)
		for q, want := range map[string]string{"": f.ARN, "$LATEST": f.ARN + ":$LATEST", "1": f.ARN + ":1"} {
			got, ex := c.Get(f.Name, q)
			c.That(rule, ex, "FunctionArn of GetFunction with Qualifier "+q, got.FunctionArn).To(gomega.Equal(want))
		}
		list := c.Versions(f)
		if !c.That(rule, pub, "versions listed", VersionNumbers(list)).To(gomega.Equal([]string{"$LATEST", "1"})) {
			return // the entries to judge are not there
		}
		c.That(rule, pub, "FunctionArn of ListVersionsByFunction's $LATEST entry", list[0].FunctionArn).To(gomega.Equal(f.ARN + ":$LATEST"))
		c.That(rule, pub, "FunctionArn of ListVersionsByFunction's version 1", list[1].FunctionArn).To(gomega.Equal(f.ARN + ":1"))
	})
}
