package spec

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Kind is the kind of constraint a rule states.
type Kind string

// The rule kinds.
const (
	KindStatus          Kind = "status"            // a documented status code, and the error types it carries
	KindType            Kind = "type"              // a member's JSON type
	KindRequired        Kind = "required"          // a member that must be present
	KindLength          Kind = "length"            // a string's minimum and maximum length
	KindRange           Kind = "range"             // a number's minimum and maximum
	KindPattern         Kind = "pattern"           // a regular expression the whole value must match
	KindEnum            Kind = "enum"              // a closed set of values
	KindFormat          Kind = "format"            // a string format (LastModified's timestamp)
	KindItems           Kind = "items"             // a list's maximum number of items
	KindKeyPattern      Kind = "key-pattern"       // a pattern on the keys of a map
	KindPlainNameLength Kind = "plain-name-length" // FunctionName's 64-character limit for plain names
	KindErrorStatus     Kind = "error-status"      // an error type is sent with its documented status
	KindMessageKey      Kind = "message-key"       // an error body carries its message under the modelled key
	KindErrorHeader     Kind = "error-header"      // an error response names its type in x-amzn-ErrorType
	KindContentType     Kind = "content-type"      // a response body is application/json
	KindJSON            Kind = "json"              // a response body is a JSON document
	KindUnknownMember   Kind = "unknown-member"    // a response member the model does not know (strict mode)
	KindBehavior        Kind = "behavior"          // behaviour across calls, from lambda-behavior.md
)

// Evidence says what a rule's expected behaviour rests on (lambda-behavior.md §0).
type Evidence string

// The evidence levels, strongest first.
const (
	EvidenceRecorded   Evidence = "aws-recorded" // a response recorded from real AWS
	EvidenceReported   Evidence = "aws-reported" // real AWS output pasted in public issues
	EvidenceDocs       Evidence = "docs"         // AWS documentation or service models
	EvidenceUnverified Evidence = "unverified"   // inference, or seen only in emulators
)

// Rule is one constraint of the contract, with where it came from.
type Rule struct {
	ID        string `json:"id"`
	Profile   string `json:"profile"`
	Operation string `json:"operation,omitempty"`
	// Operations lists the operations a behavior rule concerns; model rules have Operation instead.
	Operations []string `json:"operations,omitempty"`
	// EvidenceByOperation overrides Evidence for operations where the evidence differs.
	EvidenceByOperation map[string]Evidence `json:"evidence_by_operation,omitempty"`
	Location            string              `json:"location"`        // status, request, response, error or behavior
	Field               string              `json:"field,omitempty"` // a member path: FunctionName, Layers[].Arn, Environment.Variables{}
	Kind                Kind                `json:"kind"`
	Value               string              `json:"value"` // the constraint, readable: "1-140", "^(?:...)$", "Active | PassThrough"
	Evidence            Evidence            `json:"evidence"`
	Source              Source              `json:"source"`
	Doc                 string              `json:"doc,omitempty"`  // the document's sentence about the member
	Note                string              `json:"note,omitempty"` // where the documents and AWS disagree, and what this rule follows

	// The constraint in machine form, for generating boundary values.
	Min        *float64 `json:"min,omitempty"`
	Max        *float64 `json:"max,omitempty"`
	Pattern    string   `json:"pattern,omitempty"`     // anchored, as the model applies it
	AWSPattern string   `json:"aws_pattern,omitempty"` // the document's text
	Enum       []string `json:"enum,omitempty"`
	JSONType   string   `json:"json_type,omitempty"`
}

// Source is where a rule's wording comes from.
type Source struct {
	Document string `json:"document"`        // e.g. spec/seeds/UpdateFunctionCode.txt, botocore-2019 shape Layer
	Line     int    `json:"line,omitempty"`  // 1-based line of the quote in Document, when it is a seed page
	Quote    string `json:"quote,omitempty"` // the document's own words
}

// Rules returns the catalog: every rule of the model, in a stable order.
func (m *Model) Rules() []Rule { return append([]Rule(nil), m.rules...) }

// Rule returns the rule with the given ID.
func (m *Model) Rule(id string) (Rule, bool) {
	i, ok := m.ruleIdx[id]
	if !ok {
		return Rule{}, false
	}
	return m.rules[i], true
}

// xaws is the x-aws extension of a schema, parameter or response.
type xaws struct {
	Shape        string              `json:"shape"`
	Doc          string              `json:"doc"`
	Quote        map[string]string   `json:"quote"`
	Source       string              `json:"source"`
	Evidence     map[string]Evidence `json:"evidence"`
	Note         string              `json:"note"`
	PlainNameMax int                 `json:"plain-name-max"`
	KeyPattern   string              `json:"key-pattern"`
	KeyQuote     string              `json:"key-quote"`
	MessageKeys  []string            `json:"message-keys"`
}

func extOf(ext map[string]any) xaws {
	var x xaws
	if raw, ok := ext["x-aws"]; ok {
		b, _ := json.Marshal(raw)
		_ = json.Unmarshal(b, &x)
	}
	return x
}

