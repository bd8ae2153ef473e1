package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/lambdaconform/lambdaconform/fixtures/hostile"
	"github.com/lambdaconform/lambdaconform/fixtures/reference"
	"github.com/lambdaconform/lambdaconform/fixtures/variations"
	"github.com/lambdaconform/lambdaconform/runner/report"
	"github.com/lambdaconform/lambdaconform/spec"
)

const faultsExamples = `  runner faults                                   the whole matrix: clean, every fault, variations, hostile targets
  runner faults --only publish-always-new         one fault (and the clean run)
  runner faults --json matrix.json                also write the results as JSON
  runner faults --list                            the names: faults (--fault), variations (--variation), hostile (--hostile)
`

// matrixRun is one run of the suites against a variant of the embedded reference target.
type matrixRun struct {
	Kind   string   `json:"kind"` // clean, fault, combination, variation or hostile
	Name   string   `json:"name"`
	Breaks []string `json:"breaks,omitempty"` // for a fault: the rules it breaks; for a combination: those that must fail
	// CatchAll: every rule in Breaks must fail, not one (a fault that shows several defects at once).
	CatchAll bool `json:"catch_all,omitempty"`
	// Unexercisable: the fault leaves its rules nothing to judge; the checks of those rules must skip, not pass.
	Unexercisable bool `json:"unexercisable,omitempty"`

	ExitCode int            `json:"exit_code"`
	Summary  report.Summary `json:"summary"`
	Failed   []failedCheck  `json:"failed,omitempty"`
	Errored  []failedCheck  `json:"errored,omitempty"`
	Skipped  []failedCheck  `json:"-"` // with every rule each declares
	Passed   []failedCheck  `json:"-"` // with every rule each declares
	Seconds  float64        `json:"seconds"`
	Problem  string         `json:"problem,omitempty"` // why this run does not meet its expectation; "" when it does

	args     []string
	expected string // an expected-failures file for the run, when set
	noAnswer bool   // a hostile target whose calls under test get no answer: no check may pass
	long     bool   // started first, so that it overlaps the many short runs
}

type failedCheck struct {
	ID       string   `json:"id"`
	Family   string   `json:"family"`
	Rules    []string `json:"rules,omitempty"`
	Reason   string   `json:"reason"`
	Expected bool     `json:"expected,omitempty"` // an expected-failure entry covers it: it does not count
}

// faultsCommand runs the fault matrix and exits 1 when a fault goes uncaught or is caught only by unrelated
// checks, when the clean run or a benign variation fails, or when a hostile run does not end cleanly.
func faultsCommand(args []string, stdout, stderr io.Writer) (int, error) {
	fs := newFlagSet("faults", "runner faults [flags]", faultsExamples, stderr)
	procs := fs.Int("procs", runtime.NumCPU(), "runs at the same time")
	delay := fs.Duration("update-delay", DefaultUpdateDelay, "how long an update stays InProgress in every run, so that 409 can be observed")
	profile := fs.String("profile", spec.Seed2019, "contract profile")
	only := fs.String("only", "", "comma-separated fault names: run these (and the clean run) only")
	skipVariants := fs.Bool("faults-only", false, "skip the benign variations and the hostile targets")
	jsonOut := fs.String("json", "", "write the results to this file as JSON")
	list := fs.Bool("list", false, "list the faults, benign variations and hostile behaviours of the reference target, and exit")
	if err := parse(fs, args); err != nil {
		return ExitUsage, err
	}
	if *list {
		return ExitConformant, listVariants(stdout)
	}
	if _, err := spec.Load(*profile); err != nil {
		return ExitUsage, usagef("%v", err)
	}
	if *procs < 1 {
		return ExitUsage, usagef("--procs must be at least 1")
	}
	runs, err := planMatrix(*only, *skipVariants, *delay, *profile)
	if err != nil {
		return ExitUsage, err
	}
	self, err := os.Executable()
	if err != nil {
		return ExitCannotRun, err
	}
	dir, err := os.MkdirTemp("", "lambdaconform-faults-")
	if err != nil {
		return ExitCannotRun, err
	}
	defer os.RemoveAll(dir)

	fmt.Fprintf(stderr, "lambdaconform: %d runs, %d at a time\n", len(runs), *procs)
	start := time.Now()
	executeMatrix(self, dir, runs, *procs, stderr)
	m := judge(runs)
	m.write(stdout, time.Since(start))
	if *jsonOut != "" {
		if err := writeFile(*jsonOut, func(w io.Writer) error {
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			return enc.Encode(runs)
		}); err != nil {
			return ExitCannotRun, err
		}
	}
	if !m.ok() {
		return ExitNonConformant, nil
	}
	return ExitConformant, nil
}

// listVariants prints every named fault, benign variation and hostile behaviour of the reference target, with
// the flag that selects it (for the run and serve commands).
func listVariants(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "FLAG\tNAME\tWHAT THE TARGET DOES")
	for _, f := range reference.Faults() {
		fmt.Fprintf(tw, "--fault\t%s\t%s\n", f.Name, f.Description)
	}
	for _, v := range variations.All() {
		fmt.Fprintf(tw, "--variation\t%s\t%s\n", v.Name, v.Description)
	}
	for _, h := range hostile.All() {
		fmt.Fprintf(tw, "--hostile\t%s\t%s\n", h.Name, h.Description)
	}
	return tw.Flush()
}

