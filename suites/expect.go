package suites

import (
	"fmt"
	"slices"
	"strings"
	"weak"

	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"
	"github.com/onsi/gomega/types"

	"github.com/lambdaconform/lambdaconform/client"
	"github.com/lambdaconform/lambdaconform/spec"
)

// failure is one broken expectation of a check.
type failure struct {
	rule       string
	what       string
	message    string
	exchange   *client.Exchange
	violations []spec.Violation // every violation of the exchange, for context
}

// Assertion is an expectation, on behalf of one of the check's rules, about a value from a call.
type Assertion struct {
	c      *Check
	rule   string
	ex     *client.Exchange
	what   string
	actual any
	hard   bool
}

// That starts a soft expectation: when it fails, the check goes on and reports every failure at the end.
// rule must be one of the check's rules; ex is the call the value came from (nil when none).
func (c *Check) That(rule string, ex *client.Exchange, what string, actual any) Assertion {
	c.ownRule(rule)
	return Assertion{c: c, rule: rule, ex: ex, what: what, actual: actual}
}

// Must starts a hard expectation: when it fails, the check stops there, reporting what failed so far.
func (c *Check) Must(rule string, ex *client.Exchange, what string, actual any) Assertion {
	a := c.That(rule, ex, what, actual)
	a.hard = true
	return a
}

// To asserts that the value satisfies the matcher and reports whether it did.
func (a Assertion) To(m types.GomegaMatcher) bool { return a.match(m, true) }

// NotTo asserts that the value does not satisfy the matcher and reports whether it did not.
func (a Assertion) NotTo(m types.GomegaMatcher) bool { return a.match(m, false) }

func (a Assertion) match(m types.GomegaMatcher, positive bool) bool {
	var msg string
	g := gomega.NewGomega(func(message string, _ ...int) { msg = message })
	var ok bool
	if positive {
		ok = g.Expect(a.actual).To(m)
	} else {
		ok = g.Expect(a.actual).NotTo(m)
	}
	if !ok {
		a.c.addFailure(failure{rule: a.rule, what: a.what, message: msg, exchange: a.ex})
		if a.hard {
			a.c.assertOwned()
			Fail(a.c.failureMessage(), 2)
		}
	}
	return ok
}

// ownRule panics when a check asserts a rule it did not declare: reports must be able to trust a failure's rule.
// Two kinds of rule are implicit in every check, because every check relies on them whenever it calls an
// operation under test: its documented success status, and a JSON body.
func (c *Check) ownRule(rule string) {
	if !slices.Contains(c.Rules, rule) && !c.implicitRule(rule) {
		panic(fmt.Sprintf("check %s asserts rule %s, which its Meta does not declare", c.ID, rule))
	}
}

func (c *Check) implicitRule(rule string) bool {
	for _, op := range c.run.model.Operations() {
		if rule == fmt.Sprintf("%s.status.%d", op.ID, op.SuccessStatus) || rule == op.ID+".response.json" {
			return true
		}
	}
	return false
}

// precise returns the rule a failure breaks: a call under test that succeeded with another 2xx status than the
// documented one breaks its operation's success-status rule, whatever the check is about, so that one
// expected-failures entry covers it everywhere. A call refused where it should have succeeded breaks the check's
// own rule.
func (c *Check) precise(rule string, ex *client.Exchange, want int) string {
	if op := c.run.model.Operation(ex.Operation); op != nil && want == op.SuccessStatus && ex.Status != want &&
		ex.Status >= 200 && ex.Status < 300 {
		return fmt.Sprintf("%s.status.%d", op.ID, want)
	}
	return rule
}

func (c *Check) addFailure(f failure) {
	if f.exchange != nil && f.violations == nil {
		f.violations = c.run.violations(f.exchange)
	}
	c.failures = append(c.failures, f)
}

// violations validates an answer of an operation under test against the model, once per answer: checks that
// share observed answers read the same result.
func (r *run) violations(ex *client.Exchange) []spec.Violation {
	op := r.model.Operation(ex.Operation)
	if op == nil || ex.Err != nil {
		return nil
	}
	key := weak.Make(ex)
	if v, ok := r.validated.Load(key); ok {
		return v.([]spec.Violation)
	}
	var opts []spec.ValidateOption
	if r.cfg.Strict {
		opts = append(opts, spec.Strict())
	}
	v := op.Validate(ex.Response(), opts...)
	r.validated.Store(key, v)
	return v
}

