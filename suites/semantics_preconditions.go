package suites

import (
	"fmt"

	"github.com/lambdaconform/lambdaconform/fixtures/deploypkg"

	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

	"github.com/lambdaconform/lambdaconform/client"
)

// Preconditions (docs/aws-behavior.md §5, §6.4): RevisionId on both operations (412, nothing changes), CodeSha256
// on PublishVersion (400 InvalidParameterValueException, not 412), and how RevisionId rotates.
var _ = Describe("semantics: preconditions and revisions", func() {
	for _, op := range []string{"UpdateFunctionCode", "PublishVersion"} {
		revisionMismatch(op)
		revisionMatch(op)
	}
	revisionRotates()
	revisionNewVersion()
	codeShaMismatch()
	codeShaMatch()
})

// revisionMessage is the recorded 412 message (no final period).
const revisionMessage = "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id"

func revisionMismatch(op string) {
	const rule = "behavior.revision.mismatch"
	const unchanged = "behavior.revision.mismatch-changes-nothing"
	check(Meta{
		ID: "semantics." + op + ".revision-mismatch", Operation: op, Family: Semantics,
		Title: op + " with a RevisionId that does not match gets 412 PreconditionFailedException and changes nothing",
		Rules: withRules([]string{rule, unchanged, op + ".status.412", op + ".request.RevisionId.type", "behavior.error.type-user"},
			errorRules(op, "PreconditionFailedException")...),
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		before := c.Latest(f)
		var ex *client.Exchange
		if op == "UpdateFunctionCode" {
			ex = c.UpdateCode(f.Name, map[string]any{"ZipFile": OtherPackage(f, "new"), "RevisionId": "wrong"})
		} else {
			ex = c.Publish(f.Name, map[string]any{"RevisionId": "wrong"})
		}
		c.Conforms(ex)
		msg := c.ErrorIs(rule, ex, 412, "PreconditionFailedException")
		c.That(rule, ex, "message", msg).To(gomega.Equal(revisionMessage))
		if ex.Err == nil && ex.Status >= 400 {
			c.That("behavior.error.type-user", ex, "the body's Type", errorBodyType(ex.Body)).To(gomega.Equal("User"))
		}
		// Whatever the answer, the call must have changed nothing: a target that let it through shows what it did.
		if ex.Status >= 200 && ex.Status < 300 {
			c.WaitUpdated(f)
		}
		after := c.Latest(f)
		c.That(unchanged, ex, "$LATEST's CodeSha256 after the refused call", after.CodeSha256).To(gomega.Equal(before.CodeSha256))
		c.That(unchanged, ex, "versions after the refused call", VersionNumbers(c.Versions(f))).To(gomega.Equal([]string{"$LATEST"}))
		if ex.Status >= 300 {
			// A refused call leaves the RevisionId alone; one let through rotates it, which the code above shows.
			c.That(unchanged, ex, "$LATEST's RevisionId after the refused call", after.RevisionId).To(gomega.Equal(before.RevisionId))
		}
	})
}

func revisionMatch(op string) {
	const rule = "behavior.revision.match"
	presence := op + ".response.RevisionId.presence"
	check(Meta{
		ID: "semantics." + op + ".revision-match", Operation: op, Family: Semantics,
		Title: op + " with $LATEST's current RevisionId, as GetFunction shows it, goes through",
		Rules: []string{rule, presence},
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		latest, get := c.Get(f.Name, "")
		// The RevisionId sent is the one GetFunction showed: without one, AWS's always-sent member is missing, and
		// there is no precondition to test.
		rev, ok := Need(c, presence, get, "$LATEST's RevisionId (GetFunction), which the call must carry", latest.RevisionId)
		if !ok {
			return
		}
		var ex *client.Exchange
		if op == "UpdateFunctionCode" {
			ex = c.UpdateCode(f.Name, map[string]any{"ZipFile": OtherPackage(f, "new"), "RevisionId": rev})
			c.Status(rule, ex, 200)
		} else {
			ex = c.Publish(f.Name, map[string]any{"RevisionId": rev})
			c.Status(rule, ex, 201)
		}
		c.Config(rule, ex)
		c.Conforms(ex)
	})
}

