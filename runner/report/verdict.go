package report

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/lambdaconform/lambdaconform/spec"
	"github.com/lambdaconform/lambdaconform/suites"
)

// Status is the verdict of a run.
type Status string

// The statuses, from best to worst. Accepted means failures remain but every one is either covered by an
// unexpired expected-failure entry or was already failing in the baseline.
const (
	StatusConformant    Status = "conformant"     // every judged check passed; exit 0
	StatusAccepted      Status = "accepted"       // every failure is expected or known to the baseline; exit 0
	StatusNotConformant Status = "not-conformant" // at least one failure counts; exit 1
	StatusIncomplete    Status = "incomplete"     // the run stopped early, checks erred, or none judged; exit 3
)

// ExitCode is the runner's exit code for the status (README, "Exit codes").
func (s Status) ExitCode() int {
	switch s {
	case StatusConformant, StatusAccepted:
		return 0
	case StatusNotConformant:
		return 1
	}
	return 3
}

// Verdict is what a run decided, with the numbers behind it.
type Verdict struct {
	Status   Status `json:"status"`
	ExitCode int    `json:"exit_code"`
	Line     string `json:"line"` // one line for people, e.g. "NOT CONFORMANT: 3 must failures"
	// Counted is the number of failures that count against the target: failed checks that no unexpired
	// expected-failure entry covers, that the baseline (when given) did not already have, and, when the run fails
	// on must failures only, that failed a must rule.
	Counted       int `json:"counted_failures"`
	Expected      int `json:"expected_failures"`       // failures an unexpired entry covers
	KnownFailures int `json:"known_baseline_failures"` // other failures the baseline already had
	// MustFailures and ShouldFailures split the failures that are neither expected nor in the baseline by
	// severity: a check failed must when any rule it failed is must. Both count unless FailOn is must.
	MustFailures   int           `json:"must_failures"`
	ShouldFailures int           `json:"should_failures"`
	FailOn         spec.Severity `json:"fail_on"` // should (every failure counts, the default) or must
	NotRun         int           `json:"not_run"` // checks that did not run because the run stopped
}

// Verdict decides the run. A failure counts unless an unexpired expected-failure entry covers it, the baseline
// (when one was applied) already had it, or the report fails on must failures only and it failed should rules
// only. A run that stopped early (the target went silent or was unreachable, the run was interrupted), or in
// which checks did not run, is incomplete (exit 3) whatever it found. Otherwise counted failures make it
// non-conformant (exit 1); an error or a run that judged nothing (no check passed or failed) makes it incomplete
// (exit 3); otherwise it is conformant, or accepted when tolerated failures remain (exit 0).
func (r Report) Verdict() Verdict {
	v := Verdict{FailOn: r.failOn()}
	s := summarize(r.Checks)
	v.NotRun = s.NotRun
	for _, c := range r.Checks {
		switch {
		case c.Outcome != Failed:
		case c.ExpectedFailure():
			v.Expected++
		case r.Baseline != nil && c.Baseline == StillFailing:
			v.KnownFailures++
		case c.FailedSeverity == spec.SeverityShould:
			v.ShouldFailures++
		default:
			v.MustFailures++
		}
	}
	ignored := 0 // should failures that do not count
	v.Counted = v.MustFailures + v.ShouldFailures
	if v.FailOn == spec.SeverityMust {
		v.Counted, ignored = v.MustFailures, v.ShouldFailures
	}
	var extra []string
	if v.Expected > 0 {
		extra = append(extra, plural(v.Expected, "expected failure", "expected failures"))
	}
	if v.KnownFailures > 0 {
		extra = append(extra, plural(v.KnownFailures, "failure already in the baseline", "failures already in the baseline"))
	}
	if ignored > 0 {
		extra = append(extra, plural(ignored, "should failure", "should failures")+" not counted: fail on must")
	}
	judgeErrors := plural(s.Error, "check could not judge the target", "checks could not judge the target")
	switch {
	case r.Stopped != nil || s.NotRun > 0:
		v.Status = StatusIncomplete
		var found []string
		if v.Counted > 0 {
			found = append(found, r.failuresText(v)+" before it stopped")
		}
		if s.Error > 0 {
			found = append(found, judgeErrors)
		}
		found = append(found, plural(s.NotRun, "check not run", "checks not run"))
		v.Line = "INCOMPLETE: " + stopSummary(r.Stopped) + parenthesize(append(found, extra...))
	case v.Counted > 0:
		v.Status = StatusNotConformant
		if s.Error > 0 {
			extra = append(extra, judgeErrors)
		}
		v.Line = "NOT CONFORMANT: " + r.failuresText(v) + parenthesize(extra)
	case s.Error > 0:
		v.Status = StatusIncomplete
		v.Line = "INCOMPLETE: " + judgeErrors + parenthesize(extra)
	case s.Passed+s.Failed == 0:
		v.Status = StatusIncomplete
		if s.Total == 0 {
			v.Line = "INCOMPLETE: no check ran; does the selection match any check?"
		} else {
			v.Line = fmt.Sprintf("INCOMPLETE: no check judged the target (all %d skipped)", s.Total)
		}
	case s.Failed > 0:
		v.Status = StatusAccepted
		v.Line = "ACCEPTED: no failure counts against the target" + parenthesize(extra)
	default:
		v.Status = StatusConformant
		v.Line = fmt.Sprintf("CONFORMANT: every check that judged the target passed (%d passed, %d skipped)", s.Passed, s.Skipped)
	}
	v.ExitCode = v.Status.ExitCode()
	return v
}

