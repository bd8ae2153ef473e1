package report

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lambdaconform/lambdaconform/spec"
)

// failedCheck is a failed check of op whose failures are the given rules (severity must unless the rule ends
// in "!should").
func failedCheck(id, op string, rules ...string) Check {
	c := Check{ID: id, Title: id, Operation: op, Family: strings.Split(id, ".")[0], Outcome: Failed}
	for _, r := range rules {
		sev := spec.SeverityMust
		if rule, ok := strings.CutSuffix(r, "!should"); ok {
			r, sev = rule, spec.SeverityShould
		}
		c.FailedRules = append(c.FailedRules, r)
		c.Failures = append(c.Failures, Failure{Rule: r, Severity: sev, Operation: failureCall(Check{Operation: op}, r, ""), What: "status",
			Message: "saw " + r})
	}
	c.FailedSeverity = failedSeverity(c.Failures)
	c.Reason = fmt.Sprintf("[%s] %s", c.FailedRules[0], c.Failures[0].Message)
	return c
}

// TestRootCauses: one wrong status in many checks is one root cause; rules that name an operation group by it,
// behaviour rules by the check's operation; those that count, then must, then the largest, come first.
func TestRootCauses(t *testing.T) {
	r := Report{Checks: []Check{
		failedCheck("semantics.UpdateFunctionCode.publish-flag", "UpdateFunctionCode", "PublishVersion.status.201"),
		failedCheck("contract.PublishVersion.status", "PublishVersion", "PublishVersion.status.201", "PublishVersion.status.documented"),
		failedCheck("semantics.PublishVersion.unchanged", "PublishVersion", "PublishVersion.status.201", "behavior.publish.unchanged-returns-latest"),
		failedCheck("errors.UpdateFunctionCode.key", "UpdateFunctionCode", "behavior.error.wire-format!should"),
		failedCheck("errors.PublishVersion.key", "PublishVersion", "behavior.error.wire-format!should"),
		{ID: "contract.PublishVersion.passes", Operation: "PublishVersion", Family: "contract", Outcome: Passed},
	}}
	causes := r.RootCauses()
	var got []string
	for _, rc := range causes {
		got = append(got, fmt.Sprintf("%s@%s %s %d", rc.Rule, rc.Operation, rc.Severity, len(rc.Checks)))
	}
	want := []string{
		"PublishVersion.status.201@PublishVersion must 3",
		"PublishVersion.status.documented@PublishVersion must 1",
		"behavior.publish.unchanged-returns-latest@PublishVersion must 1",
		"behavior.error.wire-format@PublishVersion should 1",
		"behavior.error.wire-format@UpdateFunctionCode should 1",
	}
	if !slices.Equal(got, want) {
		t.Errorf("root causes\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !slices.Equal(causes[0].Checks, []string{"contract.PublishVersion.status", "semantics.PublishVersion.unchanged",
		"semantics.UpdateFunctionCode.publish-flag"}) || causes[0].Reason != "status: saw PublishVersion.status.201" || !causes[0].Counts {
		t.Errorf("the first root cause: %+v", causes[0])
	}

	// Expected failures do not count, and sort after those that do.
	r.Checks[1].Expected = &Expectation{ExpectedEntry: ExpectedEntry{Index: 1, Check: r.Checks[1].ID, Reason: "known"}}
	causes = r.RootCauses()
	if causes[len(causes)-1].Rule != "PublishVersion.status.documented" || causes[len(causes)-1].Counts {
		t.Errorf("a root cause only an expected failure has should come last, not counting: %+v", causes)
	}
}

