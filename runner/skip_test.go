package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestASkipDoesNotHideAFailure: against a target that completes every update before the next call (no update
// delay) and leaves RevisionId out of every answer, the conflict checks cannot observe a 409 and would skip; but
// the answers they got lack a member AWS always sends, so they fail on its presence rule instead.
func TestASkipDoesNotHideAFailure(t *testing.T) {
	path := filepath.Join(t.TempDir(), "report.json")
	r := runRunner(t, "--fault", "revision-id-absent", "--update-delay", "0", "--focus", "conflict-in-progress", "--json-report", path)
	if r.Code != 1 {
		t.Errorf("exit %d, want 1 (not conformant)\n%s\n%s", r.Code, r.Stdout, r.Stderr)
	}
	type check struct {
		ID          string   `json:"id"`
		Outcome     string   `json:"outcome"`
		FailedRules []string `json:"failed_rules"`
	}
	var rep struct{ Checks []check }
	data, err := os.ReadFile(path)
	if err == nil {
		err = json.Unmarshal(data, &rep)
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"errors.UpdateFunctionCode.conflict-in-progress", "errors.PublishVersion.conflict-in-progress"} {
		i := slices.IndexFunc(rep.Checks, func(c check) bool { return c.ID == id })
		if i < 0 {
			t.Fatalf("no check %s in the report", id)
		}
		if c := rep.Checks[i]; c.Outcome != "failed" || !slices.Contains(c.FailedRules, "UpdateFunctionCode.response.RevisionId.presence") {
			t.Errorf("%s: %s %v, want failed on UpdateFunctionCode.response.RevisionId.presence", id, c.Outcome, c.FailedRules)
		}
	}
}
