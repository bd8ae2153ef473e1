package moto_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/lambdaconform/lambdaconform/conformance/moto"
	"github.com/lambdaconform/lambdaconform/internal/mototest"
	"github.com/lambdaconform/lambdaconform/internal/testbin"
	"github.com/lambdaconform/lambdaconform/runner/report"
	"github.com/lambdaconform/lambdaconform/spec"
)

// list is moto's divergence list, from this package's directory.
const list = "expected-failures.yaml"

var runnerBin string

func TestMain(m *testing.M) { testbin.Main(m, &runnerBin) }

// runs holds one run per profile with the list as it is, shared by the tests.
var runs sync.Map // profile → func() (moto.Result, error)

func runWithList(t *testing.T, profile string) moto.Result {
	t.Helper()
	once, _ := runs.LoadOrStore(profile, sync.OnceValues(func() (moto.Result, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		defer cancel()
		return moto.Run(ctx, runnerBin, profile, list)
	}))
	r, err := once.(func() (moto.Result, error))()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestMotoDivergenceList runs every check against the machine's moto, started from PATH, on both profiles with
// the divergence list: the run must be ACCEPTED, with no error and no stale or expired entry. A failure the list
// does not cover — a false alarm of the suite, or a change in moto — fails the test, named with its rules.
func TestMotoDivergenceList(t *testing.T) {
	mototest.Require(t)
	for _, profile := range spec.Profiles() {
		t.Run(profile, func(t *testing.T) {
			r := runWithList(t, profile)
			first, _, _ := strings.Cut(r.Stderr, "\n")
			t.Logf("%s in %s: %s", first, r.Duration.Round(100*time.Millisecond), r.Report.Verdict().Line)
			if !strings.Contains(first, "moto ") || !strings.Contains(first, "started as a local process") {
				t.Errorf("the first line does not say how moto was started and which version runs: %q", first)
			}
			if err := r.Judge(); err != nil {
				t.Fatalf("%v\nBring the list up to date with: go run ./conformance/moto/refresh", err)
			}
			if r.Report.Summary.Expected == 0 {
				t.Errorf("no failure was expected: the list was not applied (%+v)", r.Report.Summary)
			}
		})
	}
}

// TestPlantedChangesAreNamed drops two entries from the list — one of a rule alone, one of a rule in one check —
// and adds one that matches nothing: the run must fail naming exactly the checks the dropped entries covered, each
// with the dropped rule, and report the added entry as stale.
func TestPlantedChangesAreNamed(t *testing.T) {
	mototest.Require(t)
	const profile = spec.Seed2019
	base := runWithList(t, profile)
	e, err := report.LoadExpected(list)
	if err != nil {
		t.Fatal(err)
	}
	var alone, inCheck *report.ExpectedEntry
	for i, en := range e.Entries {
		if len(en.Profiles) > 0 && !slices.Contains(en.Profiles, profile) {
			continue
		}
		if en.Check == "" && alone == nil {
			alone = &e.Entries[i]
		}
		if en.Check != "" {
			inCheck = &e.Entries[i] // the last one
		}
	}
	if alone == nil || inCheck == nil {
		t.Fatal("the list has no entry of a rule alone, or none of a rule in a check, for seed-2019")
	}
	dropped := []report.ExpectedEntry{*alone, *inCheck}
	// What the dropped entries covered in the run with the whole list: those checks must now count, naming the rule.
	want := map[string][]string{} // check → dropped rules it fails
	for _, c := range base.Report.Checks {
		for _, d := range dropped {
			if c.Outcome == report.Failed && slices.Contains(c.FailedRules, d.Rule) && (d.Check == "" || d.Check == c.ID) {
				want[c.ID] = append(want[c.ID], d.Rule)
			}
		}
	}
	if len(want) < 2 {
		t.Fatalf("the dropped entries covered %v in the run with the whole list; the test needs failures to uncover", want)
	}
	var passing report.Check
	for _, c := range base.Report.Checks {
		if c.Outcome == report.Passed && len(c.Rules) > 0 {
			passing = c
			break
		}
	}
	stale := report.ExpectedEntry{Rule: passing.Rules[0], Check: passing.ID, Reason: "planted: this check passes on moto"}
	var planted []report.ExpectedEntry
	for _, en := range e.Entries {
		if en.Index != alone.Index && en.Index != inCheck.Index {
			planted = append(planted, en)
		}
	}
	planted = append(planted, stale)
	file := filepath.Join(t.TempDir(), "planted.yaml")
	writeList(t, file, planted)

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	r, err := moto.Run(ctx, runnerBin, profile, file)
	if err != nil {
		t.Fatal(err)
	}
	judged := r.Judge()
	if r.Code != 1 || judged == nil {
		t.Fatalf("with two entries dropped: exit %d, judged %v; want exit 1 and the failures named", r.Code, judged)
	}
	t.Logf("dropped entries %d (%s) and %d (%s); the planted list is judged:\n%v", alone.Index, alone.Subject(),
		inCheck.Index, inCheck.Subject(), judged)
	var unexpected []string
	for _, c := range r.Unexpected() {
		unexpected = append(unexpected, c.ID)
		if !slices.Equal(moto.UncoveredRules(c), want[c.ID]) {
			t.Errorf("%s: uncovered rules %v, want %v", c.ID, moto.UncoveredRules(c), want[c.ID])
		}
	}
	var wantChecks []string
	for id := range want {
		wantChecks = append(wantChecks, id)
	}
	slices.Sort(wantChecks)
	if !slices.Equal(unexpected, wantChecks) {
		t.Errorf("failures that count: %v, want exactly the checks the dropped entries covered %v", unexpected, wantChecks)
	}
	for id, rules := range want {
		named := fmt.Sprintf("not in the list: %s fails %s:", id, strings.Join(rules, ", "))
		if !strings.Contains(judged.Error(), named) {
			t.Errorf("the judgement does not say %q", named)
		}
		if !strings.Contains(r.Stdout, id) {
			t.Errorf("the runner's summary does not name %s", id)
		}
	}
	staleLine := fmt.Sprintf("stale entry %d (rule %s in check %s): the check passes now", len(planted), stale.Rule, stale.Check)
	if !strings.Contains(judged.Error(), staleLine) {
		t.Errorf("the judgement does not say %q", staleLine)
	}
}

// writeList writes entries in the expected-failures format.
func writeList(t *testing.T, file string, entries []report.ExpectedEntry) {
	t.Helper()
	var out []map[string]any
	for _, en := range entries {
		m := map[string]any{"reason": en.Reason}
		for k, v := range map[string]string{"rule": en.Rule, "check": en.Check, "evidence": en.Evidence,
			"severity": en.Severity, "link": en.Link, "expires": en.Expires} {
			if v != "" {
				m[k] = v
			}
		}
		if len(en.Profiles) > 0 {
			m["profiles"] = en.Profiles
		}
		out = append(out, m)
	}
	data, err := yaml.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

var (
	citesSection = regexp.MustCompile(`^docs/aws-behavior\.md §\d+`)
	section      = regexp.MustCompile(`§(\d+)(\.\d+)?`)
)

// hasSection reports whether the behaviour document has section n or n.m: a heading "## §n …" or "### §n.m …"
// (docs/aws-behavior.md), or "## n. …" and a paragraph "n.m …" (the shared reference it follows).
func hasSection(doc []byte, n, m string) bool {
	if m == "" {
		return regexp.MustCompile(`(?m)^#+ (§` + n + ` |` + n + `\. )`).Match(doc)
	}
	return regexp.MustCompile(`(?m)^(#+ §|#+ )?` + regexp.QuoteMeta(n+m) + ` `).Match(doc)
}

// TestEveryEntryCitesItsEvidence needs no moto: every entry names a rule that a check of each profile it holds for
// declares (the check it names, when it names one); says in one line what moto does; cites a section of the
// behaviour document; gives the rule's severity from the catalog; and points to moto's code.
func TestEveryEntryCitesItsEvidence(t *testing.T) {
	e, err := report.LoadExpected(list)
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Entries) == 0 {
		t.Fatal("the list is empty")
	}
	checks := map[string]map[string][]string{} // profile → check → rules
	for _, profile := range spec.Profiles() {
		out, err := exec.Command(runnerBin, "list", "--json", "--profile", profile).Output()
		if err != nil {
			t.Fatalf("runner list: %v", err)
		}
		var listed []struct {
			ID    string   `json:"id"`
			Rules []string `json:"rules"`
		}
		if err := json.Unmarshal(out, &listed); err != nil {
			t.Fatal(err)
		}
		checks[profile] = map[string][]string{}
		for _, c := range listed {
			checks[profile][c.ID] = c.Rules
		}
	}
	docPath := "../../docs/aws-behavior.md"
	if p := os.Getenv("LAMBDACONFORM_BEHAVIOR_DOC"); p != "" {
		docPath = p // another copy with the same numbering, such as the shared behaviour reference
	}
	doc, docErr := os.ReadFile(docPath)
	for _, en := range e.Entries {
		where := fmt.Sprintf("entry %d (%s)", en.Index, en.Subject())
		if en.Rule == "" {
			t.Errorf("%s: name the rule (and the check, when the rule covers several behaviours)", where)
		}
		if alone := moto.RuleAlone(en.Rule); alone != (en.Check == "") {
			t.Errorf("%s: rule %s covers %s, so the entry names %s", where, en.Rule,
				map[bool]string{true: "one behaviour wherever it is checked", false: "several behaviours"}[alone],
				map[bool]string{true: "the rule alone", false: "the rule and the check"}[alone])
		}
		for _, field := range []struct{ name, value string }{{"reason", en.Reason}, {"evidence", en.Evidence}, {"link", en.Link}} {
			if field.value == "" || strings.Contains(field.value, "TODO") || strings.Contains(field.value, "\n") {
				t.Errorf("%s: %s must be one line, written out: %q", where, field.name, field.value)
			}
		}
		if en.Expires != "" {
			t.Errorf("%s: a divergence of moto does not expire; remove it when moto or the check changes", where)
		}
		if !citesSection.MatchString(en.Evidence) {
			t.Errorf("%s: evidence %q does not start with a section of docs/aws-behavior.md (docs/aws-behavior.md §N.M)", where, en.Evidence)
		}
		for _, m := range section.FindAllStringSubmatch(strings.Split(en.Evidence, ";")[0], -1) {
			if docErr == nil && !hasSection(doc, m[1], m[2]) {
				t.Errorf("%s: docs/aws-behavior.md has no section §%s%s", where, m[1], m[2])
			}
		}
		if !strings.HasPrefix(en.Link, "moto ") && !strings.HasPrefix(en.Link, "https://") {
			t.Errorf("%s: link %q names neither moto's code (moto <version> <file> <function>) nor an issue", where, en.Link)
		}
		profiles := en.Profiles
		if len(profiles) == 0 {
			profiles = spec.Profiles()
		}
		for _, profile := range profiles {
			rule, ok := spec.MustLoad(profile).Rule(en.Rule)
			if !ok {
				t.Errorf("%s: profile %s has no rule %s", where, profile, en.Rule)
				continue
			}
			if string(rule.Severity) != en.Severity {
				t.Errorf("%s: severity %q, but the catalog of %s says %q", where, en.Severity, profile, rule.Severity)
			}
			if en.Check == "" {
				if !slices.ContainsFunc(slices.Collect(maps.Values(checks[profile])), func(rules []string) bool { return slices.Contains(rules, en.Rule) }) {
					t.Errorf("%s: no check of profile %s declares rule %s", where, profile, en.Rule)
				}
				continue
			}
			rules, ok := checks[profile][en.Check]
			switch {
			case !ok:
				t.Errorf("%s: profile %s has no check %s", where, profile, en.Check)
			case !slices.Contains(rules, en.Rule):
				t.Errorf("%s: check %s does not declare rule %s in profile %s", where, en.Check, en.Rule, profile)
			}
		}
	}
	if docErr != nil {
		t.Logf("docs/aws-behavior.md is not in the repository yet, so the sections cited are not looked up: %v", docErr)
	}
}
