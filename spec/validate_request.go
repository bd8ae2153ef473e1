package spec

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// Request is a request to an operation, as request validation needs it: the path parameters, unescaped, and
// the JSON body (nil for none).
type Request struct {
	PathParams map[string]string
	Body       []byte
}

// ValidateRequest checks a request to operation opID against the model's request rules and returns every
// violation, each naming its rule (<op>.request.<field>.<kind>). It returns an error when the model cannot
// judge the request: an unknown operation, a body that is not one JSON object, or a missing required body.
func (m *Model) ValidateRequest(opID string, r Request) ([]Violation, error) {
	o := m.Operation(opID)
	if o == nil {
		return nil, fmt.Errorf("operation %q is not in the %s model", opID, m.Profile)
	}
	return o.ValidateRequest(r)
}

// ValidateRequest checks a request to this operation; see Model.ValidateRequest.
func (o *Operation) ValidateRequest(r Request) ([]Violation, error) {
	var body any
	if len(r.Body) > 0 {
		if err := json.Unmarshal(r.Body, &body); err != nil {
			return nil, fmt.Errorf("the request body is not JSON: %w", err)
		}
		if _, ok := body.(map[string]any); !ok {
			return nil, errors.New("the request body is not a JSON object")
		}
	} else if rb := o.op.RequestBody; rb != nil && rb.Value != nil && rb.Value.Required {
		return nil, fmt.Errorf("%s requires a request body", o.ID)
	}
	name := r.PathParams["FunctionName"]
	req := &http.Request{Method: o.Method, URL: &url.URL{Path: o.URL(name)}, Header: http.Header{},
		Body: io.NopCloser(bytes.NewReader(r.Body)), ContentLength: int64(len(r.Body))}
	if len(r.Body) > 0 {
		req.Header.Set("Content-Type", "application/json")
	}
	v := &validation{op: o, m: o.model, seen: map[string]bool{}}
	opts := v.filterOptions()
	opts.AuthenticationFunc = openapi3filter.NoopAuthenticationFunc
	input := &openapi3filter.RequestValidationInput{Request: req, PathParams: r.PathParams, Route: o.route, Options: opts}
	if err := openapi3filter.ValidateRequest(context.Background(), input); err != nil {
		v.requestErrors(err)
	}
	for _, p := range o.op.Parameters {
		rule, ok := o.model.Rule(fmt.Sprintf("%s.request.%s.%s", o.ID, p.Value.Name, KindPlainNameLength))
		if val, present := r.PathParams[p.Value.Name]; ok && present && !rule.check(val) {
			v.add(rule.ID, p.Value.Name, rule.Value, val, fmt.Sprintf("the name part %q is longer than %v characters",
				plainName(val), *rule.Max))
		}
	}
	if body != nil {
		v.members("request", o.requestSchema(), body, false)
	}
	if len(v.unmapped) > 0 {
		return v.out, fmt.Errorf("request problems no rule names: %s", strings.Join(v.unmapped, "; "))
	}
	sort.SliceStable(v.out, func(i, j int) bool { return v.out[i].Path < v.out[j].Path })
	return v.out, nil
}

// requestErrors maps kin-openapi's request errors to the request rules they break (by concrete type, as
// mapErrors does).
func (v *validation) requestErrors(err error) {
	switch e := err.(type) {
	case openapi3.MultiError:
		for _, inner := range e {
			v.requestErrors(inner)
		}
		return
	case *openapi3filter.RequestError:
		root, prefix := v.op.requestSchema(), ""
		if e.Parameter != nil {
			root, prefix = e.Parameter.Schema.Value, e.Parameter.Name
		}
		for _, inner := range flatten(e.Err) {
			switch {
			case isSchemaError(inner):
				v.schemaError(inner.(*openapi3.SchemaError), root, "request", prefix)
			case e.Parameter != nil:
				// An empty or missing path parameter: shorter than its minimum length.
				v.add(fmt.Sprintf("%s.request.%s.%s", v.op.ID, e.Parameter.Name, KindLength), e.Parameter.Name, "", "",
					e.Error())
			default:
				v.unmapped = append(v.unmapped, e.Error())
			}
		}
		return
	}
	v.unmapped = append(v.unmapped, err.Error())
}

func isSchemaError(err error) bool {
	_, ok := err.(*openapi3.SchemaError)
	return ok
}

// flatten returns the errors inside nested kin-openapi multi-errors.
func flatten(err error) []error {
	me, ok := err.(openapi3.MultiError)
	if !ok {
		return []error{err}
	}
	var out []error
	for _, e := range me {
		out = append(out, flatten(e)...)
	}
	return out
}

// requestSchema returns the schema of the request's JSON body, or nil.
func (o *Operation) requestSchema() *openapi3.Schema {
	rb := o.op.RequestBody
	if rb == nil || rb.Value == nil {
		return nil
	}
	mt := rb.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil {
		return nil
	}
	return mt.Schema.Value
}
