package spec

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// Response is what a target answered, as validation needs it.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
	// Request is the body of the request answered: its Publish and DryRun flags decide which members AWS always
	// sends in the answer (docs/aws-behavior.md §6.9). nil: a request whose flags are unknown, of which only the
	// members every answer of the operation carries are required.
	Request []byte
}

// ValidateOption adjusts validation.
type ValidateOption func(*validateSettings)

type validateSettings struct {
	strict   bool
	fullOnly bool // skip the fast path (tests compare the two)
}

// Strict reports response members the model does not know. AWS adds members over time, so by default they are
// accepted.
func Strict() ValidateOption { return func(s *validateSettings) { s.strict = true } }

// ValidateResponse checks a response of operation opID against the model and returns every violation. It
// returns an error only when the operation is not in the model.
func (m *Model) ValidateResponse(opID string, r Response, opts ...ValidateOption) ([]Violation, error) {
	op := m.Operation(opID)
	if op == nil {
		return nil, fmt.Errorf("operation %q is not in the %s model", opID, m.Profile)
	}
	return op.Validate(r, opts...), nil
}

// Validate checks a response of this operation against the model and returns every violation, sorted by path.
// A success response is first checked in one pass over its bytes (see fast.go); whenever that pass is not
// certain the response conforms, kin-openapi validates it strictly: undocumented statuses are violations, every
// error is collected, formats are checked and patterns match whole values.
func (o *Operation) Validate(r Response, opts ...ValidateOption) []Violation {
	var set validateSettings
	for _, opt := range opts {
		opt(&set)
	}
	if r.Header == nil {
		r.Header = http.Header{}
	}
	if !set.fullOnly && o.fastClean(r, set.strict) {
		return nil
	}
	v := &validation{op: o, m: o.model, seen: map[string]bool{}}
	v.response(r, set.strict)
	sort.SliceStable(v.out, func(i, j int) bool { return v.out[i].Path < v.out[j].Path })
	return v.out
}

type validation struct {
	op       *Operation
	m        *Model
	out      []Violation
	seen     map[string]bool // rule + path, so that two checks that find one problem report it once
	unmapped []string        // for requests: problems no rule names
}

func (v *validation) response(r Response, strict bool) {
	o := v.op
	if o.op.Responses.Status(r.Status) == nil {
		v.add(o.ID+".status.documented", "", fmt.Sprintf("one of %v", o.statuses), strconv.Itoa(r.Status),
			fmt.Sprintf("status %d is not documented for %s", r.Status, o.ID))
		if r.Status < 200 || r.Status > 299 {
			return
		}
		// A success with the wrong status still carries a FunctionConfiguration: its members are judged too, so
		// that member rules are not passed by a body nobody looked at.
		r.Status = o.SuccessStatus
	}
	header := r.Header
	isError := r.Status >= 300
	if isError {
		header = v.errorHeader(r.Status, header)
	}
	v.kinOpenAPI(r, header)
	if !json.Valid(r.Body) {
		v.add(o.ID+".response.json", "", "a JSON object", string(r.Body), "the body is not one well-formed JSON document")
		return
	}
	if isError {
		v.errorBody(r)
		return
	}
	var doc any
	if json.Unmarshal(r.Body, &doc) == nil {
		v.members("response", o.successSchema(), doc, strict)
		v.presence(doc, o.AnswerTo(r.Request))
	}
}

// add records a violation of a rule. In a response, a problem the catalog has no rule for is reported under
// <op>.response.json, so that every violation names a rule users can look up; in a request it is kept apart.
func (v *validation) add(rule, path, expected, actual, msg string) {
	r, ok := v.m.Rule(rule)
	if !ok && strings.Contains(rule, ".request.") {
		v.unmapped = append(v.unmapped, fmt.Sprintf("%s at %q: %s", rule, path, msg))
		return
	}
	if !ok {
		msg = fmt.Sprintf("%s (%s)", msg, strings.TrimPrefix(rule, v.op.ID+"."))
		rule = v.op.ID + ".response.json"
		r, _ = v.m.Rule(rule)
	}
	if v.seen[rule+" "+path] {
		return
	}
	v.seen[rule+" "+path] = true
	if expected == "" {
		expected = r.Value
	}
	v.out = append(v.out, Violation{Rule: rule, Kind: r.Kind, Path: path, Expected: expected, Actual: shorten(actual),
		Message: msg, Quote: r.Source.Quote})
}

// errorHeader checks x-amzn-ErrorType and the status it came with. When the header is missing it returns a copy
// of the headers with a placeholder, so that kin-openapi, which stops at the first header error, still validates
// the rest of the response.
func (v *validation) errorHeader(status int, header http.Header) http.Header {
	raw := header.Get("X-Amzn-Errortype")
	if SanitizeErrorType(raw) == "" {
		v.add(v.op.ID+".error.header", "x-amzn-ErrorType", "an error type name", "(missing)",
			"the error response has no x-amzn-ErrorType header")
		h := header.Clone()
		h.Set("X-Amzn-Errortype", "missing")
		return h
	}
	typ := SanitizeErrorType(raw)
	allowed := v.op.errorTypes[status]
	if contains(allowed, typ) {
		return header
	}
	if docStatus := v.op.errStatus[typ]; docStatus != 0 {
		v.add(fmt.Sprintf("%s.error.%s.status", v.op.ID, typ), "x-amzn-ErrorType", strconv.Itoa(docStatus),
			strconv.Itoa(status), fmt.Sprintf("%s is documented with status %d, not %d", typ, docStatus, status))
		return header
	}
	v.add(fmt.Sprintf("%s.status.%d", v.op.ID, status), "x-amzn-ErrorType", strings.Join(allowed, " | "), raw,
		fmt.Sprintf("error type %q is not one the model documents for status %d", typ, status))
	return header
}

