package suites

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/lambdaconform/lambdaconform/client"
	"github.com/lambdaconform/lambdaconform/spec"
)

// A rule a check declares is a rule it asserts. When the check's body ends, assertOwned checks the declared
// model rules, and the members AWS always sends, on every answer of an operation under test the check's calls
// got that the body did not validate itself, so that no check claims a rule nothing could make it fail on, and
// no answer escapes the presence rules.

// assertOwned validates the answers the check has not validated, and requires that no answer refused, as
// malformed, a request member the model accepts. It runs once: at the end of the check, or before a set-up
// error ends a check that has failed.
func (c *Check) assertOwned() {
	if c.ownedDone {
		return
	}
	c.ownedDone = true
	for _, ex := range c.exchanges {
		if c.run.model.Operation(ex.Operation) == nil || c.borrowed[ex] {
			continue
		}
		if !c.conformed[ex] {
			c.Conforms(ex)
		}
		if ex.Err == nil {
			c.membersAccepted(ex)
		}
	}
}

// malformed are the error types with which a target says it cannot read a request.
var malformed = map[string]bool{"ValidationException": true, "SerializationException": true,
	"InvalidRequestContentException": true}

// membersAccepted fails a request type rule the check declares when the target refused, as malformed, a request
// whose member of that rule the model accepts: the target does not take the member as the contract defines it.
func (c *Check) membersAccepted(ex *client.Exchange) {
	var body map[string]any
	if len(ex.RequestBody) > 0 && json.Unmarshal(ex.RequestBody, &body) != nil {
		return
	}
	name := functionNameOf(ex)
	for _, id := range c.Rules {
		if c.sentMember(ex, id, body, name) {
			c.assert(id) // the target answered a request carrying the member: it was judged on it
		}
	}
	if ex.Status != 400 || !malformed[ex.ErrorType()] {
		return
	}
	var violations []spec.Violation
	validated := false
	for _, id := range c.Rules {
		r, ok := c.run.model.Rule(id)
		if !ok || r.Operation != ex.Operation || r.Location != "request" || r.Kind != spec.KindType {
			continue
		}
		member := requestMember(r)
		if !c.sentMember(ex, id, body, name) {
			continue
		}
		if !strings.Contains(strings.ToLower(ex.Message()), strings.ToLower(member)) {
			continue // refused for something else
		}
		if !validated {
			violations, _ = c.run.model.ValidateRequest(ex.Operation, spec.Request{
				PathParams: map[string]string{"FunctionName": name}, Body: ex.RequestBody})
			validated = true
		}
		if memberBroken(violations, ex.Operation, member) {
			continue // the value sent breaks a rule of the member: refusing it is right
		}
		c.Fail(id, ex, fmt.Sprintf("%s refused a %s the model accepts", ex.Operation, member),
			fmt.Sprintf("the model accepts the %s sent, but the target refused the request as malformed: %s", member, ex.Outcome()))
	}
}

// requestMember is the top-level request member (or path parameter) a request rule is about.
func requestMember(r spec.Rule) string {
	return strings.SplitN(strings.TrimSuffix(r.Field, "[]"), ".", 2)[0]
}

// sentMember reports whether a request type rule of the check concerns a member the request carried.
func (c *Check) sentMember(ex *client.Exchange, id string, body map[string]any, name string) bool {
	r, ok := c.run.model.Rule(id)
	if !ok || r.Operation != ex.Operation || r.Location != "request" || r.Kind != spec.KindType {
		return false
	}
	if r.In == "path" {
		return name != ""
	}
	_, sent := body[requestMember(r)]
	return sent
}

func memberBroken(vs []spec.Violation, op, member string) bool {
	prefix := op + ".request." + member
	for _, v := range vs {
		if strings.HasPrefix(v.Rule, prefix+".") || strings.HasPrefix(v.Rule, prefix+"[]") {
			return true
		}
	}
	return false
}

// functionNameOf returns the FunctionName a Lambda request's path names, or "".
func functionNameOf(ex *client.Exchange) string {
	u, err := url.Parse(ex.URL)
	if err != nil {
		return ""
	}
	_, rest, ok := strings.Cut(u.EscapedPath(), "/2015-03-31/functions/")
	if !ok {
		return ""
	}
	seg, _, _ := strings.Cut(rest, "/")
	name, err := url.PathUnescape(seg)
	if err != nil {
		return ""
	}
	return name
}
