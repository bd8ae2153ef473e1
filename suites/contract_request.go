package suites

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/lambdaconform/lambdaconform/fixtures/deploypkg"

	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

	"github.com/lambdaconform/lambdaconform/client"
	"github.com/lambdaconform/lambdaconform/spec"
)

// Request-side negatives, generated from the catalog: for each request rule with boundary samples, a value just
// past a boundary must be refused with 400 ValidationException, and a value at the boundary must not be refused
// as invalid.
//
// Every probe carries a RevisionId that can never match, so that whatever function a sample names — even one of
// the user's, on a real account — nothing changes: a value that passes validation meets 404 or 412.
var _ = Describe("contract: request constraints", func() {
	model := configuredModel()
	for _, op := range model.Operations() {
		for _, r := range model.Rules() {
			if r.Operation == op.ID && r.Location == "request" && len(r.Samples()) > 0 && r.Kind != spec.KindType {
				requestRule(op, r)
			}
		}
	}
})

// guardRevision is a RevisionId no target can hold.
const guardRevision = "lambdaconform-guard-never-matches"

func requestRule(op *spec.Operation, r spec.Rule) {
	ve := op.ID + ".error.ValidationException.status"
	rules := []string{r.ID, op.ID + ".status.400", ve}
	if r.Kind == spec.KindPlainNameLength {
		rules = []string{r.ID, "behavior.name.plain-65"}
	}
	// The samples at the boundary are of the member's type: the target accepting them exercises the type rule.
	if typ := op.ID + ".request." + r.Field + ".type"; r.In != "path" && hasRule(typ) {
		rules = append(rules, typ)
	}
	check(Meta{
		ID: "contract." + op.ID + ".request." + strings.TrimPrefix(r.ID, op.ID+".request."), Operation: op.ID, Family: Contract,
		Title: fmt.Sprintf("%s refuses %s values past its %s boundary and accepts those at it", op.ID, r.Field, r.Kind),
		Rules: rules,
	}, func(c *Check) {
		var f *Function
		if r.In != "path" {
			f = c.NewFunction(FunctionOptions{})
		}
		asserted := 0
		for _, s := range r.Samples() {
			if !s.Valid && acceptedToday(c, op.ID, r.ID, s.Value) {
				c.Note("not asserted: %v breaks %s, but AWS accepts it today (docs/aws-behavior.md §2)", s.Value, r.ID)
				continue
			}
			ex := probe(c, op, r, f, s.Value)
			asserted++
			if !c.Answered(r.ID, ex) {
				continue
			}
			what := fmt.Sprintf("%s with %s = %s (%s)", op.ID, r.Field, show(s.Value), s.Note)
			switch {
			case r.Kind == spec.KindPlainNameLength:
				// AWS does not refuse a long plain name for its length: it looks the function up (§2, §7.3).
				c.That(r.ID, ex, what+": not refused as invalid", ex.ErrorType()).NotTo(gomega.Equal("ValidationException"))
				if !s.Valid {
					c.That("behavior.name.plain-65", ex, what+": status", ex.Status).To(gomega.Equal(404))
				}
			case s.Valid:
				c.That(r.ID, ex, what+": not refused as invalid", ex.Outcome()).NotTo(gomega.HavePrefix("400 ValidationException"))
			default:
				c.That(r.ID, ex, what+": refused", ex.Status).To(gomega.Equal(400))
				c.That(ve, ex, what+": error type", ex.ErrorType()).To(gomega.Equal("ValidationException"))
			}
		}
		if asserted == 0 {
			c.Skip("no sample of %s can be asserted against AWS's behaviour today", r.ID)
		}
	})
}

// probe sends op with one sample in place: as the FunctionName, or as a body member of the check's function.
func probe(c *Check, op *spec.Operation, r spec.Rule, f *Function, v any) *client.Exchange {
	body := map[string]any{"RevisionId": guardRevision}
	name := ""
	member, val := r.Member(v)
	if r.In == "path" {
		name = fmt.Sprint(val)
		if op.ID == "UpdateFunctionCode" {
			body["ZipFile"] = deploypkg.Handler("probe")
		}
	} else {
		name = f.Name
		body[member] = val
	}
	if op.ID == "UpdateFunctionCode" {
		return c.UpdateCode(name, body)
	}
	return c.Publish(name, body)
}

// acceptedToday reports whether today's AWS model accepts a value that the configured profile's rule refuses;
// such a difference is AWS's later change, not the target's fault (docs/aws-behavior.md §2).
func acceptedToday(c *Check, op, ruleID string, v any) bool {
	if c.run.model.Profile == spec.AWSCurrent {
		return false
	}
	current := spec.MustLoad(spec.AWSCurrent)
	r, ok := current.Rule(ruleID)
	if !ok {
		return false
	}
	member, val := r.Member(v)
	req := spec.Request{PathParams: map[string]string{}, Body: []byte("{}")}
	if r.In == "path" {
		req.PathParams[member] = fmt.Sprint(val)
	} else {
		req.PathParams["FunctionName"] = "lambdaconform"
		body, err := json.Marshal(map[string]any{member: val})
		if err != nil {
			return false
		}
		req.Body = body
	}
	vs, err := current.ValidateRequest(op, req)
	if err != nil {
		return false
	}
	for _, viol := range vs {
		if viol.Rule == ruleID {
			return false
		}
	}
	return true
}

func show(v any) string {
	s := fmt.Sprintf("%q", fmt.Sprint(v))
	if len(s) > 60 {
		s = s[:40] + fmt.Sprintf(`..." (%d characters)`, len(fmt.Sprint(v)))
	}
	return s
}

func hasRule(id string) bool {
	_, ok := configuredModel().Rule(id)
	return ok
}
