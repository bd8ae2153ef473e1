package suites

import (
	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

	"github.com/lambdaconform/lambdaconform/fixtures/deploypkg"
)

// Aliases (docs/aws-behavior.md §6.4, §7.2): a name qualified with an alias that exists is refused by
// UpdateFunctionCode like a version qualifier, and creating the alias changes no RevisionId. CreateAlias is a
// set-up call: a target that refuses it cannot run these checks, which then end in a set-up error.
var _ = Describe("semantics: aliases", func() {
	aliasQualifiedRejected()
	aliasKeepsRevision()
})

// NewAlias creates an alias of a function that points to a version (a set-up call: a refusal is a set-up
// error). The alias goes with the function when the check deletes it.
func (c *Check) NewAlias(f *Function, name, version string) {
	ex := c.record(c.run.client.CreateAlias(c.ctx, f.Name, map[string]any{"Name": name, "FunctionVersion": version}))
	if !ex.OK(201) {
		c.SetupError("CreateAlias %s -> %s on %s was refused, so the check cannot run: %s", name, version, f.Name, ex.Outcome())
	}
}

func aliasQualifiedRejected() {
	const rule = "behavior.qualified.alias-update-rejected"
	ipve := "UpdateFunctionCode.error.InvalidParameterValueException"
	check(Meta{
		ID: "semantics.UpdateFunctionCode.alias-qualified-rejected", Operation: "UpdateFunctionCode", Family: Semantics,
		Title: "UpdateFunctionCode on a name qualified with an alias that exists gets the 400 of a version qualifier",
		Rules: []string{rule, "UpdateFunctionCode.status.400", ipve + ".status"},
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		c.PublishOK(rule, f, nil)
		c.NewAlias(f, "live", "1")
		ex := c.UpdateCode(f.Name+":live", ZipBody(OtherPackage(f, "live")))
		msg := c.ErrorIs(rule, ex, 400, "InvalidParameterValueException")
		c.That(rule, ex, "message", msg).To(gomega.Equal(qualifiedMessage))
		c.WaitUpdated(f) // a target that let the update through must finish it before the reads
		want := deploypkg.CodeSha256(f.Package)
		latest, exl := c.Get(f.Name, "")
		c.That(rule, exl, "$LATEST's CodeSha256 after the refused update", latest.CodeSha256).To(gomega.Equal(want))
		v1, exv := c.Get(f.Name, "1")
		c.That(rule, exv, "version 1's CodeSha256 after the refused update", v1.CodeSha256).To(gomega.Equal(want))
	})
}

func aliasKeepsRevision() {
	const rule = "behavior.revision.alias-unchanged"
	check(Meta{
		ID: "semantics.UpdateFunctionCode.alias-keeps-revision", Operation: "UpdateFunctionCode", Family: Semantics,
		Title: "CreateAlias changes no RevisionId: an update guarded by the RevisionId read before it goes through",
		Rules: []string{rule},
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		c.PublishOK(rule, f, nil)
		before, get := c.Get(f.Name, "")
		versionBefore, _ := c.Get(f.Name, "1")
		c.NewAlias(f, "live", "1")
		// Two absent RevisionIds are not equal ones: each must be there, and the same.
		latest, exl := c.Get(f.Name, "")
		c.That(rule, exl, "$LATEST's RevisionId after CreateAlias", latest.RevisionId).To(gomega.Equal(before.RevisionId))
		v1, exv := c.Get(f.Name, "1")
		c.That(rule, exv, "version 1's RevisionId after CreateAlias", v1.RevisionId).To(gomega.Equal(versionBefore.RevisionId))
		latestBefore, ok := Need(c, "UpdateFunctionCode.response.RevisionId.presence", get,
			"$LATEST's RevisionId before CreateAlias (GetFunction), which the update must carry", before.RevisionId)
		if !ok {
			return
		}
		ex := c.UpdateCode(f.Name, map[string]any{"ZipFile": OtherPackage(f, "after-alias"), "RevisionId": latestBefore})
		c.Status(rule, ex, 200)
		c.Config(rule, ex)
	})
}
