package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const sample = `package sample

func Limit(n int) bool {
	if n > 10 {
		return false
	}
	return n >= 0
}

type T struct{}

func (t *T) Fast(b []byte) bool {
	return len(b) < 2 || b[0] != '"'
}
`

// write puts the sample source, a gremlins result and a triage in a directory and returns their paths.
func write(t *testing.T, results, triage string) (dir, resultsPath, triagePath string) {
	t.Helper()
	dir = t.TempDir()
	for name, text := range map[string]string{"sample.go": sample, "r.json": results, "t.yaml": triage} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, filepath.Join(dir, "r.json"), filepath.Join(dir, "t.yaml")
}

const sampleResults = `{"files":[{"file_name":"sample.go","mutations":[
 {"type":"CONDITIONALS_BOUNDARY","status":"KILLED","line":4,"column":7},
 {"type":"CONDITIONALS_NEGATION","status":"TIMED OUT","line":4,"column":7},
 {"type":"CONDITIONALS_BOUNDARY","status":"LIVED","line":7,"column":11},
 {"type":"INVERT_LOGICAL","status":"LIVED","line":13,"column":20},
 {"type":"CONDITIONALS_NEGATION","status":"NOT COVERED","line":13,"column":29},
 {"type":"ARITHMETIC_BASE","status":"NOT VIABLE","line":13,"column":14}]}],"elapsed_time":61}`

func TestScoreCountsTriagedSurvivors(t *testing.T) {
	dir, r, tr := write(t, sampleResults, `
- {file: sample.go, func: T.Fast, class: equivalent, why: both paths decode the same}
- {file: sample.go, func: Limit, code: "n >= 0", class: missing-check, why: no check sends a negative}
`)
	var out bytes.Buffer
	code, err := run([]string{"-results", r, "-triage", tr, "-src", dir}, &out)
	if err != nil {
		t.Fatal(err)
	}
	// 5 viable; 2 equivalent leave 3 counted, of which 2 killed (one by the time bound): 66.7 %, below the goal.
	for _, want := range []string{
		"Mutants: 6 (1 not viable, 0 duplicates); killed by the suites: 2, of which 0 in out-of-scope code and 1 by running past the time bound",
		"Survivors: 3 — equivalent 2, out of scope 0, missing check 1, untriaged 0",
		"Score: 2 of 3 in-scope, non-equivalent mutants killed: 66.7 % (goal 90 %); 40.0 % of all 5 viable mutants",
		"sample.go:7:11 CONDITIONALS_BOUNDARY LIVED in Limit: return n >= 0",
		"sample.go:13:29 CONDITIONALS_NEGATION NOT COVERED in T.Fast: return len(b) < 2 || b[0] != '\"'",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the report lacks %q:\n%s", want, out.String())
		}
	}
	if code != 1 {
		t.Errorf("exit %d below the goal, want 1", code)
	}
	if code, _ := run([]string{"-results", r, "-triage", tr, "-src", dir, "-goal", "60"}, &out); code != 0 {
		t.Errorf("exit %d at or above the goal with every survivor triaged, want 0", code)
	}
}

func TestScoreRefusesUntriagedAndStale(t *testing.T) {
	dir, r, tr := write(t, sampleResults, `
- {file: sample.go, func: T.Fast, mutator: INVERT_LOGICAL, class: equivalent, why: both paths decode the same}
- {file: sample.go, func: Limit, code: "return false", class: equivalent, why: no mutant is on that line, so this entry is stale}
`)
	var out bytes.Buffer
	code, err := run([]string{"-results", r, "-triage", tr, "-src", dir, "-goal", "0"}, &out)
	if err != nil {
		t.Fatal(err)
	}
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{"untriaged 2", "UNTRIAGED", "in Limit: return n >= 0", `STALE triage entries`, `sample.go Limit "return false"`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the report lacks %q:\n%s", want, out.String())
		}
	}
}