// TestFailOnMust: should failures are reported apart and, under fail on must, do not count.
func TestFailOnMust(t *testing.T) {
	shouldOnly := Report{Checks: []Check{
		failedCheck("errors.PublishVersion.key", "PublishVersion", "behavior.error.wire-format!should"),
		{ID: "contract.PublishVersion.passes", Operation: "PublishVersion", Family: "contract", Outcome: Passed},
	}}
	if v := shouldOnly.Verdict(); v.ExitCode != 1 || v.ShouldFailures != 1 || v.Line != "NOT CONFORMANT: 1 should failure" {
		t.Errorf("by default a should failure counts: %+v", v)
	}
	shouldOnly.FailOn = spec.SeverityMust
	if v := shouldOnly.Verdict(); v.Status != StatusAccepted || v.ExitCode != 0 || v.Counted != 0 ||
		v.Line != "ACCEPTED: no failure counts against the target (1 should failure not counted: fail on must)" {
		t.Errorf("under fail on must: %+v", v)
	}
	both := shouldOnly
	both.Checks = append(slices.Clone(both.Checks), failedCheck("contract.PublishVersion.status", "PublishVersion", "PublishVersion.status.201"))
	if v := both.Verdict(); v.ExitCode != 1 || v.Counted != 1 ||
		v.Line != "NOT CONFORMANT: 1 must failure (1 should failure not counted: fail on must)" {
		t.Errorf("a must failure under fail on must: %+v", v)
	}
	both.FailOn = ""
	if v := both.Verdict(); v.Counted != 2 || v.Line != "NOT CONFORMANT: 1 must failure, 1 should failure" {
		t.Errorf("both by default: %+v", v)
	}

	// Every writer tells must from should.
	both.FailOn = spec.SeverityMust
	for name, write := range map[string]func(*bytes.Buffer) error{
		"summary":  func(b *bytes.Buffer) error { return WriteSummary(b, both) },
		"JUnit":    func(b *bytes.Buffer) error { return WriteJUnit(b, both) },
		"JSON":     func(b *bytes.Buffer) error { return WriteJSON(b, both) },
		"HTML":     func(b *bytes.Buffer) error { return WriteHTML(b, both) },
		"Markdown": func(b *bytes.Buffer) error { return WriteMarkdown(b, both) },
	} {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		wants := map[string][]string{
			"summary": {"failed: 1 must · 1 should (fail on must", "  must: 1 root cause in 1 check", "Failures that do not count: 1 root cause"},
			"JUnit": {`<failure message="must failure: [PublishVersion.status.201]`,
				`<skipped message="not counted (fail on must): should failure: [behavior.error.wire-format]`, `name="fail_on" value="must"`},
			"JSON":     {`"fail_on": "must"`, `"failed_severity": "should"`, `"must_failures": 1`, `"should_failures": 1`},
			"HTML":     {`must failures <span class="legend">1 root cause in 1 check`, `should failures <span class="legend">`, `data-severity="should"`, "not counted: fail on must"},
			"Markdown": {"#### Must failures: 1 root cause in 1 check", "#### Should failures: 1 root cause in 1 check", "☑️ does not count", "fails on **must** failures only"},
		}[name]
		for _, want := range wants {
			if !strings.Contains(out, want) {
				t.Errorf("the %s report lacks %q:\n%s", name, want, out)
			}
		}
	}
}

// TestReasonsGrouped: skip reasons that differ in their specifics are one reason, with the specifics listed.
func TestReasonsGrouped(t *testing.T) {
	skipped := func(id, reason string) Check { return Check{ID: id, Outcome: Skipped, Reason: reason} }
	r := Report{Checks: []Check{
		skipped("a", "no PublishVersion response carried MasterArn, so the rule could not be exercised on this target"),
		skipped("b", "no UpdateFunctionCode response carried Layers[].Arn, so the rule could not be exercised on this target"),
		skipped("c", "no PublishVersion response carried KMSKeyArn, so the rule could not be exercised on this target"),
		skipped("d", "unknown response members are accepted unless strict mode is on (AWS adds members over time)"),
		skipped("e", `not selected by the label filter "family:semantics"`),
		skipped("f", `not selected by the label filter "family:semantics"`),
	}}
	groups := r.Reasons(Skipped)
	if len(groups) != 3 {
		t.Fatalf("groups %+v", groups)
	}
	if g := groups[0]; g.Reason != "no … response carried …, so the rule could not be exercised on this target" ||
		!slices.Equal(g.Values, []string{"PublishVersion", "MasterArn", "UpdateFunctionCode", "Layers[].Arn", "KMSKeyArn"}) ||
		len(g.Checks) != 3 {
		t.Errorf("the specifics are not taken out: %+v", g)
	}
	if g := groups[1]; g.Reason != `not selected by the label filter "family:semantics"` || g.Values != nil {
		t.Errorf("a reason the checks share whole stays whole: %+v", g)
	}
	if g := groups[2]; g.Reason != "unknown response members are accepted unless strict mode is on (AWS adds members over time)" {
		t.Errorf("acronyms are not specifics: %+v", g)
	}
}

