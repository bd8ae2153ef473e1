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
		Rules: []string{status, op.ID + ".status.documented"},
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		var ex *client.Exchange
		switch op.ID {
		case "UpdateFunctionCode":
			ex = c.UpdateCode(f.Name, ZipBody(f.Package))
		case "PublishVersion":
			ex = c.Publish(f.Name, nil)
		}
		c.Conforms(ex, op.ID+".status.documented")
		c.Status(status, ex, op.SuccessStatus)
	})
}

// observe makes the calls whose answers the response-rule checks examine: for UpdateFunctionCode a plain update,
// one with Publish=true and a DryRun; for PublishVersion a new version, a no-op publish and a publish with a
// Description. The function carries Config.FunctionExtras so that optional members appear.
func observe(c *Check, op string) []*client.Exchange {
	f := c.NewFunction(FunctionOptions{Description: "observed by lambdaconform", Extras: c.run.cfg.FunctionExtras})
	var out []*client.Exchange
	switch op {
	case "UpdateFunctionCode":
		out = append(out, c.UpdateCode(f.Name, ZipBody(f.Package)))
		c.WaitUpdated(f)
		body := ZipBody(f.Package)
		body["Publish"] = true
		out = append(out, c.UpdateCode(f.Name, body))
		c.WaitUpdated(f)
		body = ZipBody(f.Package)
		body["DryRun"] = true
		out = append(out, c.UpdateCode(f.Name, body))
	case "PublishVersion":
		out = append(out, c.Publish(f.Name, nil), c.Publish(f.Name, nil))
		c.Call(c.run.client.UpdateFunctionConfiguration(c.ctx, f.Name, map[string]any{"Description": "changed"}))
		c.WaitUpdated(f)
		out = append(out, c.Publish(f.Name, map[string]any{"Description": "a version description"}))
	}
	return out
}

// responseRules registers one check per response rule of an operation. The checks share the observed answers,
// gathered once in an ordered container.
func responseRules(model *spec.Model, op *spec.Operation) {
	Describe(op.ID+" responses", Ordered, func() {
		var observed []*client.Exchange
		var observeErr string
		BeforeAll(func(ctx SpecContext) {
			obs := newCheck(ctx, Meta{ID: "contract." + op.ID + ".observe", Operation: op.ID, Family: Contract})
			defer func() {
				observed = obs.exchanges
				observeErr = obs.setupErr
			}()
			observed = observe(obs, op.ID)
		})
		for _, r := range model.Rules() {
			if r.Operation != op.ID || r.Location != "response" {
				continue
			}
			responseRule(op, r, &observed, &observeErr)
		}
	})
}

func responseRule(op *spec.Operation, r spec.Rule, observed *[]*client.Exchange, observeErr *string) {
	name := strings.TrimPrefix(r.ID, op.ID+".response.")
	check(Meta{
		ID: "contract." + op.ID + ".response." + name, Operation: op.ID, Family: Contract,
		Title: responseTitle(op.ID, r), Rules: []string{r.ID}, group: "contract." + op.ID + ".responses",
	}, func(c *Check) {
		if *observeErr != "" {
			c.SetupError("observing %s responses failed: %s", op.ID, *observeErr)
		}
		if r.Kind == spec.KindUnknownMember && !c.run.cfg.Strict {
			c.Skip("unknown response members are accepted unless strict mode is on (AWS adds members over time)")
		}
		var answers []*client.Exchange
		for _, ex := range *observed {
			if ex.Operation == op.ID {
				c.record(ex)
				answers = append(answers, ex)
			}
		}
		if len(answers) == 0 {
			c.SetupError("no %s response was observed", op.ID)
		}
		if r.Field != "" && !anyCarries(answers, op.SuccessStatus, r.Field) {
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

// anyCarries reports whether any successful answer holds a value at a catalog field path such as Layers[].Arn
// or Environment.Variables{}.
func anyCarries(answers []*client.Exchange, status int, field string) bool {
	for _, ex := range answers {
		if ex.Status != status {
			continue
		}
		var doc any
		if json.Unmarshal(ex.Body, &doc) == nil && carries(doc, field) {
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
