package spec

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// catalog accumulates the rules of one operation.
type catalog struct {
	m       *Model
	op      *Operation
	seeds   *seedIndex
	rules   []Rule
	members []*member
}

// member is a place in a request, response or error body that rules constrain, with what sample generation
// needs to know about it.
type member struct {
	op, loc, field, in string
	schema             *openapi3.Schema
	x                  xaws
	rules              []string
	valid              []any // validValues, once found
}

func buildCatalog(m *Model) ([]Rule, []*member, error) {
	seeds, err := loadSeeds()
	if err != nil {
		return nil, nil, err
	}
	var all []Rule
	var members []*member
	for _, op := range m.Operations() {
		c := &catalog{m: m, op: op, seeds: seeds}
		if err := c.operation(); err != nil {
			return nil, nil, err
		}
		all = append(all, c.rules...)
		members = append(members, c.members...)
	}
	behavior, err := behaviorRules(m.Profile, m.opOrder)
	if err != nil {
		return nil, nil, err
	}
	all = append(all, behavior...)
	for i := range all {
		if all[i].Severity == "" {
			all[i].Severity = severityOf(all[i])
		}
	}
	return all, members, nil
}

// severityOf is a rule's severity when nothing more specific says: the wire details the AWS SDKs tolerate are
// should (the case of an error's message key, a content type other than application/json, members the model
// does not know, which SDKs skip); everything else must: a status, an error type, a member AWS always sends, a
// member's type or value, the semantics of a call.
func severityOf(r Rule) Severity {
	switch r.Kind {
	case KindMessageKey, KindContentType, KindUnknownMember:
		return SeverityShould
	}
	return SeverityMust
}

// add completes a rule with its operation, evidence, wording and source, and adds it. key names the constraint
// in x-aws (quote, sources, evidence); section and heading locate its quote in the seed page.
func (c *catalog) add(r Rule, s *openapi3.Schema, x xaws, key, section, heading string) {
	r.Profile = c.m.Profile
	r.Operation = c.op.ID
	if r.Shape == "" && r.Field != "" {
		r.Shape = x.Shape
	}
	if r.Evidence == "" {
		r.Evidence = x.evidence(key)
	}
	if r.Doc == "" {
		r.Doc = x.Doc
	}
	if r.Note == "" {
		r.Note = x.Note
	}
	if r.Source.Document == "" {
		r.Source = c.source(r, s, x, key, section, heading)
	}
	c.rules = append(c.rules, r)
}

// source locates a rule's wording: a quoted line of the operation's seed page, the section of
// docs/aws-behavior.md of a recorded behaviour, or the shape of the AWS model extract in spec/testdata the
// constraint comes from.
func (c *catalog) source(r Rule, s *openapi3.Schema, x xaws, key, section, heading string) Source {
	quote := x.Quote[key]
	src := x.sourceOf(key)
	switch {
	case src == sourceRecorded:
		if quote == "" {
			quote = x.Doc
		}
		if quote == "" {
			quote = renderQuote(r, s)
		}
		return Source{Document: strings.TrimSpace(BehaviorDocument + " " + x.Section), Quote: quote}
	case src == sourceSeed && quote != "":
		doc, line := c.seeds.find(c.op.ID, section, heading, quote)
		return Source{Document: doc, Line: line, Quote: quote}
	case src == sourceSeed:
		// The page names the member's type and links to its shape; the constraint is the 2019 model's.
		src = sourceBotocore2019
	}
	if quote == "" {
		quote = renderQuote(r, s)
	}
	return Source{Document: fmt.Sprintf("%s shape %s", evidenceFiles[src], x.Shape), Quote: quote}
}

