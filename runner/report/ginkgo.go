package report

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/lambdaconform/lambdaconform/spec"
	"github.com/lambdaconform/lambdaconform/suites"
)

// FromGinkgo builds a report from a Ginkgo report of the suites. A check the run selected but did not run, or
// did not finish, because the run stopped (the suites stopped a silent target, or the run was interrupted) is
// not run, with the reason; the report's Stopped says what happened. A check the selection left out is skipped.
func FromGinkgo(r types.Report, target, profile string) Report {
	out := Report{Schema: SchemaVersion, Tool: Tool, Version: ToolVersion(), Target: target, Profile: profile,
		Catalog: catalogOf(profile), Started: r.StartTime, Duration: r.RunTime,
		Selection: Selection{LabelFilter: r.SuiteConfig.LabelFilter, Focus: r.SuiteConfig.FocusStrings, Skip: r.SuiteConfig.SkipStrings}}
	out.Stopped = stopOf(r)
	selected := selector(r)
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
		out.Checks = append(out.Checks, fromSpec(s, selected(s), out.Selection, out.Stopped))
	}
	sort.SliceStable(out.Checks, func(i, j int) bool { return out.Checks[i].ID < out.Checks[j].ID })
	out.Summary = summarize(out.Checks)
	return out
}

// FromPreview builds the report of a run that stopped before any check ran (the target was unreachable, or
// could not be started): from Ginkgo's preview of the tree (ginkgo.PreviewSpecs with the run's selection), every
// check the run would have run is not run, with stop's reason; the others are skipped as not selected.
func FromPreview(preview types.Report, target, profile string, stop Stop) Report {
	out := Report{Schema: SchemaVersion, Tool: Tool, Version: ToolVersion(), Target: target, Profile: profile,
		Catalog: catalogOf(profile), Started: preview.StartTime, Stopped: &stop,
		Selection: Selection{LabelFilter: preview.SuiteConfig.LabelFilter, Focus: preview.SuiteConfig.FocusStrings, Skip: preview.SuiteConfig.SkipStrings}}
	for _, s := range preview.SpecReports {
		if s.LeafNodeType != types.NodeTypeIt {
			continue
		}
		// A dry run marks the checks that would run as passed, and the others as skipped.
		would := s.State == types.SpecStatePassed
		s.State, s.Failure = types.SpecStateSkipped, types.Failure{}
		out.Checks = append(out.Checks, fromSpec(s, would, out.Selection, &stop))
	}
	sort.SliceStable(out.Checks, func(i, j int) bool { return out.Checks[i].ID < out.Checks[j].ID })
	out.Summary = summarize(out.Checks)
	return out
}

// stopOf tells, from the specs' states, whether and why the run stopped early.
func stopOf(r types.Report) *Stop {
	interrupted := false
	for _, s := range r.SpecReports {
		msg := s.Failure.Message
		switch {
		case s.State == types.SpecStateAborted && strings.HasPrefix(msg, suites.StoppedPrefix):
			return &Stop{Cause: StopSilentTarget, Reason: firstLine(strings.TrimPrefix(msg, suites.StoppedPrefix))}
		case s.State == types.SpecStateAborted:
			return &Stop{Cause: StopAborted, Reason: "a check aborted the run: " + firstLine(msg)}
		case s.State == types.SpecStateInterrupted:
			interrupted = true
		}
	}
	other := ""
	for _, reason := range r.SpecialSuiteFailureReasons {
		if strings.HasPrefix(reason, "Interrupted") {
			interrupted = true
		} else if other == "" {
			other = reason // the suite's timeout, or another reason Ginkgo ended the run early
		}
	}
	switch {
	case interrupted:
		return &Stop{Cause: StopInterrupted, Reason: "the run was interrupted (Ctrl-C or SIGTERM)"}
	case other != "":
		return &Stop{Cause: StopAborted, Reason: "the run ended before every check ran: " + firstLine(other)}
	}
	return nil
}

// selector tells whether the run's selection (label filter, focus, skip) picked a spec, as Ginkgo decides it.
// The expressions were validated before the run; one that does not parse selects everything.
func selector(r types.Report) func(types.SpecReport) bool {
	cfg := r.SuiteConfig
	var labels types.LabelFilter
	if cfg.LabelFilter != "" {
		labels, _ = types.ParseLabelFilter(cfg.LabelFilter)
	}
	compile := func(exprs []string) *regexp.Regexp {
		if len(exprs) == 0 {
			return nil
		}
		re, _ := regexp.Compile(strings.Join(exprs, "|"))
		return re
	}
	focus, skip := compile(cfg.FocusStrings), compile(cfg.SkipStrings)
	return func(s types.SpecReport) bool {
		text := r.SuiteDescription + " " + s.FullText()
		return (labels == nil || labels(s.Labels())) && (focus == nil || focus.MatchString(text)) &&
			(skip == nil || !skip.MatchString(text))
	}
}

