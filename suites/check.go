package suites

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	. "github.com/onsi/ginkgo/v2"

	"github.com/lambdaconform/lambdaconform/client"
	"github.com/lambdaconform/lambdaconform/client/replay"
	"github.com/lambdaconform/lambdaconform/spec"
)

// Family is a group of checks (design.md, suites).
type Family string

// The four families.
const (
	Contract  Family = "contract"  // generated from the rule catalog
	Semantics Family = "semantics" // behaviour across calls
	Errors    Family = "errors"    // the wire format of each error that can be provoked
	Interop   Family = "interop"   // the AWS SDK for Go v2 against the target
)

// Families lists the families in report order.
var Families = []Family{Contract, Semantics, Errors, Interop}

// Meta describes a check. It is validated when the tree is built: a check without a known operation, family or
// rule does not run.
type Meta struct {
	ID        string // stable: <family>.<operation>.<name>
	Title     string // what the check verifies, in words
	Operation string // the operation under test
	Family    Family // its family
	// Rules are the catalog rules it asserts; every failure names one of them. The first is the behaviour the
	// check tests: its evidence is the check's.
	Rules    []string
	Profiles []string // the profiles it applies to; nil for all

	group string // checks that share set-up (an ordered container) run in the same shard
}

// Evidence is what the behaviour the check tests rests on, for its operation: the evidence of its first rule.
// The rules it asserts along the way (the type of a request member it sends, the wire form of the error it
// provokes) keep their own evidence, which each failure reports.
func (m Meta) Evidence(model *spec.Model) spec.Evidence {
	if len(m.Rules) > 0 {
		if r, ok := model.Rule(m.Rules[0]); ok {
			return r.EvidenceFor(m.Operation)
		}
	}
	return spec.EvidenceUnverified
}

// Severity is the check's: must when any of its rules is must, should when all are should.
func (m Meta) Severity(model *spec.Model) spec.Severity {
	for _, id := range m.Rules {
		if r, ok := model.Rule(id); ok && r.Severity == spec.SeverityMust {
			return spec.SeverityMust
		}
	}
	return spec.SeverityShould
}

// Labels returns the Ginkgo labels of a check: operation, family, evidence, severity, profiles, check ID and rules. Users
// filter with label queries such as 'family:semantics && !evidence:unverified'.
func (m Meta) Labels(model *spec.Model) []string {
	labels := []string{"operation:" + m.Operation, "family:" + string(m.Family),
		"evidence:" + string(m.Evidence(model)), "severity:" + string(m.Severity(model)), "check:" + m.ID}
	profiles := m.Profiles
	if profiles == nil {
		profiles = spec.Profiles()
	}
	for _, p := range profiles {
		labels = append(labels, "profile:"+p)
	}
	for _, r := range m.Rules {
		labels = append(labels, "rule:"+r)
	}
	return labels
}

var checkID = regexp.MustCompile(`^(contract|semantics|errors|interop)\.(UpdateFunctionCode|PublishVersion)\.[A-Za-z0-9.\[\]{}_-]+$`)

// registry holds every check registered while the tree was built, for catalogs and coverage.
var registry struct {
	sync.Mutex
	checks []Meta
	ids    map[string]bool
}