// Fail records a failure on behalf of rule with a message of the check's own; hard stops the check there.
func (c *Check) Fail(rule string, ex *client.Exchange, what, message string, hard bool) {
	c.ownRule(rule)
	c.addFailure(failure{rule: rule, what: what, message: message, exchange: ex})
	if hard {
		c.assertOwned()
		Fail(c.failureMessage(), 1)
	}
}

// Answered requires that a call got an answer at all; a refused, reset or timed-out call fails the check on
// behalf of rule.
func (c *Check) Answered(rule string, ex *client.Exchange) {
	if ex.Err != nil {
		c.Fail(rule, ex, ex.Operation+" got no usable answer", ex.Err.Error(), true)
	}
}

// Status requires an answer with the given status (a hard expectation). A call that should have succeeded fails
// on behalf of its operation's success-status rule; other statuses on behalf of rule.
func (c *Check) Status(rule string, ex *client.Exchange, want int) {
	c.Answered(rule, ex)
	what := "status of " + ex.Operation
	if precise := c.precise(rule, ex, want); precise != rule {
		what += " (for " + rule + ")"
		rule = precise
	}
	c.Must(rule, ex, what, ex.Status).To(gomega.Equal(want))
}

// Conforms validates a response of an operation under test against the model. Violations of the check's own
// rules (or of only, when given) fail the check, each on behalf of its rule; the others are noted in the report.
func (c *Check) Conforms(ex *client.Exchange, only ...string) bool {
	if c.run.model.Operation(ex.Operation) == nil || ex.Err != nil {
		return true
	}
	c.conformed[ex] = true
	all := c.run.violations(ex)
	ok := true
	for _, v := range all {
		owned := slices.Contains(c.Rules, v.Rule) && (len(only) == 0 || slices.Contains(only, v.Rule))
		if !owned {
			c.Note("observed on %s: %s", ex.Operation, v)
			continue
		}
		ok = false
		c.failures = append(c.failures, failure{rule: v.Rule, what: fmt.Sprintf("%s response at %s", ex.Operation, orRoot(v.Path)),
			message: fmt.Sprintf("Expected %s\n  got %s\n  (%s)", v.Expected, v.Actual, v.Message), exchange: ex, violations: all})
	}
	return ok
}

func orRoot(p string) string {
	if p == "" {
		return "(the response)"
	}
	return p
}

// failIfAny fails the check with every failure it collected.
func (c *Check) failIfAny() {
	if len(c.failures) > 0 {
		Fail(c.failureMessage(), 1)
	}
}

// failureMessage renders the failures: each with its rule, source, expected and actual; then each call involved,
// with its transcript, a curl command that reproduces it and all its violations.
func (c *Check) failureMessage() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d expectation(s) failed in %s\n", len(c.failures), c.ID)
	var calls []*client.Exchange
	for _, f := range c.failures {
		fmt.Fprintf(&b, "\n✗ [%s] %s\n", f.rule, f.what)
		b.WriteString(indentLines("    ", f.message))
		if r, ok := c.run.model.Rule(f.rule); ok {
			fmt.Fprintf(&b, "\n    rule:   %s\n    source: %s", oneLine(r.Value), sourceLine(r.Source))
		}
		b.WriteString("\n")
		if f.exchange != nil && !slices.Contains(calls, f.exchange) {
			calls = append(calls, f.exchange)
		}
	}
	for i, ex := range calls {
		fmt.Fprintf(&b, "\n--- call %d: %s → %s\n%s", i+1, ex.Operation, ex.Outcome(), ex.Transcript())
		fmt.Fprintf(&b, "reproduce:\n%s\n", indentLines("  ", ex.Curl()))
		for _, f := range c.failures {
			if f.exchange == ex && len(f.violations) > 0 {
				b.WriteString("all violations of this call:\n")
				for _, v := range f.violations {
					fmt.Fprintf(&b, "  - %s\n", v)
				}
				break
			}
		}
	}
	return b.String()
}

func sourceLine(s spec.Source) string {
	loc := s.Document
	if s.Line > 0 {
		loc = fmt.Sprintf("%s:%d", s.Document, s.Line)
	}
	if s.Quote != "" {
		return fmt.Sprintf("%s %q", loc, oneLine(s.Quote))
	}
	return loc
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	return s
}

func indentLines(prefix, s string) string {
	return prefix + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n"+prefix)
}
