package cli

import (
	"fmt"
	"slices"
	"strings"
)

// combination is a run against a target with several faults at once, sometimes under an expected-failures
// file: it proves that a defect the suites report does not hide another, and that accepting one defect does not
// accept the others. Each of Want must fail in a check whose failure counts (no expected-failure entry covers
// it), and the run must end NOT CONFORMANT.
type combination struct {
	Name     string
	Faults   []string // the reference's faults, combined (they replace different decisions)
	Why      string
	Expected []string // rules an expected-failures file accepts
	Want     []string // rules that must each fail, counted
}

var combinations = []combination{
	{
		Name: "wrong-2xx-under-expected-failures", Faults: []string{"publish-status-200", "publish-always-new"},
		Why: "a wrong 2xx status, accepted by an expected-failures entry for the status rules, must not hide that " +
			"every no-op publish creates a new version",
		Expected: []string{"PublishVersion.status.201", "PublishVersion.status.documented"},
		Want:     []string{"behavior.publish.unchanged-returns-latest", "behavior.publish.unchanged-lists-once"},
	},
	{
		Name: "last-modified-frozen-in-another-format", Faults: []string{"last-modified-rfc3339", "last-modified-not-updated"},
		Why:  "a LastModified in another format must not hide that it never changes",
		Want: []string{"behavior.last-modified.changes", "UpdateFunctionCode.response.LastModified.format"},
	},
}

// expectedFailures is the expected-failures file of a combination.
func (c combination) expectedFailures() string {
	var b strings.Builder
	for _, rule := range c.Expected {
		fmt.Fprintf(&b, "- rule: %s\n  reason: the fault matrix accepts it, to prove it hides nothing else\n", rule)
	}
	return b.String()
}

// combinationRuns plans the runs of the combinations.
func combinationRuns(base []string) []*matrixRun {
	var runs []*matrixRun
	for _, c := range combinations {
		args := append([]string{"--fault", strings.Join(c.Faults, ",")}, base...)
		runs = append(runs, &matrixRun{Kind: "combination", Name: c.Name, Breaks: c.Want, args: args,
			expected: c.expectedFailures()})
	}
	return runs
}

// combinationProblem says why a combination's run does not meet its expectation, or "".
func (r *matrixRun) combinationProblem() string {
	if r.ExitCode != ExitNonConformant {
		return fmt.Sprintf("exit %d, want 1 (NOT CONFORMANT): expected failures hid a defect%s", r.ExitCode, r.firstReason())
	}
	var missing []string
	for _, rule := range r.Breaks {
		if !slices.ContainsFunc(r.Failed, func(c failedCheck) bool { return !c.Expected && slices.Contains(c.Rules, rule) }) {
			missing = append(missing, rule)
		}
	}
	if len(missing) > 0 {
		return "no counted failure names " + strings.Join(missing, ", ") + r.firstReason()
	}
	return ""
}
