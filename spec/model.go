package spec

import (
	"context"
	"embed"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
)

// The profiles a model can be loaded as.
const (
	// Seed2019 is the two 2019 API reference pages exactly, plus the responses AWS is recorded to send outside
	// them (ValidationException, ResourceConflictException, AccessDeniedException).
	Seed2019 = "seed-2019"
	// AWSCurrent is today's AWS model: new members, ranges, runtimes and errors.
	AWSCurrent = "aws-current"
)

//go:embed lambda.openapi.yaml behavior.yaml seeds/*.txt
var files embed.FS

// profilePatches maps a profile to the merge patches applied, in order, over lambda.openapi.yaml.
var profilePatches = map[string][]string{
	Seed2019: nil,
}

// Profiles lists the profile names Load accepts.
func Profiles() []string {
	names := make([]string, 0, len(profilePatches))
	for name := range profilePatches {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// Model is a loaded, validated contract for one profile. It is read-only and safe for concurrent use.
type Model struct {
	Profile string
	Doc     *openapi3.T

	ops     map[string]*Operation
	opOrder []string
	rules   []Rule
	ruleIdx map[string]int
	formats map[string]openapi3.StringFormatValidator
}

// Operation is one API operation of the model.
type Operation struct {
	ID            string
	Method        string
	Path          string // the URI template, e.g. /2015-03-31/functions/{FunctionName}/code
	SuccessStatus int

	model *Model
	op    *openapi3.Operation
	route *routers.Route
}

var loaded sync.Map // profile -> func() (*Model, error)

// Load returns the model of a profile. Models are loaded once and shared.
func Load(profile string) (*Model, error) {
	if _, ok := profilePatches[profile]; !ok {
		return nil, fmt.Errorf("unknown profile %q (known: %s)", profile, strings.Join(Profiles(), ", "))
	}
	once, _ := loaded.LoadOrStore(profile, sync.OnceValues(func() (*Model, error) { return load(profile) }))
	return once.(func() (*Model, error))()
}

// MustLoad is Load for profiles known to be valid; it panics on error.
func MustLoad(profile string) *Model {
	m, err := Load(profile)
	if err != nil {
		panic(err)
	}
	return m
}

func load(profile string) (*Model, error) {
	data, err := profileDocument(profile)
	if err != nil {
		return nil, err
	}
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	doc, err := loader.LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("profile %s: %w", profile, err)
	}
	ctx := context.Background()
	if err := doc.Validate(ctx, openapi3.SetRegexCompiler(CompilePattern), openapi3.DisableSchemaFormatValidation(), openapi3.EnableSchemaPatternValidation()); err != nil {
		return nil, fmt.Errorf("profile %s: invalid OpenAPI document: %w", profile, err)
	}
	m := &Model{Profile: profile, Doc: doc, ops: map[string]*Operation{}, formats: formatValidators()}
	for _, path := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(path)
		for method, op := range item.Operations() {
			o := &Operation{ID: op.OperationID, Method: method, Path: path, model: m, op: op}
			o.route = &routers.Route{Spec: doc, Path: path, PathItem: item, Method: method, Operation: op}
			for code := range op.Responses.Map() {
				if n, err := strconv.Atoi(code); err == nil && n >= 200 && n < 300 {
					o.SuccessStatus = n
				}
			}
			if o.SuccessStatus == 0 {
				return nil, fmt.Errorf("profile %s: operation %s documents no success status", profile, o.ID)
			}
			m.ops[o.ID] = o
			m.opOrder = append(m.opOrder, o.ID)
		}
	}
	sort.Strings(m.opOrder)
	rules, err := buildCatalog(m)
	if err != nil {
		return nil, fmt.Errorf("profile %s: %w", profile, err)
	}
	m.rules = rules
	m.ruleIdx = make(map[string]int, len(rules))
	for i, r := range rules {
		if _, dup := m.ruleIdx[r.ID]; dup {
			return nil, fmt.Errorf("profile %s: rule ID %s defined twice", profile, r.ID)
		}
		m.ruleIdx[r.ID] = i
	}
	return m, nil
}

// profileDocument returns the OpenAPI document of a profile: the base with the profile's patches applied.
func profileDocument(profile string) ([]byte, error) {
	base, err := files.ReadFile("lambda.openapi.yaml")
	if err != nil {
		return nil, err
	}
	return base, nil
}

// Operation returns the operation with the given ID, or nil.
func (m *Model) Operation(id string) *Operation { return m.ops[id] }

// Operations returns the model's operations in ID order.
func (m *Model) Operations() []*Operation {
	out := make([]*Operation, 0, len(m.opOrder))
	for _, id := range m.opOrder {
		out = append(out, m.ops[id])
	}
	return out
}

// URL returns the operation's request path for a function name, escaped as a rest-json client escapes it.
func (o *Operation) URL(functionName string) string {
	return strings.Replace(o.Path, "{FunctionName}", EscapeFunctionName(functionName), 1)
}

// Statuses returns the status codes the operation documents, in ascending order.
func (o *Operation) Statuses() []int {
	var out []int
	for code := range o.op.Responses.Map() {
		if n, err := strconv.Atoi(code); err == nil {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}

// ErrorTypes returns the error types the operation documents for a status, in the model's order.
func (o *Operation) ErrorTypes(status int) []string {
	ref := o.op.Responses.Status(status)
	if ref == nil || ref.Value == nil {
		return nil
	}
	return stringList(ref.Value.Extensions["x-aws-errors"])
}

// Doc returns the operation's OpenAPI definition.
func (o *Operation) Doc() *openapi3.Operation { return o.op }

// EscapeFunctionName escapes a function name for the URI path the way AWS SDKs do: RFC 3986 unreserved
// characters are kept, everything else is percent-encoded.
func EscapeFunctionName(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_', c == '.', c == '~':
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// requestFor builds the minimal request kin-openapi needs to find the operation for response validation.
func (o *Operation) requestFor() *http.Request {
	return &http.Request{Method: o.Method, Header: http.Header{}}
}

func stringList(v any) []string {
	items, _ := v.([]any)
	out := make([]string, 0, len(items))
	for _, it := range items {
		if s, ok := it.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
