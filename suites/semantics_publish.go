package suites

import (
	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"
)

var _ = Describe("semantics", func() {
	publishUnchanged()
})

// publishUnchanged: "AWS doesn't publish a version if nothing changed since the last one" means, as recorded
// from AWS, that a second publish returns the existing version with 201 (lambda-behavior.md §4.1).
func publishUnchanged() {
	const rule = "behavior.publish.unchanged-returns-latest"
	check(Meta{
		ID: "semantics.PublishVersion.unchanged-returns-latest", Operation: "PublishVersion", Family: Semantics,
		Title: "a second PublishVersion with nothing changed returns the same version, 201",
		Rules: []string{rule},
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		first := c.Publish(f.Name, nil)
		c.Status(rule, first, 201)
		v1 := c.Config(rule, first)
		second := c.Publish(f.Name, nil)
		c.Status(rule, second, 201)
		v2 := c.Config(rule, second)
		c.That(rule, second, "Version of the second publish", v2.Version).To(gomega.Equal(v1.Version))
		c.That(rule, second, "FunctionArn of the second publish", v2.FunctionArn).To(gomega.Equal(v1.FunctionArn))
		c.That(rule, second, "RevisionId of the second publish", v2.RevisionId).To(gomega.Equal(v1.RevisionId))
	})
}
