package report

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/lambdaconform/lambdaconform/spec"
)

// shardsOf splits a report's checks into n shard reports, as n runs with --shard i/n would have made them:
// round robin (Merge must not depend on how checks were assigned), each started a second after the one before
// and lasting one second more.
func shardsOf(r Report, n int) []NamedReport {
	r.Catalog = catalogOf(r.Profile)
	out := make([]NamedReport, n)
	for i := range out {
		s := r
		s.Shard = &Shard{Index: i + 1, Total: n}
		s.Started = r.Started.Add(time.Duration(i) * time.Second)
		s.Duration = time.Duration(i+1) * time.Second
		s.Checks = nil
		out[i] = NamedReport{Name: fmt.Sprintf("shard-%d.json", i+1), Report: s}
	}
	for i, c := range r.Checks {
		sh := &out[i%n].Report
		sh.Checks = append(sh.Checks, c)
	}
	for i := range out {
		out[i].Report.Summary = summarize(out[i].Report.Checks)
	}
	return out
}

// viaJSON writes each report as JSON and reads it back, validated against the schema, as runner merge does.
func viaJSON(t *testing.T, in []NamedReport) []NamedReport {
	t.Helper()
	out := make([]NamedReport, len(in))
	for i, n := range in {
		var buf bytes.Buffer
		if err := WriteJSON(&buf, n.Report); err != nil {
			t.Fatal(err)
		}
		r, err := ReadJSON(&buf)
		if err != nil {
			t.Fatalf("%s: %v", n.Name, err)
		}
		out[i] = NamedReport{Name: n.Name, Report: r}
	}
	return out
}

// TestMergeIsTheWholeRun: three shards of a run, through their JSON reports, merge into the run's checks,
// summary and verdict; the start is the earliest shard's and the duration runs to the end of the last to end.
func TestMergeIsTheWholeRun(t *testing.T) {
	whole := sampleReport()
	shards := viaJSON(t, shardsOf(whole, 3))
	// Given in any order.
	shards[0], shards[2] = shards[2], shards[0]
	merged, err := Merge(shards)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(merged), ids(whole); !reflect.DeepEqual(got, want) {
		t.Fatalf("merged checks %v, want %v", got, want)
	}
	for i, c := range merged.Checks {
		w := whole.Checks[i]
		if c.Outcome != w.Outcome || c.Reason != w.Reason || !reflect.DeepEqual(c.FailedRules, w.FailedRules) {
			t.Errorf("%s: merged %s %q, whole run %s %q", c.ID, c.Outcome, c.Reason, w.Outcome, w.Reason)
		}
	}
	if merged.Summary != summarize(whole.Checks) {
		t.Errorf("summary %+v, want %+v", merged.Summary, summarize(whole.Checks))
	}
	if got, want := merged.Verdict(), whole.Verdict(); got != want {
		t.Errorf("verdict %+v, want %+v", got, want)
	}
	if !merged.Started.Equal(whole.Started) {
		t.Errorf("started %s, want the earliest shard's %s", merged.Started, whole.Started)
	}
	// Shard 3 starts 2 s after shard 1 and lasts 3 s: it ends 5 s after the start.
	if merged.Duration != 5*time.Second {
		t.Errorf("duration %s, want 5s (from the earliest start to the end of the shard that ended last)", merged.Duration)
	}
	if merged.Shard != nil || merged.Shards != 3 || merged.Profile != whole.Profile || merged.Catalog != catalogOf(whole.Profile) ||
		merged.Target != whole.Target || merged.Version != whole.Version {
		t.Errorf("merged identity: shard %v, shards %d, profile %q, catalog %q, target %q, version %q", merged.Shard,
			merged.Shards, merged.Profile, merged.Catalog, merged.Target, merged.Version)
	}
	// The merged report is a valid JSON report that says it was merged, and is no shard.
	back := viaJSON(t, []NamedReport{{"merged", merged}})[0].Report
	if back.Shards != 3 || back.Shard != nil || back.Catalog != merged.Catalog {
		t.Errorf("after JSON: shards %d, shard %v, catalog %q", back.Shards, back.Shard, back.Catalog)
	}
}

