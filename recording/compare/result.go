package compare

import (
	"fmt"
	"time"
)

// SchemaVersion names the format of a diff's JSON output.
const SchemaVersion = "lambdaconform/diff/v1"

// Result is a whole diff: what was compared with what, and the comparison of each scenario.
type Result struct {
	Schema  string `json:"schema"`
	Tool    string `json:"tool"`
	Version string `json:"version"`
	// Recording is the recording's file; RecordedTarget what it was recorded from.
	Recording      string `json:"recording"`
	RecordedTarget string `json:"recorded_target"`
	// Target is what was replayed.
	Target   string        `json:"target"`
	Strict   bool          `json:"strict"`
	Started  time.Time     `json:"started"`
	Duration time.Duration `json:"-"`
	// Error says why the diff could not run at all (the target did not answer).
	Error     string           `json:"error,omitempty"`
	Verdict   Verdict          `json:"verdict"`
	Summary   Summary          `json:"summary"`
	Known     *KnownResult     `json:"known_differences,omitempty"`
	Scenarios []ScenarioResult `json:"scenarios"`
}

// Summary counts the differences.
type Summary struct {
	Scenarios  int `json:"scenarios"`
	Exchanges  int `json:"exchanges"`   // compared
	Counted    int `json:"counted"`     // differences that count against the target
	Known      int `json:"known"`       // differences a known-differences entry accepts
	NotCounted int `json:"not_counted"` // extra members, set-up calls a replay stopped at
	Notes      int `json:"notes"`
	Errors     int `json:"errors"` // scenarios the replay could not run to their end
}

// Verdict is the outcome of a diff, with the runner's exit code.
type Verdict struct {
	// Status: "same" (no difference counts), "accepted" (differences remain, each accepted by a known entry),
	// "different" (a difference counts), "incomplete" (none counts, but a scenario could not run, or nothing
	// was compared).
	Status   string `json:"status"`
	ExitCode int    `json:"exit_code"`
	Line     string `json:"line"`
}

// Finish computes the summary and the verdict.
func (r *Result) Finish() {
	s := Summary{Scenarios: len(r.Scenarios)}
	for _, sc := range r.Scenarios {
		s.Exchanges += sc.Compared
		s.Notes += len(sc.Notes)
		if sc.Error != "" {
			s.Errors++
		}
		for _, d := range sc.Differences {
			switch {
			case d.Counts():
				s.Counted++
			case d.Counted:
				s.Known++
			default:
				s.NotCounted++
			}
		}
	}
	r.Summary = s
	v := Verdict{}
	switch {
	case s.Counted > 0:
		v = Verdict{"different", 1, fmt.Sprintf("DIFFERENT: %s from the recording count against the target", plural(s.Counted, "difference", "differences"))}
	case r.Error != "":
		v = Verdict{"incomplete", 3, "INCOMPLETE: " + r.Error}
	case s.Errors > 0:
		v = Verdict{"incomplete", 3, fmt.Sprintf("INCOMPLETE: no difference counts, but %s could not run to the end", plural(s.Errors, "scenario", "scenarios"))}
	case s.Exchanges == 0:
		v = Verdict{"incomplete", 3, "INCOMPLETE: no exchange was compared"}
	case s.Known > 0:
		v = Verdict{"accepted", 0, fmt.Sprintf("ACCEPTED: every difference (%d) is a known one", s.Known)}
	default:
		v = Verdict{"same", 0, fmt.Sprintf("SAME: %d exchanges answered as recorded", s.Exchanges)}
	}
	r.Verdict = v
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
