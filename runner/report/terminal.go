package report

import (
	"fmt"
	"io"
	"time"
)

// WriteSummary writes the terminal summary: the counts, the time taken, and each failed or erred check with its
// rule and a one-line reason.
func WriteSummary(w io.Writer, r Report) {
	s := r.Summary
	fmt.Fprintf(w, "\nlambdaconform: %d checks against %s (profile %s) in %s\n", s.Total, r.Target, r.Profile,
		r.Duration.Round(time.Millisecond))
	fmt.Fprintf(w, "  passed %d · failed %d · skipped %d · error %d\n", s.Passed, s.Failed, s.Skipped, s.Error)
	for _, want := range []Outcome{Failed, Error} {
		first := true
		for _, c := range r.Checks {
			if c.Outcome != want {
				continue
			}
			if first {
				fmt.Fprintf(w, "\n%s:\n", map[Outcome]string{Failed: "Failed (the target does not conform)", Error: "Errors (the check could not judge the target)"}[want])
				first = false
			}
			fmt.Fprintf(w, "  ✗ %s\n      %s\n", c.ID, c.Reason)
		}
	}
	switch {
	case r.Conformant():
		fmt.Fprintf(w, "\nCONFORMANT: no check failed.\n")
	case s.Failed > 0:
		fmt.Fprintf(w, "\nNOT CONFORMANT: %d check(s) failed.\n", s.Failed)
	default:
		fmt.Fprintf(w, "\nINCOMPLETE: %d check(s) could not run.\n", s.Error)
	}
}
