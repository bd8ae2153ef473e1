package spec

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"unicode/utf16"
)

// compileChecks gives every rule about a value (type, length, range, pattern, enum, format, items, key pattern,
// plain-name length) a check of its own, written apart from kin-openapi: sample generation relies on it, and
// the tests compare it with what kin-openapi reports.
func (m *Model) compileChecks() error {
	for i := range m.rules {
		r := &m.rules[i]
		if r.Field == "" {
			continue
		}
		check, err := m.ruleCheck(*r)
		if err != nil {
			return fmt.Errorf("rule %s: %w", r.ID, err)
		}
		r.check = check
	}
	return nil
}

func (m *Model) ruleCheck(r Rule) (func(any) bool, error) {
	between := func(n float64) bool {
		return (r.Min == nil || n >= *r.Min) && (r.Max == nil || n <= *r.Max)
	}
	switch r.Kind {
	case KindType:
		f := m.members[memberKey(r.Operation, r.Location, r.Field)]
		return typeCheck(r.JSONType, f != nil && f.schema.Format == "int64"), nil
	case KindLength:
		return func(v any) bool {
			s, ok := v.(string)
			return !ok || between(float64(utf16Len(s)))
		}, nil
	case KindRange:
		return func(v any) bool {
			n, ok := number(v)
			return !ok || between(n)
		}, nil
	case KindItems:
		return func(v any) bool {
			a, ok := v.([]any)
			return !ok || between(float64(len(a)))
		}, nil
	case KindPattern, KindKeyPattern:
		re, err := CompilePattern(r.Pattern)
		if err != nil {
			return nil, err
		}
		if r.Kind == KindKeyPattern {
			return func(v any) bool {
				obj, _ := v.(map[string]any)
				for k := range obj {
					if !re.MatchString(k) {
						return false
					}
				}
				return true
			}, nil
		}
		return func(v any) bool {
			s, ok := v.(string)
			return !ok || re.MatchString(s)
		}, nil
	case KindEnum:
		return func(v any) bool {
			s, ok := v.(string)
			return ok && contains(r.Enum, s)
		}, nil
	case KindFormat:
		f, ok := m.formats[r.Value]
		if !ok {
			return nil, fmt.Errorf("format %q has no validator", r.Value)
		}
		return func(v any) bool {
			s, ok := v.(string)
			return !ok || f.Validate(s) == nil
		}, nil
	case KindPlainNameLength:
		return func(v any) bool {
			s, ok := v.(string)
			return !ok || r.Max == nil || float64(utf16Len(plainName(s))) <= *r.Max
		}, nil
	}
	return nil, nil
}

// typeCheck reports whether a decoded JSON value has a schema type. Integers must be whole numbers; a Long
// (format int64) must also fit in 64 bits, as kin-openapi's int64 format requires.
func typeCheck(jsonType string, int64Format bool) func(any) bool {
	return func(v any) bool {
		switch jsonType {
		case "string":
			_, ok := v.(string)
			return ok
		case "string (base64)":
			s, ok := v.(string)
			return ok && validBase64(s) == nil
		case "integer":
			n, ok := number(v)
			return ok && n == math.Trunc(n) && (!int64Format || (n >= math.MinInt64 && n < math.MaxInt64))
		case "number":
			_, ok := number(v)
			return ok
		case "boolean":
			_, ok := v.(bool)
			return ok
		case "object":
			_, ok := v.(map[string]any)
			return ok
		case "array":
			_, ok := v.([]any)
			return ok
		}
		return true
	}
}

// number returns a decoded JSON number as a float64, as kin-openapi compares it.
func number(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case json.Number:
		f, err := n.Float64()
		return f, err == nil
	}
	return 0, false
}

// utf16Len is a string's length in UTF-16 code units: what AWS (Java) and JSON Schema's minLength and
// maxLength count.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// plainName returns the part of a FunctionName that the 64-character limit applies to: for a plain name,
// optionally followed by ":qualifier", the text before the first ':'; for a full or partial ARN (it starts with
// "arn:" or holds "function:"), nothing.
func plainName(s string) string {
	if strings.HasPrefix(s, "arn:") || strings.Contains(s, "function:") {
		return ""
	}
	name, _, _ := strings.Cut(s, ":")
	return name
}

// validBase64 accepts standard, padded base64 without line breaks: how a blob travels in AWS's JSON protocols.
func validBase64(s string) error {
	if strings.ContainsAny(s, "\r\n") {
		return fmt.Errorf("line breaks in base64")
	}
	if _, err := base64.StdEncoding.Strict().DecodeString(s); err != nil {
		return fmt.Errorf("not padded standard base64: %v", err)
	}
	return nil
}