// failOn is the report's fail-on severity, should when unset.
func (r Report) failOn() spec.Severity {
	if r.FailOn == spec.SeverityMust {
		return spec.SeverityMust
	}
	return spec.SeverityShould
}

// failuresText says how many failures count, by severity: "2 must failures, 1 should failure", "1 new must
// failure since the baseline".
func (r Report) failuresText(v Verdict) string {
	adjective := ""
	switch {
	case r.Baseline != nil:
		adjective = "new "
	case v.Expected > 0:
		adjective = "unexpected "
	}
	var parts []string
	if v.MustFailures > 0 {
		parts = append(parts, plural(v.MustFailures, adjective+"must failure", adjective+"must failures"))
	}
	if v.ShouldFailures > 0 && v.FailOn != spec.SeverityMust {
		parts = append(parts, plural(v.ShouldFailures, adjective+"should failure", adjective+"should failures"))
	}
	text := strings.Join(parts, ", ")
	if r.Baseline != nil {
		text += " since the baseline"
	}
	return text
}

// stopSummary says in a few words why a run stopped early.
func stopSummary(s *Stop) string {
	if s == nil {
		return "checks did not run"
	}
	switch s.Cause {
	case StopSilentTarget:
		return "the target went silent and the run stopped"
	case StopUnreachable:
		return "the target was unreachable; no check ran"
	case StopTargetFailed:
		return "the target could not be started; no check ran"
	case StopInterrupted:
		return "the run was interrupted"
	}
	return "the run was aborted"
}

// Conformant reports whether the run succeeds: conformant, or accepted because every failure is expected or
// already in the baseline. It is Verdict().ExitCode == 0.
func (r Report) Conformant() bool { return r.Verdict().ExitCode == 0 }

func parenthesize(parts []string) string {
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, "; ") + ")"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// Matrix is the conformance matrix: checks counted by operation (rows) and family (columns).
type Matrix struct {
	Operations []string // rows: UpdateFunctionCode, PublishVersion, then any other in name order
	Families   []string // columns: the suites' families in their order, then any other in name order
	cells      map[[2]string]Summary
}

// NoOperation labels the row of run-level errors, which belong to no operation.
const NoOperation = "(run)"

// operationOrder puts the operations of the contract first, in the order of the issue that defines them.
var operationOrder = []string{"UpdateFunctionCode", "PublishVersion"}

// Matrix counts the report's checks by operation and family.
func (r Report) Matrix() Matrix {
	m := Matrix{cells: map[[2]string]Summary{}}
	ops, fams := map[string]bool{}, map[string]bool{}
	for _, c := range r.Checks {
		op := c.Operation
		if op == "" {
			op = NoOperation
		}
		ops[op], fams[c.Family] = true, true
		s := m.cells[[2]string{op, c.Family}]
		s.add(c)
		m.cells[[2]string{op, c.Family}] = s
	}
	known := make([]string, len(suites.Families))
	for i, f := range suites.Families {
		known[i] = string(f)
	}
	m.Operations = ordered(ops, operationOrder)
	m.Families = ordered(fams, known)
	return m
}

// ordered returns the keys of set: those in first in first's order, then the others sorted, NoOperation last.
func ordered(set map[string]bool, first []string) []string {
	var out, rest []string
	for _, k := range first {
		if set[k] {
			out = append(out, k)
		}
	}
	for k := range set {
		if !slices.Contains(first, k) {
			rest = append(rest, k)
		}
	}
	sort.Slice(rest, func(i, j int) bool {
		if (rest[i] == NoOperation) != (rest[j] == NoOperation) {
			return rest[j] == NoOperation
		}
		return rest[i] < rest[j]
	})
	return append(out, rest...)
}

// Cell counts the checks of one operation and family.
func (m Matrix) Cell(operation, family string) Summary { return m.cells[[2]string{operation, family}] }

// Row counts the checks of one operation, all families together.
func (m Matrix) Row(operation string) Summary {
	var s Summary
	for _, f := range m.Families {
		s = s.plus(m.Cell(operation, f))
	}
	return s
}

// Column counts the checks of one family, all operations together.
func (m Matrix) Column(family string) Summary {
	var s Summary
	for _, op := range m.Operations {
		s = s.plus(m.Cell(op, family))
	}
	return s
}

// Total counts every check.
func (m Matrix) Total() Summary {
	var s Summary
	for _, op := range m.Operations {
		s = s.plus(m.Row(op))
	}
	return s
}

func (s Summary) plus(o Summary) Summary {
	return Summary{Total: s.Total + o.Total, Passed: s.Passed + o.Passed, Failed: s.Failed + o.Failed,
		Skipped: s.Skipped + o.Skipped, Error: s.Error + o.Error, NotRun: s.NotRun + o.NotRun, Expected: s.Expected + o.Expected}
}
