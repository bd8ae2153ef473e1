package spec

import (
	"fmt"
	"slices"
	"strings"
)

// Sample is a value at one boundary of a rule. Valid says whether the rule accepts it. Every sample satisfies
// all the other rules of its member, so a request or response that carries it breaks this rule or none.
type Sample struct {
	Value any    `json:"value"`
	Valid bool   `json:"valid"`
	Note  string `json:"note"`
}

// Samples returns deterministic values at each boundary of the rule: values the rule accepts at the edge and
// values just past it that it rejects. Rules about whole responses (statuses, headers, content type) and
// required members have none; a boundary no value can reach, or no request can carry, is left out and named in
// the rule's SampleNote.
func (r Rule) Samples() []Sample {
	out := slices.Clone(r.samples)
	for i := range out {
		out[i].Value = deepCopy(out[i].Value)
	}
	return out
}

// Member returns the top-level body member (or the path parameter) that carries v at the rule's field, with the
// members the model requires around it: for Layers[].Arn, ("Layers", [{"Arn": v}]); for an error rule, the
// member of the error body. It returns "" for rules that are not about a member.
func (r Rule) Member(v any) (string, any) {
	if r.place == nil {
		return "", nil
	}
	name, val := r.place(v)
	return name, deepCopy(val)
}

// deepCopy copies the lists and objects of a JSON value, so that callers may change what they are given.
func deepCopy(v any) any {
	switch t := v.(type) {
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = deepCopy(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = deepCopy(e)
		}
		return out
	}
	return v
}

// boundary is one sample to make: alternatives in order of preference, the first that works is kept.
type boundary struct {
	note  string
	valid bool
	alts  []any
	exact bool // a hand-picked example: it must work, or the model is wrong
}

func (m *Model) buildSamples() error {
	if err := m.checkExamples(); err != nil {
		return err
	}
	for i := range m.rules {
		r := &m.rules[i]
		if r.check == nil {
			continue
		}
		f := m.members[memberKey(r.Operation, r.Location, r.Field)]
		if f == nil {
			return fmt.Errorf("rule %s: no member %s", r.ID, r.Field)
		}
		r.place = m.placer(f)
		var notes []string
		for _, b := range m.boundaries(*r, f) {
			s, ok, why := m.pick(*r, f, b)
			if ok {
				r.samples = append(r.samples, s)
				continue
			}
			if b.exact {
				return fmt.Errorf("rule %s: example %s: %s", r.ID, jsonText(b.alts[0]), why)
			}
			if why != "" {
				notes = append(notes, b.note+": "+why)
			}
		}
		r.SampleNote = strings.Join(notes, "; ")
	}
	for _, f := range m.members {
		m.validValues(f) // fill every cache now: Member reads them later, from any goroutine
	}
	return nil
}

// pick returns the first alternative of a boundary that the rule judges as intended and every other rule of the
// member accepts, or why there is none.
func (m *Model) pick(r Rule, f *member, b boundary) (Sample, bool, string) {
	// Of the reasons an alternative fails, the most telling is kept: another rule objecting, then a value no
	// request can carry, then the rule itself disagreeing.
	why, rank := "no value satisfies the member's other rules", 0
	reason := func(level int, text string) {
		if level > rank {
			why, rank = text, level
		}
	}
	for _, v := range b.alts {
		switch {
		case f.in == "path" && !nonEmptyString(v):
			reason(2, "a path parameter is a non-empty string; no request can carry this value")
		case r.check(v) != b.valid:
			reason(1, fmt.Sprintf("the rule judges it %s", map[bool]string{true: "valid", false: "invalid"}[!b.valid]))
		case !m.fits(f, v, r.ID):
			reason(3, "it also breaks "+strings.Join(m.broken(f, v, r.ID), ", "))
		default:
			return Sample{Value: v, Valid: b.valid, Note: b.note}, true, ""
		}
	}
	return Sample{}, false, why
}

// boundaries lists the samples to make for a rule.
func (m *Model) boundaries(r Rule, f *member) []boundary {
	var out []boundary
	edge := func(valid bool, note string, alts ...any) {
		out = append(out, boundary{note: note, valid: valid, alts: alts})
	}
	lengths := func(unit string, alts func(n int) []any) {
		if r.Min != nil {
			n := int(*r.Min)
			edge(true, fmt.Sprintf("%s %d (the minimum)", unit, n), alts(n)...)
			if n > 0 {
				edge(false, fmt.Sprintf("%s %d (one under the minimum)", unit, n-1), alts(n-1)...)
			}
		}
		if r.Max != nil {
			n := int(*r.Max)
			edge(true, fmt.Sprintf("%s %d (the maximum)", unit, n), alts(n)...)
			edge(false, fmt.Sprintf("%s %d (one over the maximum)", unit, n+1), alts(n+1)...)
		}
	}
	switch r.Kind {
	case KindLength:
		lengths("length", func(n int) []any { return anys(m.stringsOfLength(f, n)) })
	case KindPlainNameLength:
		r.Min = nil
		lengths("plain name of length", func(n int) []any {
			var alts []any
			for _, s := range m.stringsOfLength(f, n) {
				if plainName(s) == s {
					alts = append(alts, s) // a plain name, not an ARN of that length
				}
			}
			return alts
		})
	case KindItems:
		item := m.members[memberKey(f.op, f.loc, f.field+"[]")]
		lengths("items", func(n int) []any {
			var alts []any
			for _, v := range m.validValues(item) {
				alts = append(alts, repeatValue(v, n))
			}
			return alts
		})
	case KindRange:
		integer := f.schema.Type.Is("integer")
		num := func(v float64) any {
			if integer {
				return int64(v)
			}
			return v
		}
		if r.Min != nil {
			edge(true, fmt.Sprintf("%v (the minimum)", *r.Min), num(*r.Min))
			edge(false, fmt.Sprintf("%v (one under the minimum)", *r.Min-1), num(*r.Min-1))
		}
		if r.Max != nil {
			edge(true, fmt.Sprintf("%v (the maximum)", *r.Max), num(*r.Max))
			edge(false, fmt.Sprintf("%v (one over the maximum)", *r.Max+1), num(*r.Max+1))
		}
	case KindEnum:
		for _, v := range r.Enum {
			out = append(out, boundary{note: "a documented value", valid: true, alts: []any{v}, exact: true})
		}
		if c := swapCase(r.Enum[0]); !contains(r.Enum, c) {
			edge(false, "a documented value in another case", c)
		}
		edge(false, "a documented value with a trailing space", r.Enum[len(r.Enum)-1]+" ")
	case KindPattern, KindFormat:
		out = append(out, m.exampleBoundaries(r, f, f.x.Examples, func(v any) any { return v })...)
	case KindKeyPattern:
		values := m.validValues(m.members[memberKey(f.op, f.loc, f.field+"{}")])
		if len(values) > 0 {
			out = append(out, m.exampleBoundaries(r, f, f.x.KeyExamples, func(k any) any {
				return map[string]any{fmt.Sprint(k): values[0]}
			})...)
		}
	case KindType:
		edge(true, "a value of type "+r.JSONType, m.validValues(f)...)
		for _, v := range wrongTypes(r.JSONType, m.validValues(f)) {
			edge(false, fmt.Sprintf("%s, not of type %s", jsonText(v), r.JSONType), v)
		}
	}
	return out
}

