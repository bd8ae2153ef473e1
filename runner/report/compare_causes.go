package report

import (
	"slices"
	"sort"

	"github.com/lambdaconform/lambdaconform/spec"
)

// RootCause is what several failures of one target have in common: the rule they broke on the same kind of
// call. One deviation of a target usually fails many checks; its root causes are what to fix.
type RootCause struct {
	Severity spec.Severity // the rule's, from the catalog: must, or should for wire details SDKs tolerate
	Rule     string        // the failed rule; "" for failures that name none
	Call     string        // the kind of call that broke it: the operation whose answer broke the rule
	Checks   []string      // the failed checks, by ID
}

// rootCauses groups the report's failures by failed rule and kind of call: must before should, then the causes
// that fail the most checks. The kind of call is the operation of the first call whose answer breaks the rule
// (its violations name it), else the check's operation: behaviour rules span calls and have no violation.
func rootCauses(r Report, severity func(rule string) spec.Severity) []RootCause {
	type key struct{ rule, call string }
	causes := map[key]*RootCause{}
	var order []key
	for _, c := range r.Checks {
		if c.Outcome != Failed {
			continue
		}
		rules := c.FailedRules
		if len(rules) == 0 {
			rules = []string{""}
		}
		for _, rule := range rules {
			k := key{rule, callOf(c, rule)}
			rc, ok := causes[k]
			if !ok {
				rc = &RootCause{Severity: severity(rule), Rule: rule, Call: k.call}
				causes[k] = rc
				order = append(order, k)
			}
			if !slices.Contains(rc.Checks, c.ID) {
				rc.Checks = append(rc.Checks, c.ID)
			}
		}
	}
	out := make([]RootCause, 0, len(order))
	for _, k := range order {
		out = append(out, *causes[k])
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		switch {
		case a.Severity != b.Severity:
			return a.Severity == spec.SeverityMust
		case len(a.Checks) != len(b.Checks):
			return len(a.Checks) > len(b.Checks)
		case a.Rule != b.Rule:
			return a.Rule < b.Rule
		}
		return a.Call < b.Call
	})
	return out
}

// callOf is the kind of call on which the check broke the rule.
func callOf(c Check, rule string) string {
	for _, call := range c.Calls {
		for _, v := range call.Violations {
			if v.Rule == rule && call.Operation != "" {
				return call.Operation
			}
		}
	}
	if c.Operation == "" {
		return NoOperation
	}
	return c.Operation
}

// ruleSeverities looks rules up in the profile's catalog. A rule the catalog does not have (a report from
// another version) counts as must, as the suites count a failure whose rule they cannot find.
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
