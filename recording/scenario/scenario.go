// Package scenario is the fixed set of calls a recording holds: a readable table of scenarios (table.go), each
// a list of steps, driven through the client package against any target.
//
// A recording must not depend on timing, so:
//   - waits are collapsed to their outcome: a wait polls GetFunction until the function has left Pending and
//     InProgress (as AWS's waiters do) and records only the last answer;
//   - nothing reads a function between an update and the wait that follows it, where the answer would depend
//     on how fast the target completes updates;
//   - the one timing-dependent outcome, 409 ResourceConflictException while an update is in progress, is a
//     conditional step: recorded, marked "in-progress", when the target shows it; recorded as unobserved when
//     the target completed each update before the next call arrived.
//
// Every scenario creates its own functions (named <prefix><run id>-<n>, like the checks') and deletes them when
// it ends, whatever happened; nothing without the run's prefix is ever deleted.
package scenario

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lambdaconform/lambdaconform/client"
)

// SetVersion names the version of the scenario table. Change it when a change to the table changes what a
// recording holds (a step added, removed, renamed or sending something else): a diff refuses a recording of
// another set.
const SetVersion = "v1"

// Scenario is a list of steps against functions of its own.
type Scenario struct {
	ID    string
	Title string
	Steps []Step
}

// Step is one call, or a wait collapsed to its last call, or a conditional pair of calls.
type Step struct {
	ID string
	// Checks are the IDs of the checks whose calls this step reproduces: a difference here should go with a
	// failure of one of them.
	Checks   []string
	packages []string             // the labels of the packages it sends
	run      func(r *state) error // an error stops the scenario: a set-up call was refused
}

// Judges sets the checks whose calls the step reproduces.
func (s Step) Judges(checks ...string) Step {
	s.Checks = append(slices.Clone(s.Checks), checks...)
	return s
}

// Config is what running the scenarios needs.
type Config struct {
	Lambda *client.Client
	// S3 stores the packages of the S3 scenarios; nil records their S3 steps as unobserved.
	S3 *client.Client
	// S3In, when set, returns the S3 client for buckets in a region (on AWS, a region's buckets are served only
	// at its own endpoint); default S3.
	S3In func(region string) *client.Client
	// Role and Runtime of the functions the scenarios create.
	Role, Runtime string
	// Prefix starts every function and bucket name; a random run ID follows it.
	Prefix string
	// UpdateTimeout bounds one wait for a function to leave Pending or InProgress.
	UpdateTimeout time.Duration
	// Parallel is how many scenarios run at once (default 4).
	Parallel int
	// Only, when not empty, names the scenarios to run.
	Only []string
	// Progress, when set, is told when each scenario ends.
	Progress func(s *ScenarioResult)
}

// Result is what a run of the scenarios produced, in table order.
type Result struct {
	Scenarios []*ScenarioResult
}

// ScenarioResult is one scenario's calls.
type ScenarioResult struct {
	Scenario  Scenario
	Functions []string // the names it used, by index (never-created ones included)
	Buckets   []string
	Calls     []Call
	Error     string // why it stopped early
}

// Call is one recorded call.
type Call struct {
	ID         string // <scenario>/<step>
	Step       string
	Operation  string // the API operation; s3:<Operation> for S3
	Condition  string
	Unobserved string
	Exchange   *client.Exchange // nil when unobserved
	BasePath   string           // the path of the endpoint it went to
}

var prefixRE = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9-_]{0,15}$`)

// Run runs the scenarios and returns their calls. An error means none could run (bad configuration).
func Run(ctx context.Context, cfg Config) (*Result, error) {
	if cfg.Lambda == nil {
		return nil, errors.New("scenario: Config.Lambda is required")
	}
	if cfg.Prefix == "" {
		cfg.Prefix = "lc-"
	}
	if !prefixRE.MatchString(cfg.Prefix) {
		return nil, fmt.Errorf("prefix %q must start with a letter and hold at most 16 letters, digits, '-' or '_'", cfg.Prefix)
	}
	if cfg.UpdateTimeout <= 0 {
		cfg.UpdateTimeout = 2 * time.Minute
	}
	if cfg.Parallel <= 0 {
		cfg.Parallel = 4
	}
	list, err := Select(cfg.Only)
	if err != nil {
		return nil, err
	}
	var id [3]byte
	_, _ = rand.Read(id[:])
	// The ID starts with a digit: a name such as lc-abcdef-5 is shaped like a region, so that lc-abcdef-5:1 would
	// be read as the function "1" in region lc-abcdef-5 (suites.RunID says the same).
	runID := []byte(hex.EncodeToString(id[:]))
	runID[0] = '0' + id[0]%10
	shared := &shared{cfg: cfg, prefix: cfg.Prefix + string(runID) + "-"}
	res := &Result{Scenarios: make([]*ScenarioResult, len(list))}
	sem := make(chan struct{}, cfg.Parallel)
	var wg sync.WaitGroup
	for i, sc := range list {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			res.Scenarios[i] = shared.run(ctx, sc)
			if cfg.Progress != nil {
				cfg.Progress(res.Scenarios[i])
			}
		}()
	}
	wg.Wait()
	return res, nil
}

// Select returns the scenarios named (all when none is), in table order; an unknown name is an error that
// lists the known ones.
func Select(only []string) ([]Scenario, error) {
	if len(only) == 0 {
		return All(), nil
	}
	var out []Scenario
	for _, name := range only {
		if _, ok := Get(name); !ok {
			return nil, fmt.Errorf("unknown scenario %q; the scenarios are: %s", name, strings.Join(IDs(), ", "))
		}
	}
	for _, sc := range All() {
		if slices.Contains(only, sc.ID) {
			out = append(out, sc)
		}
	}
	return out, nil
}

// shared is the state of one run that the scenarios share.
type shared struct {
	cfg    Config
	prefix string
	seq    atomic.Int64
}

func (s *shared) newName() string { return fmt.Sprintf("%s%d", s.prefix, s.seq.Add(1)) }

// run runs one scenario and cleans up after it.
func (s *shared) run(ctx context.Context, sc Scenario) *ScenarioResult {
	r := &state{ctx: ctx, s: s, res: &ScenarioResult{Scenario: sc}, names: map[int]string{}, arns: map[int]string{},
		steps: map[string]*client.Exchange{}, bucketNames: map[int]string{}}
	defer r.cleanup()
	for _, st := range sc.Steps {
		if ctx.Err() != nil {
			break
		}
		r.step = st.ID
		if err := st.run(r); err != nil {
			r.res.Error = fmt.Sprintf("step %s: %v", st.ID, err)
			break
		}
	}
	if ctx.Err() != nil {
		r.res.Error = "interrupted" // the last call may have been cut short too
	}
	return r.res
}