func (c *catalog) operation() error {
	op := c.op
	id := op.ID
	seen := map[string]bool{}
	for _, status := range op.Statuses() {
		ref := op.op.Responses.Status(status)
		desc := ""
		if ref.Value.Description != nil {
			desc = *ref.Value.Description
		}
		rule := Rule{ID: fmt.Sprintf("%s.status.%d", id, status), Location: "status", Kind: KindStatus, Doc: desc}
		if status < 300 {
			rule.Value = strconv.Itoa(status)
			c.add(rule, nil, extOf(ref.Value.Extensions), "status", "Response Elements", "")
			continue
		}
		types := op.ErrorTypes(status)
		rule.Value = fmt.Sprintf("%d with %s", status, strings.Join(types, " | "))
		rule.Enum = types
		// The status is documented by its error types. Cite the newest document that lists one of them: today's
		// model when it added a type (the list then is its), else the page, else the 2019 model or the record.
		cite, citeX := "", xaws{}
		for _, t := range types {
			if x := c.errorExt(t); cite == "" || citeRank[x.sourceOf("status")] > citeRank[citeX.sourceOf("status")] {
				cite, citeX = t, x
			}
		}
		c.add(rule, nil, citeX, "status", "Errors", cite)
		for _, t := range types {
			if seen[t] {
				return fmt.Errorf("operation %s: error type %s is listed under two statuses", id, t)
			}
			seen[t] = true
			if err := c.errorType(status, t); err != nil {
				return err
			}
		}
	}
	// Rules about the protocol: the pages' response syntax, and what AWS was seen sending.
	page := func(key, quote string) xaws { return xaws{Quote: map[string]string{key: quote}} }
	recorded := func(section, key, quote string) xaws {
		return xaws{Source: sourceRecorded, Section: section, Quote: map[string]string{key: quote}}
	}
	c.add(Rule{ID: id + ".status.documented", Location: "status", Kind: KindStatus, Value: fmt.Sprint(op.Statuses()),
		Source: Source{Document: "spec/lambda.openapi.yaml", Quote: "the responses of " + id},
		Doc:    "Every response carries a status the model documents."}, nil, xaws{}, "", "", "")
	c.add(Rule{ID: id + ".error.header", Location: "error", Kind: KindErrorHeader, Value: "x-amzn-ErrorType",
		Evidence: EvidenceReported, Doc: "An error response names its error type in the x-amzn-ErrorType header; " +
			"clients keep the text before ':' and after '#'."},
		nil, recorded("§9.2", "header", "x-amzn-ErrorType header carries the code."), "header", "", "")
	c.add(Rule{ID: id + ".response.content-type", Location: "response", Kind: KindContentType, Value: "application/json",
		Evidence: EvidenceReported, Doc: "Responses are JSON."},
		nil, page("content-type", "Content-type: application/json"), "content-type", "Response Syntax", "")
	c.add(Rule{ID: id + ".response.json", Location: "response", Kind: KindJSON, Value: "JSON object",
		Evidence: EvidenceReported, Doc: "Response bodies are JSON objects."},
		nil, page("json", "The following data is returned in JSON format by the service."), "json", "Response Elements", "")
	c.add(Rule{ID: id + ".response.unknown-member", Location: "response", Kind: KindUnknownMember,
		Value: "known members only (strict mode)",
		Doc:   "A response member the model does not know; reported only in strict mode, because AWS adds members."},
		nil, recorded("§2", "unknown-member", "Extra fields are allowed; where modelled they follow AWS."), "unknown-member", "", "")

	// Request: the path parameter and the body members.
	for _, p := range op.op.Parameters {
		px := extOf(p.Value.Extensions)
		f := c.schemaRules("request", p.Value.Name, p.Value.In, p.Value.Schema.Value, px, "URI Request Parameters", p.Value.Name)
		if px.PlainNameMax > 0 {
			max := float64(px.PlainNameMax)
			r := Rule{ID: c.ruleID("request", p.Value.Name, KindPlainNameLength), Location: "request", In: p.Value.In,
				Field: p.Value.Name, Kind: KindPlainNameLength, Value: fmt.Sprintf("plain name 1-%d", px.PlainNameMax), Max: &max}
			c.add(r, p.Value.Schema.Value, px, string(KindPlainNameLength), "URI Request Parameters", p.Value.Name)
			f.rules = append(f.rules, r.ID)
		}
	}
	if rb := op.op.RequestBody; rb != nil && rb.Value != nil {
		if mt := rb.Value.Content.Get("application/json"); mt != nil && mt.Schema != nil {
			c.objectRules("request", "", "body", mt.Schema.Value, extOf(mt.Schema.Value.Extensions), "Request Body")
		}
	}
	// Response: the success body, and when AWS sends each of its members.
	if s := op.successSchema(); s != nil {
		c.objectRules("response", "", "", s, extOf(s.Extensions), "Response Elements")
		return c.presenceRules()
	}
	return nil
}

