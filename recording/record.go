package recording

import (
	"context"
	"fmt"
	"regexp"

	"github.com/lambdaconform/lambdaconform/client"
	"github.com/lambdaconform/lambdaconform/recording/format"
	"github.com/lambdaconform/lambdaconform/recording/normalize"
	"github.com/lambdaconform/lambdaconform/recording/scenario"
)

// DefaultRuntime is the Runtime of the functions the scenarios create: one AWS accepts today, so that AWS can
// be recorded (the seed-2019 runtimes no longer are).
const DefaultRuntime = "python3.12"

// Config is what recording a target needs.
type Config struct {
	Lambda *client.Client
	// S3 stores the S3 scenarios' packages; nil records their S3 steps as unobserved.
	S3 *client.Client
	// Role is the execution role of the functions the scenarios create.
	Role string
	// Runtime of those functions; default DefaultRuntime.
	Runtime string
	// Prefix starts every name the scenarios choose (default "lc-").
	Prefix string
	// Target describes what is recorded; ports of loopback addresses are left out, so that the same target
	// gives the same file whatever port it listened on.
	Target string
	// Scenarios, when not empty, names the scenarios to run.
	Scenarios []string
	// Options of the scenario runner: UpdateTimeout, Parallel, Progress.
	Run scenario.Config
	// Redact, when set, removes secrets from every string of the recording (the credentials in use, whatever
	// looks like a secret); request headers are never recorded.
	Redact func(string) string
}

// Record runs the scenarios against the target and returns the recording. It fails only when the scenarios
// cannot start (bad configuration); what the target answers, refusals included, is recorded, and a scenario that
// stopped early says why in its Error.
func Record(ctx context.Context, cfg Config) (format.Recording, error) {
	if cfg.Runtime == "" {
		cfg.Runtime = DefaultRuntime
	}
	run := cfg.Run
	run.Lambda, run.S3, run.Role, run.Runtime, run.Prefix, run.Only = cfg.Lambda, cfg.S3, cfg.Role, cfg.Runtime, cfg.Prefix, cfg.Scenarios
	res, err := scenario.Run(ctx, run)
	if err != nil {
		return format.Recording{}, err
	}
	rec := Normalize(res, cfg.Role, cfg.Runtime, cfg.Target)
	if cfg.Redact != nil {
		rec = format.MapStrings(rec, cfg.Redact)
	}
	return rec, nil
}

// Normalize turns the calls of a run into a recording.
func Normalize(res *scenario.Result, role, runtime, target string) format.Recording {
	region, account := res.Learned()
	n := normalize.New(normalize.Values{Role: role, Region: region, Account: account,
		OtherRegion: scenario.OtherRegion(region), OtherAccount: scenario.OtherAccount(account), Packages: scenario.Packages()})
	rec := format.Recording{Schema: format.SchemaVersion, Tool: "lambdaconform", ScenarioSet: scenario.SetVersion,
		Target: StableTarget(target), Settings: format.Settings{Runtime: runtime}, Scenarios: []format.Scenario{}}
	for _, s := range res.Scenarios {
		scope := n.Scope(s.Functions, s.Buckets)
		out := format.Scenario{ID: s.Scenario.ID, Title: s.Scenario.Title, Error: s.Error, Exchanges: []format.Exchange{}}
		for _, c := range s.Calls {
			out.Exchanges = append(out.Exchanges, scope.Exchange(normalize.Input{ID: c.ID, Condition: c.Condition,
				Unobserved: c.Unobserved, Operation: c.Operation, Exchange: c.Exchange, BasePath: c.BasePath}))
		}
		if out.Error != "" {
			out.Error = scope.Text(out.Error)
		}
		rec.Scenarios = append(rec.Scenarios, out)
	}
	return rec
}

var loopbackPort = regexp.MustCompile(`\b(127\.0\.0\.1|localhost|\[::1\]):\d+`)

// StableTarget is a target's description with the ports of loopback addresses left out.
func StableTarget(describe string) string { return loopbackPort.ReplaceAllString(describe, "$1") }

// Check refuses a recording this lambdaconform cannot replay: one of another scenario set.
func Check(rec format.Recording) error {
	if rec.ScenarioSet != scenario.SetVersion {
		return fmt.Errorf("the recording was made with scenario set %s, and this lambdaconform replays set %s: record the reference target (AWS) again",
			rec.ScenarioSet, scenario.SetVersion)
	}
	for _, s := range rec.Scenarios {
		if _, ok := scenario.Get(s.ID); !ok {
			return fmt.Errorf("the recording holds scenario %q, which this lambdaconform does not have", s.ID)
		}
	}
	return nil
}

// IDs returns the IDs of a recording's scenarios.
func IDs(rec format.Recording) []string {
	out := make([]string, len(rec.Scenarios))
	for i, s := range rec.Scenarios {
		out[i] = s.ID
	}
	return out
}
