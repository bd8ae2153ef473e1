package suites

import (
	"testing"

	"github.com/lambdaconform/lambdaconform/spec"
)

// TestEvidenceFollowsTheBehaviour: a check's evidence label is that of the behaviour it tests, its first rule,
// for its operation; the rules it asserts along the way (a request member's type, an error's status) do not
// drag it down.
func TestEvidenceFollowsTheBehaviour(t *testing.T) {
	model := spec.MustLoad(spec.Seed2019)
	for _, c := range []struct {
		meta Meta
		want spec.Evidence
	}{
		{Meta{Operation: "PublishVersion", Rules: []string{"behavior.revision.mismatch", "behavior.revision.mismatch-changes-nothing",
			"PublishVersion.status.412", "PublishVersion.request.RevisionId.type"}}, spec.EvidenceRecorded},
		{Meta{Operation: "PublishVersion", Rules: []string{"behavior.codesha.mismatch", "PublishVersion.request.CodeSha256.type"}}, spec.EvidenceRecorded},
		{Meta{Operation: "PublishVersion", Rules: []string{"behavior.conflict.in-progress"}}, spec.EvidenceReported},
		{Meta{Operation: "UpdateFunctionCode", Rules: []string{"behavior.conflict.in-progress"}}, spec.EvidenceRecorded},
		{Meta{Operation: "PublishVersion", Rules: []string{"behavior.version.not-reused"}}, spec.EvidenceDocs},
	} {
		if got := c.meta.Evidence(model); got != c.want {
			t.Errorf("%v: evidence %s, want %s", c.meta.Rules, got, c.want)
		}
	}
}
