package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// TestJudgeFindsEveryKindOfProblem: the matrix passes only when every run meets its expectation, and names
// the run that does not.
func TestJudgeFindsEveryKindOfProblem(t *testing.T) {
	good := func() []*matrixRun {
		return []*matrixRun{
			{Kind: "clean", Name: "conformant"},
			{Kind: "fault", Name: "f", Breaks: []string{"r1"}, ExitCode: 1, Failed: []failedCheck{{ID: "c", Family: "semantics", Rules: []string{"r1"}, Reason: "x"}}},
			{Kind: "variation", Name: "v"},
			{Kind: "hostile", Name: "h", ExitCode: 3, Errored: []failedCheck{{ID: "c", Reason: "no answer"}}},
			{Kind: "fault", Name: "u", Breaks: []string{"r2"}, Unexercisable: true,
				Skipped: []failedCheck{{ID: "s", Rules: []string{"r2", "r3"}, Reason: "no object versions"}},
				Passed:  []failedCheck{{ID: "p", Rules: []string{"r3"}}}},
			{Kind: "fault", Name: "two-defects", Breaks: []string{"r1", "r2"}, CatchAll: true, ExitCode: 1,
				Failed: []failedCheck{{ID: "c1", Rules: []string{"r1"}, Reason: "x"}, {ID: "c2", Rules: []string{"r2"}, Reason: "y"}}},
			{Kind: "combination", Name: "combo", Breaks: []string{"sem"}, ExitCode: 1,
				Failed: []failedCheck{{ID: "c1", Rules: []string{"status"}, Reason: "x", Expected: true}, {ID: "c2", Rules: []string{"status", "sem"}, Reason: "y"}}},
			{Kind: "hostile", Name: "reset", noAnswer: true, ExitCode: 1, Failed: []failedCheck{{ID: "c", Rules: []string{"r"}, Reason: "no answer"}}},
		}
	}
	if m := judge(good()); !m.ok() || m.caught != 3 || m.rightful != 3 {
		t.Fatalf("a good matrix was judged bad: %v", m.problems)
	}
	for name, spoil := range map[string]func(r []*matrixRun){
		"fault uncaught":          func(r []*matrixRun) { r[1].Failed = nil },
		"fault caught by others":  func(r []*matrixRun) { r[1].Failed[0].Rules = []string{"unrelated"} },
		"clean run fails":         func(r []*matrixRun) { r[0].Failed = []failedCheck{{ID: "c"}}; r[0].ExitCode = 1 },
		"clean run errs":          func(r []*matrixRun) { r[0].Errored = []failedCheck{{ID: "c"}}; r[0].ExitCode = 3 },
		"variation fails":         func(r []*matrixRun) { r[2].ExitCode = 1 },
		"hostile exit 0":          func(r []*matrixRun) { r[3].ExitCode = 0 },
		"hostile without reason":  func(r []*matrixRun) { r[3].Errored[0].Reason = " " },
		"hostile passes all":      func(r []*matrixRun) { r[3].Errored = nil },
		"runner panicked":         func(r []*matrixRun) { r[3].Problem = "the runner panicked" },
		"unexercisable passes":    func(r []*matrixRun) { r[4].Passed[0].Rules = []string{"r2"} },
		"unexercisable unsaid":    func(r []*matrixRun) { r[4].Skipped = nil },
		"unexercisable no reason": func(r []*matrixRun) { r[4].Skipped[0].Reason = "" },
		"unexercisable fails": func(r []*matrixRun) {
			r[4].Failed = []failedCheck{{ID: "f", Rules: []string{"r2"}, Reason: "x"}}
			r[4].ExitCode = 1
		},
		"one defect hides another": func(r []*matrixRun) { r[5].Failed = r[5].Failed[:1] },
		"expected failures hide a defect": func(r []*matrixRun) {
			r[6].Failed[1].Expected, r[6].ExitCode = true, 0
		},
		"semantics failure covered":      func(r []*matrixRun) { r[6].Failed[1].Expected = true },
		"a check passes without answers": func(r []*matrixRun) { r[7].Passed = []failedCheck{{ID: "contract.x"}} },
	} {
		runs := good()
		spoil(runs)
		m := judge(runs)
		if m.ok() {
			t.Errorf("%s: judged fine", name)
			continue
		}
		var out bytes.Buffer
		m.write(&out, time.Second)
		if !strings.Contains(out.String(), "PROBLEMS (1)") {
			t.Errorf("%s: want one problem:\n%s", name, out.String())
		}
	}
}
