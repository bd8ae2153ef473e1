package suites

import (
	"maps"
	"slices"

	. "github.com/onsi/ginkgo/v2"

	"github.com/lambdaconform/lambdaconform/client/replay"
	"github.com/lambdaconform/lambdaconform/spec"
)

// ReportEntryName names the Ginkgo report entry in which every check leaves its Record.
const ReportEntryName = "lambdaconform"

// Record is what a check reports beside its Ginkgo outcome: its metadata, the rules that failed and why, set-up
// errors, and every call it made. Reports are built from it.
type Record struct {
	ID        string        `json:"id"`
	Title     string        `json:"title"`
	Operation string        `json:"operation"`
	Family    Family        `json:"family"`
	Evidence  spec.Evidence `json:"evidence"`
	Severity  spec.Severity `json:"severity"` // must when any of its rules is must
	Profile   string        `json:"profile"`
	Rules     []string      `json:"rules"`
	// AssertedRules are the rules an expectation or a validation judged (a rule about a member only on an
	// answer that carried it), those the check declares and the implicit ones, sorted: in a passing run, every
	// declared rule is among them.
	AssertedRules []string        `json:"asserted_rules,omitempty"`
	FailedRules   []string        `json:"failed_rules,omitempty"`
	Failures      []FailureRecord `json:"failures,omitempty"`
	SetupError    string          `json:"setup_error,omitempty"`
	Notes         []string        `json:"notes,omitempty"`
	Calls         []CallRecord    `json:"calls,omitempty"`
	Replay        *replay.Plan    `json:"replay,omitempty"` // a failed check's replay
}

// FailureRecord is one failed expectation.
type FailureRecord struct {
	Rule     string        `json:"rule"`
	Severity spec.Severity `json:"severity"` // the rule's
	// Operation is the operation of the call the failed expectation judged; empty when it judged no call.
	Operation string `json:"operation,omitempty"`
	What      string `json:"what"`
	Message   string `json:"message"`
}

// CallRecord is one call a check made, redacted.
type CallRecord struct {
	Operation  string           `json:"operation"`
	Method     string           `json:"method"`
	URL        string           `json:"url"`
	Status     int              `json:"status"`
	Outcome    string           `json:"outcome"`
	DurationMS int64            `json:"duration_ms"`
	Transcript string           `json:"transcript"`
	Curl       string           `json:"curl"`
	Violations []spec.Violation `json:"violations,omitempty"`
	Cleanup    bool             `json:"cleanup,omitempty"` // a call of the check's clean-up
}

// report adds the check's Record to its Ginkgo report. It runs whether the check passed, failed or stopped, after
// the check's clean-up.
func (c *Check) report() {
	rec := Record{ID: c.ID, Title: c.Title, Operation: c.Operation, Family: c.Family,
		Evidence: c.Evidence(c.run.model), Severity: c.Severity(c.run.model), Profile: c.run.model.Profile, Rules: c.Rules,
		SetupError: c.setupErr, Notes: c.notes, AssertedRules: slices.Sorted(maps.Keys(c.asserted))}
	seen := map[string]bool{}
	for _, f := range c.failures {
		sev := spec.SeverityMust
		if r, ok := c.run.model.Rule(f.rule); ok {
			sev = r.Severity
		}
		fr := FailureRecord{Rule: f.rule, Severity: sev, What: f.what, Message: f.message}
		if f.exchange != nil {
			fr.Operation = f.exchange.Operation
		}
		rec.Failures = append(rec.Failures, fr)
		if !seen[f.rule] {
			seen[f.rule] = true
			rec.FailedRules = append(rec.FailedRules, f.rule)
		}
	}
	for _, ex := range c.exchanges {
		call := CallRecord{Operation: ex.Operation, Method: ex.Method, URL: ex.URL, Status: ex.Status,
			Outcome: ex.Outcome(), DurationMS: ex.Duration.Milliseconds(), Transcript: ex.Transcript(), Curl: ex.Curl()}
		call.Violations = c.run.violations(ex)
		call.Cleanup = c.isCleanup(ex)
		rec.Calls = append(rec.Calls, call)
	}
	rec.Replay = c.replayPlan()
	AddReportEntry(ReportEntryName, rec, ReportEntryVisibilityNever)
}
