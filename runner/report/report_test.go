package report

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/lambdaconform/lambdaconform/suites"
)

func specReport(text string, state types.SpecState, failure types.Failure, labels []string, rec *suites.Record) types.SpecReport {
	s := types.SpecReport{LeafNodeType: types.NodeTypeIt, LeafNodeText: text, LeafNodeLabels: labels, State: state, Failure: failure}
	if rec != nil {
		s.ReportEntries = types.ReportEntries{{Name: suites.ReportEntryName, Value: types.WrapEntryValue(*rec)}}
	}
	return s
}

func TestFromGinkgo(t *testing.T) {
	inIt := types.Failure{FailureNodeType: types.NodeTypeIt}
	failRec := &suites.Record{ID: "contract.PublishVersion.status-201", Title: "PublishVersion answers 201", Operation: "PublishVersion",
		Family: suites.Contract, Evidence: "docs", Rules: []string{"PublishVersion.status.201"}, FailedRules: []string{"PublishVersion.status.201"},
		Failures: []suites.FailureRecord{{Rule: "PublishVersion.status.201", What: "status of PublishVersion", Message: "Expected\n    <int>: 200\nto equal\n    <int>: 201"},
			{Rule: "PublishVersion.status.documented", What: "status", Message: "200 is not documented"}},
		Calls: []suites.CallRecord{{Operation: "PublishVersion", Method: "POST", URL: "http://x/2015-03-31/functions/f/versions", Status: 200}}}
	g := types.Report{StartTime: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), RunTime: 2 * time.Second,
		SuiteConfig: types.SuiteConfig{LabelFilter: "family: {contract}"},
		SpecReports: types.SpecReports{
			specReport("PublishVersion answers 201 [contract.PublishVersion.status-201]", types.SpecStateFailed,
				types.Failure{Message: "2 expectation(s) failed", FailureNodeType: types.NodeTypeIt}, nil, failRec),
			specReport("a passing check [semantics.UpdateFunctionCode.ok]", types.SpecStatePassed, types.Failure{},
				[]string{"check:semantics.UpdateFunctionCode.ok", "operation:UpdateFunctionCode", "family:semantics",
					"evidence:docs", "rule:A", "rule:B"}, nil),
			specReport("set-up [errors.PublishVersion.setup]", types.SpecStateFailed,
				types.Failure{Message: suites.SetupErrorPrefix + "CreateFunction was refused", FailureNodeType: types.NodeTypeIt},
				[]string{"check:errors.PublishVersion.setup"}, nil),
			specReport("before each [errors.PublishVersion.before]", types.SpecStateFailed,
				types.Failure{Message: "boom", FailureNodeType: types.NodeTypeBeforeEach}, []string{"check:errors.PublishVersion.before"}, nil),
			specReport("skipped [contract.UpdateFunctionCode.skip]", types.SpecStateSkipped, types.Failure{Message: "not applicable"},
				[]string{"check:contract.UpdateFunctionCode.skip"}, nil),
			specReport("panics [interop.PublishVersion.panic]", types.SpecStatePanicked, types.Failure{ForwardedPanic: "nil map", Message: "x"},
				[]string{"check:interop.PublishVersion.panic"}, nil),
			specReport("times out [interop.PublishVersion.slow]", types.SpecStateTimedout, inIt, []string{"check:interop.PublishVersion.slow"}, nil),
			{LeafNodeType: types.NodeTypeBeforeSuite, State: types.SpecStateFailed, Failure: types.Failure{Message: "no target\nmore"}},
			{LeafNodeType: types.NodeTypeAfterSuite, State: types.SpecStatePassed},
		}}
	r := FromGinkgo(g, "http://127.0.0.1:9000", "seed-2019")
	want := map[string]Outcome{
		"contract.PublishVersion.status-201": Failed, "semantics.UpdateFunctionCode.ok": Passed,
		"errors.PublishVersion.setup": Error, "errors.PublishVersion.before": Error, "contract.UpdateFunctionCode.skip": Skipped,
		"interop.PublishVersion.panic": Error, "interop.PublishVersion.slow": Error, "suite.BeforeSuite": Error,
	}
	if len(r.Checks) != len(want) {
		t.Fatalf("%d checks, want %d: %+v", len(r.Checks), len(want), r.Checks)
	}
	for id, o := range want {
		if got := r.check(id).Outcome; got != o {
			t.Errorf("%s: outcome %s, want %s", id, got, o)
		}
	}
	if !slices.IsSortedFunc(r.Checks, func(a, b Check) int { return strings.Compare(a.ID, b.ID) }) {
		t.Errorf("checks are not sorted by ID")
	}
	if r.Summary != (Summary{Total: 8, Passed: 1, Failed: 1, Skipped: 1, Error: 5}) {
		t.Errorf("summary %+v", r.Summary)
	}
	if r.Schema != SchemaVersion || r.Tool != Tool || r.Version == "" || r.Duration != 2*time.Second || r.Selection.LabelFilter != "family: {contract}" {
		t.Errorf("report identity: %+v", r)
	}
	f := r.check("contract.PublishVersion.status-201")
	if f.Reason != "[PublishVersion.status.201] status of PublishVersion: Expected <int>: 200 to equal <int>: 201 (and 1 more)" {
		t.Errorf("reason %q", f.Reason)
	}
	if f.Title != "PublishVersion answers 201" || len(f.Calls) != 1 || f.Operation != "PublishVersion" {
		t.Errorf("failed check from its record: %+v", f)
	}
	p := r.check("semantics.UpdateFunctionCode.ok")
	if p.Title != "a passing check" || p.Family != "semantics" || p.Operation != "UpdateFunctionCode" || !slices.Equal(p.Rules, []string{"A", "B"}) {
		t.Errorf("check from its labels: %+v", p)
	}
	if s := r.check("errors.PublishVersion.setup"); s.Reason != "CreateFunction was refused" || !strings.HasPrefix(s.Message, suites.SetupErrorPrefix) {
		t.Errorf("set-up error: reason %q, message %q", s.Reason, s.Message)
	}
	if s := r.check("suite.BeforeSuite"); s.Reason != "no target" || s.Family != "suite" {
		t.Errorf("suite error: %+v", s)
	}
}

