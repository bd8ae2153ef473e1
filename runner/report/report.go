// Package report turns a Ginkgo run of the suites into lambdaconform's report: one result per check with its
// outcome (passed, failed, skipped, or error when the suite or the set-up broke), and writes it for people and
// machines: a terminal summary, JUnit XML, JSON, a self-contained HTML page and Markdown.
//
// A run goes FromGinkgo → ApplyExpected (an expected-failures file) → ApplyBaseline (an earlier JSON report) →
// Report.Redact (the credentials in use) → the writers → Report.Verdict, which gives the exit code. Every writer
// redacts secrets again on its own, so no output depends on the caller remembering to.
package report

import (
	"encoding/json"
	"fmt"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/lambdaconform/lambdaconform/client/replay"
	"github.com/lambdaconform/lambdaconform/suites"
)

// Outcome is how a check ended.
type Outcome string

// The outcomes. Error means the check could not judge the target: the target was unreachable, a set-up call
// was refused, or the suite itself broke. It is never counted as non-conformance.
const (
	Passed  Outcome = "passed"
	Failed  Outcome = "failed"
	Skipped Outcome = "skipped"
	Error   Outcome = "error"
)

// Absent stands, in a baseline comparison only, for a check that did not run in one of the two reports.
const Absent Outcome = "absent"

// Outcomes lists the outcomes in report order.
var Outcomes = []Outcome{Passed, Failed, Skipped, Error}

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

	Expected *ExpectedResult // set by ApplyExpected
	Baseline *BaselineDiff   // set by ApplyBaseline

	secrets []string // values Redact removes from every output
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

