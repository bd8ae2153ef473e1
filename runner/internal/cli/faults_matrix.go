package cli

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/lambdaconform/lambdaconform/suites"
)

// matrix is the judged fault matrix.
type matrix struct {
	runs                     []*matrixRun
	faults, caught, rightful int
	problems                 []string
}

// judge decides, for each run, whether it met its expectation: a fault must be caught, and by a check that
// names one of the rules it breaks; the clean run and the benign variations must not fail; a hostile run must
// end with every check failed, erred or legitimately passed, each with a reason, and no panic.
func judge(runs []*matrixRun) matrix {
	m := matrix{runs: runs}
	for _, r := range runs {
		if r.Problem == "" {
			r.Problem = r.expectation()
		}
		if r.Kind == "fault" {
			m.faults++
			if r.caught() {
				m.caught++
			}
			if r.caughtByItsRules() {
				m.rightful++
			}
		}
		if r.Problem != "" {
			m.problems = append(m.problems, fmt.Sprintf("%s %s: %s", r.Kind, r.Name, r.Problem))
		}
	}
	return m
}

func (r *matrixRun) expectation() string {
	switch r.Kind {
	case "clean", "variation":
		if len(r.Failed)+len(r.Errored)+r.Summary.NotRun > 0 || r.ExitCode != ExitConformant {
			return fmt.Sprintf("a conformant target must pass: %d failed, %d errors (exit %d)%s", len(r.Failed), len(r.Errored), r.ExitCode, r.firstReason())
		}
	case "fault":
		if r.Unexercisable {
			return r.skippedByItsRules()
		}
		switch {
		case len(r.Failed) == 0:
			return "not caught: no check failed"
		case !r.caughtByItsRules():
			return "caught only by checks that name other rules than those it breaks (" + strings.Join(r.Breaks, ", ") + ")" + r.firstReason()
		case r.CatchAll:
			if missing := r.uncaughtRules(); len(missing) > 0 {
				return "a defect hid another: no check failed " + strings.Join(missing, ", ") + r.firstReason()
			}
		}
	case "combination":
		return r.combinationProblem()
	case "hostile":
		if r.ExitCode != ExitNonConformant && r.ExitCode != ExitCannotRun {
			return fmt.Sprintf("exit %d, want 1 or 3", r.ExitCode)
		}
		if len(r.Failed)+len(r.Errored) == 0 {
			return "no check failed against a hostile target"
		}
		for _, c := range append(slices.Clone(r.Failed), r.Errored...) {
			if strings.TrimSpace(c.Reason) == "" {
				return "check " + c.ID + " ended without a reason"
			}
		}
		if r.noAnswer && len(r.Passed) > 0 {
			ids := make([]string, len(r.Passed))
			for i, c := range r.Passed {
				ids[i] = c.ID
			}
			return fmt.Sprintf("%d checks passed although no call under test got an answer: %s", len(r.Passed), strings.Join(ids, ", "))
		}
	}
	return ""
}

// uncaughtRules lists the rules the fault breaks that no failed check names.
func (r *matrixRun) uncaughtRules() []string {
	var out []string
	for _, rule := range r.Breaks {
		if !slices.ContainsFunc(r.Failed, func(c failedCheck) bool { return slices.Contains(c.Rules, rule) }) {
			out = append(out, rule)
		}
	}
	return out
}

// caught reports whether the run shows the fault: a check failed, or, for a fault that leaves its rules
// nothing to judge, the checks of those rules skipped and none passed.
func (r *matrixRun) caught() bool {
	if r.Unexercisable {
		return r.skippedByItsRules() == ""
	}
	return len(r.Failed) > 0
}

