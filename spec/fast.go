package spec

import (
	"encoding/json"
	"math"
	"regexp"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// The fast path. Decoding a 10 KB body into Go values already costs more than the 200 µs a validation may take
// on a small machine, so the success body is first checked in one pass over its bytes, against the schema
// compiled below. The pass answers only "certainly conformant": at the first violation, and at anything it does
// not handle exactly as encoding/json and kin-openapi do (escaped surrogates, invalid UTF-8, fractions and
// exponents, deep nesting, a schema keyword it does not know), it gives up, and the full validation with
// kin-openapi runs and reports every violation. The tests and the fuzz test check that whenever the fast path
// says conformant, the full validation finds nothing.

type fastKind uint8

const (
	fastBail    fastKind = iota // a schema the fast path does not handle
	fastAny                     // no constraint: any JSON value
	fastString                  // string with length, pattern, enum and format
	fastInteger                 // integer with a range
	fastNumber                  // number with a range
	fastBoolean                 // true or false
	fastArray                   // list with item count and item schema
	fastObject                  // object with known properties
	fastMap                     // object whose values share a schema, with a key pattern
)

// fastNode is a schema compiled for the fast path.
type fastNode struct {
	kind fastKind

	minLen, maxLen int // maxLen < 0: none
	re             *regexp.Regexp
	matcher        openapi3.RegexMatcher // when the pattern needs regexp2
	enum           map[string]struct{}
	format         openapi3.StringFormatValidator

	min, max float64 // integer bounds, ±Inf when absent

	items              *fastNode
	minItems, maxItems int // maxItems < 0: none

	props    map[string]fastProp
	required uint64 // one bit per required property
	closed   bool   // additionalProperties: false

	values    *fastNode
	keyRe     *regexp.Regexp
	keyMatch  openapi3.RegexMatcher
	hasKeyPat bool
}

type fastProp struct {
	node *fastNode
	bit  uint64 // set when the property is required
}

// fastKeywords are the schema keywords the fast path implements; a schema with any other keyword (apart from
// annotations and extensions) is left to the full validation.
var fastKeywords = map[string]bool{
	"type": true, "format": true, "minLength": true, "maxLength": true, "pattern": true, "enum": true,
	"minimum": true, "maximum": true, "items": true, "minItems": true, "maxItems": true, "properties": true,
	"required": true, "additionalProperties": true, "description": true, "title": true,
}

// compileFast compiles a schema for the fast path.
func compileFast(s *openapi3.Schema, keyPatterns map[*openapi3.Schema]string, formats map[string]openapi3.StringFormatValidator) *fastNode {
	bail := &fastNode{kind: fastBail}
	if s == nil {
		return bail
	}
	raw, err := json.Marshal(s)
	if err != nil {
		return bail
	}
	var keys map[string]json.RawMessage
	if json.Unmarshal(raw, &keys) != nil {
		return bail
	}
	for k := range keys {
		if !fastKeywords[k] && !strings.HasPrefix(k, "x-") {
			return bail
		}
	}
	n := &fastNode{maxLen: -1, maxItems: -1, min: math.Inf(-1), max: math.Inf(1)}
	switch {
	case s.Type == nil || len(*s.Type) == 0:
		if len(keys) > 0 && !onlyExtensions(keys) {
			return bail
		}
		n.kind = fastAny
	case len(*s.Type) > 1:
		return bail
	case s.Type.Is("string"):
		n.kind = fastString
		if !n.compileString(s, formats) {
			return bail
		}
	case s.Type.Is("integer"), s.Type.Is("number"):
		if len(s.Enum) > 0 || (s.Format != "" && s.Format != "int64" && s.Format != "int32") {
			return bail
		}
		n.kind = fastInteger
		if s.Type.Is("number") {
			if s.Format != "" {
				return bail
			}
			n.kind = fastNumber
		}
		if s.Format == "int32" {
			n.min, n.max = math.MinInt32, math.MaxInt32
		}
		if s.Min != nil {
			n.min = math.Max(n.min, *s.Min)
		}
		if s.Max != nil {
			n.max = math.Min(n.max, *s.Max)
		}
	case s.Type.Is("boolean"):
		if len(s.Enum) > 0 || s.Format != "" {
			return bail
		}
		n.kind = fastBoolean
	case s.Type.Is("array"):
		if s.Items == nil || s.Items.Value == nil || len(s.Enum) > 0 {
			return bail
		}
		n.kind = fastArray
		n.items = compileFast(s.Items.Value, keyPatterns, formats)
		n.minItems = int(s.MinItems)
		if s.MaxItems != nil {
			n.maxItems = int(*s.MaxItems)
		}
	case s.Type.Is("object"):
		if !n.compileObject(s, keyPatterns, formats) {
			return bail
		}
	default:
		return bail
	}
	return n
}

func onlyExtensions(keys map[string]json.RawMessage) bool {
	for k := range keys {
		if !strings.HasPrefix(k, "x-") && k != "description" && k != "title" {
			return false
		}
	}
	return true
}

func (n *fastNode) compileString(s *openapi3.Schema, formats map[string]openapi3.StringFormatValidator) bool {
	n.minLen = int(s.MinLength)
	if s.MaxLength != nil {
		n.maxLen = int(*s.MaxLength)
	}
	if s.Pattern != "" {
		m, err := CompilePattern(s.Pattern)
		if err != nil {
			return false
		}
		n.re, _ = m.(*regexp.Regexp)
		n.matcher = m
	}
	if len(s.Enum) > 0 {
		n.enum = map[string]struct{}{}
		for _, e := range s.Enum {
			str, ok := e.(string)
			if !ok {
				return false
			}
			n.enum[str] = struct{}{}
		}
	}
	if s.Format != "" {
		f, ok := formats[s.Format]
		if !ok {
			return false
		}
		n.format = f
	}
	return true
}

func (n *fastNode) compileObject(s *openapi3.Schema, keyPatterns map[*openapi3.Schema]string, formats map[string]openapi3.StringFormatValidator) bool {
	ap := s.AdditionalProperties
	if ap.Has != nil && !*ap.Has {
		n.closed = true
	}
	if ap.Schema != nil {
		if len(s.Properties) > 0 || len(s.Required) > 0 || ap.Schema.Value == nil {
			return false
		}
		n.kind = fastMap
		n.values = compileFast(ap.Schema.Value, keyPatterns, formats)
		if kp := keyPatterns[s]; kp != "" {
			m, err := CompilePattern(kp)
			if err != nil {
				return false
			}
			n.hasKeyPat = true
			n.keyRe, _ = m.(*regexp.Regexp)
			n.keyMatch = m
		}
		return true
	}
	if len(s.Required) > 64 {
		return false
	}
	n.kind = fastObject
	n.props = make(map[string]fastProp, len(s.Properties))
	for name, ref := range s.Properties {
		if ref == nil || ref.Value == nil {
			return false
		}
		n.props[name] = fastProp{node: compileFast(ref.Value, keyPatterns, formats)}
	}
	for i, name := range s.Required {
		p, ok := n.props[name]
		if !ok {
			return false // a required member without a schema: leave it to kin-openapi
		}
		p.bit = 1 << i
		n.props[name] = p
		n.required |= p.bit
	}
	return true
}

// keyPatterns collects the key pattern (x-aws.key-pattern) of every map schema under s.
func keyPatterns(s *openapi3.Schema) map[*openapi3.Schema]string {
	out := map[*openapi3.Schema]string{}
	var walk func(s *openapi3.Schema, depth int)
	walk = func(s *openapi3.Schema, depth int) {
		if s == nil || depth > 32 {
			return
		}
		if kp := extOf(s.Extensions).KeyPattern; kp != "" {
			out[s] = kp
		}
		for _, p := range s.Properties {
			walk(p.Value, depth+1)
		}
		if s.Items != nil {
			walk(s.Items.Value, depth+1)
		}
		if s.AdditionalProperties.Schema != nil {
			walk(s.AdditionalProperties.Schema.Value, depth+1)
		}
	}
	walk(s, 0)
	return out
}

// withRequired returns a copy of an object node that also requires the named properties: the members AWS always
// sends in one kind of answer. It returns a node the fast path declines when the object has more required
// properties than it can track.
func (n *fastNode) withRequired(names []string) *fastNode {
	if n.kind != fastObject || len(names) == 0 {
		return n
	}
	out := *n
	out.props = make(map[string]fastProp, len(n.props))
	used := 0
	for name, p := range n.props {
		out.props[name] = p
		if p.bit != 0 {
			used++
		}
	}
	for _, name := range names {
		p, ok := out.props[name]
		if !ok {
			return &fastNode{kind: fastBail} // a required member without a schema: leave it to kin-openapi
		}
		if p.bit != 0 {
			continue
		}
		if used == 64 {
			return &fastNode{kind: fastBail}
		}
		p.bit = 1 << used
		used++
		out.props[name] = p
		out.required |= p.bit
	}
	return &out
}
