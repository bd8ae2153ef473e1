package spec

// Kind is the kind of constraint a rule states.
type Kind string

// The rule kinds.
const (
	KindStatus          Kind = "status"            // a documented status code, and the error types it carries
	KindType            Kind = "type"              // a member's JSON type
	KindRequired        Kind = "required"          // a member that must be present
	KindLength          Kind = "length"            // a string's minimum and maximum length
	KindRange           Kind = "range"             // a number's minimum and maximum
	KindPattern         Kind = "pattern"           // a regular expression the whole value must match
	KindEnum            Kind = "enum"              // a closed set of values
	KindFormat          Kind = "format"            // a string format (LastModified's timestamp)
	KindItems           Kind = "items"             // a list's maximum number of items
	KindKeyPattern      Kind = "key-pattern"       // a pattern on the keys of a map
	KindPlainNameLength Kind = "plain-name-length" // FunctionName's 64-character limit for plain names
	KindErrorStatus     Kind = "error-status"      // an error type is sent with its documented status
	KindMessageKey      Kind = "message-key"       // an error body carries its message under the modelled key
	KindErrorHeader     Kind = "error-header"      // an error response names its type in x-amzn-ErrorType
	KindContentType     Kind = "content-type"      // a response body is application/json
	KindJSON            Kind = "json"              // a response body is a JSON document
	KindUnknownMember   Kind = "unknown-member"    // a response member the model does not know (strict mode)
	KindPresence        Kind = "presence"          // when AWS sends a response member (docs/aws-behavior.md §6.9)
	KindBehavior        Kind = "behavior"          // behaviour across calls, from docs/aws-behavior.md
)

// Evidence says what a rule's expected behaviour rests on (docs/aws-behavior.md §0).
type Evidence string

// The evidence levels, strongest first.
const (
	EvidenceRecorded   Evidence = "aws-recorded" // a response recorded from real AWS
	EvidenceReported   Evidence = "aws-reported" // real AWS output pasted in public issues
	EvidenceDocs       Evidence = "docs"         // AWS documentation or service models
	EvidenceUnverified Evidence = "unverified"   // inference, or seen only in emulators
)

// Severity says what breaking a rule costs a client of the target.
type Severity string

// The severities.
const (
	// SeverityMust: a client or a behaviour breaks (a status, an error type, a member AWS always sends, the
	// semantics of a call).
	SeverityMust Severity = "must"
	// SeverityShould: a wire detail the AWS SDKs tolerate (the case of an error's message key, a JSON content
	// type other than application/json).
	SeverityShould Severity = "should"
)

// Rule is one constraint of the contract, with where it came from.
type Rule struct {
	ID        string `json:"id"`
	Profile   string `json:"profile"`
	Operation string `json:"operation,omitempty"`
	// Operations lists the operations a behavior rule concerns; model rules have Operation instead.
	Operations []string `json:"operations,omitempty"`
	// EvidenceByOperation overrides Evidence for operations where the evidence differs.
	EvidenceByOperation map[string]Evidence `json:"evidence_by_operation,omitempty"`
	Location            string              `json:"location"`        // status, request, response, error or behavior
	In                  string              `json:"in,omitempty"`    // for request rules: path or body
	Field               string              `json:"field,omitempty"` // a member path: FunctionName, Layers[].Arn, Environment.Variables{}
	Shape               string              `json:"shape,omitempty"` // the AWS model's shape of the member
	Kind                Kind                `json:"kind"`
	Value               string              `json:"value"` // the constraint, readable: "1-140", "^(?:...)$", "Active | PassThrough"
	Evidence            Evidence            `json:"evidence"`
	Severity            Severity            `json:"severity"`
	Source              Source              `json:"source"`
	Doc                 string              `json:"doc,omitempty"`  // the document's sentence about the member
	Note                string              `json:"note,omitempty"` // where the documents and AWS disagree, and what this rule follows
	// SampleNote says which boundaries of the rule have no sample, and why (for example an empty path segment,
	// which no request can carry).
	SampleNote string `json:"sample_note,omitempty"`
	// Presence is, for a presence rule, which answers must carry the member and what makes it appear.
	Presence *Presence `json:"presence,omitempty"`

	// The constraint in machine form, for generating boundary values.
	Min        *float64 `json:"min,omitempty"`
	Max        *float64 `json:"max,omitempty"`
	Pattern    string   `json:"pattern,omitempty"`     // anchored, as the model applies it
	AWSPattern string   `json:"aws_pattern,omitempty"` // the document's text
	Enum       []string `json:"enum,omitempty"`
	JSONType   string   `json:"json_type,omitempty"`

	samples []Sample
	check   func(any) bool          // whether a value satisfies the rule; nil for rules not about one value
	place   func(any) (string, any) // see Member
}

// Source is where a rule's wording comes from.
type Source struct {
	Document string `json:"document"`        // a file of the repository, e.g. spec/seeds/UpdateFunctionCode.txt, spec/testdata/botocore-2019.json shape Layer, docs/aws-behavior.md §4.1
	Line     int    `json:"line,omitempty"`  // 1-based line of the quote in Document, when it is a seed page
	Quote    string `json:"quote,omitempty"` // the document's own words
}

// Rules returns the catalog: every rule of the model, in a stable order.
func (m *Model) Rules() []Rule { return append([]Rule(nil), m.rules...) }

// Rule returns the rule with the given ID.
func (m *Model) Rule(id string) (Rule, bool) {
	i, ok := m.ruleIdx[id]
	if !ok {
		return Rule{}, false
	}
	return m.rules[i], true
}
