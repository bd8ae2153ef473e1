package scenario

import (
	"fmt"

	"github.com/lambdaconform/lambdaconform/client"
)

// conflictAttempts bounds how often a conditional step tries to meet an update in progress.
const conflictAttempts = 3

// InProgress marks the calls that exist only when the target shows an update in progress.
const InProgress = "in-progress"

// conflict updates function i with the code it already has, then at once sends the conflicting call
// ("update": the same update again; "publish": PublishVersion). AWS refuses it with 409
// ResourceConflictException while the first update is in progress (docs/aws-behavior.md §7.5).
//
// It records three calls: <id>-before (the first update), <id> (the conflicting call, condition in-progress),
// and <id>-state (GetFunction, only when the target accepted the conflicting call although it still reported the
// update InProgress). A target that completed each update before the next call arrived, in every attempt,
// cannot show the conflict: <id> is then recorded as unobserved, as the checks skip. Only the last attempt is
// recorded, so the recording does not depend on how many it took.
func conflict(id string, i int, then string) Step {
	return Step{ID: id, run: func(r *state) error {
		name := r.name(i)
		zip := body{"ZipFile": pkg(r.packages[i])}
		for attempt := 1; ; attempt++ {
			b, _ := zip.resolve(r)
			first := r.s.cfg.Lambda.UpdateFunctionCode(r.ctx, name, b)
			if !first.OK(200) {
				r.record("-before", "UpdateFunctionCode", first, "")
				r.unobserved("", "the update before it was refused: "+first.Outcome())
				return nil
			}
			var second *client.Exchange
			op := "UpdateFunctionCode"
			if then == "publish" {
				op = "PublishVersion"
				second = r.s.cfg.Lambda.PublishVersion(r.ctx, name, map[string]any{})
			} else {
				second = r.s.cfg.Lambda.UpdateFunctionCode(r.ctx, name, b)
			}
			if second.Status == 409 || second.Err != nil || second.Status >= 300 {
				r.record("-before", "UpdateFunctionCode", first, "")
				r.record("", op, second, InProgress)
				return nil
			}
			// Accepted. If $LATEST is still InProgress now, it was when the call was accepted: an update stays
			// complete once complete.
			st := r.s.cfg.Lambda.GetFunction(r.ctx, name, "")
			if cfg := configuration(st); cfg != nil && str(cfg, "LastUpdateStatus") == "InProgress" {
				r.record("-before", "UpdateFunctionCode", first, "")
				r.record("", op, second, InProgress)
				r.record("-state", "GetFunction", st, InProgress)
				r.settle(i)
				return nil
			}
			r.settle(i)
			if attempt == conflictAttempts {
				r.record("-before", "UpdateFunctionCode", first, "")
				r.unobserved("", fmt.Sprintf("the target completed the update before the next call arrived, %d times out of %d", attempt, attempt))
				return nil
			}
		}
	}}
}
