// Package report turns a Ginkgo run of the suites into lambdaconform's report: one result per check with its
// outcome (passed, failed, skipped, or error when the suite or the set-up broke), and writes it for people and
// machines.
package report

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2/types"

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

// Outcomes lists the outcomes in report order.
var Outcomes = []Outcome{Passed, Failed, Skipped, Error}

// Report is the result of one run.
type Report struct {
	Schema   string        `json:"schema"` // "lambdaconform/report/v1"
	Target   string        `json:"target"`
	Profile  string        `json:"profile"`
	Started  time.Time     `json:"started"`
	Duration time.Duration `json:"duration_ns"`
	Summary  Summary       `json:"summary"`
	Checks   []Check       `json:"checks"`
}

// SchemaVersion identifies the JSON report's format.
const SchemaVersion = "lambdaconform/report/v1"

// Summary counts checks by outcome.
type Summary struct {
	Total   int `json:"total"`
	Passed  int `json:"passed"`
	Failed  int `json:"failed"`
	Skipped int `json:"skipped"`
	Error   int `json:"error"`
}

// Check is one check's result.
type Check struct {
	ID          string              `json:"id"`
	Title       string              `json:"title"`
	Operation   string              `json:"operation"`
	Family      string              `json:"family"`
	Evidence    string              `json:"evidence"`
	Labels      []string            `json:"labels"`
	Rules       []string            `json:"rules"`
	FailedRules []string            `json:"failed_rules,omitempty"`
	Outcome     Outcome             `json:"outcome"`
	Message     string              `json:"message,omitempty"` // failure message, skip reason or error
	Reason      string              `json:"reason,omitempty"`  // one line: why it failed, erred or was skipped
	DurationMS  int64               `json:"duration_ms"`
	Notes       []string            `json:"notes,omitempty"`
	Calls       []suites.CallRecord `json:"calls,omitempty"`
}

// FromGinkgo builds a report from a Ginkgo report of the suites.
func FromGinkgo(r types.Report, target, profile string) Report {
	out := Report{Schema: SchemaVersion, Target: target, Profile: profile, Started: r.StartTime, Duration: r.RunTime}
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
	sort.SliceStable(out.Checks, func(i, j int) bool { return out.Checks[i].ID < out.Checks[j].ID })
	out.Summary = summarize(out.Checks)
	return out
}

func fromSpec(s types.SpecReport) Check {
	c := Check{Title: s.LeafNodeText, Labels: s.Labels(), DurationMS: s.RunTime.Milliseconds()}
	if rec, ok := record(s); ok {
		c.ID, c.Title, c.Operation, c.Family = rec.ID, rec.Title, rec.Operation, string(rec.Family)
		c.Evidence, c.Rules, c.FailedRules, c.Notes, c.Calls = string(rec.Evidence), rec.Rules, rec.FailedRules, rec.Notes, rec.Calls
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
		case key == "rule" && len(c.Rules) == 0:
			c.Rules = append(c.Rules, val)
		}
	}
	c.Outcome, c.Message = outcome(s)
	c.Reason = firstLine(c.Message)
	if rec, ok := record(s); ok && c.Outcome == Failed && len(rec.Failures) > 0 {
		f := rec.Failures[0]
		c.Reason = fmt.Sprintf("[%s] %s: %s", f.Rule, f.What, compact(f.Message))
		if n := len(rec.Failures); n > 1 {
			c.Reason += fmt.Sprintf(" (and %d more)", n-1)
		}
	}
	return c
}

// compact puts a multi-line expectation message on one line.
func compact(msg string) string {
	return firstLine(strings.Join(strings.Fields(msg), " "))
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

func summarize(checks []Check) Summary {
	var s Summary
	for _, c := range checks {
		s.Total++
		switch c.Outcome {
		case Passed:
			s.Passed++
		case Failed:
			s.Failed++
		case Skipped:
			s.Skipped++
		case Error:
			s.Error++
		}
	}
	return s
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 240 {
		s = s[:240] + "..."
	}
	return s
}

// Conformant reports whether the run found no failure and no error.
func (r Report) Conformant() bool { return r.Summary.Failed == 0 && r.Summary.Error == 0 }
