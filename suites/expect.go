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

// A check records every expectation that does not depend on an earlier failed one, and goes on: a wrong status
// is one failure among others, and the check still judges the body and the behaviour. It stops only where its
// next step needs what failed (a step that needs a value checks what Need, Status or Config returned).

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
}

// That starts an expectation: when it fails, the check goes on and reports every failure at the end. rule must
// be one of the check's rules (or an implicit one); ex is the call the value came from (nil when none). actual
// may be a Member: an expectation about a member the answer did not carry, or carried as null, fails and says
// so; one about a member of an answer that was unusable is not judged (that failure is reported already).
func (c *Check) That(rule string, ex *client.Exchange, what string, actual any) Assertion {
	c.ownRule(rule)
	return Assertion{c: c, rule: rule, ex: ex, what: what, actual: actual}
}

// To asserts that the value satisfies the matcher and reports whether it did.
func (a Assertion) To(m types.GomegaMatcher) bool { return a.match(m, true) }

// NotTo asserts that the value does not satisfy the matcher and reports whether it did not.
func (a Assertion) NotTo(m types.GomegaMatcher) bool { return a.match(m, false) }

// ToBeAbsent asserts that the answer did not carry the member at all: not null, not empty.
func (a Assertion) ToBeAbsent() bool {
	o, ok := a.actual.(observed)
	if !ok {
		panic(fmt.Sprintf("check %s: ToBeAbsent needs a Member, not %T", a.c.ID, a.actual))
	}
	_, s, desc := o.observation()
	switch s {
	case unobserved:
		return a.c.dependent(a.what, desc)
	case absent:
		a.c.assert(a.rule)
		return true
	}
	a.c.addFailure(failure{rule: a.rule, what: a.what, message: "Expected the member to be absent\n  got " + desc, exchange: a.ex})
	return false
}

func (a Assertion) match(m types.GomegaMatcher, positive bool) bool {
	actual, s, desc := plain(a.actual)
	switch s {
	case unobserved:
		return a.c.dependent(a.what, desc)
	case absent, null:
		a.c.addFailure(failure{rule: a.rule, what: a.what, exchange: a.ex,
			message: fmt.Sprintf("Expected a value to judge\n  got %s", desc)})
		return false
	}
	if problem := plainMatcher(m); problem != "" {
		a.c.addFailure(failure{rule: a.rule, what: a.what, exchange: a.ex,
			message: fmt.Sprintf("Nothing to compare %s with: the value it is compared with is %s", quote(actual), problem)})
		return false
	}
	var msg string
	g := gomega.NewGomega(func(message string, _ ...int) { msg = message })
	var ok bool
	if positive {
		ok = g.Expect(actual).To(m)
	} else {
		ok = g.Expect(actual).NotTo(m)
	}
	a.c.assert(a.rule)
	if !ok {
		a.c.addFailure(failure{rule: a.rule, what: a.what, message: msg, exchange: a.ex})
	}
	return ok
}

// dependent drops an expectation about what an unusable answer would have shown: the failure that made it
// unusable is reported already. Without one, the expectation fails: a check never passes on what it did not
// observe.
func (c *Check) dependent(what, desc string) bool {
	if len(c.failures) == 0 {
		c.addFailure(failure{rule: c.Rules[0], what: what, message: "Expected a value to judge\n  got " + desc})
		return false
	}
	c.Note("not judged, as it depends on an earlier failure: %s (%s)", what, desc)
	return false
}

// Need returns the value of a member the check's next step needs; when the answer did not carry it, or carried
// null, it fails rule, saying so, and returns false: the check cannot take that step.
func Need[T comparable](c *Check, rule string, ex *client.Exchange, what string, m Member[T]) (T, bool) {
	c.ownRule(rule)
	v, s, desc := m.observation()
	switch s {
	case present:
		return v.(T), true
	case unobserved:
		c.dependent(what, desc)
	default:
		c.assert(rule)
		c.addFailure(failure{rule: rule, what: what, exchange: ex, message: "Expected a value, which the next step needs\n  got " + desc})
	}
	var zero T
	return zero, false
}

// ownRule panics when a check asserts a rule it did not declare: reports must be able to trust a failure's rule.
// Three kinds of rule are implicit in every check, because every check relies on them whenever it calls an
// operation under test: its documented success status, a JSON body, and the members AWS always sends (and those
// it sends because the run configured them with function-extras).
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
	r, ok := c.run.model.Rule(rule)
	return ok && r.Kind == spec.KindPresence &&
		(len(r.Presence.Required) > 0 || (r.Presence.Configured != "" && c.run.configured(r.Field)))
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
	c.assert(f.rule)
	c.failures = append(c.failures, f)
}

// assert records that an expectation on behalf of rule was judged.
func (c *Check) assert(rule string) { c.asserted[rule] = true }

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

// Fail records a failure on behalf of rule with a message of the check's own.
func (c *Check) Fail(rule string, ex *client.Exchange, what, message string) {
	c.ownRule(rule)
	c.addFailure(failure{rule: rule, what: what, message: message, exchange: ex})
}