// planMatrix lists the runs: clean, each fault, each benign variation and each hostile behaviour.
func planMatrix(only string, faultsOnly bool, delay time.Duration, profile string) ([]*matrixRun, error) {
	base := []string{"--profile", profile, "--update-delay", delay.String(), "--color", "never"}
	runs := []*matrixRun{{Kind: "clean", Name: "conformant", args: base}}
	faults := reference.Faults()
	if only != "" {
		var picked []reference.Fault
		for _, name := range strings.Split(only, ",") {
			f, err := reference.ParseFault(strings.TrimSpace(name))
			if err != nil {
				return nil, usagef("%v", err)
			}
			picked = append(picked, f)
		}
		faults, faultsOnly = picked, true
	}
	for _, f := range faults {
		args := append([]string{"--fault", f.Name}, base...)
		if f.UpdateDelay > delay {
			args = append(args, "--update-delay", f.UpdateDelay.String()) // the later flag wins
		}
		if f.WaitTimeout > 0 {
			args = append(args, "--update-timeout", f.WaitTimeout.String())
		}
		runs = append(runs, &matrixRun{Kind: "fault", Name: f.Name, Breaks: f.Breaks, CatchAll: f.CatchAll,
			Unexercisable: f.Unexercisable, args: args, long: f.UpdateDelay > delay || f.WaitTimeout > 0})
	}
	if only == "" {
		runs = append(runs, combinationRuns(base)...)
	}
	if faultsOnly {
		return runs, nil
	}
	for _, v := range variations.All() {
		args := append([]string{"--variation", v.Name}, base...)
		if v.Name == "slow" {
			args = append(args, "--procs", "8")
		}
		runs = append(runs, &matrixRun{Kind: "variation", Name: v.Name, args: args, long: v.Name == "slow"})
	}
	for _, h := range hostile.All() {
		args := append([]string{"--hostile", h.Name, "--request-timeout", "1s"}, base...)
		if h.Name == "no-answer" {
			args = append(args, "--procs", "8")
		}
		runs = append(runs, &matrixRun{Kind: "hostile", Name: h.Name, args: args, noAnswer: h.NoAnswer,
			long: h.Name == "no-answer" || h.Name == "huge-body"})
	}
	return runs, nil
}

// executeMatrix runs every run as a child process, procs at a time, and reads back its JSON report.
func executeMatrix(self, dir string, runs []*matrixRun, procs int, stderr io.Writer) {
	sem := make(chan struct{}, procs)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	order := make([]int, 0, len(runs))
	for i, r := range runs {
		if r.long {
			order = append(order, i)
		}
	}
	for i, r := range runs {
		if !r.long {
			order = append(order, i)
		}
	}
	for _, i := range order {
		r := runs[i]
		wg.Add(1)
		sem <- struct{}{} // runs start in order, the long ones first
		go func(i int, r *matrixRun) {
			defer wg.Done()
			defer func() { <-sem }()
			r.execute(self, filepath.Join(dir, fmt.Sprintf("run-%d.json", i)))
			mu.Lock()
			done++
			fmt.Fprintf(stderr, "  [%d/%d] %-9s %-40s %s\n", done, len(runs), r.Kind, r.Name, r.line())
			mu.Unlock()
		}(i, r)
	}
	wg.Wait()
}

// execute runs the suites once and records what failed.
func (r *matrixRun) execute(self, out string) {
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	args := append([]string{"run", "--json-report", out, "--replay-dir", "none"}, r.args...)
	if r.expected != "" {
		file := strings.TrimSuffix(out, ".json") + ".expected.yaml"
		if err := os.WriteFile(file, []byte(r.expected), 0o600); err != nil {
			r.Problem = fmt.Sprintf("writing the expected-failures file: %v", err)
			return
		}
		args = append(args, "--expected-failures", file)
	}
	cmd := exec.CommandContext(ctx, self, args...)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = io.Discard, &stderr
	err := cmd.Run()
	r.Seconds = time.Since(start).Seconds()
	if cmd.ProcessState == nil {
		r.Problem = fmt.Sprintf("the run did not start: %v", err)
		return
	}
	r.ExitCode = cmd.ProcessState.ExitCode()
	if strings.Contains(stderr.String(), "panic:") || strings.Contains(stderr.String(), "goroutine ") {
		r.Problem = "the runner panicked: " + firstLines(stderr.String(), 5)
		return
	}
	rep, rerr := report.ReadJSONFile(out)
	if rerr != nil {
		r.Problem = fmt.Sprintf("no report (%v; exit %v): %s", rerr, err, firstLines(stderr.String(), 3))
		return
	}
	r.Summary = rep.Summary
	for _, c := range rep.Checks {
		fc := failedCheck{ID: c.ID, Family: c.Family, Rules: c.FailedRules, Reason: c.Reason, Expected: c.ExpectedFailure()}
		switch c.Outcome {
		case report.Failed:
			r.Failed = append(r.Failed, fc)
		case report.Error:
			r.Errored = append(r.Errored, fc)
		case report.Skipped:
			fc.Rules = c.Rules
			r.Skipped = append(r.Skipped, fc)
		case report.Passed:
			fc.Rules = c.Rules
			r.Passed = append(r.Passed, fc)
		}
	}
}

func (r *matrixRun) line() string {
	if r.Problem != "" && r.Summary.Total == 0 {
		return "no report"
	}
	return fmt.Sprintf("%d failed, %d errors (%.1fs)", len(r.Failed), len(r.Errored), r.Seconds)
}

func firstLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, " | ")
}
