package report

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
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
	if e.File != "expected.yaml" || !reflect.DeepEqual(e.Entries, want) {
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
			`bad.yaml: entry 2 (line 3): unknown key "reson" (the keys are check, rule, reason, evidence, severity, link, profiles, expires)`},
		{"bad severity", "- rule: A.b\n  reason: r\n  severity: may\n", `entry 1 (line 1): severity "may": want must or should`},
		{"unknown profile", "- rule: A.b\n  reason: r\n  profiles: [seed-2019, aws-2030]\n", `profiles: "aws-2030" is not a profile`},
		{"profile twice", "- rule: A.b\n  reason: r\n  profiles: [seed-2019, seed-2019]\n", "profiles: seed-2019 is listed twice"},
		{"no profile", "- rule: A.b\n  reason: r\n  profiles: []\n", "profiles is empty"},
		{"profiles as a mapping", "- rule: A.b\n  reason: r\n  profiles: {a: b}\n", "is not a profile"},
		{"duplicate scoped entry", "- rule: A.b\n  check: errors.PublishVersion.x\n  reason: r\n- check: errors.PublishVersion.x\n  rule: A.b\n  reason: s\n",
			"entry 2 (line 4): rule A.b in check errors.PublishVersion.x is already listed in entry 1"},
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

// TestParseExpectedDivergenceFields: an entry may name a rule within one check, cite its evidence, give its
// severity and hold for some profiles only.
func TestParseExpectedDivergenceFields(t *testing.T) {
	e, err := ParseExpected("moto.yaml", []byte(`- rule: behavior.revision.mismatch
  check: semantics.PublishVersion.revision-mismatch
  reason: PublishVersion ignores RevisionId
  evidence: docs/aws-behavior.md §5.2
  severity: must
  link: https://github.com/getmoto/moto/issues/1
  profiles: [aws-current, seed-2019]
- rule: PublishVersion.request.PublishTo.enum
  reason: not validated
  severity: should
  profiles: aws-current
`))
	if err != nil {
		t.Fatal(err)
	}
	want := []ExpectedEntry{
		{Index: 1, Rule: "behavior.revision.mismatch", Check: "semantics.PublishVersion.revision-mismatch", Reason: "PublishVersion ignores RevisionId",
			Evidence: "docs/aws-behavior.md §5.2", Severity: "must", Link: "https://github.com/getmoto/moto/issues/1", Profiles: []string{"aws-current", "seed-2019"}, Line: 1},
		{Index: 2, Rule: "PublishVersion.request.PublishTo.enum", Reason: "not validated", Severity: "should", Profiles: []string{"aws-current"}, Line: 8},
	}
	if !reflect.DeepEqual(e.Entries, want) {
		t.Errorf("got %+v", e.Entries)
	}
	if s := e.Entries[0].Subject(); s != "rule behavior.revision.mismatch in check semantics.PublishVersion.revision-mismatch" {
		t.Errorf("subject %q", s)
	}
}

// TestApplyExpectedScopedAndProfiles: an entry naming a rule and a check covers that rule in that check only;
// an entry for another profile is not applied and is no problem; a scoped entry whose check fails another rule
// is stale and says which rule fails now.
func TestApplyExpectedScopedAndProfiles(t *testing.T) {
	r := sampleReport() // seed-2019
	e := Expected{File: "x.yaml", Entries: []ExpectedEntry{
		{Index: 1, Rule: "PublishVersion.status.201", Check: "contract.PublishVersion.status-201", Reason: "r"},
		{Index: 2, Rule: "PublishVersion.status.documented", Check: "contract.PublishVersion.status-201", Reason: "r"},
		{Index: 3, Rule: "behavior.publish.unchanged-returns-latest", Check: "contract.PublishVersion.status-201", Reason: "wrong check"},
		{Index: 4, Rule: "behavior.publish.unchanged-returns-latest", Reason: "other profile", Profiles: []string{"aws-current"}},
		{Index: 5, Check: "semantics.PublishVersion.unchanged-returns-latest", Reason: "other profile", Profiles: []string{"aws-current"}},
	}}
	ApplyExpected(&r, e, time.Now())
	if c := r.check("contract.PublishVersion.status-201"); !c.ExpectedFailure() {
		t.Errorf("both rules covered in their check: %+v", c.Expected)
	}
	if c := r.check("semantics.PublishVersion.unchanged-returns-latest"); c.Expected != nil {
		t.Errorf("a rule scoped to another check, or an entry of another profile, covered it: %+v", c.Expected)
	}
	st := map[int]EntryResult{}
	for _, en := range r.Expected.Entries {
		st[en.Index] = en
	}
	if st[1].Status != EntryMatched || st[2].Status != EntryMatched {
		t.Errorf("scoped entries: %+v %+v", st[1], st[2])
	}
	if en := st[3]; en.Status != EntryStale || !strings.Contains(en.Note, "not this rule (it failed PublishVersion.status.201, PublishVersion.status.documented)") {
		t.Errorf("entry 3: %+v", en)
	}
	for _, i := range []int{4, 5} {
		if en := st[i]; en.Status != EntryOtherProfile || en.Note != "holds for aws-current; this run checked seed-2019" {
			t.Errorf("entry %d: %+v", i, en)
		}
	}
	if p := r.Expected.Problems(); len(p) != 1 || p[0].Index != 3 {
		t.Errorf("problems: %+v", p)
	}
	if out := summaryOf(t, r); !strings.Contains(out, "5 entries (2 for other profiles), 2 entries matched;") ||
		!strings.Contains(out, "1 failed check covered") ||
		strings.Contains(out, "other-profile entry") {
		t.Errorf("the summary's expected-failures section:\n%s", out)
	}
	if v := r.Verdict(); v.Counted != 1 || v.Expected != 1 {
		t.Errorf("verdict %+v", v)
	}
	// The same entries for an aws-current run: 4 and 5 hold, and the check entry covers the semantic failure.
	r.Profile = "aws-current"
	ApplyExpected(&r, e, time.Now())
	if c := r.check("semantics.PublishVersion.unchanged-returns-latest"); !c.ExpectedFailure() || c.Expected.Index != 5 {
		t.Errorf("aws-current: %+v", c.Expected)
	}
}
