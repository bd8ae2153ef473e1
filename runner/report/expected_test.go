package report

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

const expectedYAML = `# known deviations of our implementation
- check: semantics.PublishVersion.unchanged-returns-latest
  reason: we publish a new version even when nothing changed
  link: https://tracker.example/LAMBDA-42
  expires: 2026-06-30
- rule: PublishVersion.status.201
  reason: we answer 200
  expires: 2026-01-31
- check: contract.UpdateFunctionCode.status-200
  reason: used to fail
- rule: UpdateFunctionCode.response.Runtime.enum
  reason: not asserted in this run
`

func TestParseExpected(t *testing.T) {
	e, err := ParseExpected("expected.yaml", []byte(expectedYAML))
	if err != nil {
		t.Fatal(err)
	}
	want := []ExpectedEntry{
		{Index: 1, Check: "semantics.PublishVersion.unchanged-returns-latest", Reason: "we publish a new version even when nothing changed",
			Link: "https://tracker.example/LAMBDA-42", Expires: "2026-06-30", Line: 2},
		{Index: 2, Rule: "PublishVersion.status.201", Reason: "we answer 200", Expires: "2026-01-31", Line: 6},
		{Index: 3, Check: "contract.UpdateFunctionCode.status-200", Reason: "used to fail", Line: 9},
		{Index: 4, Rule: "UpdateFunctionCode.response.Runtime.enum", Reason: "not asserted in this run", Line: 11},
	}
	if e.File != "expected.yaml" || !slices.Equal(e.Entries, want) {
		t.Errorf("got %+v", e)
	}
	if e, err := ParseExpected("empty.yaml", []byte("# nothing expected yet\n")); err != nil || len(e.Entries) != 0 {
		t.Errorf("an empty file: %+v, %v", e, err)
	}
}

// TestParseExpectedErrors: every mistake gets an error naming the file, the entry and its line, and the problem.
func TestParseExpectedErrors(t *testing.T) {
	for _, tc := range []struct{ name, yaml, want string }{
		{"malformed YAML", "- check: a\n  reason: [unclosed\n", "bad.yaml: not valid YAML: line"},
		{"not a list", "check: contract.PublishVersion.x\nreason: r\n", "bad.yaml (line 1): the file must be a list of entries"},
		{"an entry that is not a mapping", "- contract.PublishVersion.x\n", "bad.yaml: entry 1 (line 1): an entry must be a mapping"},
		{"unknown key", "- check: contract.PublishVersion.x\n  reason: r\n- check: contract.PublishVersion.y\n  reson: typo\n",
			`bad.yaml: entry 2 (line 3): unknown key "reson" (the keys are check, rule, reason, link, expires)`},
		{"check and rule", "- check: contract.PublishVersion.x\n  rule: PublishVersion.status.201\n  reason: r\n",
			"bad.yaml: entry 1 (line 1): an entry names a check or a rule, not both"},
		{"neither check nor rule", "- reason: r\n", "bad.yaml: entry 1 (line 1): an entry needs a check or a rule"},
		{"no reason", "- check: contract.PublishVersion.x\n", "bad.yaml: entry 1 (line 1): reason is required"},
		{"empty reason", "- check: contract.PublishVersion.x\n  reason: \"  \"\n", "bad.yaml: entry 1 (line 1): reason is empty"},
		{"bad date", "- check: contract.PublishVersion.x\n  reason: r\n  expires: 2026-02-30\n",
			`bad.yaml: entry 1 (line 1): expires "2026-02-30" is not a date (YYYY-MM-DD)`},
		{"date in another format", "- check: contract.PublishVersion.x\n  reason: r\n  expires: 30/06/2026\n", `expires "30/06/2026" is not a date`},
		{"list value", "- check: [contract.PublishVersion.x]\n  reason: r\n", "entry 1 (line 1): check must be a single value"},
		{"key twice", "- check: contract.PublishVersion.x\n  reason: r\n  reason: s\n", `entry 1 (line 1): key "reason" appears twice`},
		{"duplicate entry", "- rule: A.b\n  reason: r\n- rule: A.b\n  reason: s\n", "entry 2 (line 3): rule A.b is already listed in entry 1"},
		{"rule ID under check", "- check: PublishVersion.status.201\n  reason: r\n",
			`check "PublishVersion.status.201" is not a check ID (<family>.<operation>.<name>); for a rule ID, write rule: PublishVersion.status.201`},
		{"check ID under rule", "- rule: semantics.PublishVersion.x\n  reason: r\n", `rule "semantics.PublishVersion.x" is a check ID`},
	} {
		_, err := ParseExpected("bad.yaml", []byte(tc.yaml))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want it to contain %q", tc.name, err, tc.want)
		}
	}
}

