package suites

import (
	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"
)

// Publish without change (docs/aws-behavior.md §4.1, §4.3, §4.5): "AWS Lambda doesn't publish a version if the
// function's configuration and code haven't changed since the last version" means, as recorded from AWS, that
// PublishVersion returns the existing latest version with 201, ignoring its Description.
var _ = Describe("semantics: publish without change", func() {
	publishUnchanged()
	publishUnchangedKeepsLatestRevision()
	publishUnchangedListsOnce()
	publishAfterCreatePublish()
	publishDescriptionIgnored()
	publishDescriptionApplied()
})

func publishUnchanged() {
	const rule = "behavior.publish.unchanged-returns-latest"
	check(Meta{
		ID: "semantics.PublishVersion.unchanged-returns-latest", Operation: "PublishVersion", Family: Semantics,
		Title: "a second PublishVersion with nothing changed returns the same version, 201",
		Rules: []string{rule},
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		v1, _ := c.PublishOK(rule, f, nil)
		v2, second := c.PublishOK(rule, f, nil)
		c.That(rule, second, "Version of the second publish", v2.Version).To(gomega.Equal(v1.Version))
		c.That(rule, second, "FunctionArn of the second publish", v2.FunctionArn).To(gomega.Equal(v1.FunctionArn))
		c.That(rule, second, "RevisionId of the second publish", v2.RevisionId).To(gomega.Equal(v1.RevisionId))
	})
}

func publishUnchangedKeepsLatestRevision() {
	const rule = "behavior.publish.unchanged-keeps-latest-revision"
	check(Meta{
		ID: "semantics.PublishVersion.unchanged-keeps-latest-revision", Operation: "PublishVersion", Family: Semantics,
		Title: "a no-op PublishVersion leaves $LATEST's RevisionId unchanged",
		Rules: []string{rule},
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		c.PublishOK(rule, f, nil)
		before := c.Latest(f)
		_, noop := c.PublishOK(rule, f, nil)
		after := c.Latest(f)
		c.That(rule, noop, "$LATEST's RevisionId after a no-op publish", after.RevisionId).To(gomega.Equal(before.RevisionId))
	})
}

func publishUnchangedListsOnce() {
	const rule = "behavior.publish.unchanged-lists-once"
	check(Meta{
		ID: "semantics.PublishVersion.unchanged-lists-once", Operation: "PublishVersion", Family: Semantics,
		Title: "after three publishes with nothing changed, ListVersionsByFunction shows $LATEST and one version",
		Rules: []string{rule},
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		var last = c.Publish(f.Name, nil)
		for range 2 {
			c.Status(rule, last, 201)
			last = c.Publish(f.Name, nil)
		}
		c.Status(rule, last, 201)
		c.That(rule, last, "versions listed", VersionNumbers(c.Versions(f))).To(gomega.Equal([]string{"$LATEST", "1"}))
	})
}

func publishAfterCreatePublish() {
	const rule = "behavior.publish.after-create-publish"
	const arnRule = "behavior.arn.create-publish-unqualified"
	check(Meta{
		ID: "semantics.PublishVersion.after-create-publish", Operation: "PublishVersion", Family: Semantics,
		Title: "CreateFunction(Publish=true) makes version 1; a PublishVersion right after returns it again",
		Rules: []string{rule, arnRule},
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{Publish: true, Description: ""})
		c.WaitVersionSettled(f, "1") // as in the recording: the publish meets version 1 Active
		created := f.Create
		c.That(rule, created, "Version of CreateFunction(Publish=true)", f.Created.Version).To(gomega.Equal("1"))
		c.That(arnRule, created, "FunctionArn of CreateFunction(Publish=true)", f.Created.FunctionArn).
			To(gomega.MatchRegexp(`:function:` + f.Name + `$`))
		v, ex := c.PublishOK(rule, f, map[string]any{"Description": "Repeated version description"})
		c.That(rule, ex, "Version", v.Version).To(gomega.Equal("1"))
		c.That(rule, ex, "Description (ignored: nothing changed)", v.Description).To(gomega.Equal(""))
		c.That(rule, ex, "versions listed", VersionNumbers(c.Versions(f))).To(gomega.Equal([]string{"$LATEST", "1"}))
	})
}

func publishDescriptionIgnored() {
	const rule = "behavior.publish.description-ignored-when-unchanged"
	check(Meta{
		ID: "semantics.PublishVersion.description-ignored-when-unchanged", Operation: "PublishVersion", Family: Semantics,
		Title: "a no-op PublishVersion ignores its Description and returns the version's own",
		Rules: []string{rule, "PublishVersion.request.Description.type"},
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		c.PublishOK(rule, f, map[string]any{"Description": "first"})
		v, ex := c.PublishOK("PublishVersion.request.Description.type", f, map[string]any{"Description": "second"})
		c.That(rule, ex, "Description of the no-op publish", v.Description).To(gomega.Equal("first"))
	})
}

func publishDescriptionApplied() {
	const rule = "behavior.publish.description-applied"
	check(Meta{
		ID: "semantics.PublishVersion.description-applied", Operation: "PublishVersion", Family: Semantics,
		Title: "a new version takes the Description passed, or $LATEST's; $LATEST keeps its own",
		Rules: []string{rule},
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{Description: "latest one"})
		v1, ex1 := c.PublishOK(rule, f, map[string]any{"Description": "version one"})
		c.That(rule, ex1, "Description of version 1", v1.Description).To(gomega.Equal("version one"))
		c.That(rule, ex1, "$LATEST's Description after the publish", c.Latest(f).Description).To(gomega.Equal("latest one"))
		c.Reconfigure(f, map[string]any{"Description": "latest two"})
		v2, ex2 := c.PublishOK(rule, f, nil)
		c.That(rule, ex2, "Description of version 2 (none passed: $LATEST's)", v2.Description).To(gomega.Equal("latest two"))
	})
}
