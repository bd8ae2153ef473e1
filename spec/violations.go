package spec

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// Violation is one way a response (or request) breaks the contract.
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

// mapErrors turns kin-openapi's errors into violations. root is the schema the body was validated against,
// loc the rule location (response or error) and prefix the start of field paths (an error type). Errors are
// matched by their concrete types, not errors.As: a schema error unwraps to its cause, which would lose the
// JSON path.
func (v *validation) mapErrors(err error, r Response, root *openapi3.Schema, loc, prefix string) {
	switch e := err.(type) {
	case openapi3.MultiError:
		for _, inner := range e {
			v.mapErrors(inner, r, root, loc, prefix)
		}
	case *openapi3.SchemaError:
		v.schemaError(e, root, loc, prefix)
	case *openapi3filter.ResponseError:
		switch e.Err.(type) {
		case openapi3.MultiError, *openapi3.SchemaError:
			v.mapErrors(e.Err, r, root, loc, prefix)
			return
		}
		switch {
		case strings.Contains(e.Reason, "Content-Type"):
			v.add(v.op.ID+".response.content-type", "Content-Type", "application/json", r.Header.Get("Content-Type"),
				"the response's Content-Type is not application/json")
		case strings.Contains(e.Reason, "decode response body"):
			v.add(v.op.ID+".response.json", "", "a JSON object", string(r.Body),
				"the response body is not valid JSON: "+rootCause(e.Err))
		case strings.Contains(e.Reason, "header"):
			v.add(v.op.ID+".error.header", "x-amzn-ErrorType", "an error type name", r.Header.Get("X-Amzn-Errortype"),
				e.Error())
		default:
			v.add(v.op.ID+".response.json", "", "a valid response", string(r.Body), e.Error())
		}
	default:
		v.add(v.op.ID+".response.json", "", "a valid response", string(r.Body), err.Error())
	}
}

// schemaError maps a kin-openapi schema error to the rule it breaks, by the JSON path of the value and the
// schema keyword that failed.
func (v *validation) schemaError(se *openapi3.SchemaError, root *openapi3.Schema, loc, prefix string) {
	ptr := se.JSONPointer()
	path := ""
	if len(ptr) > 0 {
		path = "/" + strings.Join(ptr, "/")
	}
	if loc == "error" && se.SchemaField == "required" {
		return // a missing message is the message-key rule's, checked on its own
	}
	field, ok := fieldPath(root, ptr)
	switch {
	case prefix != "" && field == "":
		field = prefix
	case prefix != "" && !strings.HasPrefix(field, "[]") && !strings.HasPrefix(field, "{}"):
		field = prefix + "." + field
	case prefix != "":
		field = prefix + field
	}
	rule := fmt.Sprintf("%s.%s.%s.%s", v.op.ID, loc, field, keywordKind(se))
	if !ok || field == "" {
		rule = v.op.ID + ".response.json"
	}
	v.add(rule, path, "", jsonText(se.Value), se.Reason)
}

// fieldPath turns a JSON pointer into a catalog field path: array indices become [], map keys {}.
func fieldPath(s *openapi3.Schema, ptr []string) (string, bool) {
	if s == nil {
		return "", false
	}
	var b strings.Builder
	for _, seg := range ptr {
		switch {
		case s.Type.Is("array") && s.Items != nil && s.Items.Value != nil:
			b.WriteString("[]")
			s = s.Items.Value
		case s.Properties[seg] != nil && s.Properties[seg].Value != nil:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(seg)
			s = s.Properties[seg].Value
		case s.AdditionalProperties.Schema != nil && s.AdditionalProperties.Schema.Value != nil:
			b.WriteString("{}")
			s = s.AdditionalProperties.Schema.Value
		default:
			return b.String(), false
		}
	}
	return b.String(), true
}

// keywordKind names the kind of rule a failed schema keyword belongs to. The base64 and int64 formats are part
// of a member's type (a blob, a Long), not format rules of their own.
func keywordKind(se *openapi3.SchemaError) Kind {
	switch se.SchemaField {
	case "minLength", "maxLength":
		return KindLength
	case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum":
		return KindRange
	case "pattern":
		return KindPattern
	case "enum":
		return KindEnum
	case "format":
		if se.Schema != nil && (se.Schema.Format == "byte" || se.Schema.Format == "int64") {
			return KindType
		}
		return KindFormat
	case "required":
		return KindRequired
	case "minItems", "maxItems":
		return KindItems
	}
	return KindType
}

// members checks what kin-openapi cannot: the keys of maps against their key pattern and, in strict mode,
// members the model does not know.
func (v *validation) members(loc string, root *openapi3.Schema, doc any, strict bool) {
	if root == nil {
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
			if kp := v.op.keyPattern[s]; kp != "" {
				v.keyPattern(loc, path, field, kp, keys)
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
	walk("", "", doc, root)
}

func (v *validation) keyPattern(loc, path, field, pattern string, keys []string) {
	m, err := CompilePattern(pattern)
	if err != nil {
		return // the model's patterns are compiled when it loads
	}
	for _, k := range keys {
		if !m.MatchString(k) {
			v.add(fmt.Sprintf("%s.%s.%s.%s", v.op.ID, loc, field, KindKeyPattern), path+"/"+k, pattern, k,
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
	return strings.ToValidUTF8(s[:max], "") + fmt.Sprintf("... (%d bytes)", len(s))
}
