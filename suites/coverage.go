package suites

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/lambdaconform/lambdaconform/client"
	"github.com/lambdaconform/lambdaconform/spec"
)

// covers reports whether validating an answer judged a rule: whether the answer could have broken it. A rule
// about a member is judged only on an answer that carried the member (null included: null breaks its type); a
// rule about an error type only on an answer of that type; a presence rule only on an answer that must carry
// its member. A check records the rules it judged (Record.AssertedRules): a rule it declares but never judged
// is one it claims without asserting.
func (c *Check) covers(ex *client.Exchange, id string) bool {
	r, ok := c.run.model.Rule(id)
	if !ok || r.Operation != ex.Operation || ex.Err != nil {
		return false
	}
	op := c.run.model.Operation(ex.Operation)
	success := ex.Status >= 200 && ex.Status < 300
	switch r.Kind {
	case spec.KindStatus:
		if strings.HasSuffix(id, ".documented") {
			return true
		}
		code, _ := strconv.Atoi(id[strings.LastIndexByte(id, '.')+1:])
		return code == ex.Status && code != op.SuccessStatus // the success status is an expectation's (Status)
	case spec.KindContentType, spec.KindJSON:
		return true
	case spec.KindErrorHeader:
		return !success
	case spec.KindErrorStatus, spec.KindMessageKey:
		return !success && ex.ErrorType() == r.Field
	case spec.KindUnknownMember:
		return success && c.run.cfg.Strict
	case spec.KindPresence:
		return success && r.Presence.RequiredIn(op.ID, op.AnswerTo(ex.RequestBody))
	}
	switch r.Location {
	case "response":
		return success && bodyCarries(ex.Body, r.Field)
	case "error":
		typ, field, _ := strings.Cut(r.Field, ".")
		return !success && ex.ErrorType() == typ && bodyCarries(ex.Body, field)
	}
	return false
}

// bodyCarries reports whether a JSON body holds a member, null included, at a catalog field path such as
// Layers[].Arn or Environment.Variables{}.
func bodyCarries(body []byte, field string) bool {
	var doc any
	if json.Unmarshal(body, &doc) != nil {
		return false
	}
	return holds(doc, field, true)
}

// holds reports whether v holds a member at a catalog field path; withNull says whether a member sent as null
// counts.
func holds(v any, field string, withNull bool) bool {
	if field == "" {
		return withNull || v != nil
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
	if !ok || (val == nil && (suffix != "" || rest != "" || !withNull)) {
		return false
	}
	return holdsAll(val, suffix, rest, withNull)
}

func holdsAll(v any, suffix, rest string, withNull bool) bool {
	if suffix == "" {
		return holds(v, rest, withNull)
	}
	switch suffix[:2] {
	case "[]":
		items, _ := v.([]any)
		for _, it := range items {
			if holdsAll(it, suffix[2:], rest, withNull) {
				return true
			}
		}
	case "{}":
		m, _ := v.(map[string]any)
		for _, it := range m {
			if holdsAll(it, suffix[2:], rest, withNull) {
				return true
			}
		}
	}
	return false
}
