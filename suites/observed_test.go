package suites

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/onsi/gomega"

	"github.com/lambdaconform/lambdaconform/client"
	"github.com/lambdaconform/lambdaconform/spec"
)

// testCheck is a check outside Ginkgo, to test the expectation helpers on their own.
func testCheck(rules ...string) *Check {
	return &Check{Meta: Meta{ID: "semantics.PublishVersion.test", Operation: "PublishVersion", Rules: rules},
		run: &run{model: spec.MustLoad(spec.AWSCurrent)}, conformed: map[*client.Exchange]bool{},
		borrowed: map[*client.Exchange]bool{}, asserted: map[string]bool{}}
}

const testRule = "behavior.revision.match"

// TestMembersTellAbsentNullAndEmptyApart: a member read from an answer says which of the three it was.
func TestMembersTellAbsentNullAndEmptyApart(t *testing.T) {
	cfg, err := decodeConfiguration([]byte(`{"Description":"","RevisionId":null,"CodeSize":"12","Timeout":true}`))
	if err != nil {
		t.Fatal(err)
	}
	if d, ok := cfg.Description.Get(); !ok || d != "" || !cfg.Description.Present() {
		t.Errorf("an empty Description is a value: %v", cfg.Description)
	}
	if cfg.RevisionId.Present() || cfg.RevisionId.Absent() || cfg.RevisionId.String() != "null" {
		t.Errorf("a null RevisionId is null, neither absent nor a value: %v", cfg.RevisionId)
	}
	if !cfg.Version.Absent() || cfg.Version.Present() || !strings.Contains(cfg.Version.String(), "absent") {
		t.Errorf("a Version not sent is absent: %v", cfg.Version)
	}
	if n, ok := cfg.CodeSize.Get(); !ok || n != 12 || !strings.Contains(cfg.CodeSize.String(), `"12"`) {
		t.Errorf("a CodeSize sent as a string is read leniently, saying so: %v", cfg.CodeSize)
	}
	if n, ok := cfg.Timeout.Get(); !ok || n != 0 || !strings.Contains(cfg.Timeout.String(), "true") {
		t.Errorf("a Timeout that is no number is a value that says what was sent: %v", cfg.Timeout)
	}
	if m := errorMessage([]byte(`{"Type":"User","message":null}`)); m.String() != "null" {
		t.Errorf("a null message: %v", m)
	}
	if m := errorMessage([]byte(`{"Type":"User"}`)); !m.Absent() {
		t.Errorf("no message: %v", m)
	}
}

// TestExpectationsAboutAbsentMembersFail: an expectation about a member the answer did not carry, or carried as
// null, fails and says so, whatever the matcher: two absent values never compare equal, and a negative
// expectation never passes on nothing.
func TestExpectationsAboutAbsentMembersFail(t *testing.T) {
	for name, assert := range map[string]func(c *Check) bool{
		"absent equals absent": func(c *Check) bool {
			return c.That(testRule, nil, "RevisionId", Str{}).To(gomega.Equal(Str{}))
		},
		"absent is not something else": func(c *Check) bool {
			return c.That(testRule, nil, "RevisionId", Str{}).NotTo(gomega.Equal("before"))
		},
		"absent is empty": func(c *Check) bool { return c.That(testRule, nil, "Description", Str{}).To(gomega.BeEmpty()) },
		"null equals null": func(c *Check) bool {
			return c.That(testRule, nil, "Role", Str{state: null}).To(gomega.Equal(Str{state: null}))
		},
		"a value against an absent one": func(c *Check) bool {
			return c.That(testRule, nil, "RevisionId", Value("r1")).NotTo(gomega.Equal(Str{}))
		},
		"a value against an absent element": func(c *Check) bool {
			return c.That(testRule, nil, "RevisionId", Value("r1")).NotTo(gomega.BeElementOf(Value("r0"), Str{}))
		},
		"a list with an absent item": func(c *Check) bool {
			return c.That(testRule, nil, "versions", []Str{Value("$LATEST"), {}}).NotTo(gomega.BeEmpty())
		},
	} {
		c := testCheck(testRule)
		if assert(c) {
			t.Errorf("%s: passed", name)
			continue
		}
		if len(c.failures) != 1 || !(strings.Contains(c.failures[0].message, "absent") || strings.Contains(c.failures[0].message, "null")) {
			t.Errorf("%s: failures %+v do not say absent or null", name, c.failures)
		}
		if strings.Contains(c.failures[0].message, `<string>: ""`) {
			t.Errorf("%s: an absent member shown as the empty string: %s", name, c.failures[0].message)
		}
		if !c.asserted[testRule] {
			t.Errorf("%s: a failed expectation was not recorded as asserted", name)
		}
	}
}

// TestExpectationsCompareValues: Members compare by their values, in the subject, in the matcher, and in lists.
func TestExpectationsCompareValues(t *testing.T) {
	c := testCheck(testRule)
	for name, ok := range map[string]bool{
		"equal":          c.That(testRule, nil, "RevisionId", Value("r1")).To(gomega.Equal(Value("r1"))),
		"not equal":      c.That(testRule, nil, "RevisionId", Value("r2")).NotTo(gomega.Equal(Value("r1"))),
		"plain expected": c.That(testRule, nil, "Version", Value("1")).To(gomega.Equal("1")),
		"element":        c.That(testRule, nil, "RevisionId", Value("r3")).NotTo(gomega.BeElementOf(Value("r1"), Value("r2"))),
		"list":           c.That(testRule, nil, "versions", []Str{Value("$LATEST"), Value("1")}).To(gomega.Equal([]string{"$LATEST", "1"})),
		"number":         c.That(testRule, nil, "CodeSize", Value(int64(7))).To(gomega.Equal(Value(int64(7)))),
		"empty value":    c.That(testRule, nil, "Description", Value("")).To(gomega.BeEmpty()),
	} {
		if !ok {
			t.Errorf("%s: failed", name)
		}
	}
	if len(c.failures) != 0 {
		t.Errorf("failures: %+v", c.failures)
	}
	if c.That(testRule, nil, "RevisionId", Value("r1")).To(gomega.Equal(Value("r2"))) {
		t.Error("two different values compared equal")
	}
}