// TestInterruptedRunIsIncomplete: a run interrupted between two checks has only passes and skips among its
// checks; it must not be judged conformant, and the check it never reached did not run.
func TestInterruptedRunIsIncomplete(t *testing.T) {
	g := types.Report{SpecialSuiteFailureReasons: []string{"Interrupted by User"}, SpecReports: types.SpecReports{
		specReport("a passing check [semantics.UpdateFunctionCode.ok]", types.SpecStatePassed, types.Failure{},
			[]string{"check:semantics.UpdateFunctionCode.ok"}, nil),
		specReport("never ran [semantics.UpdateFunctionCode.later]", types.SpecStateSkipped, types.Failure{},
			[]string{"check:semantics.UpdateFunctionCode.later"}, nil),
	}}
	r := FromGinkgo(g, "http://127.0.0.1:9000", "seed-2019")
	if r.Stopped == nil || r.Stopped.Cause != StopInterrupted {
		t.Errorf("stopped: %+v, want interrupted", r.Stopped)
	}
	if c := r.check("semantics.UpdateFunctionCode.later"); c.Outcome != NotRun {
		t.Errorf("the check that never ran: %s, want not run", c.Outcome)
	}
	if v := r.Verdict(); v.Status != StatusIncomplete || v.ExitCode != 3 {
		t.Errorf("verdict %+v, want incomplete (exit 3)", v)
	}
}

func TestVerdict(t *testing.T) {
	base := sampleReport()
	onlyPasses := Report{Checks: []Check{base.check("contract.UpdateFunctionCode.status-200")}}
	errorsOnly := Report{Checks: []Check{base.check("contract.UpdateFunctionCode.status-200"), base.check("semantics.UpdateFunctionCode.revision-match")}}
	allSkipped := Report{Checks: []Check{base.check("errors.PublishVersion.conflict")}}
	expectedOnly := sampleReport()
	expectedOnly.Checks = slices.DeleteFunc(expectedOnly.Checks, func(c Check) bool { return c.Outcome == Error })
	for i := range expectedOnly.Checks {
		if expectedOnly.Checks[i].Outcome == Failed {
			expectedOnly.Checks[i].Expected = &Expectation{ExpectedEntry: ExpectedEntry{Index: 1, Reason: "known"}}
		}
	}
	for _, tc := range []struct {
		name   string
		r      Report
		status Status
		code   int
		line   string
	}{
		{"failures and an error", sampleReport(), StatusNotConformant, 1, "NOT CONFORMANT: 2 must failures (1 check could not judge the target)"},
		{"passes only", onlyPasses, StatusConformant, 0, "CONFORMANT: every check that judged the target passed (1 passed, 0 skipped)"},
		{"an error, no failure", errorsOnly, StatusIncomplete, 3, "INCOMPLETE: 1 check could not judge the target"},
		{"no check", Report{}, StatusIncomplete, 3, "INCOMPLETE: no check ran; does the selection match any check?"},
		{"all skipped", allSkipped, StatusIncomplete, 3, "INCOMPLETE: no check judged the target (all 1 skipped)"},
		{"expected failures only", expectedOnly, StatusAccepted, 0, "ACCEPTED: no failure counts against the target (2 expected failures)"},
	} {
		v := tc.r.Verdict()
		if v.Status != tc.status || v.ExitCode != tc.code || v.Line != tc.line {
			t.Errorf("%s: %+v, want %s, exit %d, %q", tc.name, v, tc.status, tc.code, tc.line)
		}
		if tc.r.Conformant() != (tc.code == 0) {
			t.Errorf("%s: Conformant() = %v with exit code %d", tc.name, tc.r.Conformant(), tc.code)
		}
	}
}

func TestMatrix(t *testing.T) {
	r := sampleReport()
	r.Checks = append(r.Checks, Check{ID: "suite.BeforeSuite", Family: "suite", Outcome: Error})
	m := r.Matrix()
	if !slices.Equal(m.Operations, []string{"UpdateFunctionCode", "PublishVersion", NoOperation}) {
		t.Errorf("rows %v", m.Operations)
	}
	if !slices.Equal(m.Families, []string{"contract", "semantics", "errors", "interop", "suite"}) {
		t.Errorf("columns %v", m.Families)
	}
	if c := m.Cell("PublishVersion", "contract"); c != (Summary{Total: 1, Failed: 1}) {
		t.Errorf("PublishVersion × contract: %+v", c)
	}
	if c := m.Row("UpdateFunctionCode"); c != (Summary{Total: 3, Passed: 2, Error: 1}) {
		t.Errorf("UpdateFunctionCode row: %+v", c)
	}
	if c := m.Column("semantics"); c != (Summary{Total: 2, Failed: 1, Error: 1}) {
		t.Errorf("semantics column: %+v", c)
	}
	if c := m.Cell(NoOperation, "suite"); c != (Summary{Total: 1, Error: 1}) {
		t.Errorf("run-level errors: %+v", c)
	}
	if m.Total() != summarize(r.Checks) {
		t.Errorf("total %+v, want %+v", m.Total(), summarize(r.Checks))
	}
}