func (x xaws) evidence(kind Kind) Evidence {
	if e, ok := x.Evidence[string(kind)]; ok {
		return e
	}
	if x.Source == "aws-recorded" {
		return EvidenceRecorded
	}
	return EvidenceDocs
}

// catalog accumulates rules for one operation.
type catalog struct {
	m     *Model
	op    *Operation
	seeds *seedIndex
	rules []Rule
}

func buildCatalog(m *Model) ([]Rule, error) {
	seeds, err := loadSeeds()
	if err != nil {
		return nil, err
	}
	var all []Rule
	for _, op := range m.Operations() {
		c := &catalog{m: m, op: op, seeds: seeds}
		if err := c.operation(); err != nil {
			return nil, err
		}
		all = append(all, c.rules...)
	}
	behavior, err := behaviorRules(m.Profile, m.opOrder)
	if err != nil {
		return nil, err
	}
	return append(all, behavior...), nil
}

func (c *catalog) add(r Rule, x xaws, quoteKind string, section, heading string) {
	r.Profile = c.m.Profile
	r.Operation = c.op.ID
	if r.Evidence == "" {
		r.Evidence = x.evidence(r.Kind)
	}
	if r.Doc == "" {
		r.Doc = x.Doc
	}
	if r.Note == "" {
		r.Note = x.Note
	}
	r.Source = c.source(x, quoteKind, section, heading)
	c.rules = append(c.rules, r)
}

// source locates a rule's wording: a quoted line of the operation's seed page, or the model shape it came from.
func (c *catalog) source(x xaws, quoteKind, section, heading string) Source {
	quote := x.Quote[quoteKind]
	switch {
	case x.Source == "aws-recorded":
		return Source{Document: "lambda-behavior.md (recorded from AWS)", Quote: x.Doc}
	case (x.Source == "" || x.Source == "seed") && quote != "":
		doc, line := c.seeds.find(c.op.ID, section, heading, quote)
		return Source{Document: doc, Line: line, Quote: quote}
	case x.Shape != "":
		src := x.Source
		if src == "" || src == "seed" {
			src = "botocore-2019"
		}
		return Source{Document: fmt.Sprintf("%s shape %s", src, x.Shape), Quote: quote}
	}
	return Source{Document: "spec/lambda.openapi.yaml"}
}

func (c *catalog) operation() error {
	op := c.op
	id := op.ID
	opx := xaws{}
	// Status rules: the success status, and each error status with the types it carries.
	for _, status := range op.Statuses() {
		ref := op.op.Responses.Status(status)
		rx := extOf(ref.Value.Extensions)
		if status < 300 {
			c.add(Rule{ID: fmt.Sprintf("%s.status.%d", id, status), Location: "status", Kind: KindStatus,
				Value: strconv.Itoa(status), Doc: *ref.Value.Description}, rx, "status", "Response Elements", "")
			continue
		}
		types := op.ErrorTypes(status)
		c.add(Rule{ID: fmt.Sprintf("%s.status.%d", id, status), Location: "status", Kind: KindStatus,
			Value: fmt.Sprintf("%d with %s", status, strings.Join(types, " | ")), Enum: types,
			Doc: *ref.Value.Description}, opx, "", "", "")
		for _, t := range types {
			if err := c.errorType(status, t); err != nil {
				return err
			}
		}
	}
	c.add(Rule{ID: id + ".status.documented", Location: "status", Kind: KindStatus,
		Value: fmt.Sprint(op.Statuses()), Doc: "Every response carries a status the model documents."}, opx, "", "", "")
	c.add(Rule{ID: id + ".error.header", Location: "error", Kind: KindErrorHeader, Value: "x-amzn-ErrorType",
		Evidence: EvidenceReported,
		Doc: "An error response names its error type in the x-amzn-ErrorType header; clients keep the text " +
			"before ':' and after '#'."}, opx, "", "", "")
	c.add(Rule{ID: id + ".response.content-type", Location: "response", Kind: KindContentType,
		Value: "application/json", Evidence: EvidenceReported, Doc: "Responses are JSON."}, opx, "", "", "")
	c.add(Rule{ID: id + ".response.json", Location: "response", Kind: KindJSON, Value: "JSON object",
		Evidence: EvidenceReported, Doc: "Response bodies are JSON objects."}, opx, "", "", "")
	c.add(Rule{ID: id + ".response.unknown-member", Location: "response", Kind: KindUnknownMember,
		Value: "known members only (strict mode)",
		Doc:   "A response member the model does not know; reported only in strict mode, because AWS adds members."},
		opx, "", "", "")

	// Request: the path parameter and the body members.
	for _, p := range op.op.Parameters {
		px := extOf(p.Value.Extensions)
		c.schemaRules("request", p.Value.Name, p.Value.Schema.Value, px, "URI Request Parameters", p.Value.Name)
		if px.PlainNameMax > 0 {
			max := float64(px.PlainNameMax)
			c.add(Rule{ID: fmt.Sprintf("%s.request.%s.%s", id, p.Value.Name, KindPlainNameLength), Location: "request",
				Field: p.Value.Name, Kind: KindPlainNameLength, Value: fmt.Sprintf("plain name 1-%d", px.PlainNameMax),
				Max: &max}, px, string(KindPlainNameLength), "URI Request Parameters", p.Value.Name)
		}
	}
	if rb := op.op.RequestBody; rb != nil && rb.Value != nil {
		if mt := rb.Value.Content.Get("application/json"); mt != nil && mt.Schema != nil {
			c.objectRules("request", "", mt.Schema.Value, "Request Body")
		}
	}
	// Response: the success body.
	success := op.op.Responses.Status(op.SuccessStatus).Value
	if mt := success.Content.Get("application/json"); mt != nil && mt.Schema != nil {
		c.objectRules("response", "", mt.Schema.Value, "Response Elements")
	}
	return nil
}