func ids(r Report) []string {
	var out []string
	for _, c := range r.Checks {
		out = append(out, c.ID)
	}
	return out
}

// TestMergeJudgesAfresh: expected-failure and baseline results the shards carried are dropped, so the merged
// report is judged like a single run; applying an expected-failures file to it then works as for a run.
func TestMergeJudgesAfresh(t *testing.T) {
	whole := sampleReport()
	shards := shardsOf(whole, 2)
	exp, err := ParseExpected("x.yaml", []byte("- check: contract.PublishVersion.status-201\n  reason: known\n"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range shards {
		ApplyExpected(&shards[i].Report, exp, time.Now())
		ApplyBaseline(&shards[i].Report, whole)
	}
	merged, err := Merge(viaJSON(t, shards))
	if err != nil {
		t.Fatal(err)
	}
	if merged.Expected != nil || merged.Baseline != nil {
		t.Errorf("the merged report kept the shards' expected failures or baseline")
	}
	for _, c := range merged.Checks {
		if c.Expected != nil || c.Baseline != "" {
			t.Errorf("%s kept its shard's annotations: %+v %q", c.ID, c.Expected, c.Baseline)
		}
	}
	if v := merged.Verdict(); v.Status != StatusNotConformant || v.Counted != 2 {
		t.Errorf("verdict %+v, want not conformant with 2 counted failures", v)
	}
	ApplyExpected(&merged, exp, time.Now())
	if v := merged.Verdict(); v.Counted != 1 || v.Expected != 1 {
		t.Errorf("after applying the file to the merged report: %+v, want 1 counted and 1 expected", v)
	}
}

// TestMergeKeepsEachShardsRunErrors: a run-level error (family suite) of two shards is kept from both.
func TestMergeKeepsEachShardsRunErrors(t *testing.T) {
	shards := shardsOf(sampleReport(), 2)
	for i := range shards {
		shards[i].Report.Checks = append(shards[i].Report.Checks, Check{ID: "suite.BeforeSuite", Title: "BeforeSuite",
			Family: "suite", Outcome: Error, Message: "boom", Reason: "boom"})
	}
	merged, err := Merge(viaJSON(t, shards))
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(ids(merged), " ")
	for _, want := range []string{"suite.BeforeSuite.shard-1", "suite.BeforeSuite.shard-2"} {
		if !strings.Contains(got, want) {
			t.Errorf("no %s in %s", want, got)
		}
	}
	if v := merged.Verdict(); v.Status != StatusNotConformant || merged.Summary.Error != 3 {
		t.Errorf("verdict %s with %d errors, want not conformant with 3", v.Status, merged.Summary.Error)
	}
}

// TestMergeRefuses: reports that do not belong together are refused with one line that says why and names
// the files.
func TestMergeRefuses(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(s []NamedReport) []NamedReport
		wants []string
	}{
		{"nothing", func(s []NamedReport) []NamedReport { return nil }, []string{"no shard report"}},
		{"not a shard", func(s []NamedReport) []NamedReport { s[1].Report.Shard = nil; return s },
			[]string{"shard-2.json is not the report of a shard", "--shard"}},
		{"no catalog", func(s []NamedReport) []NamedReport { s[2].Report.Catalog = ""; return s },
			[]string{"shard-3.json names no rule catalog"}},
		{"missing shard", func(s []NamedReport) []NamedReport { return s[:2] },
			[]string{"shard 3/3 of the run is missing"}},
		{"two missing", func(s []NamedReport) []NamedReport { return s[1:2] },
			[]string{"shards 1/3, 3/3 of the run are missing"}},
		{"given twice", func(s []NamedReport) []NamedReport { return append(s, NamedReport{"again.json", s[1].Report}) },
			[]string{"shard 2/3 is given twice", "shard-2.json", "again.json"}},
		{"other split", func(s []NamedReport) []NamedReport { s[1].Report.Shard = &Shard{2, 4}; return s },
			[]string{"shards of different runs", "shard 1/3", "shard 2/4"}},
		{"no such shard", func(s []NamedReport) []NamedReport { s[1].Report.Shard = &Shard{4, 3}; return s },
			[]string{"shard-2.json says it is shard 4/3"}},
		{"profile", func(s []NamedReport) []NamedReport { s[1].Report.Profile = "aws-current"; return s },
			[]string{"shard-1.json has profile seed-2019, shard-2.json has aws-current"}},
		{"catalog", func(s []NamedReport) []NamedReport { s[2].Report.Catalog = "sha256:0000000000000000"; return s },
			[]string{"rule catalog", "sha256:0000000000000000"}},
		{"selection", func(s []NamedReport) []NamedReport {
			s[1].Report.Selection = Selection{LabelFilter: "family:contract"}
			return s
		}, []string{"selection", `label filter "family:contract"`, "(all checks)"}},
		{"strict", func(s []NamedReport) []NamedReport { s[1].Report.Selection.Strict = true; return s },
			[]string{"selection", "strict mode"}},
		{"fail on", func(s []NamedReport) []NamedReport { s[2].Report.FailOn = spec.SeverityMust; return s },
			[]string{"shard-1.json has fail-on should, shard-3.json has must"}},
		{"version", func(s []NamedReport) []NamedReport { s[1].Report.Version = "v9.9.9"; return s },
			[]string{"lambdaconform version", "v9.9.9"}},
		{"target", func(s []NamedReport) []NamedReport { s[1].Report.Target = "http://127.0.0.1:5000/other"; return s },
			[]string{"target", "/other"}},
		{"same check twice", func(s []NamedReport) []NamedReport {
			s[1].Report.Checks = append(s[1].Report.Checks, s[0].Report.Checks[0])
			return s
		}, []string{"check " + sampleReport().Checks[0].ID + " is in two shards", "shard-1.json", "shard-2.json"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Merge(tc.edit(shardsOf(sampleReport(), 3)))
			if err == nil {
				t.Fatal("merged")
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("the message has more than one line: %q", err)
			}
			for _, w := range tc.wants {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%q does not say %q", err, w)
				}
			}
		})
	}
}