func TestLoadExpected(t *testing.T) {
	path := filepath.Join(t.TempDir(), "expected.yaml")
	if err := os.WriteFile(path, []byte(expectedYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	e, err := LoadExpected(path)
	if err != nil || len(e.Entries) != 4 || e.File != path {
		t.Errorf("LoadExpected: %+v, %v", e, err)
	}
	missing := filepath.Join(t.TempDir(), "nope.yaml")
	if _, err := LoadExpected(missing); err == nil || !strings.Contains(err.Error(), missing) || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing file: %v", err)
	}
}

func TestApplyExpected(t *testing.T) {
	e, err := ParseExpected("expected.yaml", []byte(expectedYAML))
	if err != nil {
		t.Fatal(err)
	}
	r := sampleReport()
	ApplyExpected(&r, e, time.Date(2026, 5, 1, 23, 59, 0, 0, time.UTC))

	// The check entry covers its check; it holds until its date.
	semantics := r.check("semantics.PublishVersion.unchanged-returns-latest")
	if !semantics.ExpectedFailure() || semantics.Expected.Index != 1 {
		t.Errorf("check entry: %+v", semantics.Expected)
	}
	// The rule entry matches the contract failure, but a second rule failed too and the entry has expired.
	contract := r.check("contract.PublishVersion.status-201")
	if contract.ExpectedFailure() || contract.Expected == nil || !contract.Expected.Expired || contract.Expected.Index != 2 {
		t.Errorf("expired rule entry: %+v", contract.Expected)
	}
	if !strings.Contains(contract.Expected.Describe(), "expired on 2026-01-31, so the failure counts") {
		t.Errorf("describe: %s", contract.Expected.Describe())
	}
	got := map[int]EntryResult{}
	for _, en := range r.Expected.Entries {
		got[en.Index] = en
	}
	if en := got[1]; en.Status != EntryMatched || !slices.Equal(en.Checks, []string{"semantics.PublishVersion.unchanged-returns-latest"}) {
		t.Errorf("entry 1: %+v", en)
	}
	if en := got[2]; en.Status != EntryExpired || !slices.Equal(en.Checks, []string{"contract.PublishVersion.status-201"}) ||
		!strings.Contains(en.Note, "its failures count again") {
		t.Errorf("entry 2: %+v", en)
	}
	if en := got[3]; en.Status != EntryStale || en.Note != "the check passes now: remove the entry" {
		t.Errorf("entry 3: %+v", en)
	}
	if en := got[4]; en.Status != EntryStale || !strings.Contains(en.Note, "no check of this run asserts this rule") {
		t.Errorf("entry 4: %+v", en)
	}
	if r.Expected.Date != "2026-05-01" || r.Summary.Expected != 1 || r.Summary.Failed != 2 {
		t.Errorf("result date %s, summary %+v", r.Expected.Date, r.Summary)
	}
	v := r.Verdict()
	if v.Status != StatusNotConformant || v.Counted != 1 || v.Expected != 1 {
		t.Errorf("verdict %+v", v)
	}
	if len(r.Expected.Problems()) != 3 {
		t.Errorf("problems: %+v", r.Expected.Problems())
	}

	// Renewed, the rule entry still leaves the second failed rule uncovered; with both rules listed the check
	// is expected, and without the erring check the run is accepted (exit 0).
	e.Entries[1].Expires = "2026-12-31"
	ApplyExpected(&r, e, time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC))
	contract = r.check("contract.PublishVersion.status-201")
	if contract.ExpectedFailure() || !slices.Equal(contract.Expected.Uncovered, []string{"PublishVersion.status.documented"}) {
		t.Errorf("one of two rules covered: %+v", contract.Expected)
	}
	e.Entries = append(e.Entries, ExpectedEntry{Index: 5, Rule: "PublishVersion.status.documented", Reason: "same cause"})
	r.Checks = slices.DeleteFunc(r.Checks, func(c Check) bool { return c.Outcome == Error })
	ApplyExpected(&r, e, time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC))
	if c := r.check("contract.PublishVersion.status-201"); !c.ExpectedFailure() {
		t.Errorf("both rules covered: %+v", c.Expected)
	}
	if v := r.Verdict(); v.Status != StatusAccepted || v.ExitCode != 0 || v.Expected != 2 {
		t.Errorf("every failure expected: %+v", v)
	}

	// On the day after its date an entry has expired; applying again replaces the earlier result.
	ApplyExpected(&r, e, time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC))
	if c := r.check("semantics.PublishVersion.unchanged-returns-latest"); c.ExpectedFailure() || !c.Expected.Expired {
		t.Errorf("expired check entry: %+v", c.Expected)
	}
	if v := r.Verdict(); v.ExitCode != 1 || v.Counted != 1 {
		t.Errorf("after expiry: %+v", v)
	}
}

func TestStaleNotes(t *testing.T) {
	r := sampleReport()
	e := Expected{File: "x.yaml", Entries: []ExpectedEntry{
		{Index: 1, Check: "errors.PublishVersion.conflict", Reason: "r"},
		{Index: 2, Check: "semantics.UpdateFunctionCode.revision-match", Reason: "r"},
		{Index: 3, Check: "contract.PublishVersion.renamed", Reason: "r"},
		{Index: 4, Rule: "UpdateFunctionCode.status.200", Reason: "r"},
	}}
	ApplyExpected(&r, e, time.Now())
	for i, want := range []string{"the check was skipped", "could not judge the target", "no check with this ID ran", "no check failed this rule"} {
		if en := r.Expected.Entries[i]; en.Status != EntryStale || !strings.Contains(en.Note, want) {
			t.Errorf("entry %d: %+v, want a note with %q", i+1, en, want)
		}
	}
}