// Registered returns the checks of the tree built by the last RunSpecs or PreviewSpecs, sorted by ID.
func Registered() []Meta {
	registry.Lock()
	defer registry.Unlock()
	out := slices.Clone(registry.checks)
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// register validates a check's metadata and adds it to the registry; it panics on a malformed check, which
// Ginkgo reports as a tree-construction failure.
func register(m Meta, model *spec.Model) {
	if !checkID.MatchString(m.ID) || !strings.HasPrefix(m.ID, string(m.Family)+"."+m.Operation+".") {
		panic(fmt.Sprintf("check %q: ID must be <family>.<operation>.<name> for family %s and operation %s", m.ID, m.Family, m.Operation))
	}
	if model.Operation(m.Operation) == nil {
		panic(fmt.Sprintf("check %s: operation %q is not in the model", m.ID, m.Operation))
	}
	if m.Title == "" || len(m.Rules) == 0 {
		panic(fmt.Sprintf("check %s: a check needs a title and at least one rule", m.ID))
	}
	for _, id := range m.Rules {
		r, ok := model.Rule(id)
		if !ok {
			panic(fmt.Sprintf("check %s: rule %s is not in the %s catalog", m.ID, id, model.Profile))
		}
		if !r.AppliesTo(m.Operation) {
			panic(fmt.Sprintf("check %s: rule %s does not concern %s", m.ID, id, m.Operation))
		}
	}
	registry.Lock()
	defer registry.Unlock()
	if registry.ids == nil {
		registry.ids = map[string]bool{}
	}
	if registry.ids[m.ID] {
		panic(fmt.Sprintf("check %s is defined twice", m.ID))
	}
	registry.ids[m.ID] = true
	registry.checks = append(registry.checks, m)
}

// check registers a check as a Ginkgo spec: It(title [ID], labels) running body with a fresh Check.
func check(m Meta, body func(c *Check)) {
	model := configuredModel()
	if m.Profiles != nil && !slices.Contains(m.Profiles, model.Profile) {
		return
	}
	if !inShard(m) {
		return
	}
	register(m, model)
	It(m.Title+" ["+m.ID+"]", Label(m.Labels(model)...), func(ctx SpecContext) {
		stopIfSilent()
		c := newCheck(ctx, m)
		c.inSpec = true
		DeferCleanup(c.report) // registered first, so it runs last: after the clean-up, which it records
		body(c)
		c.assertOwned()
		c.failIfAny()
	})
}

// Check is the state of one running check: its calls and what failed.
type Check struct {
	Meta
	ctx       context.Context
	run       *run
	exchanges []*client.Exchange
	trail     []replay.Step // every step, waits and clean-up included, for the replay (trail.go)
	inSpec    bool          // a check of its own, not the shared set-up of an ordered container
	failures  []failure
	setupErr  string
	notes     []string
	conformed map[*client.Exchange]bool // answers Conforms has validated
	borrowed  map[*client.Exchange]bool // answers another check's calls got (shared observations)
	asserted  map[string]bool           // rules an expectation or a validation judged
	ownedDone bool                      // assertOwned has run
}

func newCheck(ctx context.Context, m Meta) *Check {
	if current == nil {
		Fail("suites.Configure was not called: the checks have no target")
	}
	return &Check{Meta: m, ctx: ctx, run: current, conformed: map[*client.Exchange]bool{},
		borrowed: map[*client.Exchange]bool{}, asserted: map[string]bool{}}
}

// Context is the check's context; it ends when the check is interrupted or times out.
func (c *Check) Context() context.Context { return c.ctx }

// Client is the raw HTTP client of the target.
func (c *Check) Client() *client.Client { return c.run.client }

// Model is the contract of the configured profile.
func (c *Check) Model() *spec.Model { return c.run.model }

// Note adds a line to the check's report, shown with its outcome.
func (c *Check) Note(format string, args ...any) {
	c.notes = append(c.notes, fmt.Sprintf(format, args...))
}

// record keeps an exchange of the check's own for the report.
func (c *Check) record(ex *client.Exchange) *client.Exchange {
	abortIfNotSent(ex.Err)
	c.exchanges = append(c.exchanges, ex)
	c.step(replay.Call, ex)
	return ex
}

// borrow keeps an exchange another check made (a shared observation) for the report and the replay: the check
// judges only the rules it declares on it.
func (c *Check) borrow(ex *client.Exchange) {
	c.borrowed[ex] = true
	c.record(ex)
}

// SetupError ends the check as an error, not a failure: the suite could not get the target into the state the
// check needs, which says nothing about conformance. A check that has already failed ends failed instead, with
// its failures and the set-up error noted: what it found stands.
func (c *Check) SetupError(format string, args ...any) {
	if c.failedBeforeSetupError(fmt.Sprintf(format, args...)) {
		Fail(c.failureMessage(), 1)
	}
	Fail(SetupErrorPrefix+c.setupErr, 1)
}

// failedBeforeSetupError judges the answers got so far, as at the end of a check that ran through, and reports
// whether the check had failed before the set-up broke (a member AWS always sends was missing, say): it then ends
// as failed, not as an error. Otherwise the set-up error is kept.
func (c *Check) failedBeforeSetupError(msg string) bool {
	c.assertOwned()
	if len(c.failures) > 0 {
		c.Note("the check could not go on: %s", msg)
		return true
	}
	c.setupErr = msg
	return false
}

// SetupErrorPrefix starts the failure message of a check that ended in a set-up error.
const SetupErrorPrefix = "SET-UP ERROR (not a conformance failure): "

// Skip ends the check as skipped, with the reason in the report. The answers the check got are judged first, as
// at the end of a check that ran through (assertOwned: its own rules, and the members AWS always sends), and a
// check that has failed fails instead, so that a skip never hides a failure.
func (c *Check) Skip(format string, args ...any) {
	c.assertOwned()
	if len(c.failures) > 0 {
		c.Note("the check would have been skipped: "+format, args...)
		Fail(c.failureMessage(), 1)
	}
	Skip(fmt.Sprintf(format, args...), 1)
}

// errorRules returns the catalog's rules about an error type's wire form for an operation: its status, its
// message key and its body members. A check that provokes the error asserts them all through Conforms.
func errorRules(op, errorType string) []string {
	prefix := op + ".error." + errorType + "."
	var out []string
	for _, r := range configuredModel().Rules() {
		if strings.HasPrefix(r.ID, prefix) {
			out = append(out, r.ID)
		}
	}
	return out
}

// withRules appends rules to a list, without duplicates.
func withRules(rules []string, more ...string) []string {
	for _, r := range more {
		if !slices.Contains(rules, r) {
			rules = append(rules, r)
		}
	}
	return rules
}
