package suites

import (
	"fmt"
	"slices"

	"github.com/lambdaconform/lambdaconform/client"
	"github.com/lambdaconform/lambdaconform/client/replay"
)

// A check's trail is every step it took, in order: its calls, its waits (with their last poll) and its clean-up.
// A failed check's record carries the replay built from it (client/replay), which the reports write as a script
// that repeats the whole check.

// waited records a wait: its kind follows what was awaited, and ex is its last poll.
func (c *Check) waited(what string, ex *client.Exchange) {
	kind := replay.WaitUpdated
	if what == "State" {
		kind = replay.WaitActive
	}
	c.trail = append(c.trail, replay.Step{Kind: kind, Exchange: ex})
}

// cleanedUp records a call of the check's clean-up; it appears among the check's calls too.
func (c *Check) cleanedUp(ex *client.Exchange) *client.Exchange {
	c.exchanges = append(c.exchanges, ex)
	c.trail = append(c.trail, replay.Step{Kind: replay.Cleanup, Exchange: ex})
	return ex
}

// isCleanup reports whether a recorded call belongs to the check's clean-up.
func (c *Check) isCleanup(ex *client.Exchange) bool {
	return slices.ContainsFunc(c.trail, func(s replay.Step) bool { return s.Kind == replay.Cleanup && s.Exchange == ex })
}

// replayPlan builds the replay of a failed check from its trail, each call marked with the rules that failed on
// it; nil when the check did not fail.
func (c *Check) replayPlan() *replay.Plan {
	if len(c.failures) == 0 {
		return nil
	}
	failed := map[*client.Exchange][]string{}
	var lines []string
	for _, f := range c.failures {
		lines = append(lines, fmt.Sprintf("[%s] %s", f.rule, f.what))
		if f.exchange != nil && !slices.Contains(failed[f.exchange], f.rule) {
			failed[f.exchange] = append(failed[f.exchange], f.rule)
		}
	}
	steps := slices.Clone(c.trail)
	for i := range steps {
		if steps[i].Kind == replay.Call {
			steps[i].Failed = failed[steps[i].Exchange]
		}
	}
	s3 := ""
	if c.run.s3 != nil {
		s3 = c.run.s3.Endpoint()
	}
	return replay.Build(replay.Options{Check: c.ID, Title: c.Title, Failures: lines, NamePrefix: c.run.cfg.Prefix,
		RunID: c.run.id, Endpoint: c.run.client.Endpoint(), S3Endpoint: s3, WaitTimeout: c.run.cfg.UpdateTimeout}, steps)
}
