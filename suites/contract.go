package suites

import (
	"encoding/json"
	"fmt"
	"strings"

	. "github.com/onsi/ginkgo/v2"

	"github.com/lambdaconform/lambdaconform/client"
	"github.com/lambdaconform/lambdaconform/spec"
)

// The contract family, generated from the rule catalog: each operation's success status, and every rule the
// model states about its response, checked on a set of observed responses.
var _ = Describe("contract", func() {
	model := configuredModel()
	for _, op := range model.Operations() {
		successStatus(op)
		responseRules(model, op)
	}
})

// successStatus checks the documented success status of an operation and that the answer conforms.
func successStatus(op *spec.Operation) {
	status := fmt.Sprintf("%s.status.%d", op.ID, op.SuccessStatus)
	check(Meta{
		ID: fmt.Sprintf("contract.%s.status-%d", op.ID, op.SuccessStatus), Operation: op.ID, Family: Contract,
		Title: fmt.Sprintf("%s answers %d on success", op.ID, op.SuccessStatus),
		Rules: successRules(op, status),
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		var ex *client.Exchange
		switch op.ID {
		case "UpdateFunctionCode":
			ex = c.UpdateCode(f.Name, ZipBody(f.Package))
		case "PublishVersion":
			ex = c.Publish(f.Name, nil)
		}
		c.Conforms(ex, op.ID+".status.documented", op.ID+".response.json")
		c.Status(status, ex, op.SuccessStatus)
	})
}

// observe makes the calls whose answers the response-rule checks examine: for UpdateFunctionCode a plain update,
// one with Publish=true and a DryRun; for PublishVersion a new version, a no-op publish and a publish with a
// Description. The function carries Config.FunctionExtras so that optional members appear.
func observe(c *Check, op string) {
	f := c.NewFunction(FunctionOptions{Description: "observed by lambdaconform", Extras: c.run.cfg.FunctionExtras})
	switch op {
	case "UpdateFunctionCode":
		c.UpdateCode(f.Name, ZipBody(f.Package))
		c.WaitUpdated(f)
		body := ZipBody(f.Package)
		body["Publish"] = true
		c.UpdateCode(f.Name, body)
		c.WaitUpdated(f)
		body = ZipBody(f.Package)
		body["DryRun"] = true
		c.UpdateCode(f.Name, body)
	case "PublishVersion":
		c.Publish(f.Name, nil)
		c.Publish(f.Name, nil)
		c.Call(c.run.client.UpdateFunctionConfiguration(c.ctx, f.Name, map[string]any{"Description": "changed"}))
		c.WaitUpdated(f)
		c.Publish(f.Name, map[string]any{"Description": "a version description"})
	}
}

// responseRules registers one check per response rule of an operation. The checks share the observed answers,
// gathered once in an ordered container.
func responseRules(model *spec.Model, op *spec.Operation) {
	// Ordered: the observed answers are gathered once. ContinueOnFailure: one broken member must not hide the rest.
	Describe(op.ID+" responses", Ordered, ContinueOnFailure, func() {
		var obs observation
		BeforeAll(func(ctx SpecContext) {
			c := newCheck(ctx, Meta{ID: "contract." + op.ID + ".observe", Operation: op.ID, Family: Contract})
			defer func() { obs = newObservation(c, op) }()
			observe(c, op.ID)
		})
		for _, r := range model.Rules() {
			if r.Operation != op.ID || r.Location != "response" {
				continue
			}
			responseRule(op, r, &obs)
		}
	})
}

// observation is what the response-rule checks of an operation share: its observed answers, each body decoded
// once (nil when it is not a JSON object with a 2xx status; a wrong 2xx status is its own rule's business).
type observation struct {
	answers []*client.Exchange
	docs    []map[string]any // nil for an answer that is not a 2xx JSON object
	err     string
}

func newObservation(c *Check, op *spec.Operation) observation {
	o := observation{err: c.setupErr}
	for _, ex := range c.exchanges {
		if ex.Operation != op.ID {
			continue
		}
		var doc map[string]any
		if ex.Err != nil || ex.Status < 200 || ex.Status > 299 || json.Unmarshal(ex.Body, &doc) != nil {
			doc = nil
		}
		o.answers = append(o.answers, ex)
		o.docs = append(o.docs, doc)
	}
	return o
}

