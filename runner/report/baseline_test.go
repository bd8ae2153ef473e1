package report

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// withOutcome returns a copy of r with the check's outcome changed.
func withOutcome(r Report, id string, o Outcome) Report {
	r.Checks = slices.Clone(r.Checks)
	for i := range r.Checks {
		if r.Checks[i].ID == id {
			r.Checks[i].Outcome = o
		}
	}
	return r
}

func TestCompareBaseline(t *testing.T) {
	// Then: the contract check passed, the semantics check failed, a check now gone failed, and one that still
	// exists failed but is skipped now.
	then := sampleReport()
	then.Target = "http://127.0.0.1:4566"
	then = withOutcome(then, "contract.PublishVersion.status-201", Passed)
	then = withOutcome(then, "contract.UpdateFunctionCode.status-200", Failed)
	then = withOutcome(then, "errors.PublishVersion.conflict", Failed)
	then.Checks = append(then.Checks, Check{ID: "interop.PublishVersion.removed", Outcome: Failed})
	now := sampleReport()
	now.Checks = append(now.Checks, Check{ID: "interop.PublishVersion.added", Outcome: Failed})

	d := CompareBaseline(now, then)
	ids := func(cs []Change) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.ID)
		}
		return out
	}
	if got := ids(d.NewFailures); !slices.Equal(got, []string{"contract.PublishVersion.status-201", "interop.PublishVersion.added"}) {
		t.Errorf("new failures %v", got)
	}
	if d.NewFailures[0].Before != Passed || d.NewFailures[1].Before != Absent {
		t.Errorf("new failures' before: %+v", d.NewFailures)
	}
	if got := ids(d.StillFailing); !slices.Equal(got, []string{"semantics.PublishVersion.unchanged-returns-latest"}) {
		t.Errorf("still failing %v", got)
	}
	if got := ids(d.Fixed); !slices.Equal(got, []string{"contract.UpdateFunctionCode.status-200"}) {
		t.Errorf("fixed %v", got)
	}
	if got := ids(d.Unjudged); !slices.Equal(got, []string{"errors.PublishVersion.conflict", "interop.PublishVersion.removed"}) ||
		d.Unjudged[1].Now != Absent {
		t.Errorf("unjudged %+v", d.Unjudged)
	}
	// Same target on another loopback port: no note. Another host, profile and selection: a note each.
	if len(d.Notes) != 0 {
		t.Errorf("notes for a target on another loopback port: %v", d.Notes)
	}
	then.Target, then.Profile, then.Selection = "http://emulator.internal:4566", "aws-current", Selection{LabelFilter: "family: {contract}"}
	then.Version = "v0.9.0"
	d = CompareBaseline(now, then)
	for _, want := range []string{"the baseline checked http://emulator.internal:4566", "profile aws-current",
		`label filter "family: {contract}"; this run ran all checks`, "made by lambdaconform v0.9.0"} {
		if !slices.ContainsFunc(d.Notes, func(n string) bool { return strings.Contains(n, want) }) {
			t.Errorf("no note with %q in %v", want, d.Notes)
		}
	}
	if d := CompareBaseline(now, Report{}); !slices.Contains(d.Notes, "the baseline has no check: every failure is new") || len(d.NewFailures) != 3 {
		t.Errorf("an empty baseline: %+v", d)
	}
}

// TestApplyBaseline: failures the baseline had do not fail the run; a new one does, unless it is expected.
func TestApplyBaseline(t *testing.T) {
	now := sampleReport()
	now.Checks = slices.DeleteFunc(now.Checks, func(c Check) bool { return c.Outcome == Error })

	ApplyBaseline(&now, now)
	if v := now.Verdict(); v.Status != StatusAccepted || v.ExitCode != 0 || v.KnownFailures != 2 {
		t.Errorf("same failures as the baseline: %+v", v)
	}
	if c := now.check("contract.PublishVersion.status-201"); c.Baseline != StillFailing {
		t.Errorf("status %q", c.Baseline)
	}

	then := withOutcome(now, "contract.PublishVersion.status-201", Passed)
	ApplyBaseline(&now, then)
	v := now.Verdict()
	if v.Status != StatusNotConformant || v.Counted != 1 || v.Line != "NOT CONFORMANT: 1 new must failure since the baseline (1 failure already in the baseline)" {
		t.Errorf("a new failure: %+v", v)
	}
	if c := now.check("contract.PublishVersion.status-201"); c.Baseline != NewFailure {
		t.Errorf("status %q", c.Baseline)
	}

	ApplyExpected(&now, Expected{Entries: []ExpectedEntry{{Index: 1, Check: "contract.PublishVersion.status-201", Reason: "known"}}}, time.Now())
	if v := now.Verdict(); v.ExitCode != 0 || v.Expected != 1 || v.KnownFailures != 1 {
		t.Errorf("a new failure that is expected: %+v", v)
	}
}

// TestBaselineFromJSON compares with a baseline read back from a JSON report file, as the runner does.
func TestBaselineFromJSON(t *testing.T) {
	then := withOutcome(sampleReport(), "semantics.PublishVersion.unchanged-returns-latest", Passed)
	var buf bytes.Buffer
	if err := WriteJSON(&buf, then); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "baseline.json")
	writeFile(t, path, buf.Bytes())
	base, err := ReadJSONFile(path)
	if err != nil {
		t.Fatal(err)
	}
	now := sampleReport()
	ApplyBaseline(&now, base)
	if len(now.Baseline.NewFailures) != 1 || now.Baseline.NewFailures[0].ID != "semantics.PublishVersion.unchanged-returns-latest" ||
		len(now.Baseline.StillFailing) != 1 || !now.Baseline.Started.Equal(then.Started) {
		t.Errorf("diff %+v", now.Baseline)
	}
}