// citeRank orders the documents a status rule can cite.
var citeRank = map[string]int{sourceBotocoreCurrent: 3, sourceSeed: 2, sourceBotocore2019: 1}

func (c *catalog) errorExt(t string) xaws {
	if ref := c.m.Doc.Components.Schemas[t]; ref != nil && ref.Value != nil {
		return extOf(ref.Value.Extensions)
	}
	return xaws{}
}

// errorType adds the rules of one error type sent with a status: its status, its message key and its members.
func (c *catalog) errorType(status int, t string) error {
	ref := c.m.Doc.Components.Schemas[t]
	if ref == nil || ref.Value == nil {
		return fmt.Errorf("operation %s: error type %s has no schema in components", c.op.ID, t)
	}
	ex := extOf(ref.Value.Extensions)
	prefix := fmt.Sprintf("%s.error.%s", c.op.ID, t)
	c.add(Rule{ID: prefix + ".status", Location: "error", Field: t, Kind: KindErrorStatus,
		Value: strconv.Itoa(status)}, ref.Value, ex, "status", "Errors", t)
	if keys := messageKeys(ref.Value); len(keys) > 0 {
		c.add(Rule{ID: prefix + ".message-key", Location: "error", Field: t, Kind: KindMessageKey,
			Value: strings.Join(keys, " or "), Enum: keys}, ref.Value, ex, "message-key", "Errors", t)
	}
	c.objectRules("error", t, "", ref.Value, ex, "Errors")
	return nil
}

// messageKeys returns the keys an error body may carry its message under: x-aws.message-keys, or the schema's
// required member.
func messageKeys(s *openapi3.Schema) []string {
	if keys := extOf(s.Extensions).MessageKeys; len(keys) > 0 {
		return keys
	}
	return s.Required
}

// objectRules adds the rules of each property of an object schema, recursively. Only top-level members have a
// heading in the seed pages; error bodies state no required members (their message key has a rule of its own).
func (c *catalog) objectRules(loc, prefix, in string, s *openapi3.Schema, parent xaws, section string) {
	names := make([]string, 0, len(s.Properties))
	for name := range s.Properties {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		prop := s.Properties[name].Value
		field := name
		if prefix != "" {
			field = prefix + "." + name
		}
		heading := ""
		if prefix == "" {
			heading = name
		}
		x := inherit(extOf(prop.Extensions), parent, "."+name)
		f := c.schemaRules(loc, field, in, prop, x, section, heading)
		if loc != "error" && contains(s.Required, name) {
			r := Rule{ID: c.ruleID(loc, field, KindRequired), Location: loc, In: in, Field: field, Kind: KindRequired,
				Value: "present"}
			c.add(r, prop, x, string(KindRequired), section, heading)
			f.rules = append(f.rules, r.ID)
		}
	}
}