// errorType adds the rules of one error type sent with a status.
func (c *catalog) errorType(status int, t string) error {
	ref := c.m.Doc.Components.Schemas[t]
	if ref == nil || ref.Value == nil {
		return fmt.Errorf("operation %s: error type %s has no schema in components", c.op.ID, t)
	}
	ex := extOf(ref.Value.Extensions)
	prefix := fmt.Sprintf("%s.error.%s", c.op.ID, t)
	c.add(Rule{ID: prefix + ".status", Location: "error", Field: t, Kind: KindErrorStatus,
		Value: strconv.Itoa(status)}, ex, "status", "Errors", t)
	keys := ex.MessageKeys
	if len(keys) == 0 {
		keys = ref.Value.Required
	}
	if len(keys) > 0 {
		c.add(Rule{ID: prefix + ".message-key", Location: "error", Field: t, Kind: KindMessageKey,
			Value: strings.Join(keys, " or "), Enum: keys}, ex, "message-key", "Errors", t)
	}
	return nil
}

// objectRules adds the rules of each property of an object schema, recursively.
func (c *catalog) objectRules(loc, prefix string, s *openapi3.Schema, section string) {
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
			heading = name // only top-level members have a heading in the seed pages
		}
		x := extOf(prop.Extensions)
		c.schemaRules(loc, field, prop, x, section, heading)
		if s.Required != nil && contains(s.Required, name) {
			c.add(Rule{ID: c.ruleID(loc, field, KindRequired), Location: loc, Field: field, Kind: KindRequired,
				Value: "present"}, x, "required", section, heading)
		}
	}
}

// schemaRules adds the rules one schema states about the value at field, then descends into its members.
func (c *catalog) schemaRules(loc, field string, s *openapi3.Schema, x xaws, section, heading string) {
	add := func(r Rule, quoteKind string) {
		r.Location, r.Field = loc, field
		r.ID = c.ruleID(loc, field, r.Kind)
		c.add(r, x, quoteKind, section, heading)
	}
	jsonType := typeName(s)
	add(Rule{Kind: KindType, Value: jsonType, JSONType: jsonType}, "type")
	if s.MinLength != 0 || s.MaxLength != nil {
		min := float64(s.MinLength)
		r := Rule{Kind: KindLength, Min: &min}
		if s.MaxLength != nil {
			max := float64(*s.MaxLength)
			r.Max = &max
		}
		r.Value = bounds(r.Min, r.Max)
		add(r, "length")
	}
	if s.Min != nil || s.Max != nil {
		r := Rule{Kind: KindRange, Min: s.Min, Max: s.Max}
		r.Value = bounds(r.Min, r.Max)
		add(r, "range")
	}
	if s.Pattern != "" {
		aws := strings.TrimPrefix(x.Quote["pattern"], "Pattern: ")
		add(Rule{Kind: KindPattern, Value: s.Pattern, Pattern: s.Pattern, AWSPattern: aws}, "pattern")
	}
	if len(s.Enum) > 0 {
		vals := make([]string, 0, len(s.Enum))
		for _, v := range s.Enum {
			vals = append(vals, fmt.Sprint(v))
		}
		add(Rule{Kind: KindEnum, Value: strings.Join(vals, " | "), Enum: vals}, "enum")
	}
	if s.Format != "" && s.Format != "int64" && s.Format != "byte" {
		add(Rule{Kind: KindFormat, Value: s.Format}, "format")
	}
	if s.MaxItems != nil {
		max := float64(*s.MaxItems)
		add(Rule{Kind: KindItems, Value: fmt.Sprintf("at most %d items", *s.MaxItems), Max: &max}, "items")
	}
	if x.KeyPattern != "" {
		add(Rule{Kind: KindKeyPattern, Value: x.KeyPattern, Pattern: x.KeyPattern, AWSPattern: x.KeyQuote}, "key-pattern")
	}
	switch {
	case s.Type.Is("object") && len(s.Properties) > 0:
		c.objectRules(loc, field, s, section)
	case s.Type.Is("array") && s.Items != nil && s.Items.Value != nil:
		item := s.Items.Value
		if item.Type.Is("object") {
			c.objectRules(loc, field+"[]", item, section)
		}
	}
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

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
