package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/lambdaconform/lambdaconform/spec"
	"github.com/lambdaconform/lambdaconform/suites"
)

// stoppedGinkgo is a Ginkgo report of a run that the suites stopped because the target went silent: one check
// passed, one failed before the stop, one was running when it stopped (its calls made, no failure yet), one
// aborted the suite at its start, one never started, and one was not selected by the label filter.
func stoppedGinkgo() types.Report {
	labels := func(id string, more ...string) []string {
		return append([]string{"check:" + id, "family:contract", "operation:PublishVersion"}, more...)
	}
	failed := &suites.Record{ID: "contract.PublishVersion.a-failed", Title: "failed", Operation: "PublishVersion", Family: suites.Contract,
		Severity: spec.SeverityMust, Rules: []string{"PublishVersion.status.201"}, FailedRules: []string{"PublishVersion.status.201"},
		Failures: []suites.FailureRecord{{Rule: "PublishVersion.status.201", Severity: spec.SeverityMust, What: "status of PublishVersion",
			Message: "PublishVersion got no answer"}, {Rule: "behavior.publish.unchanged-returns-latest", Severity: spec.SeverityMust,
			Operation: "ListVersionsByFunction", What: "versions", Message: "two versions"}}}
	running := &suites.Record{ID: "contract.PublishVersion.c-running", Title: "running", Operation: "PublishVersion", Family: suites.Contract,
		Rules: []string{"PublishVersion.status.201"}, Calls: []suites.CallRecord{{Operation: "CreateFunction", Status: 201}}}
	stop := suites.StoppedPrefix + "the target at http://127.0.0.1:9 went silent: 3 calls got no answer"
	return types.Report{SuiteDescription: "lambdaconform", SuiteConfig: types.SuiteConfig{LabelFilter: "!slow"},
		SpecReports: types.SpecReports{
			specReport("passed [contract.PublishVersion.0-passed]", types.SpecStatePassed, types.Failure{}, labels("contract.PublishVersion.0-passed"), nil),
			specReport("failed [contract.PublishVersion.a-failed]", types.SpecStateFailed,
				types.Failure{Message: "1 expectation failed", FailureNodeType: types.NodeTypeIt}, labels("contract.PublishVersion.a-failed"), failed),
			specReport("running [contract.PublishVersion.c-running]", types.SpecStateAborted,
				types.Failure{Message: stop, FailureNodeType: types.NodeTypeIt}, labels("contract.PublishVersion.c-running"), running),
			specReport("aborted at its start [contract.PublishVersion.d-aborted]", types.SpecStateAborted,
				types.Failure{Message: stop, FailureNodeType: types.NodeTypeIt}, labels("contract.PublishVersion.d-aborted"), nil),
			specReport("never started [contract.PublishVersion.e-never]", types.SpecStateSkipped, types.Failure{},
				labels("contract.PublishVersion.e-never"), nil),
			specReport("filtered out [contract.PublishVersion.f-filtered]", types.SpecStateSkipped, types.Failure{},
				labels("contract.PublishVersion.f-filtered", "slow"), nil),
		}}
}

func TestFromGinkgoStoppedRun(t *testing.T) {
	r := FromGinkgo(stoppedGinkgo(), "http://127.0.0.1:9", "seed-2019")
	if r.Stopped == nil || r.Stopped.Cause != StopSilentTarget || !strings.HasPrefix(r.Stopped.Reason, "the target at http://127.0.0.1:9 went silent") {
		t.Fatalf("stopped %+v", r.Stopped)
	}
	want := map[string]Outcome{"contract.PublishVersion.0-passed": Passed, "contract.PublishVersion.a-failed": Failed,
		"contract.PublishVersion.c-running": NotRun, "contract.PublishVersion.d-aborted": NotRun,
		"contract.PublishVersion.e-never": NotRun, "contract.PublishVersion.f-filtered": Skipped}
	for id, o := range want {
		if c := r.check(id); c.Outcome != o {
			t.Errorf("%s: %s (%s), want %s", id, c.Outcome, c.Reason, o)
		}
	}
	if c := r.check("contract.PublishVersion.c-running"); c.Reason != "not run: the run stopped while this check ran (the target went silent)" ||
		!strings.HasPrefix(c.Message, "not run: the run stopped while this check ran: the target at http://127.0.0.1:9 went silent") {
		t.Errorf("the running check: %q", c.Reason)
	}
	if c := r.check("contract.PublishVersion.e-never"); c.Reason != "not run: the run stopped before this check (the target went silent)" {
		t.Errorf("the check that never started: %q", c.Reason)
	}
	if c := r.check("contract.PublishVersion.f-filtered"); c.Reason != `not selected by the label filter "!slow"` {
		t.Errorf("the check the filter left out: %q", c.Reason)
	}
	// A failure names the call it judged; without one, the operation of its rule, else of its check.
	if c := r.check("contract.PublishVersion.a-failed"); c.FailedSeverity != spec.SeverityMust || len(c.Failures) != 2 ||
		c.Failures[0].Operation != "PublishVersion" || c.Failures[1].Operation != "ListVersionsByFunction" {
		t.Errorf("the failed check: %+v", c)
	}
	if r.Summary != (Summary{Total: 6, Passed: 1, Failed: 1, Skipped: 1, NotRun: 3}) {
		t.Errorf("summary %+v", r.Summary)
	}
	v := r.Verdict()
	if v.Status != StatusIncomplete || v.ExitCode != 3 || v.NotRun != 3 ||
		v.Line != "INCOMPLETE: the target went silent and the run stopped (1 must failure before it stopped; 3 checks not run)" {
		t.Errorf("verdict %+v", v)
	}
	groups := r.Reasons(NotRun)
	if len(groups) != 2 || len(groups[0].Checks)+len(groups[1].Checks) != 3 {
		t.Errorf("not-run reasons %+v", groups)
	}
}

