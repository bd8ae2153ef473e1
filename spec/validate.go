package spec

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// Response is what a target answered, as validation needs it.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Violation is one way a response breaks the contract.
type Violation struct {
	Rule     string `json:"rule"`            // the rule's ID in the catalog
	Kind     Kind   `json:"kind"`            // the rule's kind
	Path     string `json:"path,omitempty"`  // JSON pointer into the body, or the header's name
	Expected string `json:"expected"`        // what the rule requires
	Actual   string `json:"actual"`          // what came back (shortened)
	Message  string `json:"message"`         // one readable line
	Quote    string `json:"quote,omitempty"` // the document's wording of the rule
}

func (v Violation) String() string {
	loc := v.Path
	if loc == "" {
		loc = "(response)"
	}
	return fmt.Sprintf("%s at %s: %s", v.Rule, loc, v.Message)
}

// ValidateOption adjusts validation.
type ValidateOption func(*validateSettings)

type validateSettings struct{ strict bool }

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

// Validate checks a response of this operation against the model and returns every violation.
func (o *Operation) Validate(r Response, opts ...ValidateOption) []Violation {
	var set validateSettings
	for _, opt := range opts {
		opt(&set)
	}
	v := &validation{op: o, m: o.model}
	header := r.Header
	if header == nil {
		header = http.Header{}
	}
	ref := o.op.Responses.Status(r.Status)
	if ref == nil {
		v.add(o.ID+".status.documented", "", fmt.Sprintf("one of %v", o.Statuses()), strconv.Itoa(r.Status),
			fmt.Sprintf("status %d is not documented for %s", r.Status, o.ID))
		return v.out
	}
	isError := r.Status >= 300
	if isError {
		header = v.errorHeader(r.Status, header)
	}
	v.kinOpenAPI(r, header)
	if isError {
		v.errorBody(r)
	} else {
		v.members(r.Body, set.strict)
	}
	sort.SliceStable(v.out, func(i, j int) bool { return v.out[i].Path < v.out[j].Path })
	return v.out
}

type validation struct {
	op  *Operation
	m   *Model
	out []Violation
}

func (v *validation) add(rule, path, expected, actual, msg string) {
	for _, prev := range v.out {
		if prev.Rule == rule && prev.Path == path {
			return // one violation per rule and place, though two checks may find it
		}
	}
	viol := Violation{Rule: rule, Path: path, Expected: expected, Actual: shorten(actual), Message: msg}
	if r, ok := v.m.Rule(rule); ok {
		viol.Kind = r.Kind
		viol.Quote = r.Source.Quote
		if viol.Expected == "" {
			viol.Expected = r.Value
		}
	}
	v.out = append(v.out, viol)
}

// errorHeader checks x-amzn-ErrorType and the status it came with. When the header is missing it returns a copy
// of the headers with a placeholder, so that kin-openapi, which stops at the first header error, still validates
// the rest of the response.
func (v *validation) errorHeader(status int, header http.Header) http.Header {
	raw := header.Get("X-Amzn-Errortype")
	if raw == "" {
		v.add(v.op.ID+".error.header", "x-amzn-ErrorType", "an error type name", "(missing)",
			"the error response has no x-amzn-ErrorType header")
		h := header.Clone()
		h.Set("X-Amzn-Errortype", "missing")
		return h
	}
	typ := SanitizeErrorType(raw)
	allowed := v.op.ErrorTypes(status)
	if contains(allowed, typ) {
		return header
	}
	if docStatus := v.op.errorStatus(typ); docStatus != 0 {
		v.add(fmt.Sprintf("%s.error.%s.status", v.op.ID, typ), "x-amzn-ErrorType", strconv.Itoa(docStatus),
			strconv.Itoa(status), fmt.Sprintf("%s is documented with status %d, not %d", typ, docStatus, status))
		return header
	}
	v.add(fmt.Sprintf("%s.status.%d", v.op.ID, status), "x-amzn-ErrorType", strings.Join(allowed, " | "), raw,
		fmt.Sprintf("error type %q is not one the model documents for status %d", typ, status))
	return header
}

// errorStatus returns the status an error type is documented with for this operation, or 0.
func (o *Operation) errorStatus(typ string) int {
	for _, s := range o.Statuses() {
		if contains(o.ErrorTypes(s), typ) {
			return s
		}
	}
	return 0
}

