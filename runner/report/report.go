// Package report turns a Ginkgo run of the suites into lambdaconform's report: one result per check with its
// outcome (passed, failed, skipped, error when the suite or the set-up broke, not run when the run stopped first),
// and writes it for people and machines: a terminal summary, JUnit XML, JSON, a self-contained HTML page and
// Markdown. Failures are grouped into root causes (a failed rule on one kind of call) and split by severity
// (must, should).
//
// A run goes FromGinkgo → ApplyExpected (an expected-failures file) → ApplyBaseline (an earlier JSON report) →
// Report.Redact (the credentials in use) → the writers → Report.Verdict, which gives the exit code. Every writer
// redacts secrets again on its own, so no output depends on the caller remembering to.
package report

import (
	"fmt"
	"runtime/debug"
	"strings"
	"time"

	"github.com/lambdaconform/lambdaconform/client/replay"
	"github.com/lambdaconform/lambdaconform/spec"
	"github.com/lambdaconform/lambdaconform/suites"
)

// Outcome is how a check ended.
type Outcome string

// The outcomes. Error means the check could not judge the target: a set-up call was refused or got no answer,
// or the suite itself broke. Not run means the check did not run, or did not finish, because the run stopped
// first: the target went silent, was unreachable, or the run was interrupted. Neither is counted as
// non-conformance; both make the run incomplete.
const (
	Passed  Outcome = "passed"
	Failed  Outcome = "failed"
	Skipped Outcome = "skipped"
	Error   Outcome = "error"
	NotRun  Outcome = "not-run"
)

// Absent stands, in a baseline comparison only, for a check that did not run in one of the two reports.
const Absent Outcome = "absent"

// Outcomes lists the outcomes in report order.
var Outcomes = []Outcome{Passed, Failed, Skipped, Error, NotRun}

// SchemaVersion identifies the JSON report's format (report.schema.json).
const SchemaVersion = "lambdaconform/report/v1"

// Tool names the program in every report.
const Tool = "lambdaconform"

// Report is the result of one run. Its JSON form is documented by report.schema.json.
type Report struct {
	Schema    string        // SchemaVersion
	Tool      string        // Tool
	Version   string        // the lambdaconform version that ran, "(devel)" outside a release build
	Target    string        // what was checked: a URL or a description
	Profile   string        // the contract profile
	Catalog   string        // the profile's rule catalog the checks were judged against (spec.Model.CatalogFingerprint)
	Shard     *Shard        // which shard of a run this report is, when the run was split (--shard i/n)
	Shards    int           // how many shard reports Merge made this report from; 0 for a single run
	Selection Selection     // which checks the run selected
	Started   time.Time     // when the run started
	Duration  time.Duration // how long it took
	Summary   Summary       // the checks counted by outcome; kept up to date by FromGinkgo and the Apply functions
	Checks    []Check       // sorted by ID

	Stopped *Stop         // why the run ended before every selected check ran; nil when it did not
	FailOn  spec.Severity // the weakest severity whose failures count: should (all, the default) or must

	Expected *ExpectedResult // set by ApplyExpected
	Baseline *BaselineDiff   // set by ApplyBaseline

	secrets []string // values Redact removes from every output
}

// ChecksWith returns the checks with outcome o, in the report's order.
func (r Report) ChecksWith(o Outcome) []Check {
	var out []Check
	for _, c := range r.Checks {
		if c.Outcome == o {
			out = append(out, c)
		}
	}
	return out
}

// Selection is how the run chose its checks: Ginkgo's label filter, focus and skip expressions.
type Selection struct {
	LabelFilter string   `json:"label_filter,omitempty"`
	Focus       []string `json:"focus,omitempty"`
	Skip        []string `json:"skip,omitempty"`
	Strict      bool     `json:"strict,omitempty"` // response members the model does not know were reported
}

// String describes the selection in a few words, "all checks" when nothing was filtered.
func (s Selection) String() string {
	var parts []string
	if s.LabelFilter != "" {
		parts = append(parts, fmt.Sprintf("label filter %q", s.LabelFilter))
	}
	for _, f := range s.Focus {
		parts = append(parts, fmt.Sprintf("focus %q", f))
	}
	for _, f := range s.Skip {
		parts = append(parts, fmt.Sprintf("skip %q", f))
	}
	if s.Strict {
		parts = append(parts, "strict mode")
	}
	if len(parts) == 0 {
		return "all checks"
	}
	return strings.Join(parts, ", ")
}

func (s Selection) equal(o Selection) bool { return s.String() == o.String() }

// Stop says why a run ended before every selected check ran.
type Stop struct {
	Cause  StopCause `json:"cause"`
	Reason string    `json:"reason"` // one line for people: what happened, naming the target
}

// StopCause is what stopped a run.
type StopCause string

// The causes of a stop.
const (
	StopSilentTarget StopCause = "silent-target" // calls got no answer, one after another: the run stopped itself
	StopUnreachable  StopCause = "unreachable"   // the target did not answer the reachability probe: nothing ran
	StopTargetFailed StopCause = "target-failed" // the target could not be started or set up: nothing ran
	StopInterrupted  StopCause = "interrupted"   // the run was interrupted (Ctrl-C, SIGTERM)
	StopAborted      StopCause = "aborted"       // a check aborted the run
)