// TestExpectedSummaryCountsChecksOnce: a check two entries cover is one failed check covered, and a run whose
// every failure is expected is not said to fail.
func TestExpectedSummaryCountsChecksOnce(t *testing.T) {
	r := Report{Checks: []Check{
		failedCheck("contract.PublishVersion.status", "PublishVersion", "PublishVersion.status.201"),
		{ID: "contract.PublishVersion.passes", Operation: "PublishVersion", Family: "contract", Outcome: Passed},
	}}
	ApplyExpected(&r, Expected{File: "x.yaml", Entries: []ExpectedEntry{
		{Index: 1, Check: "contract.PublishVersion.status", Reason: "known"},
		{Index: 2, Rule: "PublishVersion.status.201", Reason: "known too"},
	}}, time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC))
	out := summaryOf(t, r)
	if !strings.Contains(out, "2 entries, 1 entry matched; 1 failed check covered") {
		t.Errorf("the expected-failures line:\n%s", out)
	}
	if strings.Contains(out, "count against the target") || !strings.Contains(out, "ACCEPTED") {
		t.Errorf("an accepted run said to fail:\n%s", out)
	}
}

// TestExpectedIDsExist: an entry naming a check or rule the catalog does not have is an error naming it.
func TestExpectedIDsExist(t *testing.T) {
	e, err := ParseExpected("expected.yaml", []byte(expectedYAML))
	if err != nil {
		t.Fatal(err)
	}
	known := func(_, id string) bool { return id != "UpdateFunctionCode.response.Runtime.enum" }
	err = e.CheckIDs("seed-2019", known, known)
	if err == nil || err.Error() != "expected.yaml: entry 4 (line 11): no rule UpdateFunctionCode.response.Runtime.enum in the seed-2019 catalog (runner rules shows the rules)" {
		t.Errorf("error %v", err)
	}
	if err := e.CheckIDs("seed-2019", func(_, _ string) bool { return true }, func(_, _ string) bool { return true }); err != nil {
		t.Errorf("every ID exists: %v", err)
	}
	// An entry for another profile is checked against that profile's catalog, not the run's.
	scoped, err := ParseExpected("scoped.yaml", []byte("- rule: PublishVersion.request.PublishTo.enum\n  reason: r\n  profiles: aws-current\n"))
	if err != nil {
		t.Fatal(err)
	}
	inProfile := func(p, id string) bool { return p == "aws-current" }
	if err := scoped.CheckIDs("seed-2019", inProfile, inProfile); err != nil {
		t.Errorf("an aws-current entry judged against seed-2019: %v", err)
	}
	if err := scoped.CheckIDs("seed-2019", inProfile, func(string, string) bool { return false }); err == nil ||
		!strings.Contains(err.Error(), "no rule PublishVersion.request.PublishTo.enum in the aws-current catalog") {
		t.Errorf("a typo in an entry of another profile: %v", err)
	}
}

// TestBySeverity: must causes, then should causes, each in order; a cause of no known severity is listed as must.
func TestBySeverity(t *testing.T) {
	causes := []RootCause{{Rule: "a", Severity: spec.SeverityShould}, {Rule: "b", Severity: spec.SeverityMust},
		{Rule: "c"}, {Rule: "d", Severity: spec.SeverityShould}}
	var got []string
	for _, sc := range bySeverity(causes) {
		for _, rc := range sc.Causes {
			got = append(got, string(sc.Severity)+":"+rc.Rule)
		}
	}
	if want := []string{"must:b", "must:c", "should:a", "should:d"}; !slices.Equal(got, want) {
		t.Errorf("%v, want %v", got, want)
	}
}
