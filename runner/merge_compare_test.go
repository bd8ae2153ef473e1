package main

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/lambdaconform/lambdaconform/internal/mototest"
	"github.com/lambdaconform/lambdaconform/internal/testbin"
)

// jsonReport is what these tests read of a JSON report.
type jsonReport struct {
	Target  string `json:"target"`
	Catalog string `json:"catalog"`
	Shard   *struct {
		Index int `json:"index"`
		Total int `json:"total"`
	} `json:"shard"`
	MergedShards int `json:"merged_shards"`
	Verdict      struct {
		Status   string `json:"status"`
		ExitCode int    `json:"exit_code"`
	} `json:"verdict"`
	Summary map[string]int `json:"summary"`
	Checks  []struct {
		ID          string   `json:"id"`
		Outcome     string   `json:"outcome"`
		FailedRules []string `json:"failed_rules"`
	} `json:"checks"`
}

func readReport(t *testing.T, path string) jsonReport {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var r jsonReport
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return r
}

// outcomes is the report's checks as "ID outcome failed-rules" lines.
func (r jsonReport) outcomes() []string {
	var out []string
	for _, c := range r.Checks {
		out = append(out, c.ID+" "+c.Outcome+" "+strings.Join(c.FailedRules, ","))
	}
	return out
}

// runShards runs the shards of one run as separate processes at the same time, as CI jobs would, each with its
// own JSON report; it returns the reports' paths.
func runShards(t *testing.T, dir string, n int, args ...string) []string {
	t.Helper()
	paths := make([]string, n)
	results := make([]testbin.Result, n)
	var wg sync.WaitGroup
	for i := range n {
		paths[i] = filepath.Join(dir, fmt.Sprintf("shard-%d.json", i+1))
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = runRunner(t, append([]string{"--shard", fmt.Sprintf("%d/%d", i+1, n), "--json-report", paths[i]}, args...)...)
		}()
	}
	wg.Wait()
	for i, r := range results {
		if r.Code == 2 { // a shard's verdict is not the run's: 0, 1 or 3 (a shard without checks is incomplete)
			t.Fatalf("shard %d/%d: exit %d\n%s", i+1, n, r.Code, r.Stderr)
		}
	}
	return paths
}

// TestShardsMergeIntoTheWholeRun runs the checks in 3 shards as separate processes, merges their JSON reports
// with runner merge, and gets the checks, outcomes, failed rules, verdict and exit code of one unsharded run:
// against the reference (conformant) and against a faulty reference (not conformant).
func TestShardsMergeIntoTheWholeRun(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		exit int
	}{
		{"reference", nil, 0},
		{"faulty", []string{"--fault", "publish-status-200"}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			shards := runShards(t, dir, 3, tc.args...)
			whole := filepath.Join(dir, "whole.json")
			w := runRunner(t, append([]string{"--json-report", whole}, tc.args...)...)
			if w.Code != tc.exit {
				t.Fatalf("the unsharded run exits %d, want %d\n%s", w.Code, tc.exit, w.Stderr)
			}
			sizes := []int{}
			for _, s := range shards {
				r := readReport(t, s)
				sizes = append(sizes, len(r.Checks))
				if r.Shard == nil || r.Catalog == "" {
					t.Fatalf("%s says neither its shard nor its catalog", s)
				}
			}
			out := func(name string) string { return filepath.Join(dir, name) }
			m := runRunner(t, append([]string{"merge", "--json-report", out("merged.json"), "--junit-report", out("merged.xml"),
				"--html-report", out("merged.html"), "--markdown-report", out("merged.md")}, shards...)...)
			if m.Code != tc.exit {
				t.Fatalf("merge exits %d, want %d as the unsharded run\n%s\n%s", m.Code, tc.exit, m.Stdout, m.Stderr)
			}
			merged, single := readReport(t, out("merged.json")), readReport(t, whole)
			if got, want := merged.outcomes(), single.outcomes(); !slices.Equal(got, want) {
				t.Errorf("merged checks differ from the unsharded run's:\n%s", lineDiff(want, got))
			}
			if merged.Verdict != single.Verdict || merged.MergedShards != 3 || merged.Shard != nil {
				t.Errorf("merged verdict %+v (merged_shards %d, shard %v), unsharded %+v", merged.Verdict, merged.MergedShards,
					merged.Shard, single.Verdict)
			}
			if fmt.Sprint(merged.Summary) != fmt.Sprint(single.Summary) {
				t.Errorf("merged summary %v, unsharded %v", merged.Summary, single.Summary)
			}
			t.Logf("shards of %v checks merged into %d", sizes, len(merged.Checks))
			if tc.exit == 1 {
				mergeJudged(t, dir, merged, shards)
			}
			// Every format is written from the merged report.
			var junit struct {
				Tests int `xml:"tests,attr"`
			}
			data, _ := os.ReadFile(out("merged.xml"))
			if err := xml.Unmarshal(data, &junit); err != nil || junit.Tests != len(single.Checks) {
				t.Errorf("JUnit: %d tests (%v), want %d", junit.Tests, err, len(single.Checks))
			}
			for _, f := range []string{"merged.html", "merged.md"} {
				if st, err := os.Stat(out(f)); err != nil || st.Size() < 200 {
					t.Errorf("%s not written: %v", f, err)
				}
			}
		})
	}
}

