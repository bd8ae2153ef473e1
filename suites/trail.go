package suites

import (
	"fmt"
	"slices"

	"github.com/lambdaconform/lambdaconform/client"
	"github.com/lambdaconform/lambdaconform/client/replay"
)

// A check's trail is every step it took, in order: its calls, its waits (with their last poll) and its clean-up.
// A failed check's record carries the replay built from it (client/replay), which the reports write as a script
// that repeats the whole check. Checks that judge answers a shared set-up obtained (the set-up of an ordered
// container, such as the observation the response-rule checks share) replay that set-up first.

// step adds a step to the check's trail. The set-up of an ordered container is remembered, so that the checks
// that judge its answers can replay it.
func (c *Check) step(kind replay.Kind, ex *client.Exchange) {
	if !c.inSpec && len(c.trail) == 0 {
		c.run.setupsMu.Lock()
		c.run.setups = append(c.run.setups, c)
		c.run.setupsMu.Unlock()
	}
	c.trail = append(c.trail, replay.Step{Kind: kind, Exchange: ex})
}

// fullTrail is the check's trail, preceded by the trail of the shared set-up whose answers it judged, if any.
func (c *Check) fullTrail() []replay.Step {
	c.run.setupsMu.Lock()
	setups := slices.Clone(c.run.setups)
	c.run.setupsMu.Unlock()
	for _, s := range setups {
		if s == c {
			continue
		}
		shared := map[*client.Exchange]bool{}
		for _, st := range s.trail {
			shared[st.Exchange] = true
		}
		if !slices.ContainsFunc(c.trail, func(st replay.Step) bool { return shared[st.Exchange] }) {
			continue
		}
		out := slices.Clone(s.trail)
		for _, st := range c.trail {
			if !shared[st.Exchange] {
				out = append(out, st)
			}
		}
		return out
	}
	return slices.Clone(c.trail)
}

// waited records a wait: its kind follows what was awaited, and ex is its last poll.
func (c *Check) waited(what string, ex *client.Exchange) {
	kind := replay.WaitUpdated
	if what == "State" {
		kind = replay.WaitActive
	}
	c.step(kind, ex)
}

// polled records the last poll of a waiter that keeps it among the check's calls: a replay polls again, as a
// wait until the function or version it reads is no longer Pending.
func (c *Check) polled(ex *client.Exchange) *client.Exchange {
	c.exchanges = append(c.exchanges, ex)
	c.step(replay.WaitActive, ex)
	return ex
}

// cleanedUp records a call of the check's clean-up; it appears among the check's calls too.
func (c *Check) cleanedUp(ex *client.Exchange) *client.Exchange {
	c.exchanges = append(c.exchanges, ex)
	c.step(replay.Cleanup, ex)
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
	steps := c.fullTrail()
	for i := range steps {
		if steps[i].Kind != replay.Cleanup {
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
