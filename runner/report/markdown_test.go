package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

func markdownOf(t *testing.T, r Report) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestMarkdown(t *testing.T) {
	out := markdownOf(t, fullReport(t))
	for _, want := range []string{
		"### ❌ lambdaconform: NOT CONFORMANT: 1 new must failure since the baseline (1 expected failure; 1 check could not judge the target)\n",
		"6 checks against `http://127.0.0.1:9000`, profile `seed-2019`, in 1.5s",
		"| passed | failed | skipped | error | not run |\n| ---: | ---: | ---: | ---: | ---: |\n| 2 | 2 (2 must, 0 should; 1 expected) | 1 | 1 | 0 |\n",
		"#### Conformance matrix\n\nChecks by operation and family: passed / failed / skipped / error.\n\n| operation | contract | semantics | errors | interop | all |\n|---|---|---|---|---|---|\n",
		"| UpdateFunctionCode | 1 / 0 / 0 / 0 | 0 / 0 / 0 / 1 | – | 1 / 0 / 0 / 0 | 2 / 0 / 0 / 1 |\n",
		"| **all** | 1 / **1** / 0 / 0 | 0 / **1** / 0 / 1 | 0 / 0 / 1 / 0 | 1 / 0 / 0 / 0 | 2 / **2** / 1 / 1 |\n",
		"#### Must failures: 3 root causes in 2 checks\n\n| | rule | call | checks | what was seen |\n|---|---|---|---|---|\n" +
			"| ❌ | `PublishVersion.status.201` | PublishVersion | `contract.PublishVersion.status-201` | status of PublishVersion: Expected 201, got 200 |\n",
		"| ☑️ does not count | `behavior.publish.unchanged-returns-latest` | PublishVersion | `semantics.PublishVersion.unchanged-returns-latest` | second publish: Expected version 1, got 2 |\n",
		"<details><summary>2 failed checks, one by one</summary>\n\n| | check | severity | rule | reason |\n|---|---|---|---|---|\n" +
			"| ❌ new | `contract.PublishVersion.status-201` | must | `PublishVersion.status.201` `PublishVersion.status.documented` | status of PublishVersion: Expected 201, got 200 (and 1 more) |\n" +
			"| ☑️ expected | `semantics.PublishVersion.unchanged-returns-latest` |",
		"<details><summary>1 check skipped: not applicable to this target, or not selected</summary>\n\n| checks | reason |\n| ---: | --- |\n| 1 | the target never showed an update in progress |\n",
		"<details><summary>1 check could not judge the target (errors, not counted as non-conformance)</summary>",
		"#### Expected failures\n\n4 entries in `expected.yaml` (as of 2026-05-01); 1 entry matched a failure.\n",
		"- **expired** entry 2 (rule `PublishVersion.status.201`): expired on 2026-01-31: its failures count again",
		"- **stale** entry 3 (check `contract.UpdateFunctionCode.status-200`): the check passes now: remove the entry",
		"**1 new failure** · 1 fixed · 1 still failing · 1 unjudged",
		"New failures:\n- `contract.PublishVersion.status-201` (passed → failed)\n",
		"Fixed:\n- `contract.UpdateFunctionCode.status-200` (failed → passed)\n",
		"Failed in the baseline, not judged now:\n- `interop.PublishVersion.removed` (failed → absent)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the Markdown lacks %q:\n%s", want, out)
		}
	}
	if strings.Count(out, "<details>") != strings.Count(out, "</details>") {
		t.Errorf("unbalanced <details>")
	}
}

// TestMarkdownEscapesTargetText: a target's text can neither add markup, break a table, nor mention anyone.
func TestMarkdownEscapesTargetText(t *testing.T) {
	out := markdownOf(t, sampleReport())
	for _, bad := range []string{"<script>", "@everyone", " #1", "**bold**", "[x](javascript"} {
		if strings.Contains(out, bad) {
			t.Errorf("the Markdown contains %q unescaped", bad)
		}
	}
	row := ""
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "revision-match") {
			row = line
		}
	}
	if !strings.Contains(row, "&lt;script&gt;alert(1)&lt;/script&gt; \\| &#64;everyone &#35;1 \\*\\*bold\\*\\* \\[x\\](javascript:alert(2))") {
		t.Errorf("the error row is not escaped as expected: %s", row)
	}
	if cells := strings.Count(strings.ReplaceAll(row, `\|`, ""), "|"); cells != 3 {
		t.Errorf("the error row has %d cell separators, want 3: %s", cells, row)
	}
}

func TestMarkdownCapsLongLists(t *testing.T) {
	r := Report{}
	for i := range markdownRows + 12 {
		r.Checks = append(r.Checks, Check{ID: fmt.Sprintf("contract.PublishVersion.c%02d", i), Family: "contract",
			Operation: "PublishVersion", Outcome: Failed, Reason: strings.Repeat("r", 500)})
	}
	out := markdownOf(t, r)
	if !strings.Contains(out, "\n…and 12 more failed checks: see the full report.\n") {
		t.Errorf("no cut-off line:\n%s", out)
	}
	if n := strings.Count(out, "| ❌ | `contract.PublishVersion.c"); n != markdownRows {
		t.Errorf("%d rows, want %d", n, markdownRows)
	}
	if strings.Contains(out, strings.Repeat("r", 201)) {
		t.Errorf("a reason longer than 200 characters")
	}
	pass := markdownOf(t, Report{Checks: []Check{{ID: "contract.PublishVersion.ok", Family: "contract", Operation: "PublishVersion", Outcome: Passed}}})
	if !strings.HasPrefix(pass, "### ✅ lambdaconform: CONFORMANT") || strings.Contains(pass, "failed checks") || strings.Contains(pass, "failures:") {
		t.Errorf("a conformant run:\n%s", pass)
	}
}