func responseRule(op *spec.Operation, r spec.Rule, obs *observation) {
	name := strings.TrimPrefix(r.ID, op.ID+".response.")
	check(Meta{
		ID: "contract." + op.ID + ".response." + name, Operation: op.ID, Family: Contract,
		Title: responseTitle(op.ID, r), Rules: []string{r.ID}, group: "contract." + op.ID + ".responses",
	}, func(c *Check) {
		if obs.err != "" {
			c.SetupError("observing %s responses failed: %s", op.ID, obs.err)
		}
		if r.Kind == spec.KindUnknownMember && !c.run.cfg.Strict {
			c.Skip("unknown response members are accepted unless strict mode is on (AWS adds members over time)")
		}
		answers := obs.answers
		for _, ex := range answers {
			c.borrow(ex)
		}
		if len(answers) == 0 {
			c.SetupError("no %s response was observed", op.ID)
		}
		if r.Field != "" && !obs.usable() {
			outcomes := make([]string, len(answers))
			for i, ex := range answers {
				outcomes[i] = ex.Outcome()
				if ex.Err == nil && ex.Status == op.SuccessStatus {
					outcomes[i] += ", with a body that is not a JSON object"
				}
			}
			c.Fail(r.ID, answers[0], fmt.Sprintf("no %s answer was a %d FunctionConfiguration to examine", op.ID, op.SuccessStatus),
				"the observed answers: "+strings.Join(outcomes, "; "))
			return
		}
		if r.Kind == spec.KindPresence {
			presenceRule(c, op, r, obs)
			return
		}
		if echoMissing(c, op, r, obs) {
			return
		}
		if r.Field != "" && !obs.carries(r.Field) {
			notCarried(c, op, r, obs)
			return
		}
		for _, ex := range answers {
			c.Conforms(ex, r.ID)
		}
	})
}

// presenceRule checks a presence rule on the observed answers. A member AWS always sends is judged on every
// answer that must carry it; a member AWS sends only when configured is required of every answer when the
// observed function was configured with it, and skipped otherwise, naming the setting that would make it appear.
func presenceRule(c *Check, op *spec.Operation, r spec.Rule, obs *observation) {
	p := r.Presence
	switch {
	case len(p.Required) > 0:
		for _, ex := range obs.answers {
			c.Conforms(ex, r.ID)
		}
	case p.Configured != "" && c.run.configured(r.Field):
		for i, ex := range obs.answers {
			if obs.docs[i] == nil || op.AnswerTo(ex.RequestBody) == spec.AnswerDryRun {
				continue
			}
			c.assert(r.ID)
			if !holds(obs.docs[i], r.Field, false) {
				c.Fail(r.ID, ex, fmt.Sprintf("%s answer of a function configured with %s", op.ID, r.Field),
					fmt.Sprintf("Expected %s, which the function was created with, in every answer\n  got %s", r.Field, memberState(obs.docs[i], r.Field)))
			}
		}
	case p.Configured != "":
		c.Skip("%s appears only when the function is configured with %s; give CreateFunction %s with function-extras to exercise the rule",
			r.Field, p.Configured, r.Field)
	default:
		c.Skip("%s's answers are never required to carry %s: AWS sends it only when %s", op.ID, r.Field, p.When)
	}
}

// notCarried ends a rule about a member no observed answer carried. A member AWS sends only when configured (or
// in some states) is not applicable: the check skips, naming the setting. A member AWS always sends is missing:
// the check fails its presence rule, for there was nothing to judge where AWS sends a value.
func notCarried(c *Check, op *spec.Operation, r spec.Rule, obs *observation) {
	top := topMember(r.Field)
	presence, _ := c.run.model.Rule(op.ID + ".response." + top + ".presence")
	p := presence.Presence
	configured := p != nil && p.Configured != "" && c.run.configured(top)
	if p != nil && (len(p.Required) > 0 || configured) && !obs.carries(top) {
		for i, ex := range obs.answers {
			a := op.AnswerTo(ex.RequestBody)
			if obs.docs[i] != nil && (p.RequiredIn(op.ID, a) || (configured && a != spec.AnswerDryRun)) {
				c.Fail(presence.ID, ex, fmt.Sprintf("no %s answer carried %s, so %s could not be judged", op.ID, top, r.ID),
					fmt.Sprintf("Expected %s, which AWS sends in such an answer (docs/aws-behavior.md §6.9)\n  got %s", top, memberState(obs.docs[i], top)))
				return
			}
		}
	}
	switch {
	case p != nil && p.Configured != "" && !configured:
		c.Skip("no %s answer carried %s: AWS sends %s only when the function is configured with %s (give CreateFunction %s with function-extras)",
			op.ID, r.Field, top, p.Configured, top)
	case p != nil && p.When != "":
		c.Skip("no %s answer carried %s: AWS sends %s only when %s", op.ID, r.Field, top, p.When)
	}
	c.Skip("no %s answer carried %s, a member AWS sends only in some answers, so the rule could not be exercised on this target", op.ID, r.Field)
}