func fromSpec(s types.SpecReport, selected bool, selection Selection, stop *Stop) Check {
	c := Check{Title: s.LeafNodeText, Labels: s.Labels(), DurationMS: s.RunTime.Milliseconds()}
	rec, hasRecord := record(s)
	if hasRecord {
		c.ID, c.Title, c.Operation, c.Family = rec.ID, rec.Title, rec.Operation, string(rec.Family)
		c.Evidence, c.Rules, c.FailedRules, c.Notes, c.Calls = string(rec.Evidence), rec.Rules, rec.FailedRules, rec.Notes, rec.Calls
		c.Severity = rec.Severity
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
		case key == "severity" && c.Severity == "":
			c.Severity = spec.Severity(val)
		case key == "rule" && !hasRecord:
			c.Rules = append(c.Rules, val)
		}
	}
	if c.ID == "" {
		c.ID = s.FullText()
	}
	// Without a record the title is the spec's text, which ends with the check's ID in brackets.
	c.Title = strings.TrimSuffix(c.Title, " ["+c.ID+"]")
	for _, f := range rec.Failures {
		sev := f.Severity
		if sev == "" {
			sev = spec.SeverityMust // a failure of unknown severity is never played down
		}
		c.Failures = append(c.Failures, Failure{Rule: f.Rule, Severity: sev, Operation: failureCall(c, f.Rule, f.Operation),
			What: f.What, Message: f.Message})
	}
	c.Outcome, c.Message = outcome(s)
	stopped := s.State.Is(types.SpecStateAborted|types.SpecStateInterrupted) && (stop == nil || stop.Cause != StopAborted)
	switch {
	case stopped && len(c.Failures) > 0:
		// It failed before the run stopped: what it saw stands.
		c.Outcome, c.Message = Failed, failuresText(c.Failures)+"\nThe run stopped while this check ran: "+stopText(stop)
	case stopped && len(c.Calls) > 0:
		c.Outcome = NotRun
		c.Message, c.Reason = notRunText("while this check ran", stop)
	case stopped:
		c.Outcome = NotRun
		c.Message, c.Reason = notRunText("before this check", stop)
	case s.State == types.SpecStateSkipped && s.Failure.Message == "" && !hasRecord && !selected:
		c.Message = "not selected by the " + selection.String()
	case s.State == types.SpecStateSkipped && s.Failure.Message == "" && !hasRecord:
		c.Outcome = NotRun
		c.Message, c.Reason = notRunText("before this check", stop)
	}
	if c.Reason == "" {
		c.Reason = firstLine(strings.TrimPrefix(c.Message, suites.SetupErrorPrefix))
	}
	if c.Outcome == Failed {
		c.FailedSeverity = failedSeverity(c.Failures)
		if len(c.Failures) > 0 {
			f := c.Failures[0]
			c.Reason = fmt.Sprintf("[%s] %s: %s", f.Rule, f.What, compact(f.Message))
			if n := len(c.Failures); n > 1 {
				c.Reason += fmt.Sprintf(" (and %d more)", n-1)
			}
		}
	}
	return c
}

// notRunText is the message of a check that did not run (or finish), with the stop's whole reason, and its
// one-line reason, with the stop's cause in a few words (the report's Stopped has the rest).
func notRunText(when string, stop *Stop) (message, reason string) {
	if stop == nil {
		return "not run: the run ended " + when, "not run: the run ended " + when
	}
	return "not run: the run stopped " + when + ": " + stop.Reason,
		"not run: the run stopped " + when + " (" + stopCauseText[stop.Cause] + ")"
}

var stopCauseText = map[StopCause]string{
	StopSilentTarget: "the target went silent", StopUnreachable: "the target was unreachable",
	StopTargetFailed: "the target could not be started", StopInterrupted: "the run was interrupted",
	StopAborted: "a check aborted the run",
}

func stopText(stop *Stop) string {
	if stop == nil {
		return "the run ended early"
	}
	return stop.Reason
}

// failedSeverity is must when any failure is must, or when no failure says (a check that failed without naming
// a rule); should only when every failure is should.
func failedSeverity(fs []Failure) spec.Severity {
	for _, f := range fs {
		if f.Severity != spec.SeverityShould {
			return spec.SeverityMust
		}
	}
	if len(fs) == 0 {
		return spec.SeverityMust
	}
	return spec.SeverityShould
}

// ruleOperation matches the operation a rule ID starts with: PublishVersion.status.201.
var ruleOperation = regexp.MustCompile(`^([A-Z][A-Za-z0-9]+)\.`)

// failuresText renders failures one per block, as the suites do.
func failuresText(fs []Failure) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "✗ [%s] %s\n    %s\n", f.Rule, f.What, strings.ReplaceAll(strings.TrimSpace(f.Message), "\n", "\n    "))
	}
	return b.String()
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