// Summary counts checks by outcome. Expected counts the failed checks that an unexpired expected-failure entry
// covers; they are included in Failed.
type Summary struct {
	Total    int `json:"total"`
	Passed   int `json:"passed"`
	Failed   int `json:"failed"`
	Skipped  int `json:"skipped"`
	Error    int `json:"error"`
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
	AssertedRules []string            `json:"asserted_rules,omitempty"`
	FailedRules   []string            `json:"failed_rules,omitempty"`
	Outcome       Outcome             `json:"outcome"`
	Message       string              `json:"message,omitempty"` // failure message, skip reason or error
	Reason        string              `json:"reason,omitempty"`  // one line: why it failed, erred or was skipped
	DurationMS    int64               `json:"duration_ms"`
	Notes         []string            `json:"notes,omitempty"`
	Calls         []suites.CallRecord `json:"calls,omitempty"`
	Replay        string              `json:"replay,omitempty"` // a failed check's replay script (replay.go)
	Plan          *replay.Plan        `json:"-"`                // the replay to write

	Expected *Expectation   `json:"expected,omitempty"` // the expected-failure entry covering this failure
	Baseline BaselineStatus `json:"baseline,omitempty"` // how this check compares with the baseline
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

// FromGinkgo builds a report from a Ginkgo report of the suites.
func FromGinkgo(r types.Report, target, profile string) Report {
	out := Report{Schema: SchemaVersion, Tool: Tool, Version: toolVersion(), Target: target, Profile: profile,
		Catalog: catalogOf(profile), Started: r.StartTime, Duration: r.RunTime,
		Selection: Selection{LabelFilter: r.SuiteConfig.LabelFilter, Focus: r.SuiteConfig.FocusStrings, Skip: r.SuiteConfig.SkipStrings}}
	for _, s := range r.SpecReports {
		if s.LeafNodeType != types.NodeTypeIt {
			if s.State.Is(types.SpecStateFailureStates) {
				// A suite-level node failed (BeforeSuite, ReportAfterSuite...): an error of the run.
				out.Checks = append(out.Checks, Check{ID: "suite." + strings.ReplaceAll(s.LeafNodeType.String(), " ", ""),
					Title: s.LeafNodeType.String(), Family: "suite", Outcome: Error, Message: s.Failure.Message,
					Reason: firstLine(s.Failure.Message)})
			}
			continue
		}
		out.Checks = append(out.Checks, fromSpec(s))
	}
	// The run stopped short (an interrupt between two checks, the suite's timeout): the checks it did not run are
	// reported as skipped, so without this error a verdict on the others would pass for one on the whole suite.
	for i, reason := range r.SpecialSuiteFailureReasons {
		id := "suite.stopped"
		if i > 0 {
			id = fmt.Sprintf("suite.stopped-%d", i+1)
		}
		out.Checks = append(out.Checks, Check{ID: id, Title: "the run", Family: "suite", Outcome: Error,
			Message: "the run stopped before every check ran: " + reason, Reason: "the run stopped before every check ran: " + firstLine(reason)})
	}
	sort.SliceStable(out.Checks, func(i, j int) bool { return out.Checks[i].ID < out.Checks[j].ID })
	out.Summary = summarize(out.Checks)
	return out
}

func fromSpec(s types.SpecReport) Check {
	c := Check{Title: s.LeafNodeText, Labels: s.Labels(), DurationMS: s.RunTime.Milliseconds()}
	rec, hasRecord := record(s)
	if hasRecord {
		c.ID, c.Title, c.Operation, c.Family = rec.ID, rec.Title, rec.Operation, string(rec.Family)
		c.Evidence, c.Rules, c.FailedRules, c.Notes, c.Calls = string(rec.Evidence), rec.Rules, rec.FailedRules, rec.Notes, rec.Calls
		c.AssertedRules, c.Plan = rec.AssertedRules, rec.Replay
	}
	for _, l := range c.Labels {
		key, val, _ := strings.Cut(l, ":")
		switch {
		case key == "check" && c.ID == "":
			c.ID = val
		case key == "operation" && c.Operation == "":
			c.Operation = val
		case key == "family" && c.Family == "":
			c.Family = val
		case key == "evidence" && c.Evidence == "":
			c.Evidence = val
		case key == "rule" && !hasRecord:
			c.Rules = append(c.Rules, val)
		}
	}
	if c.ID == "" {
		c.ID = s.FullText()
	}
	// Without a record the title is the spec's text, which ends with the check's ID in brackets.
	c.Title = strings.TrimSuffix(c.Title, " ["+c.ID+"]")
	c.Outcome, c.Message = outcome(s)
	c.Reason = firstLine(strings.TrimPrefix(c.Message, suites.SetupErrorPrefix))
	if hasRecord && c.Outcome == Failed && len(rec.Failures) > 0 {
		f := rec.Failures[0]
		c.Reason = fmt.Sprintf("[%s] %s: %s", f.Rule, f.What, compact(f.Message))
		if n := len(rec.Failures); n > 1 {
			c.Reason += fmt.Sprintf(" (and %d more)", n-1)
		}
	}
	return c
}

// record returns the check's suites.Record, from the raw value in-process or from JSON after a round trip.
func record(s types.SpecReport) (suites.Record, bool) {
	for _, e := range s.ReportEntries {
		if e.Name != suites.ReportEntryName {
			continue
		}
		if rec, ok := e.GetRawValue().(suites.Record); ok {
			return rec, true
		}
		var rec suites.Record
		if json.Unmarshal([]byte(e.Value.AsJSON), &rec) == nil && rec.ID != "" {
			return rec, true
		}
	}
	return suites.Record{}, false
}

func outcome(s types.SpecReport) (Outcome, string) {
	msg := s.Failure.Message
	switch {
	case s.State == types.SpecStatePassed:
		return Passed, ""
	case s.State.Is(types.SpecStateSkipped | types.SpecStatePending):
		return Skipped, msg
	case s.State == types.SpecStateFailed && !strings.HasPrefix(msg, suites.SetupErrorPrefix) &&
		s.Failure.FailureNodeType.Is(types.NodeTypeIt|types.NodeTypeInvalid):
		return Failed, msg
	case s.State == types.SpecStateFailed:
		return Error, msg
	case s.State == types.SpecStateInterrupted:
		return Error, "interrupted: " + msg
	case s.State == types.SpecStateTimedout:
		return Error, "timed out: " + msg
	case s.State == types.SpecStatePanicked:
		return Error, "the check panicked: " + s.Failure.ForwardedPanic + "\n" + msg
	}
	return Error, s.State.String() + ": " + msg
}

// prepare is what every writer starts from: a redacted copy with its summary recomputed and its identity
// filled in.
func prepare(r Report) Report {
	r = redacted(r)
	r.Summary = summarize(r.Checks)
	if r.Schema == "" {
		r.Schema = SchemaVersion
	}
	if r.Tool == "" {
		r.Tool = Tool
	}
	if r.Version == "" {
		r.Version = toolVersion()
	}
	return r
}

// toolVersion is the version of the lambdaconform module in this binary.
func toolVersion() string {
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
