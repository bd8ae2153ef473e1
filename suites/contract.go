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
	docs    []map[string]any
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
			c.record(ex)
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
				"the observed answers: "+strings.Join(outcomes, "; "), false)
			return
		}
		if r.Field != "" && !obs.carries(r.Field) {
			c.Skip("no %s response carried %s, so the rule could not be exercised on this target", op.ID, r.Field)
		}
		for _, ex := range answers {
			c.Conforms(ex, r.ID)
		}
	})
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

// carries reports whether any usable answer holds a value at a catalog field path such as Layers[].Arn or
// Environment.Variables{}.
func (o *observation) carries(field string) bool {
	for _, d := range o.docs {
		if d != nil && carries(d, field) {
			return true
		}
	}
	return false
}

func carries(v any, field string) bool {
	if field == "" {
		return v != nil
	}
	head, rest, _ := strings.Cut(field, ".")
	suffix := ""
	for strings.HasSuffix(head, "[]") || strings.HasSuffix(head, "{}") {
		suffix = head[len(head)-2:] + suffix
		head = head[:len(head)-2]
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return false
	}
	val, ok := obj[head]
	if !ok || val == nil {
		return false
	}
	return carriesAll(val, suffix, rest)
}

func carriesAll(v any, suffix, rest string) bool {
	if suffix == "" {
		return carries(v, rest)
	}
	switch suffix[:2] {
	case "[]":
		items, _ := v.([]any)
		for _, it := range items {
			if carriesAll(it, suffix[2:], rest) {
				return true
			}
		}
	case "{}":
		m, _ := v.(map[string]any)
		for _, it := range m {
			if carriesAll(it, suffix[2:], rest) {
				return true
			}
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
