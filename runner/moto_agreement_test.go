//go:build unix

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/lambdaconform/lambdaconform/internal/mototest"
	"github.com/lambdaconform/lambdaconform/recording/compare"
	"github.com/lambdaconform/lambdaconform/recording/format"
	"github.com/lambdaconform/lambdaconform/recording/scenario"
)

// What the diff of moto finds that no failed check explains, and why. Each entry is a kind of difference the
// checks of a run against moto do not fail on; the test requires each to still occur (moto is pinned by the
// machine image), so that the list stays true. docs/recording.md explains them for people.
var motoDiffOnly = []struct{ exchange, path, why string }{
	{"dry-run/dry-run", "$", "moto's DryRun answer carries the function's current code, the reference's the code sent (the 2018 documentation; §8 says nothing about AWS's answer is recorded)"},
	{"not-found/get-missing", "$", "GetFunction's 404 body (__type and message instead of Type and Message): runs judge only the error bodies of UpdateFunctionCode and PublishVersion"},
}

// motoSameCause are differences a failed check shows elsewhere: the same cause, met at calls the check does
// not judge (GetFunction, CreateFunction, other updates).
var motoSameCause = []struct {
	path   string
	checks []string
}{
	{"headers.content-type", []string{"errors.UpdateFunctionCode.wire-format", "errors.PublishVersion.wire-format"}},
	{"$..LastModified", []string{"semantics.UpdateFunctionCode.last-modified-changes"}},
	{"$..RevisionId", []string{"semantics.UpdateFunctionCode.revision-rotates", "semantics.PublishVersion.revision-new-version"}},
	{"$..LastUpdateStatus", []string{"semantics.UpdateFunctionCode.state"}},
	{"$..LastUpdateStatusReason", []string{"semantics.UpdateFunctionCode.state"}},
	{"$..LastUpdateStatusReasonCode", []string{"semantics.UpdateFunctionCode.state"}},
	{"$..State", []string{"semantics.UpdateFunctionCode.publish-flag"}},
	{"$..StateReason", []string{"semantics.UpdateFunctionCode.publish-flag"}},
	{"$..StateReasonCode", []string{"semantics.UpdateFunctionCode.publish-flag"}},
	// AWS sends them in every answer today (docs/aws-behavior.md §6.9); moto does not: their presence rules fail.
	{"$..LoggingConfig", []string{"contract.UpdateFunctionCode.response.LoggingConfig.presence", "contract.PublishVersion.response.LoggingConfig.presence"}},
	{"$..RuntimeVersionConfig", []string{"contract.UpdateFunctionCode.response.RuntimeVersionConfig.presence",
		"contract.PublishVersion.response.RuntimeVersionConfig.presence"}},
}

// motoFollows are exchanges whose differences follow from an earlier one in their scenario that a failed check
// explains.
var motoFollows = []struct{ exchange, why string }{
	{"qualified-names/wait-updated", "moto refused update-latest-qualified with 404 (semantics.UpdateFunctionCode.qualified-latest-accepted), so the code did not change"},
}