// TestFromGinkgoInterrupted: a check interrupted after a failure keeps it; one interrupted before judging, and
// those after it, did not run.
func TestFromGinkgoInterrupted(t *testing.T) {
	g := stoppedGinkgo()
	for i := range g.SpecReports {
		if g.SpecReports[i].State == types.SpecStateAborted {
			g.SpecReports[i].State, g.SpecReports[i].Failure.Message = types.SpecStateInterrupted, "Interrupted by User"
		}
	}
	g.SpecialSuiteFailureReasons = []string{"Interrupted by User"}
	r := FromGinkgo(g, "http://127.0.0.1:9", "seed-2019")
	if r.Stopped == nil || r.Stopped.Cause != StopInterrupted {
		t.Fatalf("stopped %+v", r.Stopped)
	}
	if c := r.check("contract.PublishVersion.c-running"); c.Outcome != NotRun {
		t.Errorf("the interrupted check: %+v", c)
	}
	if v := r.Verdict(); v.ExitCode != 3 || !strings.HasPrefix(v.Line, "INCOMPLETE: the run was interrupted (") {
		t.Errorf("verdict %+v", v)
	}
	// A check interrupted after it recorded a failure keeps it.
	g.SpecReports[1].State = types.SpecStateInterrupted
	if c := FromGinkgo(g, "", "seed-2019").check("contract.PublishVersion.a-failed"); c.Outcome != Failed ||
		!strings.Contains(c.Message, "The run stopped while this check ran") {
		t.Errorf("a check interrupted after a failure: %+v", c)
	}
}

// TestFromPreview: a run that stopped before any check ran reports every check it would have run as not run.
func TestFromPreview(t *testing.T) {
	preview := types.Report{SuiteDescription: "lambdaconform", SuiteConfig: types.SuiteConfig{LabelFilter: "!slow"},
		SpecReports: types.SpecReports{
			specReport("would run [contract.PublishVersion.a]", types.SpecStatePassed, types.Failure{}, []string{"check:contract.PublishVersion.a"}, nil),
			specReport("filtered [contract.PublishVersion.b]", types.SpecStateSkipped, types.Failure{}, []string{"check:contract.PublishVersion.b", "slow"}, nil),
		}}
	stop := Stop{Cause: StopUnreachable, Reason: "http://127.0.0.1:9 did not answer: connection refused"}
	r := FromPreview(preview, "http://127.0.0.1:9", "seed-2019", stop)
	if a := r.check("contract.PublishVersion.a"); a.Outcome != NotRun || !strings.Contains(a.Message, "connection refused") ||
		a.Reason != "not run: the run stopped before this check (the target was unreachable)" {
		t.Errorf("a: %+v", a)
	}
	if b := r.check("contract.PublishVersion.b"); b.Outcome != Skipped || !strings.HasPrefix(b.Reason, "not selected") {
		t.Errorf("b: %+v", b)
	}
	v := r.Verdict()
	if v.ExitCode != 3 || v.Line != "INCOMPLETE: the target was unreachable; no check ran (1 check not run)" {
		t.Errorf("verdict %+v", v)
	}
	for name, write := range map[string]func(*bytes.Buffer) error{
		"summary":  func(b *bytes.Buffer) error { return WriteSummary(b, r) },
		"JUnit":    func(b *bytes.Buffer) error { return WriteJUnit(b, r) },
		"JSON":     func(b *bytes.Buffer) error { return WriteJSON(b, r) },
		"HTML":     func(b *bytes.Buffer) error { return WriteHTML(b, r) },
		"Markdown": func(b *bytes.Buffer) error { return WriteMarkdown(b, r) },
	} {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), "connection refused") || !strings.Contains(b.String(), "INCOMPLETE") {
			t.Errorf("the %s report does not say what happened:\n%s", name, b.String())
		}
		if name == "JSON" {
			if err := schema.Validate(b.Bytes()); err != nil {
				t.Errorf("the JSON report of a stopped run: %v", err)
			}
		}
	}
}

// TestJUnitStoppedRun: checks that did not run are <skipped> saying so, and the stop is an <error> of its own
// testsuite, so that CI shows it.
func TestJUnitStoppedRun(t *testing.T) {
	doc := parseJUnit(t, FromGinkgo(stoppedGinkgo(), "http://127.0.0.1:9", "seed-2019"))
	notRun, stopErrors := 0, 0
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			if c.Skipped != nil && strings.HasPrefix(c.Skipped.Message, "not run: the run stopped") {
				notRun++
			}
			if s.Name == "lambdaconform.run" && c.Error != nil && strings.Contains(c.Error.Message, "went silent") {
				stopErrors++
			}
		}
	}
	if notRun != 3 || stopErrors != 1 || doc.Errors != 1 {
		t.Errorf("%d not-run cases, %d stop errors, %d errors in all", notRun, stopErrors, doc.Errors)
	}
}

// TestJUnitTimeIsRounded: times are seconds with three decimals, as JUnit readers expect.
func TestJUnitTimeIsRounded(t *testing.T) {
	r := sampleReport()
	r.Duration = 38_000_001 // 0.038000001 s
	var b bytes.Buffer
	if err := WriteJUnit(&b, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `<testsuites name="lambdaconform" tests="6" failures="2" errors="1" skipped="1" time="0.038">`) ||
		!strings.Contains(b.String(), `time="0.004"`) || strings.Contains(b.String(), "00000") {
		t.Errorf("times:\n%s", b.String())
	}
}