// TestMergeIgnoresLoopbackPorts: each CI job starts its own target, on another port.
func TestMergeIgnoresLoopbackPorts(t *testing.T) {
	shards := shardsOf(sampleReport(), 2)
	shards[0].Report.Target = "reference target (in-process, http://127.0.0.1:40001)"
	shards[1].Report.Target = "reference target (in-process, http://127.0.0.1:40002)"
	if _, err := Merge(shards); err != nil {
		t.Fatal(err)
	}
}

// TestSummarySaysShard: a shard's terminal summary says its verdict is the shard's; a merged one says it was
// merged.
func TestSummarySaysShard(t *testing.T) {
	shards := shardsOf(sampleReport(), 2)
	var buf bytes.Buffer
	if err := WriteSummary(&buf, shards[1].Report); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "shard 2/2 of a split run") {
		t.Errorf("a shard's summary does not say so:\n%s", buf.String())
	}
	merged, err := Merge(shards)
	if err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	if err := WriteSummary(&buf, merged); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "merged from 2 shards") {
		t.Errorf("a merged summary does not say so:\n%s", buf.String())
	}
}

// TestMergeKeepsAStop: a shard that stopped early (its target went silent) leaves the merged run incomplete,
// saying which shard and why; the shards' fail-on is kept.
func TestMergeKeepsAStop(t *testing.T) {
	shards := shardsOf(sampleReport(), 2)
	shards[1].Report.Stopped = &Stop{Cause: StopSilentTarget, Reason: "the target at http://127.0.0.1:9 went silent"}
	for i := range shards {
		shards[i].Report.FailOn = spec.SeverityMust
	}
	merged, err := Merge(viaJSON(t, shards))
	if err != nil {
		t.Fatal(err)
	}
	if merged.Stopped == nil || merged.Stopped.Reason != "shard 2/2: the target at http://127.0.0.1:9 went silent" ||
		merged.FailOn != spec.SeverityMust {
		t.Errorf("merged: stopped %+v, fail on %q", merged.Stopped, merged.FailOn)
	}
	if v := merged.Verdict(); v.ExitCode != 3 {
		t.Errorf("verdict %+v", v)
	}
}
