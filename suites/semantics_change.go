package suites

import (
	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"
)

// What counts as a change (docs/aws-behavior.md §4.2, §4.4): any Update* call since the last version, whatever it
// changed; content is never compared. Publish=true creates a version every time.
var _ = Describe("semantics: what counts as a change", func() {
	changeIdenticalCode()
	changeConfiguration()
	changeIdenticalConfiguration()
	publishFlag()
})

func changeIdenticalCode() {
	const rule = "behavior.change.update-code-identical"
	{
		check(Meta{
			ID: "semantics.UpdateFunctionCode.update-identical-code-is-a-change", Operation: "UpdateFunctionCode", Family: Semantics,
			Title: "an UpdateFunctionCode with byte-identical code counts as a change: the next publish creates a version",
			Rules: []string{rule},
		}, func(c *Check) {
			f := c.NewFunction(FunctionOptions{})
			v1, _ := c.PublishOK(rule, f, nil)
			c.UpdateOK(rule, f, ZipBody(f.Package))
			v2, ex := c.PublishOK(rule, f, nil)
			c.That(rule, ex, "Version after an identical-code update", v2.Version).To(gomega.Equal("2"))
			c.That(rule, ex, "CodeSha256 of version 2", v2.CodeSha256).To(gomega.Equal(v1.CodeSha256))
		})
	}
}

func changeConfiguration() {
	const rule = "behavior.change.update-configuration"
	check(Meta{
		ID: "semantics.PublishVersion.update-configuration-is-a-change", Operation: "PublishVersion", Family: Semantics,
		Title: "an UpdateFunctionConfiguration counts as a change: the next publish creates a version",
		Rules: []string{rule},
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		c.PublishOK(rule, f, nil)
		c.Reconfigure(f, map[string]any{"Description": "changed"})
		v2, ex := c.PublishOK(rule, f, nil)
		c.That(rule, ex, "Version after a configuration update", v2.Version).To(gomega.Equal("2"))
	})
}

func changeIdenticalConfiguration() {
	const rule = "behavior.change.update-configuration-identical"
	check(Meta{
		ID: "semantics.PublishVersion.update-identical-configuration-is-a-change", Operation: "PublishVersion", Family: Semantics,
		Title: "an UpdateFunctionConfiguration that changes nothing still counts as a change",
		Rules: []string{rule},
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{Description: "same"})
		c.PublishOK(rule, f, nil)
		c.Reconfigure(f, map[string]any{"Description": "same"})
		v2, ex := c.PublishOK(rule, f, nil)
		c.That(rule, ex, "Version after an identical configuration update", v2.Version).To(gomega.Equal("2"))
	})
}

func publishFlag() {
	const rule = "behavior.publish-flag.creates-version"
	const typ = "UpdateFunctionCode.request.Publish.type"
	check(Meta{
		ID: "semantics.UpdateFunctionCode.publish-flag", Operation: "UpdateFunctionCode", Family: Semantics,
		Title: "UpdateFunctionCode(Publish=true) answers with a new, Pending version every time, even with identical code",
		Rules: []string{rule, typ},
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		body := ZipBody(f.Package)
		body["Publish"] = true
		for _, want := range []string{"1", "2"} {
			ex := c.UpdateCode(f.Name, body)
			c.Status(typ, ex, 200)
			v, _ := c.Config(rule, ex)
			c.That(rule, ex, "Version", v.Version).To(gomega.Equal(want))
			c.That(rule, ex, "FunctionArn", v.FunctionArn).To(gomega.HaveSuffix(":function:" + f.Name + ":" + want))
			c.That(rule, ex, "State", v.State).To(gomega.Equal("Pending"))
			c.That(rule, ex, "LastUpdateStatus (absent on the new version)", v.LastUpdateStatus).ToBeAbsent()
			c.WaitUpdated(f)
		}
		c.WaitVersionSettled(f, "2") // the publish meets version 2 Active, as AWS's recordings show it
		v, ex := c.PublishOK(rule, f, nil)
		c.That(rule, ex, "Version of a PublishVersion right after (nothing changed)", v.Version).To(gomega.Equal("2"))
	})
}