// Summary counts checks by outcome. Expected counts the failed checks that an unexpired expected-failure entry
// covers; they are included in Failed.
type Summary struct {
	Total    int `json:"total"`
	Passed   int `json:"passed"`
	Failed   int `json:"failed"`
	Skipped  int `json:"skipped"`
	Error    int `json:"error"`
	NotRun   int `json:"not_run"`
	Expected int `json:"expected"`
}

// Count returns the number of checks with the outcome.
func (s Summary) Count(o Outcome) int {
	switch o {
	case Passed:
		return s.Passed
	case Failed:
		return s.Failed
	case Skipped:
		return s.Skipped
	case Error:
		return s.Error
	case NotRun:
		return s.NotRun
	}
	return 0
}

func (s *Summary) add(c Check) {
	s.Total++
	switch c.Outcome {
	case Passed:
		s.Passed++
	case Failed:
		s.Failed++
		if c.ExpectedFailure() {
			s.Expected++
		}
	case Skipped:
		s.Skipped++
	case Error:
		s.Error++
	case NotRun:
		s.NotRun++
	}
}

func summarize(checks []Check) Summary {
	var s Summary
	for _, c := range checks {
		s.add(c)
	}
	return s
}

// Check is one check's result.
type Check struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Operation string   `json:"operation"`
	Family    string   `json:"family"`
	Evidence  string   `json:"evidence"`
	Labels    []string `json:"labels"`
	Rules     []string `json:"rules"`
	// AssertedRules are the rules an expectation or a validation of the check judged (suites.Record).
	AssertedRules []string      `json:"asserted_rules,omitempty"`
	FailedRules   []string      `json:"failed_rules,omitempty"`
	Severity      spec.Severity `json:"severity,omitempty"` // the check's: must when any of its rules is must
	Outcome       Outcome       `json:"outcome"`
	// FailedSeverity is, for a failed check, must when any rule it failed is must, else should.
	FailedSeverity spec.Severity       `json:"failed_severity,omitempty"`
	Failures       []Failure           `json:"failures,omitempty"` // each failed expectation, in order
	Message        string              `json:"message,omitempty"`  // failure message, skip or not-run reason, or error
	Reason         string              `json:"reason,omitempty"`   // one line: why it failed, erred, was skipped or did not run
	DurationMS     int64               `json:"duration_ms"`
	Notes          []string            `json:"notes,omitempty"`
	Calls          []suites.CallRecord `json:"calls,omitempty"`
	Replay         string              `json:"replay,omitempty"` // a failed check's replay script (replay.go)
	Plan           *replay.Plan        `json:"-"`                // the replay to write

	Expected *Expectation   `json:"expected,omitempty"` // the expected-failure entry covering this failure
	Baseline BaselineStatus `json:"baseline,omitempty"` // how this check compares with the baseline
}

// Failure is one failed expectation of a check.
type Failure struct {
	Rule     string        `json:"rule"`
	Severity spec.Severity `json:"severity"`
	// Operation is the kind of call the rule judged: the operation of the failing call, or when the failure
	// judged no call, the operation the rule ID starts with (PublishVersion.status.201), else the check's.
	Operation string `json:"operation"`
	What      string `json:"what"`    // what was judged, e.g. "status of PublishVersion"
	Message   string `json:"message"` // what was expected and what came back
}

// reasonAfterRule is the reason without the "[rule] " it starts with when the rule is shown beside it.
func reasonAfterRule(c Check) string {
	if len(c.FailedRules) > 0 {
		return strings.TrimPrefix(c.Reason, "["+c.FailedRules[0]+"] ")
	}
	return c.Reason
}

// ExpectedFailure reports whether the check failed and an unexpired expected-failure entry covers it: such a
// failure does not make the run non-conformant.
func (c Check) ExpectedFailure() bool {
	return c.Outcome == Failed && c.Expected.covers()
}

// prepare is what every writer starts from: a redacted copy with its summary recomputed and its identity
// filled in.
func prepare(r Report) Report {
	r = redacted(r)
	fillSeverities(&r)
	r.Summary = summarize(r.Checks)
	if r.Schema == "" {
		r.Schema = SchemaVersion
	}
	if r.Tool == "" {
		r.Tool = Tool
	}
	if r.Version == "" {
		r.Version = ToolVersion()
	}
	return r
}

// fillSeverities gives a failed check that does not say its failure's severity (a report of an older version)
// the severity of what it failed: its failures', else its failed rules' in the profile's catalog, else must. A
// failure of unknown severity is never played down.
func fillSeverities(r *Report) {
	var severity func(string) spec.Severity
	for i := range r.Checks {
		c := &r.Checks[i]
		if c.Outcome != Failed || c.FailedSeverity != "" {
			continue
		}
		if len(c.Failures) > 0 || len(c.FailedRules) == 0 {
			c.FailedSeverity = failedSeverity(c.Failures)
			continue
		}
		if severity == nil {
			severity = ruleSeverities(r.Profile)
		}
		c.FailedSeverity = spec.SeverityShould
		for _, rule := range c.FailedRules {
			if severity(rule) != spec.SeverityShould {
				c.FailedSeverity = spec.SeverityMust
			}
		}
	}
}

// ToolVersion is the version of the lambdaconform module in this binary: its module version when installed with
// `go install` or imported as a dependency, "(devel)" when built from a working tree.
func ToolVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	if info.Main.Path == "github.com/lambdaconform/lambdaconform" && info.Main.Version != "" {
		return info.Main.Version
	}
	for _, d := range info.Deps {
		if d.Path == "github.com/lambdaconform/lambdaconform" {
			return d.Version
		}
	}
	return "(devel)"
}