// schemaRules adds the rules one schema states about the value at field, then descends into its members, items
// and map values. It returns the member it recorded.
func (c *catalog) schemaRules(loc, field, in string, s *openapi3.Schema, x xaws, section, heading string) *member {
	f := &member{op: c.op.ID, loc: loc, field: field, in: in, schema: s, x: x}
	c.members = append(c.members, f)
	add := func(r Rule) {
		r.Location, r.Field, r.In = loc, field, in
		r.ID = c.ruleID(loc, field, r.Kind)
		c.add(r, s, x, string(r.Kind), section, heading)
		f.rules = append(f.rules, r.ID)
	}
	jsonType := typeName(s)
	add(Rule{Kind: KindType, Value: jsonType, JSONType: jsonType})
	if s.MinLength != 0 || s.MaxLength != nil {
		r := Rule{Kind: KindLength, Min: ptr(float64(s.MinLength))}
		if s.MaxLength != nil {
			r.Max = ptr(float64(*s.MaxLength))
		}
		r.Value = bounds(r.Min, r.Max)
		add(r)
	}
	if s.Min != nil || s.Max != nil {
		r := Rule{Kind: KindRange, Min: s.Min, Max: s.Max}
		r.Value = bounds(r.Min, r.Max)
		add(r)
	}
	if s.Pattern != "" {
		aws, _ := unanchor(s.Pattern)
		add(Rule{Kind: KindPattern, Value: s.Pattern, Pattern: s.Pattern, AWSPattern: aws})
	}
	if len(s.Enum) > 0 {
		vals := make([]string, 0, len(s.Enum))
		for _, v := range s.Enum {
			vals = append(vals, fmt.Sprint(v))
		}
		add(Rule{Kind: KindEnum, Value: strings.Join(vals, " | "), Enum: vals})
	}
	if s.Format != "" && s.Format != "int64" && s.Format != "byte" {
		add(Rule{Kind: KindFormat, Value: s.Format})
	}
	if s.MinItems != 0 || s.MaxItems != nil {
		r := Rule{Kind: KindItems, Min: ptr(float64(s.MinItems))}
		if s.MaxItems != nil {
			r.Max = ptr(float64(*s.MaxItems))
		}
		r.Value = bounds(r.Min, r.Max) + " items"
		add(r)
	}
	if x.KeyPattern != "" {
		aws, _ := unanchor(x.KeyPattern)
		add(Rule{Kind: KindKeyPattern, Value: x.KeyPattern, Pattern: x.KeyPattern, AWSPattern: aws})
	}
	switch {
	case s.Type.Is("object") && len(s.Properties) > 0:
		c.objectRules(loc, field, in, s, x, section)
	case s.Type.Is("object") && s.AdditionalProperties.Schema != nil && s.AdditionalProperties.Schema.Value != nil:
		v := s.AdditionalProperties.Schema.Value
		c.schemaRules(loc, field+"{}", in, v, inherit(extOf(v.Extensions), x, "{}"), section, "")
	case s.Type.Is("array") && s.Items != nil && s.Items.Value != nil:
		item := s.Items.Value
		c.schemaRules(loc, field+"[]", in, item, inherit(extOf(item.Extensions), x, "[]"), section, "")
	}
	return f
}

// inherit completes a member's x-aws from its parent's: a member without a source of its own comes from the
// parent's document, with its evidence, and a member without a shape is named after the parent's.
func inherit(child, parent xaws, suffix string) xaws {
	if child.Source == "" {
		child.Source, child.Section = parent.Source, parent.Section
		if child.Evidence == nil {
			child.Evidence = parent.Evidence
		}
	}
	if child.Shape == "" && parent.Shape != "" {
		child.Shape = parent.Shape + suffix
	}
	return child
}

func (c *catalog) ruleID(loc, field string, kind Kind) string {
	return fmt.Sprintf("%s.%s.%s.%s", c.op.ID, loc, field, kind)
}

func typeName(s *openapi3.Schema) string {
	if s.Type == nil || len(*s.Type) == 0 {
		return "any"
	}
	t := (*s.Type)[0]
	if t == "string" && s.Format == "byte" {
		return "string (base64)"
	}
	return t
}

func bounds(min, max *float64) string {
	f := func(v *float64) string { return strconv.FormatFloat(*v, 'f', -1, 64) }
	switch {
	case min != nil && max != nil:
		return f(min) + "-" + f(max)
	case min != nil:
		return ">= " + f(min)
	case max != nil:
		return "<= " + f(max)
	}
	return ""
}

func ptr[T any](v T) *T { return &v }

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
