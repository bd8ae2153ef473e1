package recording

import (
	"context"

	"github.com/lambdaconform/lambdaconform/recording/compare"
	"github.com/lambdaconform/lambdaconform/recording/format"
)

// Replay runs a recording's scenarios against another target, with the recording's settings (its runtime), and
// returns that target's own recording. cfg.Scenarios, when set, replays only those of the recording's.
func Replay(ctx context.Context, rec format.Recording, cfg Config) (format.Recording, error) {
	if err := Check(rec); err != nil {
		return format.Recording{}, err
	}
	cfg.Runtime = rec.Settings.Runtime
	if len(cfg.Scenarios) == 0 {
		cfg.Scenarios = IDs(rec)
	}
	return Record(ctx, cfg)
}

// Diff replays a recording against the target cfg names and compares the answers with it. It returns the
// replay's own recording too.
func Diff(ctx context.Context, rec format.Recording, cfg Config, opts compare.Options) (format.Recording, []compare.ScenarioResult, error) {
	replay, err := Replay(ctx, rec, cfg)
	if err != nil {
		return format.Recording{}, nil, err
	}
	return replay, compare.Compare(rec, replay, opts), nil
}