// Answered requires that a call got an answer at all: a refused, reset or timed-out call fails rule. It reports
// whether an answer came; what the call was to show depends on it.
func (c *Check) Answered(rule string, ex *client.Exchange) bool {
	if ex.Err == nil {
		return true
	}
	if !c.failedOn(ex) {
		c.Fail(rule, ex, ex.Operation+" got no answer", ex.Err.Error())
	}
	return false
}

// failedOn reports whether a failure about an exchange is recorded.
func (c *Check) failedOn(ex *client.Exchange) bool {
	return slices.ContainsFunc(c.failures, func(f failure) bool { return f.exchange == ex })
}

// Status requires an answer with the given status and reports whether it came. A call that should have
// succeeded and got another 2xx fails its operation's success-status rule; other statuses fail rule. Either way
// the check goes on: what it judges next decides whether it depends on the status.
func (c *Check) Status(rule string, ex *client.Exchange, want int) bool {
	if !c.Answered(rule, ex) {
		return false
	}
	what := "status of " + ex.Operation
	if precise := c.precise(rule, ex, want); precise != rule {
		what += " (for " + rule + ")"
		rule = precise
	}
	return c.That(rule, ex, what, ex.Status).To(gomega.Equal(want))
}

// Config decodes the FunctionConfiguration of a success answer. A call that got no answer fails rule; a body
// that is not a JSON object fails the operation's response.json rule (for an operation under test; else rule).
// An answer refused with an error carries no configuration: its members are unobserved, and expectations about
// them are not judged, the refusal being reported (or failed here on behalf of rule when it is not). It reports
// whether the members could be read.
func (c *Check) Config(rule string, ex *client.Exchange) (Configuration, bool) {
	if !c.Answered(rule, ex) {
		return unobservedConfiguration(ex.Operation + " got no answer"), false
	}
	if ex.Status < 200 || ex.Status > 299 {
		if !c.failedOn(ex) {
			c.Fail(rule, ex, ex.Operation+" succeeds", "Expected a FunctionConfiguration\n  got "+ex.Outcome())
		}
		return unobservedConfiguration(ex.Operation + " was refused: " + ex.Outcome()), false
	}
	cfg, err := decodeConfiguration(ex.Body)
	if err != nil {
		if c.run.model.Operation(ex.Operation) != nil {
			rule = ex.Operation + ".response.json"
		}
		c.Fail(rule, ex, ex.Operation+" body decodes as a FunctionConfiguration", err.Error())
		return unobservedConfiguration(ex.Operation + "'s body is not a JSON object"), false
	}
	return cfg, true
}

// Conforms validates an answer of an operation under test against the model. Violations of the check's own
// rules (or of only, when given), and of the members AWS always sends when the check made the call, fail the
// check, each on behalf of its rule; the others are noted in the report. A call that got no answer fails every
// rule it was sent to judge.
func (c *Check) Conforms(ex *client.Exchange, only ...string) bool {
	op := c.run.model.Operation(ex.Operation)
	if op == nil {
		return true
	}
	c.conformed[ex] = true
	judged := func(id string) bool {
		if len(only) > 0 && !slices.Contains(only, id) {
			return !c.borrowed[ex] && c.implicitPresence(id)
		}
		return slices.Contains(c.Rules, id) || (!c.borrowed[ex] && c.implicitPresence(id))
	}
	if ex.Err != nil {
		// No answer conforms to nothing: it fails every rule of the check it was sent to judge.
		for _, id := range c.Rules {
			if r, found := c.run.model.Rule(id); found && r.Operation == ex.Operation && r.Location != "request" && judged(id) {
				c.Fail(id, ex, ex.Operation+" got no answer to judge", ex.Err.Error())
			}
		}
		return false
	}
	for _, id := range slices.Concat(c.Rules, op.PresenceRules()) {
		if judged(id) && c.covers(ex, id) {
			c.assert(id)
		}
	}
	all := c.run.violations(ex)
	ok := true
	for _, v := range all {
		if !judged(v.Rule) {
			c.Note("observed on %s: %s", ex.Operation, v)
			continue
		}
		ok = false
		c.failures = append(c.failures, failure{rule: v.Rule, what: fmt.Sprintf("%s response at %s", ex.Operation, orRoot(v.Path)),
			message: fmt.Sprintf("Expected %s\n  got %s\n  (%s)", v.Expected, v.Actual, v.Message), exchange: ex, violations: all})
		c.assert(v.Rule)
	}
	return ok
}

// implicitPresence reports whether a rule is a presence rule an answer of an operation under test must
// satisfy, whichever check made the call.
func (c *Check) implicitPresence(id string) bool {
	r, ok := c.run.model.Rule(id)
	return ok && r.Kind == spec.KindPresence && len(r.Presence.Required) > 0
}

// failIfAny fails the check with every failure it collected.
func (c *Check) failIfAny() {
	if len(c.failures) > 0 {
		Fail(c.failureMessage(), 1)
	}
}

func orRoot(p string) string {
	if p == "" {
		return "(the response)"
	}
	return p
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