// schemaOptions are kin-openapi's schema settings for one validation: formats checked with this model's
// validators, patterns compiled by CompilePattern. Nothing is registered globally.
func (v *validation) schemaOptions() []openapi3.SchemaValidationOption {
	return []openapi3.SchemaValidationOption{
		openapi3.EnableFormatValidation(),
		openapi3.WithStringFormatValidators(v.m.formats),
		openapi3.SetSchemaRegexCompiler(CompilePattern),
	}
}

// filterOptions are openapi3filter's settings: undocumented statuses are errors and every error is collected.
func (v *validation) filterOptions() *openapi3filter.Options {
	return &openapi3filter.Options{
		IncludeResponseStatus:   true,
		MultiError:              true,
		RegexCompiler:           CompilePattern,
		SchemaValidationOptions: v.schemaOptions(),
	}
}

// kinOpenAPI runs kin-openapi's response validation, strictly: undocumented statuses are errors, every error
// is collected, formats are checked and patterns are full matches compiled by CompilePattern.
func (v *validation) kinOpenAPI(r Response, header http.Header) {
	input := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: v.op.requestFor(), Route: v.op.route},
		Status:                 r.Status,
		Header:                 header,
		Body:                   io.NopCloser(bytes.NewReader(r.Body)),
		Options:                v.filterOptions(),
	}
	err := openapi3filter.ValidateResponse(context.Background(), input)
	if err != nil {
		v.mapErrors(err, r, v.op.successSchema(), "response", "")
	}
	if contentTypeRefused(err) && json.Valid(r.Body) {
		// kin-openapi judges no body it was not told is JSON; a client parses it all the same. Judge its members
		// as JSON, so that their rules are not passed by a body nobody looked at.
		h := header.Clone()
		h.Set("Content-Type", "application/json")
		input.Header, input.Body = h, io.NopCloser(bytes.NewReader(r.Body))
		if err := openapi3filter.ValidateResponse(context.Background(), input); err != nil {
			v.mapErrors(err, r, v.op.successSchema(), "response", "")
		}
	}
}

// contentTypeRefused reports whether kin-openapi refused a response for its Content-Type.
func contentTypeRefused(err error) bool {
	switch e := err.(type) {
	case openapi3.MultiError:
		for _, inner := range e {
			if contentTypeRefused(inner) {
				return true
			}
		}
	case *openapi3filter.ResponseError:
		return strings.Contains(e.Reason, "Content-Type")
	}
	return false
}

// errorBody checks an error body against the schema of the error type its header names: its message key and
// the types and values of its members.
func (v *validation) errorBody(r Response) {
	typ := SanitizeErrorType(r.Header.Get("X-Amzn-Errortype"))
	if types := v.op.errorTypes[r.Status]; typ == "" && len(types) == 1 {
		typ = types[0] // no header: the status names the only type it can carry
	}
	var body any
	_ = json.Unmarshal(r.Body, &body) // well formed: checked by the caller
	obj, ok := body.(map[string]any)
	if !ok {
		v.add(v.op.ID+".response.json", "", "a JSON object", string(r.Body), "the error body is not a JSON object")
		return
	}
	ref := v.m.Doc.Components.Schemas[typ]
	if ref == nil || ref.Value == nil || v.op.errStatus[typ] == 0 {
		return // an unknown type is reported by errorHeader
	}
	if err := ref.Value.VisitJSON(body, append(v.schemaOptions(), openapi3.MultiErrors())...); err != nil {
		v.mapErrors(err, r, ref.Value, "error", typ)
	}
	keys := messageKeys(ref.Value)
	if len(keys) == 0 {
		return
	}
	for _, k := range keys {
		if val, ok := obj[k]; ok && val != nil {
			return // its type is the member's type rule
		}
	}
	present := make([]string, 0, len(obj))
	for k := range obj {
		present = append(present, k)
	}
	sort.Strings(present)
	v.add(fmt.Sprintf("%s.error.%s.message-key", v.op.ID, typ), "/"+keys[0], fmt.Sprintf("a message under %q",
		strings.Join(keys, `" or "`)), fmt.Sprintf("keys %v", present),
		fmt.Sprintf("%s carries no message under %q", typ, strings.Join(keys, `" or "`)))
}

// SanitizeErrorType returns the error code of an x-amzn-ErrorType value the way AWS clients read it: the text
// before the first ':', then the text after the last '#'.
func SanitizeErrorType(v string) string {
	v = strings.TrimSpace(v)
	if i := strings.IndexByte(v, ':'); i >= 0 {
		v = v[:i]
	}
	if i := strings.LastIndexByte(v, '#'); i >= 0 {
		v = v[i+1:]
	}
	return v
}