// echoMissing fails the rules of a member set inside one the function was created with (function-extras) when an
// answer carries the outer member without it: AWS echoes what the function was created with (a function created
// with LoggingConfig's ApplicationLogLevel reads with it), in every answer, not in some. It reports the failure
// under the outer member's presence rule.
func echoMissing(c *Check, op *spec.Operation, r spec.Rule, obs *observation) bool {
	top := topMember(r.Field)
	if top == r.Field || !c.run.setByExtras(r.Field) {
		return false
	}
	presence, ok := c.run.model.Rule(op.ID + ".response." + top + ".presence")
	if !ok {
		return false
	}
	for i, ex := range obs.answers {
		doc := obs.docs[i]
		if doc == nil || op.AnswerTo(ex.RequestBody) == spec.AnswerDryRun || !holds(doc, top, false) || holds(doc, r.Field, false) {
			continue
		}
		c.Fail(presence.ID, ex, fmt.Sprintf("%s answer of a function created with %s", op.ID, r.Field),
			fmt.Sprintf("Expected %s, which the function was created with (function-extras), in every answer that carries %s\n  got %s without it: %s",
				r.Field, top, top, memberState(doc, top)))
		return true
	}
	return false
}

// topMember is the top-level member a (possibly nested) response field belongs to: LoggingConfig for
// LoggingConfig.ApplicationLogLevel, Layers for Layers[].Arn.
func topMember(field string) string {
	head, _, _ := strings.Cut(field, ".")
	for strings.HasSuffix(head, "[]") || strings.HasSuffix(head, "{}") {
		head = head[:len(head)-2]
	}
	return head
}

// memberState says whether a decoded answer left a member out or sent null.
func memberState(doc map[string]any, member string) string {
	v, ok := doc[member]
	switch {
	case !ok:
		return "absent"
	case v == nil:
		return "null"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func responseTitle(op string, r spec.Rule) string {
	field := r.Field
	if field == "" {
		field = "the body"
	}
	switch r.Kind {
	case spec.KindType:
		return fmt.Sprintf("%s response %s is of type %s", op, field, r.Value)
	case spec.KindLength:
		return fmt.Sprintf("%s response %s has length %s", op, field, r.Value)
	case spec.KindRange:
		return fmt.Sprintf("%s response %s is within %s", op, field, r.Value)
	case spec.KindPattern:
		return fmt.Sprintf("%s response %s matches its pattern", op, field)
	case spec.KindEnum:
		return fmt.Sprintf("%s response %s is one of its documented values", op, field)
	case spec.KindFormat:
		return fmt.Sprintf("%s response %s has the %s format", op, field, r.Value)
	case spec.KindItems:
		return fmt.Sprintf("%s response %s has %s", op, field, r.Value)
	case spec.KindKeyPattern:
		return fmt.Sprintf("%s response %s keys match their pattern", op, field)
	case spec.KindContentType:
		return fmt.Sprintf("%s responses are application/json", op)
	case spec.KindJSON:
		return fmt.Sprintf("%s response bodies are JSON objects", op)
	case spec.KindUnknownMember:
		return fmt.Sprintf("%s responses hold only members the model knows (strict)", op)
	case spec.KindPresence:
		return fmt.Sprintf("%s responses carry %s as AWS does: %s", op, field, r.Value)
	}
	return fmt.Sprintf("%s response %s: %s %s", op, field, r.Kind, r.Value)
}

// usable reports whether any answer is a JSON object with a 2xx status.
func (o *observation) usable() bool {
	for _, d := range o.docs {
		if d != nil {
			return true
		}
	}
	return false
}

// carries reports whether any usable answer holds a member, null included (null is never absent), at a
// catalog field path such as Layers[].Arn or Environment.Variables{}.
func (o *observation) carries(field string) bool {
	for _, d := range o.docs {
		if d != nil && holds(d, field, true) {
			return true
		}
	}
	return false
}

// successRules are what a plain successful call asserts: the status, a documented status and a JSON body, and
// the types of the request members it sends (the FunctionName, and UpdateFunctionCode's ZipFile).
func successRules(op *spec.Operation, status string) []string {
	rules := []string{status, op.ID + ".status.documented", op.ID + ".response.json", op.ID + ".request.FunctionName.type"}
	if op.ID == "UpdateFunctionCode" {
		rules = append(rules, op.ID+".request.ZipFile.type")
	}
	return rules
}
