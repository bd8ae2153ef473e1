package report

import (
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/lambdaconform/lambdaconform/spec"
)

// RootCause is one failed rule on one kind of call, with every check it fails: a target that answers
// PublishVersion with 200 instead of 201 fails PublishVersion.status.201 in every check that publishes, and that
// is one defect, not twenty. A failed check belongs to one root cause per rule it failed.
type RootCause struct {
	Rule      string        `json:"rule"`      // the failed rule; empty for a check that failed without naming one
	Operation string        `json:"operation"` // the kind of call it judged
	Severity  spec.Severity `json:"severity"`  // the rule's
	Reason    string        `json:"reason"`    // what the first check saw, in one line
	Checks    []string      `json:"checks"`    // the failed checks, sorted
	// Counts is whether any of its checks is a failure that counts against the target (not expected, not in the
	// baseline, and not a should failure under fail-on must).
	Counts bool `json:"counts"`
}

// RootCauses groups the report's failed checks by failed rule and kind of call: those that count first, must
// before should, then the causes that fail most checks, then by rule.
func (r Report) RootCauses() []RootCause {
	byKey := map[[3]string]*RootCause{}
	var order []*RootCause
	var severity func(string) spec.Severity // looked up only for failures without their details
	for _, c := range r.Checks {
		if c.Outcome != Failed {
			continue
		}
		failures := c.Failures
		if len(failures) == 0 {
			// A check without the details of its failures (a report of an older version): one failure per rule
			// it failed, with the rule's severity in the catalog and the reason of the first.
			if severity == nil {
				severity = ruleSeverities(r.Profile)
			}
			rule := firstOr(c.FailedRules, "")
			failures = []Failure{{Rule: rule, Severity: severity(rule), Operation: failureCall(c, rule, ""),
				Message: reasonAfterRule(c)}}
			for _, rule := range c.FailedRules[min(1, len(c.FailedRules)):] {
				failures = append(failures, Failure{Rule: rule, Severity: severity(rule), Operation: failureCall(c, rule, ""),
					Message: "(see " + c.ID + ")"})
			}
		}
		seen := map[[3]string]bool{}
		for _, f := range failures {
			key := [3]string{f.Rule, f.Operation}
			if f.Rule == "" {
				key[2] = c.Reason // failures that name no rule are grouped only when they say the same
			}
			if seen[key] {
				continue
			}
			seen[key] = true
			rc := byKey[key]
			if rc == nil {
				reason := compact(f.Message)
				if f.What != "" {
					reason = f.What + ": " + reason
				}
				rc = &RootCause{Rule: f.Rule, Operation: f.Operation, Severity: f.Severity, Reason: reason}
				byKey[key] = rc
				order = append(order, rc)
			}
			if f.Severity == spec.SeverityMust {
				rc.Severity = spec.SeverityMust
			}
			rc.Checks = append(rc.Checks, c.ID)
			rc.Counts = rc.Counts || r.Counts(c)
		}
	}
	out := make([]RootCause, len(order))
	for i, rc := range order {
		sort.Strings(rc.Checks)
		out[i] = *rc
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		switch {
		case a.Counts != b.Counts:
			return a.Counts
		case a.Severity != b.Severity:
			return a.Severity == spec.SeverityMust
		case len(a.Checks) != len(b.Checks):
			return len(a.Checks) > len(b.Checks)
		case a.Rule != b.Rule:
			return a.Rule < b.Rule
		}
		return a.Operation < b.Operation
	})
	return out
}

// severityCauses are the root causes of one severity.
type severityCauses struct {
	Severity spec.Severity
	Causes   []RootCause
}

// bySeverity splits root causes by severity, must then should, in their order; a severity without causes is
// left out, and a cause of no known severity is a must cause: no failure is played down or lost.
func bySeverity(causes []RootCause) []severityCauses {
	var out []severityCauses
	for _, sev := range []spec.Severity{spec.SeverityMust, spec.SeverityShould} {
		sc := severityCauses{Severity: sev}
		for _, rc := range causes {
			if (rc.Severity == spec.SeverityShould) == (sev == spec.SeverityShould) {
				sc.Causes = append(sc.Causes, rc)
			}
		}
		if len(sc.Causes) > 0 {
			out = append(out, sc)
		}
	}
	return out
}