// kinOpenAPI runs kin-openapi's response validation, strictly: undocumented statuses are errors, every error
// is collected, formats are checked and patterns are full matches compiled by CompilePattern.
func (v *validation) kinOpenAPI(r Response, header http.Header) {
	input := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: v.op.requestFor(), Route: v.op.route},
		Status:                 r.Status,
		Header:                 header,
		Body:                   io.NopCloser(bytes.NewReader(r.Body)),
		Options: &openapi3filter.Options{
			IncludeResponseStatus: true,
			MultiError:            true,
			RegexCompiler:         CompilePattern,
			SchemaValidationOptions: []openapi3.SchemaValidationOption{
				openapi3.EnableFormatValidation(),
				openapi3.WithStringFormatValidators(v.m.formats),
				openapi3.SetSchemaRegexCompiler(CompilePattern),
			},
		},
	}
	err := openapi3filter.ValidateResponse(context.Background(), input)
	if err == nil {
		return
	}
	v.mapErrors(err, r)
}

func (v *validation) mapErrors(err error, r Response) {
	var me openapi3.MultiError
	if errors.As(err, &me) {
		for _, e := range me {
			v.mapErrors(e, r)
		}
		return
	}
	var se *openapi3.SchemaError
	if errors.As(err, &se) {
		v.schemaError(se)
		return
	}
	var re *openapi3filter.ResponseError
	if errors.As(err, &re) {
		switch {
		case strings.Contains(re.Reason, "Content-Type"):
			v.add(v.op.ID+".response.content-type", "Content-Type", "application/json", r.Header.Get("Content-Type"),
				"the response's Content-Type is not application/json")
		case strings.Contains(re.Reason, "decode response body"):
			v.add(v.op.ID+".response.json", "", "a JSON object", string(r.Body),
				"the response body is not valid JSON: "+rootCause(re.Err))
		case strings.Contains(re.Reason, "header"):
			v.add(v.op.ID+".error.header", "x-amzn-ErrorType", "an error type name", r.Header.Get("X-Amzn-Errortype"),
				re.Reason)
		default:
			v.add(v.op.ID+".response.json", "", "a valid response", string(r.Body), re.Error())
		}
		return
	}
	v.add(v.op.ID+".response.json", "", "a valid response", string(r.Body), err.Error())
}

// schemaError maps a kin-openapi schema error to the rule it breaks, by the JSON path of the value and the
// schema keyword that failed.
func (v *validation) schemaError(se *openapi3.SchemaError) {
	ptr := se.JSONPointer()
	kind := keywordKind(se.SchemaField)
	field, ok := v.fieldPath(ptr)
	path := "/" + strings.Join(ptr, "/")
	if len(ptr) == 0 {
		path = ""
	}
	rule := fmt.Sprintf("%s.response.%s.%s", v.op.ID, field, kind)
	if !ok || field == "" {
		rule = v.op.ID + ".response.json"
	}
	v.add(rule, path, "", jsonText(se.Value), se.Reason)
}

// fieldPath turns a JSON pointer into a catalog field path: array indices become [], map keys {}.
func (v *validation) fieldPath(ptr []string) (string, bool) {
	success := v.op.op.Responses.Status(v.op.SuccessStatus).Value.Content.Get("application/json")
	if success == nil || success.Schema == nil {
		return "", false
	}
	s := success.Schema.Value
	var b strings.Builder
	for _, seg := range ptr {
		switch {
		case s.Type.Is("array") && s.Items != nil:
			b.WriteString("[]")
			s = s.Items.Value
		case s.Properties[seg] != nil:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(seg)
			s = s.Properties[seg].Value
		case s.AdditionalProperties.Schema != nil:
			b.WriteString("{}")
			s = s.AdditionalProperties.Schema.Value
		default:
			return b.String(), false
		}
	}
	return b.String(), true
}

func keywordKind(keyword string) Kind {
	switch keyword {
	case "minLength", "maxLength":
		return KindLength
	case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum":
		return KindRange
	case "pattern":
		return KindPattern
	case "enum":
		return KindEnum
	case "format":
		return KindFormat
	case "required":
		return KindRequired
	case "minItems", "maxItems":
		return KindItems
	}
	return KindType
}

