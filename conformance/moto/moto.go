// Package moto runs the checks against moto's server and judges the run against moto's divergence list,
// expected-failures.yaml: every failure must be a listed divergence from AWS, and every entry must still match
// a failure. The CI test (moto_test.go) and the refresh helper (./refresh) share it.
package moto

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/lambdaconform/lambdaconform/internal/testbin"
	"github.com/lambdaconform/lambdaconform/runner/report"
)

// ListFile is moto's divergence list, relative to the repository's root.
const ListFile = "conformance/moto/expected-failures.yaml"

// Result is one run of the checks against moto.
type Result struct {
	Profile  string
	Code     int           // the runner's exit code
	Stdout   string        // its summary
	Stderr   string        // its progress and messages: the first line says how moto was started
	Report   report.Report // the JSON report, judged against the list
	Duration time.Duration // the whole run: starting moto, the checks, stopping it
}

// Run runs the runner binary against moto started from PATH (--preset moto --launch process) with the list, for
// one profile, and reads its JSON report. extra are further runner flags.
func Run(ctx context.Context, runner, profile, list string, extra ...string) (Result, error) {
	dir, err := os.MkdirTemp("", "lambdaconform-moto-")
	if err != nil {
		return Result{}, err
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "report.json")
	args := append([]string{"--preset", "moto", "--launch", "process", "--profile", profile,
		"--expected-failures", list, "--json-report", out, "--color", "never"}, extra...)
	r, err := testbin.Run(exec.CommandContext(ctx, runner, args...))
	res := Result{Profile: profile, Code: r.Code, Stdout: r.Stdout, Stderr: r.Stderr, Duration: r.Took}
	if err != nil {
		return res, fmt.Errorf("running %s: %w", runner, err)
	}
	if res.Report, err = report.ReadJSONFile(out); err != nil {
		return res, fmt.Errorf("runner %s exited %d without a report: %v\n%s", strings.Join(args, " "), res.Code, err, res.Stderr)
	}
	return res, nil
}

// Unexpected returns the failed checks the list does not cover, each with the rules no entry covers.
func (r Result) Unexpected() []report.Check {
	var out []report.Check
	for _, c := range r.Report.Checks {
		if c.Outcome == report.Failed && !c.ExpectedFailure() {
			out = append(out, c)
		}
	}
	return out
}

// Errors returns the checks that could not judge moto.
func (r Result) Errors() []report.Check {
	return r.Report.ChecksWith(report.Error)
}

// Problems returns the entries that matched no failure (stale) or expired.
func (r Result) Problems() []report.EntryResult { return r.Report.Expected.Problems() }

// UncoveredRules returns the failed rules of a check that no unexpired entry covers: all of them when nothing
// matched or what matched has expired.
func UncoveredRules(c report.Check) []string {
	if c.Expected == nil || c.Expected.Expired || len(c.Expected.Uncovered) == 0 {
		return c.FailedRules
	}
	return c.Expected.Uncovered
}

// Judge returns nil when the run is ACCEPTED with no error and no stale or expired entry; otherwise an error
// that names every failure the list does not cover (check, rules, reason), every check that could not judge
// moto and every entry that needs attention.
func (r Result) Judge() error {
	var b strings.Builder
	for _, c := range r.Unexpected() {
		rules := UncoveredRules(c)
		fmt.Fprintf(&b, "  not in the list: %s fails %s: %s\n", c.ID, strings.Join(rules, ", "), reasonFor(c, rules[0]))
	}
	for _, c := range r.Errors() {
		fmt.Fprintf(&b, "  could not judge moto: %s: %s\n", c.ID, oneLine(c.Reason))
	}
	for _, en := range r.Problems() {
		fmt.Fprintf(&b, "  %s entry %d (%s): %s\n", en.Status, en.Index, en.Subject(), en.Note)
	}
	v := r.Report.Verdict()
	if b.Len() == 0 && v.Status == report.StatusAccepted && r.Code == 0 {
		return nil
	}
	return fmt.Errorf("moto, profile %s: %s (exit %d)\n%s", r.Profile, v.Line, r.Code, b.String())
}

func oneLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 200 {
		s = s[:197] + "..."
	}
	return s
}

// RuleAlone reports whether an entry for rule names the rule alone: a rule about one request member, or one member
// or header of an operation's answers, is broken one way wherever it is checked. The others — behaviour rules,
// status rules, an error's header, the catch-all response rule — cover several behaviours, and an entry names the
// check too.
func RuleAlone(rule string) bool {
	return !strings.HasPrefix(rule, "behavior.") && !strings.Contains(rule, ".status.") &&
		!strings.HasSuffix(rule, ".error.header") && !strings.HasSuffix(rule, ".response.json")
}

// Pair is a rule failing in a check.
type Pair struct{ Rule, Check string }

// Uncovered returns the (rule, check) pairs that fail in the results and no entry covers, with the profiles
// they fail in and the first failure's reason, sorted by check then rule.
func Uncovered(results []Result) ([]Pair, map[Pair][]string, map[Pair]string) {
	profiles, reasons := map[Pair][]string{}, map[Pair]string{}
	for _, r := range results {
		for _, c := range r.Unexpected() {
			for _, rule := range UncoveredRules(c) {
				p := Pair{rule, c.ID}
				profiles[p] = append(profiles[p], r.Profile)
				if reasons[p] == "" {
					reasons[p] = reasonFor(c, rule)
				}
			}
		}
	}
	pairs := make([]Pair, 0, len(profiles))
	for p := range profiles {
		pairs = append(pairs, p)
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i].Check != pairs[j].Check {
			return pairs[i].Check < pairs[j].Check
		}
		return pairs[i].Rule < pairs[j].Rule
	})
	return pairs, profiles, reasons
}

// reasonFor returns the first failure of c that names rule, in one line: what was looked at, what was expected
// and what came back.
func reasonFor(c report.Check, rule string) string {
	for _, f := range c.Failures {
		if f.Rule == rule {
			return oneLine(f.What + ": " + strings.Join(strings.Fields(f.Message), " "))
		}
	}
	return oneLine(c.Reason)
}