// TestMotoDiffAgreesWithChecks diffs moto against the reference's recording and runs the checks against the same
// moto, then requires the two to agree:
//   - every failed check that a scenario step reproduces shows as a counted difference at one of its steps;
//   - every counted difference is explained: a check its step reproduces failed, or a failed check shows the same
//     cause elsewhere (motoSameCause), or it follows from an earlier difference a failed check explains
//     (motoFollows), or it is one of the differences only the diff sees (motoDiffOnly, each with its reason).
func TestMotoDiffAgreesWithChecks(t *testing.T) {
	endpoint, role := mototest.Start(t)
	dir := t.TempDir()

	rec := filepath.Join(dir, "moto.json")
	r := runRunner(t, "record", "--endpoint", endpoint, "--role", role, "--output", rec)
	if r.Code != 0 {
		t.Fatalf("record moto: exit %d\n%s\n%s", r.Code, r.Stdout, r.Stderr)
	}
	if _, err := format.ReadFile(rec); err != nil {
		t.Fatal(err)
	}

	diffPath := filepath.Join(dir, "diff.json")
	r = runRunner(t, "diff", "--recording", fixture, "--endpoint", endpoint, "--role", role, "--json-report", diffPath)
	if r.Code != 1 {
		t.Fatalf("diff moto: exit %d, want 1\n%s\n%s", r.Code, r.Stdout, r.Stderr)
	}
	diff := readDiff(t, diffPath)

	runPath := filepath.Join(dir, "run.json")
	r = runRunner(t, "--endpoint", endpoint, "--role", role, "--profile", "aws-current", "--json-report", runPath)
	if r.Code != 1 {
		t.Fatalf("run against moto: exit %d, want 1\n%s\n%s", r.Code, r.Stdout, r.Stderr)
	}
	failed := failedChecks(t, runPath)

	steps := scenario.StepChecks()
	stepOf := func(exchange string) string {
		return strings.TrimSuffix(strings.TrimSuffix(exchange, "-before"), "-state")
	}
	differs := map[string]bool{}
	for _, s := range diff.Scenarios {
		for _, d := range s.Differences {
			if d.Counts() {
				differs[stepOf(d.Exchange)] = true
			}
		}
	}

	// Every failed check a step reproduces shows at one of its steps.
	reproduced := 0
	for check := range failed {
		var at []string
		for step, checks := range steps {
			if slices.Contains(checks, check) {
				at = append(at, step)
			}
		}
		if len(at) > 0 {
			reproduced++
		}
		if len(at) > 0 && !slices.ContainsFunc(at, func(s string) bool { return differs[s] }) {
			t.Errorf("%s failed against moto, and the diff shows no difference at its steps %v", check, at)
		}
	}

	// Every counted difference is explained.
	entry := func(exchange, path, why string) compare.KnownEntry {
		e, err := compare.NewKnownEntry(exchange, path, "", why)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	usedOnly := make([]int, len(motoDiffOnly))
	usedCause := make([]int, len(motoSameCause))
	explained := func(d compare.Difference) bool {
		for _, c := range steps[stepOf(d.Exchange)] {
			if failed[c] {
				return true
			}
		}
		for i, sc := range motoSameCause {
			if entry("", sc.path, "").Covers(d) && slices.ContainsFunc(sc.checks, func(c string) bool { return failed[c] }) {
				usedCause[i]++
				return true
			}
		}
		for i, o := range motoDiffOnly {
			if entry(o.exchange, o.path, o.why).Covers(d) {
				usedOnly[i]++
				return true
			}
		}
		return false
	}
	usedFollows := make([]int, len(motoFollows))
	for _, s := range diff.Scenarios {
		for _, d := range s.Differences {
			if !d.Counts() || explained(d) {
				continue
			}
			i := slices.IndexFunc(motoFollows, func(f struct{ exchange, why string }) bool { return f.exchange == d.Exchange })
			if i < 0 {
				t.Errorf("unexplained difference: %s %s %s: %s", d.Exchange, d.Kind, d.Path, d.Message)
				continue
			}
			usedFollows[i]++
		}
	}
	for i, n := range usedFollows {
		if n == 0 {
			t.Errorf("motoFollows entry %s no longer matches a difference: remove it", motoFollows[i].exchange)
		}
	}
	for i, n := range usedOnly {
		if n == 0 {
			t.Errorf("motoDiffOnly entry %s %s no longer matches a difference: remove it (%s)", motoDiffOnly[i].exchange, motoDiffOnly[i].path, motoDiffOnly[i].why)
		}
	}
	for i, n := range usedCause {
		if n == 0 {
			t.Errorf("motoSameCause entry %s no longer explains a difference: remove it", motoSameCause[i].path)
		}
	}
	t.Logf("moto: %d counted differences at %d steps; %d failed checks, %d of them reproduced by a step", diff.Summary.Counted, len(differs), len(failed), reproduced)
}

func failedChecks(t *testing.T, path string) map[string]bool {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var run struct {
		Checks []struct{ ID, Outcome string } `json:"checks"`
	}
	if err := json.Unmarshal(data, &run); err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, c := range run.Checks {
		if c.Outcome == "failed" {
			out[c.ID] = true
		}
	}
	return out
}