// exampleBoundaries turns a member's hand-picked examples into boundaries of the rule: every valid example,
// and the invalid examples that break this rule (an invalid example breaks exactly one rule of its member).
func (m *Model) exampleBoundaries(r Rule, f *member, ex examples, wrap func(any) any) []boundary {
	var out []boundary
	for _, v := range ex.Valid {
		out = append(out, boundary{note: "a documented form", valid: true, alts: []any{wrap(v)}, exact: true})
	}
	invalid := 0
	for _, v := range ex.Invalid {
		if w := wrap(v); !r.check(w) {
			out = append(out, boundary{note: "a near miss", valid: false, alts: []any{w}, exact: true})
			invalid++
		}
	}
	if invalid == 0 && r.Kind == KindPattern {
		// No example breaks this pattern alone (another rule of the member always objects too): try values
		// that only a whole-value match rejects, and say why none fits if so.
		b := boundary{note: "a value the pattern does not match", valid: false}
		for _, v := range ex.Valid {
			if s, ok := v.(string); ok {
				b.alts = append(b.alts, s+"\n", "\n"+s, s+" !")
			}
		}
		out = append(out, b)
	}
	return out
}

// checkExamples verifies the model's hand-picked examples: a valid example satisfies every rule of its member,
// an invalid one breaks exactly one.
func (m *Model) checkExamples() error {
	for _, f := range m.members {
		for _, v := range f.x.Examples.Valid {
			if broken := m.broken(f, v, ""); len(broken) > 0 {
				return fmt.Errorf("%s %s: valid example %s breaks %s", f.op, f.field, jsonText(v), strings.Join(broken, ", "))
			}
		}
		for _, v := range f.x.Examples.Invalid {
			if broken := m.broken(f, v, ""); len(broken) != 1 {
				return fmt.Errorf("%s %s: invalid example %s must break exactly one rule, breaks %v", f.op, f.field, jsonText(v), broken)
			}
		}
	}
	return nil
}

// stringsOfLength returns ASCII strings of n characters built from the member's valid values, by padding or
// cutting them, then plain runs of letters and digits.
func (m *Model) stringsOfLength(f *member, n int) []string {
	if n < 0 {
		return nil
	}
	var bases []string
	for _, v := range f.x.Examples.Valid {
		if s, ok := v.(string); ok {
			bases = append(bases, s)
		}
	}
	bases = append(bases, "a")
	var out []string
	for _, b := range bases {
		if !isASCII(b) {
			continue
		}
		switch {
		case len(b) >= n:
			out = append(out, b[:n])
		case b != "":
			for _, c := range []byte{b[len(b)-1], 'a', '0'} {
				out = append(out, b+strings.Repeat(string(c), n-len(b)))
			}
		}
	}
	return append(out, strings.Repeat("a", n), strings.Repeat("0", n))
}

// wrongTypes returns values of other JSON types than t, close to valid ones: a number written as a string, an
// integer with a fraction.
func wrongTypes(t string, valid []any) []any {
	first := any("x")
	if len(valid) > 0 {
		first = valid[0]
	}
	switch t {
	case "string":
		return []any{int64(42), true}
	case "string (base64)":
		return []any{"not base64!", int64(42)}
	case "integer":
		n, _ := number(first)
		return []any{n + 0.5, jsonText(first)}
	case "number":
		return []any{jsonText(first), true}
	case "boolean":
		return []any{"true", int64(1)}
	case "object":
		return []any{"x", []any{}}
	case "array":
		return []any{map[string]any{}, "x"}
	}
	return nil
}

func repeatValue(v any, n int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = v
	}
	return out
}

func anys[T any](in []T) []any {
	out := make([]any, len(in))
	for i, v := range in {
		out[i] = v
	}
	return out
}

func nonEmptyString(v any) bool {
	s, ok := v.(string)
	return ok && s != ""
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func swapCase(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		case r >= 'A' && r <= 'Z':
			return r - 'A' + 'a'
		}
		return r
	}, s)
}