// skippedByItsRules judges a fault that leaves its rules nothing to judge: no check may fail or err (the target
// is conformant otherwise), a check that declares one of its rules must skip with a reason, and none may pass.
// It returns what is wrong, or "".
func (r *matrixRun) skippedByItsRules() string {
	if len(r.Failed)+len(r.Errored) > 0 || r.ExitCode != ExitConformant {
		return fmt.Sprintf("a target whose only deviation leaves rules unexercisable must not fail: %d failed, %d errors (exit %d)%s",
			len(r.Failed), len(r.Errored), r.ExitCode, r.firstReason())
	}
	declares := func(c failedCheck) bool {
		return slices.ContainsFunc(c.Rules, func(id string) bool { return slices.Contains(r.Breaks, id) })
	}
	for _, c := range r.Passed {
		if declares(c) {
			return "check " + c.ID + " passed, although it could not exercise " + strings.Join(r.Breaks, ", ")
		}
	}
	for _, c := range r.Skipped {
		if declares(c) && strings.TrimSpace(c.Reason) != "" {
			return ""
		}
	}
	return "no check that asserts " + strings.Join(r.Breaks, ", ") + " said it could not exercise it (skipped with a reason)"
}

// caughtByItsRules reports whether a failed check names a rule the fault breaks, or, for a fault that leaves its
// rules nothing to judge, whether their checks skipped.
func (r *matrixRun) caughtByItsRules() bool {
	if r.Unexercisable {
		return r.caught()
	}
	for _, c := range r.Failed {
		for _, rule := range c.Rules {
			if slices.Contains(r.Breaks, rule) {
				return true
			}
		}
	}
	return false
}

func (r *matrixRun) firstReason() string {
	for _, c := range append(slices.Clone(r.Failed), r.Errored...) {
		return "; first: " + c.ID + ": " + c.Reason
	}
	return ""
}

func (m matrix) ok() bool { return len(m.problems) == 0 }

// write prints the matrix (run × family: checks that failed; then checks that erred and did not run), the share
// of faults caught, and the problems.
func (m matrix) write(w io.Writer, took time.Duration) {
	fmt.Fprintf(w, "\nFault matrix: checks that failed, by family (%s)\n", took.Round(time.Second))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := []string{"run", "name"}
	for _, f := range suites.Families {
		head = append(head, string(f))
	}
	head = append(head, "erred", "not run", "verdict", "")
	fmt.Fprintln(tw, strings.Join(head, "\t"))
	for _, r := range m.runs {
		row := []string{r.Kind, r.Name}
		for _, f := range suites.Families {
			n := 0
			for _, c := range r.Failed {
				if c.Family == string(f) {
					n++
				}
			}
			row = append(row, fmt.Sprint(n))
		}
		verdict := "ok"
		if r.Problem != "" {
			verdict = "PROBLEM"
		} else if r.Kind == "fault" && r.Unexercisable {
			verdict = "skipped"
		} else if r.Kind == "fault" || r.Kind == "combination" {
			verdict = "caught"
		}
		row = append(row, fmt.Sprint(len(r.Errored)), fmt.Sprint(r.Summary.NotRun), verdict, "")
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	tw.Flush()
	if m.faults > 0 {
		fmt.Fprintf(w, "\nFaults caught: %d of %d (%.0f%%); by a check that names a rule the fault breaks: %d.\n",
			m.caught, m.faults, 100*float64(m.caught)/float64(m.faults), m.rightful)
	}
	var uncaught []string
	for _, r := range m.runs {
		if r.Kind == "fault" && !r.caught() {
			uncaught = append(uncaught, r.Name)
		}
	}
	if len(uncaught) > 0 {
		fmt.Fprintf(w, "Caught by no check: %s\n", strings.Join(uncaught, ", "))
	}
	if len(m.problems) == 0 {
		fmt.Fprintln(w, "\nMATRIX OK: every fault caught by its rules; combined faults each reported; clean run and benign variations "+
			"pass; hostile targets end cleanly.")
		return
	}
	fmt.Fprintf(w, "\nPROBLEMS (%d):\n", len(m.problems))
	for _, p := range m.problems {
		fmt.Fprintf(w, "  - %s\n", p)
	}
}