// TestToBeAbsent: only a member the answer did not carry is absent; null and empty are not.
func TestToBeAbsent(t *testing.T) {
	for m, want := range map[Str]bool{{}: true, {state: null}: false, Value(""): false, Value("x"): false} {
		c := testCheck(testRule)
		if got := c.That(testRule, nil, "reason", m).ToBeAbsent(); got != want || (len(c.failures) == 0) != want {
			t.Errorf("%v: ToBeAbsent %v, failures %v", m, got, c.failures)
		}
	}
}

// TestUnobservedDependsOnAnEarlierFailure: what an unusable answer would have shown is not judged when the
// failure that made it unusable is recorded, and fails when none is: a check never passes on what it did not
// observe.
func TestUnobservedDependsOnAnEarlierFailure(t *testing.T) {
	cfg := unobservedConfiguration("PublishVersion was refused: 400")
	c := testCheck(testRule)
	if c.That(testRule, nil, "Version", cfg.Version).To(gomega.Equal("1")) || len(c.failures) != 1 {
		t.Fatalf("without an earlier failure: %+v", c.failures)
	}
	c.That(testRule, nil, "Version", cfg.Version).To(gomega.Equal("1"))
	if len(c.failures) != 1 || len(c.notes) != 1 || !strings.Contains(c.notes[0], "depends on an earlier failure") {
		t.Errorf("after a failure, an unobserved member is noted, not failed again: %+v %v", c.failures, c.notes)
	}
}

// TestNeed: the next step gets a value, or the check fails on the rule and the step is not taken.
func TestNeed(t *testing.T) {
	c := testCheck(testRule)
	if v, ok := Need(c, testRule, nil, "RevisionId", Value("r1")); !ok || v != "r1" || len(c.failures) != 0 {
		t.Errorf("a value: %q %v %v", v, ok, c.failures)
	}
	for _, m := range []Str{{}, {state: null}} {
		c := testCheck(testRule)
		if _, ok := Need(c, testRule, nil, "RevisionId", m); ok || len(c.failures) != 1 || !c.asserted[testRule] {
			t.Errorf("%v: %v %v", m, ok, c.failures)
		}
	}
	c = testCheck(testRule)
	if _, ok := Need(c, "PublishVersion.response.RevisionId.presence", nil, "RevisionId", Str{}); ok || c.failures[0].rule != "PublishVersion.response.RevisionId.presence" {
		t.Errorf("a presence rule is implicit in every check: %v", c.failures)
	}
}

// TestNoAnswerFailsWhatTheCallJudged: a call that got no answer fails every rule the check sent it to judge,
// the response's JSON and content type included; it passes nothing.
func TestNoAnswerFailsWhatTheCallJudged(t *testing.T) {
	c := testCheck("PublishVersion.response.json", "PublishVersion.response.content-type", "PublishVersion.status.documented")
	ex := &client.Exchange{Operation: "PublishVersion", Err: errors.New("connection reset by peer")}
	if c.Conforms(ex) {
		t.Fatal("Conforms passed a call that got no answer")
	}
	if len(c.failures) != 3 {
		t.Errorf("failures %+v, want one per rule", c.failures)
	}
	c = testCheck(testRule)
	if c.Status(testRule, ex, 201) || len(c.failures) != 1 || c.failures[0].rule != testRule {
		t.Errorf("Status on no answer: %+v", c.failures)
	}
	if cfg, ok := c.Config(testRule, ex); ok || cfg.Version.Present() || len(c.failures) != 1 {
		t.Errorf("Config on no answer: %v, %+v", ok, c.failures)
	}
}

// TestRunIDIsNoRegion: the names a run creates are never shaped like a region, whatever the random ID, so that
// a qualified name (name:1) is always read as a name and a qualifier.
func TestRunIDIsNoRegion(t *testing.T) {
	region := regexp.MustCompile(`^[a-z]{2}(-gov)?-[a-z]+-\d:`)
	for range 2000 {
		id := RunID()
		if len(id) != 6 || id[0] < '0' || id[0] > '9' {
			t.Fatalf("run ID %q", id)
		}
		if name := "lc-" + id + "-5:1"; region.MatchString(name) {
			t.Fatalf("%s reads as a region", name)
		}
	}
}

// TestSetupErrorJudgesWhatItSaw: a set-up call that breaks after the check got an answer without the members AWS
// always sends ends the check as failed, on their presence rules, not as an error that says nothing about the
// target.
func TestSetupErrorJudgesWhatItSaw(t *testing.T) {
	c := testCheck(testRule)
	c.record(&client.Exchange{Operation: "PublishVersion", Status: 201,
		Header: map[string][]string{"Content-Type": {"application/json"}}, Body: []byte(`{}`)})
	if !c.failedBeforeSetupError("GetFunction failed") || c.setupErr != "" {
		t.Errorf("ended as a set-up error %q, with failures %+v", c.setupErr, c.failures)
	}
	found := false
	for _, f := range c.failures {
		found = found || f.rule == "PublishVersion.response.RevisionId.presence"
	}
	if !found {
		t.Errorf("failures %+v, want PublishVersion.response.RevisionId.presence", c.failures)
	}
}
