package cli

import (
	"fmt"
	"io"

	"github.com/lambdaconform/lambdaconform/runner/report"
)

// replayDir is where a run writes the replays of its failed checks: --replay-dir, else beside the first report
// asked for (JSON, HTML, then JUnit) as <report>.replay; "" when there is none, or with --replay-dir none.
func replayDir(o runOptions) string {
	if o.ReplayDir == "none" {
		return ""
	}
	if o.ReplayDir != "" {
		return o.ReplayDir
	}
	for _, p := range []string{o.JSON, o.HTML, o.JUnit} {
		if p != "" {
			return report.ReplayDir(p)
		}
	}
	return ""
}

// writeReplays writes the replays of the failed checks and links them from the report.
func writeReplays(o runOptions, rep *report.Report, stderr io.Writer) error {
	dir := replayDir(o)
	if dir == "" {
		return nil
	}
	n, err := report.WriteReplays(rep, dir)
	if err != nil {
		return err
	}
	if n > 0 {
		fmt.Fprintf(stderr, "lambdaconform: replays of %d failed checks written to %s (sh %s/<check>/replay.sh)\n", n, dir, dir)
	}
	return nil
}
