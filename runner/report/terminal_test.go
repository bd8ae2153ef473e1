package report

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

func summaryOf(t *testing.T, r Report, opts ...SummaryOption) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteSummary(&buf, r, opts...); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestSummary(t *testing.T) {
	out := summaryOf(t, fullReport(t))
	for _, want := range []string{
		"lambdaconform v0.0.0-test: 6 checks against http://127.0.0.1:9000 (profile seed-2019) in 1.5s",
		"  selection: label filter \"!evidence: {unverified}\", focus \"PublishVersion\", skip \"slow\"",
		"  passed 2 · failed 2 · skipped 1 · error 1 · not run 0\n  failed: 2 must · 0 should\n",
		"Conformance matrix (cells: passed/failed/skipped/error)",
		"Failures that count against the target: 2 root causes in 1 check\n  must: 2 root causes in 1 check\n" +
			"    ✗ PublishVersion.status.201 on PublishVersion · 1 check\n" +
			"      status of PublishVersion: Expected 201, got 200\n" +
			"      checks: contract.PublishVersion.status-201 [new since the baseline]\n",
		"    ✗ PublishVersion.status.documented on PublishVersion · 1 check\n",
		"Failures that do not count: 1 root cause in 1 check\n",
		"    ✗ behavior.publish.unchanged-returns-latest on PublishVersion · 1 check\n" +
			"      second publish: Expected version 1, got 2\n" +
			"      checks: semantics.PublishVersion.unchanged-returns-latest [expected]\n" +
			"      expected: we publish a new version even when nothing changed (entry 1,",
		"Skipped: not applicable to this target, or not selected (1)\n     1 × the target never showed an update in progress\n",
		"Errors: the check could not judge the target (not counted as non-conformance) (1)",
		"  ! semantics.UpdateFunctionCode.revision-match",
		"Expected failures (expected.yaml, as of 2026-05-01): 4 entries, 1 entry matched; 1 failed check\n  covered",
		"  expired entry 2 (rule PublishVersion.status.201)",
		"  stale entry 3 (check contract.UpdateFunctionCode.status-200)",
		"      the check passes now: remove the entry",
		"Baseline: http://127.0.0.1:9000, profile seed-2019, 2026-05-01 12:00 UTC\n  1 new failure · 1 fixed · 1 still failing · 1 unjudged",
		"  note:\n      the baseline ran all checks; this run ran label filter",
		"  new      contract.PublishVersion.status-201 (passed → failed)",
		"  fixed    contract.UpdateFunctionCode.status-200 (failed → passed)",
		"  unjudged interop.PublishVersion.removed (failed → absent)",
		"NOT CONFORMANT: 1 new must failure since the baseline (1 expected failure; 1 check could not judge\n  the target)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the summary lacks %q:\n%s", want, out)
		}
	}
	// The line the end-to-end tests and users' scripts read.
	if !regexp.MustCompile(`passed (\d+) · failed (\d+) · skipped (\d+) · error (\d+)`).MatchString(out) {
		t.Errorf("no counts line")
	}
	if strings.Contains(out, "\x1b[") {
		t.Errorf("colour without WithColor")
	}
	// Readable at 100 columns: every line fits.
	for _, line := range strings.Split(out, "\n") {
		if n := utf8.RuneCountInString(line); n > 100 {
			t.Errorf("a line of %d columns: %q", n, line)
		}
	}
}

// TestSummaryMatrixAligned: rows are operations, columns families, each column padded to its widest cell.
func TestSummaryMatrixAligned(t *testing.T) {
	want := `
Conformance matrix (cells: passed/failed/skipped/error)
  operation           contract  semantics  errors   interop  all
  UpdateFunctionCode  1/0/0/0   0/0/0/1    -        1/0/0/0  2/0/0/1
  PublishVersion      0/1/0/0   0/1/0/0    0/0/1/0  -        0/2/1/0
  all                 1/1/0/0   0/1/0/1    0/0/1/0  1/0/0/0  2/2/1/1
`
	if out := summaryOf(t, sampleReport()); !strings.Contains(out, want) {
		t.Errorf("the matrix is not%s\nin\n%s", want, out)
	}
}

func TestSummaryStripsControlCharacters(t *testing.T) {
	r := sampleReport()
	r.Checks[0].Failures[0].Message = "evil \x1b]0;pwned\x07 \x1b[2J reason"
	out := summaryOf(t, r)
	if strings.ContainsAny(out, "\x1b\x07") {
		t.Errorf("control characters from the target reach the terminal:\n%q", out)
	}
	if !strings.Contains(out, "status of PublishVersion: evil \ufffd]0;pwned\ufffd \ufffd[2J reason") {
		t.Errorf("the reason is not shown with its control characters replaced:\n%s", out)
	}
}

func TestSummaryColorAndVerdicts(t *testing.T) {
	out := summaryOf(t, sampleReport(), WithColor(true))
	if !strings.Contains(out, red+"✗"+reset) || !strings.Contains(out, bold+red+"NOT CONFORMANT") {
		t.Errorf("no colour with WithColor(true):\n%q", out)
	}
	pass := Report{Checks: []Check{sampleReport().check("contract.UpdateFunctionCode.status-200")}}
	if out := summaryOf(t, pass); !strings.HasSuffix(out, "\nCONFORMANT: every check that judged the target passed (1 passed, 0 skipped)\n") ||
		strings.Contains(out, "Failed") || strings.Contains(out, "Errors") {
		t.Errorf("a conformant run:\n%s", out)
	}
	if out := summaryOf(t, Report{}); !strings.Contains(out, "passed 0 · failed 0 · skipped 0 · error 0") ||
		strings.Contains(out, "matrix") || !strings.Contains(out, "INCOMPLETE: no check ran") {
		t.Errorf("an empty run:\n%s", out)
	}
}

func TestSummaryLongLists(t *testing.T) {
	r := Report{}
	for i := range maxListed + 7 {
		r.Checks = append(r.Checks, Check{ID: "contract.PublishVersion.c" + strings.Repeat("x", i%5) + string(rune('a'+i%26)),
			Family: "contract", Operation: "PublishVersion", Outcome: Failed, Reason: fmt.Sprintf("failure %d: ", i) + strings.Repeat("a long reason ", 40)})
	}
	out := summaryOf(t, r, WithWidth(80))
	if !strings.Contains(out, "  ... and 7 more: see the JSON or HTML report") {
		t.Errorf("no cut-off line")
	}
	for _, line := range strings.Split(out, "\n") {
		if utf8.RuneCountInString(line) > 80 {
			t.Fatalf("a line longer than 80 columns: %q", line)
		}
	}
	// Failures that name no rule and give different reasons are root causes of their own, each with a reason on
	// at most two lines.
	if n := strings.Count(out, "    ✗ (no rule named) on PublishVersion · 1 check\n"); n != maxListed {
		t.Errorf("%d root causes listed, want %d", n, maxListed)
	}
	if n := len(regexp.MustCompile(`(?m)^      [a-z]`).FindAllString(out, -1)) - strings.Count(out, "      checks: "); n != maxListed*2 {
		t.Errorf("%d reason lines, want 2 for each of %d root causes", n, maxListed)
	}
}