// errorBody checks an error body against the schema of the error type its header names.
func (v *validation) errorBody(r Response) {
	typ := SanitizeErrorType(r.Header.Get("X-Amzn-Errortype"))
	if types := v.op.ErrorTypes(r.Status); typ == "" && len(types) == 1 {
		typ = types[0] // no header: the status names the only type it can carry
	}
	var body any
	if err := json.Unmarshal(r.Body, &body); err != nil {
		v.add(v.op.ID+".response.json", "", "a JSON object", string(r.Body), "the error body is not JSON: "+err.Error())
		return
	}
	obj, ok := body.(map[string]any)
	if !ok {
		v.add(v.op.ID+".response.json", "", "a JSON object", string(r.Body), "the error body is not a JSON object")
		return
	}
	ref := v.m.Doc.Components.Schemas[typ]
	if ref == nil || ref.Value == nil {
		return // an unknown type is reported by errorHeader
	}
	x := extOf(ref.Value.Extensions)
	keys := x.MessageKeys
	if len(keys) == 0 {
		keys = ref.Value.Required
	}
	if len(keys) == 0 {
		return
	}
	for _, k := range keys {
		if s, ok := obj[k].(string); ok && s != "" {
			return
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

// members checks what kin-openapi cannot: the keys of maps against their key pattern and, in strict mode,
// members the model does not know.
func (v *validation) members(body []byte, strict bool) {
	var doc any
	if json.Unmarshal(body, &doc) != nil {
		return
	}
	success := v.op.op.Responses.Status(v.op.SuccessStatus).Value.Content.Get("application/json")
	if success == nil || success.Schema == nil {
		return
	}
	var walk func(path, field string, val any, s *openapi3.Schema)
	walk = func(path, field string, val any, s *openapi3.Schema) {
		switch t := val.(type) {
		case map[string]any:
			keys := make([]string, 0, len(t))
			for k := range t {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			if kp := extOf(s.Extensions).KeyPattern; kp != "" {
				v.keyPattern(path, field, kp, keys)
			}
			for _, k := range keys {
				switch {
				case s.Properties[k] != nil:
					walk(path+"/"+k, join(field, k), t[k], s.Properties[k].Value)
				case s.AdditionalProperties.Schema != nil:
					walk(path+"/"+k, field+"{}", t[k], s.AdditionalProperties.Schema.Value)
				case strict:
					v.add(v.op.ID+".response.unknown-member", path+"/"+k, "a member the model knows", k,
						fmt.Sprintf("member %q is not in the %s model", k, v.m.Profile))
				}
			}
		case []any:
			if s.Items == nil {
				return
			}
			for i, item := range t {
				walk(path+"/"+strconv.Itoa(i), field+"[]", item, s.Items.Value)
			}
		}
	}
	walk("", "", doc, success.Schema.Value)
}

func (v *validation) keyPattern(path, field, pattern string, keys []string) {
	m, err := CompilePattern(pattern)
	if err != nil {
		return // the model's patterns are compiled when it loads
	}
	for _, k := range keys {
		if !m.MatchString(k) {
			v.add(fmt.Sprintf("%s.response.%s.%s", v.op.ID, field, KindKeyPattern), path+"/"+k, pattern, k,
				fmt.Sprintf("key %q doesn't match the regular expression %q", k, pattern))
		}
	}
}

func join(field, name string) string {
	if field == "" {
		return name
	}
	return field + "." + name
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

// lambdaTimestamp is LastModified as AWS sends it: YYYY-MM-DDThh:mm:ss.sss+0000.
var lambdaTimestamp = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{4}$`)

// LambdaTimeLayout is the Go layout of LastModified.
const LambdaTimeLayout = "2006-01-02T15:04:05.000-0700"

func formatValidators() map[string]openapi3.StringFormatValidator {
	return map[string]openapi3.StringFormatValidator{
		"lambda-timestamp": openapi3.NewCallbackValidator(func(s string) error {
			if !lambdaTimestamp.MatchString(s) {
				return fmt.Errorf("not of the form YYYY-MM-DDThh:mm:ss.sss+0000")
			}
			if _, err := time.Parse(LambdaTimeLayout, s); err != nil {
				return fmt.Errorf("not a valid time: %v", err)
			}
			return nil
		}),
	}
}

func rootCause(err error) string {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err.Error()
		}
		err = next
	}
}

func jsonText(v any) string {
	if s, ok := v.(string); ok {
		return strconv.Quote(s)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

func shorten(s string) string {
	const max = 160
	if len(s) <= max {
		return s
	}
	return s[:max] + fmt.Sprintf("... (%d bytes)", len(s))
}