// failureCall is the kind of call on which a check failed a rule: the call the failure recorded; else the first
// call whose answer breaks the rule (its violations name it); else the operation the rule's ID starts with
// (PublishVersion.status.201); else the check's operation.
func failureCall(c Check, rule, recorded string) string {
	if recorded != "" {
		return recorded
	}
	for _, call := range c.Calls {
		for _, v := range call.Violations {
			if v.Rule == rule && call.Operation != "" {
				return call.Operation
			}
		}
	}
	if m := ruleOperation.FindStringSubmatch(rule); m != nil {
		return m[1]
	}
	if c.Operation == "" {
		return NoOperation
	}
	return c.Operation
}

// ruleSeverities looks rules up in the profile's catalog. A rule the catalog does not have (a report of another
// version) is must, as the suites count a failure whose rule they cannot find.
func ruleSeverities(profile string) func(string) spec.Severity {
	m, _ := spec.Load(profile)
	return func(id string) spec.Severity {
		if m != nil {
			if r, ok := m.Rule(id); ok && r.Severity != "" {
				return r.Severity
			}
		}
		return spec.SeverityMust
	}
}

func firstOr(list []string, def string) string {
	if len(list) > 0 {
		return list[0]
	}
	return def
}

// Counts reports whether a check is a failure that counts against the target: failed, not covered by an
// unexpired expected-failure entry, not already failing in the baseline (when one was applied), and, when the
// report fails on must failures only, a must failure.
func (r Report) Counts(c Check) bool {
	return c.Outcome == Failed && !c.ExpectedFailure() && !(r.Baseline != nil && c.Baseline == StillFailing) &&
		!(r.FailOn == spec.SeverityMust && c.FailedSeverity == spec.SeverityShould)
}

// ReasonGroup is one reason shared by checks with the same outcome (skipped, not run), its specifics taken out:
// "no PublishVersion response carried MasterArn, so ..." and "no UpdateFunctionCode response carried Layers[].Arn,
// so ..." are one reason, "no … response carried …, so ...", with the values it had.
type ReasonGroup struct {
	Reason  string   `json:"reason"`            // the shared text, specifics replaced by …
	Example string   `json:"example,omitempty"` // one whole reason of the group, when its checks gave several
	Values  []string `json:"values,omitempty"`  // the specifics it had, distinct, in order of appearance
	Checks  []string `json:"checks"`
}

// Reasons groups the reasons of the checks with an outcome, the most frequent first. Reasons that differ only
// in their specifics are one group; a group whose checks all gave the same reason keeps it whole.
func (r Report) Reasons(o Outcome) []ReasonGroup {
	byText := map[string]*ReasonGroup{}
	originals := map[*ReasonGroup]map[string]bool{}
	var order []*ReasonGroup
	for _, c := range r.Checks {
		if c.Outcome != o {
			continue
		}
		reason := c.Reason
		if reason == "" {
			reason = "no reason given"
		}
		text, values := generalize(reason)
		g := byText[text]
		if g == nil {
			g = &ReasonGroup{Reason: text, Example: reason}
			byText[text] = g
			originals[g] = map[string]bool{}
			order = append(order, g)
		}
		originals[g][reason] = true
		for _, v := range values {
			if !slices.Contains(g.Values, v) {
				g.Values = append(g.Values, v)
			}
		}
		g.Checks = append(g.Checks, c.ID)
	}
	out := make([]ReasonGroup, len(order))
	for i, g := range order {
		if len(originals[g]) == 1 {
			for reason := range originals[g] {
				g.Reason, g.Values, g.Example = reason, nil, ""
			}
		}
		out[i] = *g
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i].Checks) > len(out[j].Checks) })
	return out
}

// specific matches the words of a reason that name a particular operation, member or value: identifiers in
// CamelCase or with dots or brackets (PublishVersion, MasterArn, Layers[].Arn), and quoted values.
var specific = regexp.MustCompile(`"[^"]*"|\b[A-Za-z][A-Za-z0-9]*(?:[A-Z][a-z0-9]|\.[A-Za-z]|\[\])[A-Za-z0-9.\[\]]*`)

// generalize replaces the specifics of a reason with "…" and returns them.
func generalize(reason string) (string, []string) {
	var values []string
	text := specific.ReplaceAllStringFunc(reason, func(w string) string {
		if !strings.ContainsAny(w, `."[`) && !hasInnerUpper(w) {
			return w
		}
		values = append(values, w)
		return "…"
	})
	return text, values
}

// hasInnerUpper reports whether a word has an upper-case letter after a lower-case one, as CamelCase does
// (MasterArn) and acronyms (AWS, SDK) do not.
func hasInnerUpper(w string) bool {
	lower := false
	for _, r := range w {
		switch {
		case r >= 'a' && r <= 'z':
			lower = true
		case r >= 'A' && r <= 'Z' && lower:
			return true
		}
	}
	return false
}
