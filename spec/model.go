package spec

import (
	"context"
	"embed"
	"fmt"
	"maps"
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

//go:embed lambda.openapi.yaml behavior.yaml presence.yaml seeds/*.txt profiles/*.yaml
var files embed.FS

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

	ops         map[string]*Operation
	opOrder     []string
	rules       []Rule
	ruleIdx     map[string]int
	members     map[string]*member // op + " " + location + " " + field
	formats     map[string]openapi3.StringFormatValidator
	fingerprint string // CatalogFingerprint
}

// Operation is one API operation of the model.
type Operation struct {
	ID            string
	Method        string
	Path          string // the URI template, e.g. /2015-03-31/functions/{FunctionName}/code
	SuccessStatus int

	model      *Model
	op         *openapi3.Operation
	route      *routers.Route
	statuses   []int
	errorTypes map[int][]string
	errStatus  map[string]int              // error type -> its documented status
	keyPattern map[*openapi3.Schema]string // map schemas of the request and success bodies -> their key pattern
	presence   []Rule                      // the presence rules of the success body's members
	fast       map[Answer]*fastNode        // the success body, compiled for the fast path, by kind of answer
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
		return nil, fmt.Errorf("profile %s: %w", profile, err)
	}
	m, err := loadDocument(profile, data)
	if err != nil {
		return nil, fmt.Errorf("profile %s: %w", profile, err)
	}
	return m, nil
}

// loadDocument builds a model from an OpenAPI document (JSON or YAML): it validates the document, derives the
// rule catalog, compiles each rule's check and boundary samples, and the fast path of each operation.
func loadDocument(profile string, data []byte) (*Model, error) {
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	doc, err := loader.LoadFromData(data)
	if err != nil {
		return nil, err
	}
	if err := doc.Validate(context.Background(), openapi3.SetRegexCompiler(CompilePattern),
		openapi3.DisableSchemaFormatValidation(), openapi3.EnableSchemaPatternValidation()); err != nil {
		return nil, fmt.Errorf("invalid OpenAPI document: %w", err)
	}
	m := &Model{Profile: profile, Doc: doc, ops: map[string]*Operation{}, formats: formatValidators()}
	for _, path := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(path)
		for method, op := range item.Operations() {
			o, err := newOperation(m, path, item, method, op)
			if err != nil {
				return nil, err
			}
			m.ops[o.ID] = o
			m.opOrder = append(m.opOrder, o.ID)
		}
	}
	sort.Strings(m.opOrder)
	rules, members, err := buildCatalog(m)
	if err != nil {
		return nil, err
	}
	m.rules = rules
	m.ruleIdx = make(map[string]int, len(rules))
	for i, r := range rules {
		if _, dup := m.ruleIdx[r.ID]; dup {
			return nil, fmt.Errorf("rule ID %s defined twice", r.ID)
		}
		m.ruleIdx[r.ID] = i
	}
	m.members = make(map[string]*member, len(members))
	for _, f := range members {
		m.members[memberKey(f.op, f.loc, f.field)] = f
	}
	if err := m.compileChecks(); err != nil {
		return nil, err
	}
	if err := m.buildSamples(); err != nil {
		return nil, err
	}
	if m.fingerprint, err = catalogFingerprint(m.rules); err != nil {
		return nil, fmt.Errorf("fingerprinting the rule catalog: %w", err)
	}
	for _, o := range m.ops {
		o.keyPattern = keyPatterns(o.successSchema())
		maps.Copy(o.keyPattern, keyPatterns(o.requestSchema()))
		for _, r := range m.rules {
			if r.Operation == o.ID && r.Kind == KindPresence {
				o.presence = append(o.presence, r)
			}
		}
		if len(o.op.Responses.Status(o.SuccessStatus).Value.Headers) == 0 {
			base := compileFast(o.successSchema(), o.keyPattern, m.formats)
			o.fast = map[Answer]*fastNode{AnswerDryRun: base}
			for _, a := range append([]Answer{AnswerUnknown}, answersOf[o.ID]...) {
				o.fast[a] = base.withRequired(o.requiredMembers(a))
			}
		}
	}
	return m, nil
}

func newOperation(m *Model, path string, item *openapi3.PathItem, method string, op *openapi3.Operation) (*Operation, error) {
	o := &Operation{ID: op.OperationID, Method: method, Path: path, model: m, op: op,
		errorTypes: map[int][]string{}, errStatus: map[string]int{}}
	o.route = &routers.Route{Spec: m.Doc, Path: path, PathItem: item, Method: method, Operation: op}
	for code, ref := range op.Responses.Map() {
		n, err := strconv.Atoi(code)
		if err != nil {
			return nil, fmt.Errorf("operation %s: response %q is not a status code", o.ID, code)
		}
		o.statuses = append(o.statuses, n)
		if n >= 200 && n < 300 {
			o.SuccessStatus = n
			continue
		}
		types := stringList(ref.Value.Extensions["x-aws-errors"])
		if len(types) == 0 {
			return nil, fmt.Errorf("operation %s: status %d lists no error type in x-aws-errors", o.ID, n)
		}
		o.errorTypes[n] = types
		for _, t := range types {
			o.errStatus[t] = n
		}
	}
	slices.Sort(o.statuses)
	if o.SuccessStatus == 0 {
		return nil, fmt.Errorf("operation %s documents no success status", o.ID)
	}
	if o.successSchema() == nil {
		return nil, fmt.Errorf("operation %s: the %d response has no application/json schema", o.ID, o.SuccessStatus)
	}
	return o, nil
}

func memberKey(op, loc, field string) string { return op + " " + loc + " " + field }

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
func (o *Operation) Statuses() []int { return slices.Clone(o.statuses) }

// ErrorTypes returns the error types the operation documents for a status, in the model's order.
func (o *Operation) ErrorTypes(status int) []string { return slices.Clone(o.errorTypes[status]) }

// Doc returns the operation's OpenAPI definition.
func (o *Operation) Doc() *openapi3.Operation { return o.op }

// successSchema returns the schema of the success response's JSON body.
func (o *Operation) successSchema() *openapi3.Schema {
	ref := o.op.Responses.Status(o.SuccessStatus)
	if ref == nil || ref.Value == nil {
		return nil
	}
	mt := ref.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil {
		return nil
	}
	return mt.Schema.Value
}

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