func revisionRotates() {
	const rule = "behavior.revision.rotates"
	check(Meta{
		ID: "semantics.UpdateFunctionCode.revision-rotates", Operation: "UpdateFunctionCode", Family: Semantics,
		Title: "every update, even with identical code, gives $LATEST a new RevisionId, and another when it completes",
		Rules: []string{rule},
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		before := c.Latest(f).RevisionId
		ex := c.UpdateCode(f.Name, ZipBody(f.Package))
		c.Status(rule, ex, 200)
		answer, _ := c.Config(rule, ex)
		during := answer.RevisionId
		after := c.WaitUpdated(f).RevisionId
		c.That(rule, ex, "RevisionId in the update's answer", during).NotTo(gomega.Equal(before))
		c.That(rule, ex, "RevisionId once the update completed", after).NotTo(gomega.BeElementOf(before, during))
	})
}

func revisionNewVersion() {
	const rule = "behavior.revision.new-version"
	check(Meta{
		ID: "semantics.PublishVersion.revision-new-version", Operation: "PublishVersion", Family: Semantics,
		Title: "a new version gets its own RevisionId, and the publish changes $LATEST's",
		Rules: []string{rule},
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		before := c.Latest(f).RevisionId
		v, ex := c.PublishOK(rule, f, nil)
		after := c.Latest(f).RevisionId
		c.That(rule, ex, "the version's RevisionId", v.RevisionId).NotTo(gomega.Equal(before))
		c.That(rule, ex, "$LATEST's RevisionId after a real publish", after).NotTo(gomega.Equal(before))
		c.That(rule, ex, "$LATEST's RevisionId differs from the version's", after).NotTo(gomega.Equal(v.RevisionId))
	})
}

func codeShaMismatch() {
	const rule = "behavior.codesha.mismatch"
	ipve := "PublishVersion.error.InvalidParameterValueException"
	check(Meta{
		ID: "semantics.PublishVersion.codesha-mismatch", Operation: "PublishVersion", Family: Semantics,
		Title: "PublishVersion with a CodeSha256 that is not $LATEST's gets 400 InvalidParameterValueException, not 412",
		Rules: []string{rule, "PublishVersion.status.400", ipve + ".status", ipve + ".message-key", "PublishVersion.request.CodeSha256.type"},
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		current := deploypkg.CodeSha256(f.Package)
		ex := c.Publish(f.Name, map[string]any{"CodeSha256": "somenonexistentsha256"})
		c.Conforms(ex)
		msg := c.ErrorIs(rule, ex, 400, "InvalidParameterValueException")
		want := fmt.Sprintf("CodeSHA256 (somenonexistentsha256) is different from current CodeSHA256 in $LATEST (%s). Please try again with the CodeSHA256 in $LATEST.", current)
		c.That(rule, ex, "message", msg).To(gomega.Equal(want))
		c.That(rule, ex, "versions after the refused publish", VersionNumbers(c.Versions(f))).To(gomega.Equal([]string{"$LATEST"}))
	})
}

func codeShaMatch() {
	const rule = "behavior.codesha.match"
	check(Meta{
		ID: "semantics.PublishVersion.codesha-match", Operation: "PublishVersion", Family: Semantics,
		Title: "PublishVersion with $LATEST's CodeSha256 publishes the version",
		Rules: []string{rule},
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		v, ex := c.PublishOK(rule, f, map[string]any{"CodeSha256": deploypkg.CodeSha256(f.Package)})
		c.That(rule, ex, "Version", v.Version).To(gomega.MatchRegexp(`^[0-9]+$`))
	})
}