// mergeJudged: expected failures and a baseline given to merge judge the merged report as they would a single
// run: entries for every failed rule make it ACCEPTED (exit 0), and so does the run itself as the baseline.
func mergeJudged(t *testing.T, dir string, merged jsonReport, shards []string) {
	t.Helper()
	var entries []string
	for _, c := range merged.Checks {
		for _, r := range c.FailedRules {
			if e := "- rule: " + r + "\n  reason: the fault under test\n"; !slices.Contains(entries, e) {
				entries = append(entries, e)
			}
		}
	}
	expected := filepath.Join(dir, "expected.yaml")
	if err := os.WriteFile(expected, []byte(strings.Join(entries, "")), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, extra := range [][]string{{"--expected-failures", expected}, {"--baseline", filepath.Join(dir, "merged.json")}} {
		accepted := filepath.Join(dir, "accepted.json")
		r := runRunner(t, append(append([]string{"merge", "--json-report", accepted}, extra...), shards...)...)
		if got := readReport(t, accepted); r.Code != 0 || got.Verdict.Status != "accepted" {
			t.Errorf("merge %v: exit %d, verdict %s; want 0 and accepted\n%s", extra, r.Code, got.Verdict.Status, r.Stderr)
		}
	}
}

func lineDiff(want, got []string) string {
	var b strings.Builder
	for _, l := range want {
		if !slices.Contains(got, l) {
			b.WriteString("- " + l + "\n")
		}
	}
	for _, l := range got {
		if !slices.Contains(want, l) {
			b.WriteString("+ " + l + "\n")
		}
	}
	return b.String()
}

// TestCompareReferenceFaultyAndMoto compares runs against the reference, a faulty reference and moto (the
// machine's moto_server): every check that failed on a target is shown failed under that target, and only
// those; the checks whose outcomes differ are the disagreements, listed first.
func TestCompareReferenceFaultyAndMoto(t *testing.T) {
	dir := t.TempDir()
	moto, role := mototest.Start(t)
	reports := map[string]string{"reference": filepath.Join(dir, "reference.json"), "faulty": filepath.Join(dir, "faulty.json"),
		"moto": filepath.Join(dir, "moto.json")}
	for name, args := range map[string][]string{
		"reference": nil,
		"faulty":    {"--fault", "publish-always-new"},
		"moto":      {"--endpoint", moto, "--role", role},
	} {
		r := runRunner(t, append([]string{"--json-report", reports[name]}, args...)...)
		if want := map[string]int{"reference": 0, "faulty": 1, "moto": 1}[name]; r.Code != want {
			t.Fatalf("%s: exit %d, want %d\n%s", name, r.Code, want, r.Stderr)
		}
	}
	order := []string{"reference", "faulty", "moto"}
	html, md := filepath.Join(dir, "compare.html"), filepath.Join(dir, "compare.md")
	args := []string{"compare", "--html-report", html}
	for _, n := range order {
		args = append(args, n+"="+reports[n])
	}
	c := runRunner(t, append(args, "--markdown-report", md)...)
	if c.Code != 0 {
		t.Fatalf("compare: exit %d\n%s\n%s", c.Code, c.Stdout, c.Stderr)
	}
	page, err := os.ReadFile(html)
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string][]string{} // check ID -> outcome on each target
	var disagree []string
	for _, m := range regexp.MustCompile(`<tr class="row" id="row-([^"]+)" data-cells="([^"]*)" data-disagree="(\w+)"`).FindAllStringSubmatch(string(page), -1) {
		rows[m[1]] = strings.Fields(m[2])
		if m[3] == "true" {
			disagree = append(disagree, m[1])
		}
	}
	failed := map[string]int{}
	outcomes := map[string][]string{}
	for i, n := range order {
		rep := readReport(t, reports[n])
		for _, ch := range rep.Checks {
			if len(outcomes[ch.ID]) == 0 {
				outcomes[ch.ID] = []string{"absent", "absent", "absent"}
			}
			outcomes[ch.ID][i] = ch.Outcome
			if ch.Outcome == "failed" {
				failed[n]++
			}
		}
	}
	if failed["reference"] != 0 || failed["faulty"] == 0 || failed["moto"] == 0 {
		t.Fatalf("failures per target %v: want none on the reference, some on the faulty reference and on moto", failed)
	}
	var wantDisagree []string
	for id, want := range outcomes {
		if got := rows[id]; !slices.Equal(got, want) {
			t.Errorf("%s: the comparison shows %v, the reports say %v (reference, faulty, moto)", id, got, want)
		}
		if want[0] != want[1] || want[1] != want[2] {
			wantDisagree = append(wantDisagree, id)
		}
	}
	if len(rows) != len(outcomes) {
		t.Errorf("%d rows in the comparison, %d checks in the reports", len(rows), len(outcomes))
	}
	slices.Sort(disagree)
	slices.Sort(wantDisagree)
	if !slices.Equal(disagree, wantDisagree) {
		t.Errorf("disagreements %v, want %v", disagree, wantDisagree)
	}
	if strings.Index(string(page), `id="disagree"`) > strings.Index(string(page), `id="agree"`) {
		t.Errorf("the disagreements do not come first")
	}
	text, _ := os.ReadFile(md)
	if !strings.Contains(string(text), "| `semantics.PublishVersion.unchanged-returns-latest` | ✅ passed | ❌ **failed** |") {
		t.Errorf("the Markdown comparison does not show the faulty reference's failure under it:\n%s", text)
	}
	if !strings.Contains(c.Stdout, fmt.Sprintf("%d checks where the targets disagree", len(wantDisagree))) {
		t.Errorf("the summary does not count the disagreements:\n%s", c.Stdout)
	}
	t.Logf("failures: %v; %d disagreements", failed, len(wantDisagree))
}
