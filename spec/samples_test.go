package spec

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// TestRuleSamples is the table test of every rule, generated from the catalog: each sample of each rule, put
// in a request or response of its operation, must be accepted when it is valid and rejected for that rule
// alone when it is not. A constraint added to the model gets its boundary tests here without a line of code.
func TestRuleSamples(t *testing.T) {
	for _, profile := range Profiles() {
		m := MustLoad(profile)
		for _, r := range m.Rules() {
			for _, s := range r.Samples() {
				name := fmt.Sprintf("%s/%s/%s=%s", profile, r.ID, s.Note, short(jsonText(s.Value)))
				t.Run(name, func(t *testing.T) {
					got := sampleViolations(t, m, r, s.Value, validateSettings{fullOnly: true})
					want := []string{}
					if !s.Valid {
						want = []string{r.ID}
					}
					if !slices.Equal(ruleIDs(got), want) {
						t.Fatalf("violations %v, want %v:\n%s", ruleIDs(got), want, describe(got))
					}
					if r.Location == "request" {
						return
					}
					// The fast path must agree: certain of a valid sample, never of an invalid one.
					fast := sampleViolations(t, m, r, s.Value, validateSettings{})
					if !slices.Equal(ruleIDs(fast), want) {
						t.Fatalf("with the fast path: violations %v, want %v", ruleIDs(fast), want)
					}
					if r.Location == "response" {
						resp := sampleResponse(t, m, r, s.Value)
						if clean := m.Operation(r.Operation).fastClean(resp, false); clean != s.Valid {
							t.Fatalf("fast path says clean=%v for a sample that is valid=%v", clean, s.Valid)
						}
					}
				})
			}
		}
	}
}

// sampleViolations puts a value at a rule's member in a minimal request or response and validates it.
func sampleViolations(t *testing.T, m *Model, r Rule, v any, set validateSettings) []Violation {
	t.Helper()
	op := m.Operation(r.Operation)
	switch r.Location {
	case "request":
		req := Request{PathParams: map[string]string{"FunctionName": "my-function"}}
		member, val := r.Member(v)
		body := map[string]any{}
		if r.In == "path" {
			req.PathParams[member] = val.(string)
		} else {
			body[member] = val
		}
		req.Body = mustJSON(t, body)
		got, err := op.ValidateRequest(req)
		if err != nil {
			t.Fatalf("ValidateRequest: %v", err)
		}
		return got
	case "response", "error":
		var opts []ValidateOption
		if set.fullOnly {
			opts = append(opts, func(s *validateSettings) { s.fullOnly = true })
		}
		return op.Validate(sampleResponse(t, m, r, v), opts...)
	}
	t.Fatalf("rule %s: samples for location %q", r.ID, r.Location)
	return nil
}

// sampleResponse builds a success response, or an error response of the rule's error type, carrying v.
func sampleResponse(t *testing.T, m *Model, r Rule, v any) Response {
	op := m.Operation(r.Operation)
	member, val := r.Member(v)
	if r.Location == "response" {
		return Response{Status: op.SuccessStatus, Header: jsonHeader(), Body: completeAnswer(t, map[string]any{member: val})}
	}
	typ, _, _ := strings.Cut(r.Field, ".")
	body := map[string]any{"Type": "User"}
	for _, k := range messageKeys(m.Doc.Components.Schemas[typ].Value) {
		body[k] = "a message"
	}
	body[member] = val
	h := jsonHeader()
	h.Set("X-Amzn-Errortype", typ)
	return Response{Status: op.errStatus[typ], Header: h, Body: mustJSON(t, body)}
}

// TestSampleBoundaries checks, independently of how samples are made, that every boundary of every rule has
// its sample or a note that says why not: the minimum and maximum of lengths, ranges and item counts, valid and
// invalid forms of patterns and formats, every value of an enum.
func TestSampleBoundaries(t *testing.T) {
	for _, profile := range Profiles() {
		for _, r := range MustLoad(profile).Rules() {
			samples := r.Samples()
			has := func(valid bool, match func(any) bool) bool {
				return slices.ContainsFunc(samples, func(s Sample) bool { return s.Valid == valid && match(s.Value) })
			}
			expect := func(valid bool, what string, match func(any) bool) {
				if !has(valid, match) && !strings.Contains(r.SampleNote, what) {
					t.Errorf("%s %s: no %s sample (valid=%v) and no note saying why; note: %q", profile, r.ID, what, valid, r.SampleNote)
				}
			}
			size := func(n float64) func(any) bool {
				return func(v any) bool {
					switch t := v.(type) {
					case string:
						if r.Kind == KindPlainNameLength {
							return float64(utf16Len(plainName(t))) == n
						}
						return float64(utf16Len(t)) == n
					case []any:
						return float64(len(t)) == n
					}
					f, ok := number(v)
					return ok && f == n
				}
			}
			bound := func(unit string) {
				if r.Min != nil && r.Kind != KindPlainNameLength {
					expect(true, fmt.Sprintf("%s %v (the minimum)", unit, *r.Min), size(*r.Min))
					if *r.Min > 0 || r.Kind == KindRange {
						expect(false, fmt.Sprintf("%s %v (one under the minimum)", unit, *r.Min-1), size(*r.Min-1))
					}
				}
				if r.Max != nil {
					expect(true, fmt.Sprintf("%s %v (the maximum)", unit, *r.Max), size(*r.Max))
					expect(false, fmt.Sprintf("%s %v (one over the maximum)", unit, *r.Max+1), size(*r.Max+1))
				}
			}
			anything := func(any) bool { return true }
			switch r.Kind {
			case KindLength:
				bound("length")
			case KindItems:
				bound("items")
			case KindRange:
				bound("")
			case KindPlainNameLength:
				bound("plain name of length")
			case KindPattern, KindFormat, KindKeyPattern:
				if !has(true, anything) {
					t.Errorf("%s %s: a %s rule needs valid examples (x-aws.examples)", profile, r.ID, r.Kind)
				}
				expect(false, "a value the pattern does not match", anything)
			case KindEnum:
				for _, e := range r.Enum {
					if !has(true, func(v any) bool { return v == e }) {
						t.Errorf("%s %s: no sample for the documented value %q", profile, r.ID, e)
					}
				}
				expect(false, "a documented value", anything)
			case KindType:
				expect(true, "a value of type", anything)
				expect(false, "not of type", anything)
			}
		}
	}
}

func ruleIDs(vs []Violation) []string {
	out := []string{}
	for _, v := range vs {
		out = append(out, v.Rule)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func describe(vs []Violation) string {
	var b strings.Builder
	for _, v := range vs {
		fmt.Fprintf(&b, "  %s\n", v)
	}
	return b.String()
}

func jsonHeader() http.Header { return http.Header{"Content-Type": {"application/json"}} }

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func short(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}