// Out-of-scope entries take the kills in their code off both sides of the score; an entry that calls a killed
// mutant equivalent is refused; a '-' mutated twice into '+' counts once.
func TestScoreScopesKillsAndRefusesContradictions(t *testing.T) {
	results := `{"files":[{"file_name":"sample.go","mutations":[
 {"type":"CONDITIONALS_BOUNDARY","status":"KILLED","line":4,"column":7},
 {"type":"CONDITIONALS_BOUNDARY","status":"LIVED","line":7,"column":11},
 {"type":"INVERT_LOGICAL","status":"KILLED","line":13,"column":20},
 {"type":"CONDITIONALS_NEGATION","status":"KILLED","line":13,"column":29},
 {"type":"ARITHMETIC_BASE","status":"KILLED","line":13,"column":14},
 {"type":"INVERT_NEGATIVES","status":"KILLED","line":13,"column":14}]}]}`
	dir, r, tr := write(t, results, `
- {file: sample.go, func: Limit, class: out-of-scope, why: limits are another operation's}
`)
	var out bytes.Buffer
	code, err := run([]string{"-results", r, "-triage", tr, "-src", dir, "-goal", "0"}, &out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Mutants: 6 (0 not viable, 1 duplicates); killed by the suites: 4, of which 1 in out-of-scope code",
		"Survivors: 1 — equivalent 0, out of scope 1",
		"Score: 3 of 3 in-scope, non-equivalent mutants killed: 100.0 %",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the report lacks %q:\n%s", want, out.String())
		}
	}
	if code != 0 {
		t.Errorf("exit %d, want 0:\n%s", code, out.String())
	}
	if err := os.WriteFile(tr, []byte(`[{file: sample.go, func: T.Fast, class: equivalent, why: wrong}, {file: sample.go, func: Limit, class: out-of-scope, why: x}]`), 0o644); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if code, _ := run([]string{"-results", r, "-triage", tr, "-src", dir, "-goal", "0"}, &out); code != 1 || !strings.Contains(out.String(), "KILLED, yet triaged equivalent") {
		t.Errorf("an equivalent entry over killed mutants: exit %d, want 1 and the contradiction listed:\n%s", code, out.String())
	}
}

func TestScoreRefusesBadInput(t *testing.T) {
	dir, r, _ := write(t, sampleResults, "")
	for name, c := range map[string]struct{ triage, want string }{
		"class":   {`[{file: sample.go, func: Limit, class: maybe, why: x}]`, `class "maybe"`},
		"why":     {`[{file: sample.go, func: Limit, class: equivalent}]`, "why is required"},
		"func":    {`[{file: sample.go, class: equivalent, why: x}]`, "file and func are required"},
		"not yml": {`{`, "t.yaml"},
	} {
		if err := os.WriteFile(filepath.Join(dir, "t.yaml"), []byte(c.triage), 0o644); err != nil {
			t.Fatal(err)
		}
		code, err := run([]string{"-results", r, "-triage", filepath.Join(dir, "t.yaml"), "-src", dir}, &bytes.Buffer{})
		if code != 2 || err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: exit %d, error %v; want 2 and %q", name, code, err, c.want)
		}
	}
	if code, err := run([]string{"-triage", "x"}, &bytes.Buffer{}); code != 2 || err == nil {
		t.Errorf("without -results: exit %d, error %v; want 2 and an error", code, err)
	}
	if err := os.WriteFile(r, []byte(`{"files":[{"file_name":"sample.go","mutations":[{"type":"X","status":"LIVED","line":99,"column":1}]}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, err := run([]string{"-results", r, "-triage", "x", "-src", dir}, &bytes.Buffer{}); code != 2 || err == nil || !strings.Contains(err.Error(), "no such line") {
		t.Errorf("a line the source does not have: exit %d, error %v; want 2 and 'no such line'", code, err)
	}
}
