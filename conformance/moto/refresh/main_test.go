package main

import (
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/lambdaconform/lambdaconform/conformance/moto"
	"github.com/lambdaconform/lambdaconform/spec"
)

// TestDraft: a draft entry is in the list's format, with the rule's severity from the catalog, the profiles it
// fails in when not all, the behaviour document's section when the rule's source names one, and TODOs where a
// person must write.
func TestDraft(t *testing.T) {
	for _, tc := range []struct {
		pair     moto.Pair
		profiles []string
		evidence string
		severity string
	}{
		{moto.Pair{Rule: "behavior.revision.mismatch", Check: "semantics.PublishVersion.revision-mismatch"},
			[]string{spec.AWSCurrent, spec.Seed2019}, "docs/aws-behavior.md §5.2", "must"},
		{moto.Pair{Rule: "PublishVersion.response.content-type", Check: "contract.PublishVersion.response.content-type"},
			[]string{spec.AWSCurrent}, "TODO docs/aws-behavior.md §?", "should"},
	} {
		text := draft(tc.pair, tc.profiles, "status: Expected 201 to equal 412", 2)
		var entries []map[string]any
		if err := yaml.Unmarshal([]byte(text), &entries); err != nil || len(entries) != 1 {
			t.Fatalf("draft does not parse as one entry (%v):\n%s", err, text)
		}
		e := entries[0]
		if e["rule"] != tc.pair.Rule || e["check"] != tc.pair.Check || e["severity"] != tc.severity ||
			!strings.HasPrefix(e["evidence"].(string), tc.evidence) || !strings.HasPrefix(e["reason"].(string), "TODO") {
			t.Errorf("draft:\n%s", text)
		}
		if _, has := e["profiles"]; has != (len(tc.profiles) == 1) {
			t.Errorf("profiles in the draft of a failure in %v:\n%s", tc.profiles, text)
		}
	}
}

// TestDraftsGroupRulesAlone: a rule moto breaks one way wherever it is checked gets one draft for all its checks;
// a behaviour rule gets one per check.
func TestDraftsGroupRulesAlone(t *testing.T) {
	member := "UpdateFunctionCode.response.RevisionId.presence"
	a := moto.Pair{Rule: member, Check: "contract.UpdateFunctionCode.status-200"}
	b := moto.Pair{Rule: member, Check: "semantics.UpdateFunctionCode.state"}
	c := moto.Pair{Rule: "behavior.revision.mismatch", Check: "semantics.UpdateFunctionCode.revision-mismatch"}
	d := moto.Pair{Rule: "behavior.revision.mismatch", Check: "semantics.PublishVersion.revision-mismatch"}
	profiles := map[moto.Pair][]string{a: {spec.Seed2019}, b: {spec.AWSCurrent}, c: {spec.Seed2019}, d: {spec.Seed2019}}
	got := drafts([]moto.Pair{a, b, c, d}, profiles, map[moto.Pair]string{})
	if len(got) != 3 || got[0].pair != (moto.Pair{Rule: member}) || len(got[0].profiles) != 2 ||
		!strings.Contains(got[0].seen, b.Check) || got[1].pair != c || got[2].pair != d {
		t.Errorf("drafts: %+v", got)
	}
	if text := draft(got[0].pair, got[0].profiles, got[0].seen, 2); strings.Contains(text, "check:") {
		t.Errorf("a rule alone got a check:\n%s", text)
	}
}
