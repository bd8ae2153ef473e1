// Package replay turns the calls of one check into a shell script that repeats the whole check against a target
// with curl --aws-sigv4: its set-up, the calls that failed, the waits between them and its clean-up.
//
// A replay is faithful when the target behaves the same: the script gives the functions and buckets a fresh name
// prefix of the same length (so boundary probes keep their lengths, and nothing collides with a leftover), takes
// every value a request took from an earlier answer (a RevisionId read by GetFunction, an S3 version ID) from
// that answer again as it runs, polls as the checks' waiters poll, and deletes what it created whatever happens.
// Bodies are sent byte for byte from files beside the script. Credentials come from the environment and are
// never written.
package replay

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/lambdaconform/lambdaconform/client"
)

// Kind is what a step does.
type Kind string

// The kinds of step.
const (
	Call        Kind = "call"         // one request
	WaitActive  Kind = "wait-active"  // GetFunction or GetFunctionConfiguration until State leaves Pending
	WaitUpdated Kind = "wait-updated" // GetFunction until LastUpdateStatus leaves InProgress (function_updated_v2)
	Cleanup     Kind = "cleanup"      // a request of the check's clean-up, run whatever happens
)

// Step is one step of a check as it ran: a call with its answer, a wait with its last poll, or a clean-up call.
type Step struct {
	Kind     Kind
	Exchange *client.Exchange
	Failed   []string // the rules the check failed on this call
}

// Options describe the run the steps come from.
type Options struct {
	Check, Title string
	Failures     []string      // what failed, one line each, for the script's header
	NamePrefix   string        // the configured prefix of created names, e.g. "lc-"
	RunID        string        // the random part after it; names are NamePrefix + RunID + "-" + n
	Endpoint     string        // the Lambda endpoint of the run
	S3Endpoint   string        // the S3 endpoint of the run; empty when it is the Lambda endpoint
	WaitTimeout  time.Duration // bound of one wait
}

// Plan is a replay of one check, ready to be written as a script (Script, Files). It is plain data, so that it
// travels in JSON from the process that ran the check to the one that writes the reports.
type Plan struct {
	Check       string     `json:"check"`
	Title       string     `json:"title"`
	Failures    []string   `json:"failures,omitempty"`
	NamePrefix  string     `json:"name_prefix"`
	RunID       string     `json:"run_id"`
	Endpoint    string     `json:"endpoint"`
	Region      string     `json:"region"` // the signing region
	S3Endpoint  string     `json:"s3_endpoint,omitempty"`
	WaitSeconds int        `json:"wait_seconds"`
	Steps       []PlanStep `json:"steps"`
}

// PlanStep is one step of a replay.
type PlanStep struct {
	Kind      Kind        `json:"kind"`
	Operation string      `json:"operation"`
	Service   string      `json:"service"`
	Region    string      `json:"region"`
	Method    string      `json:"method"`
	URL       []Part      `json:"url"`
	Header    [][2]string `json:"header,omitempty"` // sent as they are
	Body      []byte      `json:"body,omitempty"`   // as it was sent
	BodyName  string      `json:"body_name,omitempty"`
	Replace   []Part      `json:"replace,omitempty"` // in a text body, each Text is replaced by its Var's value
	Captures  []Capture   `json:"captures,omitempty"`
	Status    int         `json:"status"`     // as recorded; 0 when no answer came
	ErrorType string      `json:"error_type"` // as recorded, sanitised
	Failed    []string    `json:"failed,omitempty"`
	Expect    []Expect    `json:"expect,omitempty"` // on a call that failed the check: members its answer had
	Needs     []string    `json:"needs,omitempty"`  // the captured variables the step cannot go without
}

// Expect is a member of a recorded answer that a replay of a deterministic target gives again: the N-th string
// value of Key, with the run's names and threaded values as variables.
type Expect struct {
	Key   string `json:"key"`
	N     int    `json:"n"`
	Value []Part `json:"value"`
}

// expectedMembers are the members whose value a target gives again on a fresh function when it behaves the same:
// not RevisionId, LastModified or request IDs, which change on every run, nor State and LastUpdateStatus, which
// depend on timing.
var expectedMembers = []string{"Version", "FunctionArn", "CodeSha256", "Description", "Type", "message", "Message"}

// Part is a piece of a URL or a replacement: literal text, or a shell variable's value.
type Part struct {
	Text string `json:"text,omitempty"`
	Var  string `json:"var,omitempty"`
}

// Capture reads a value from a step's answer into a variable, for later steps.
type Capture struct {
	Var    string `json:"var"`
	Header string `json:"header,omitempty"` // a response header, or
	Key    string `json:"key,omitempty"`    // the N-th string value of a JSON key
	N      int    `json:"n,omitempty"`
	Value  string `json:"value"` // what it was when the check ran
}

// Shell variables the script defines.
const (
	varEndpoint = "endpoint"
	varS3       = "s3_endpoint"
	varRun      = "run"    // the fresh prefix and run ID
	varRunLower = "run_lc" // the same in lower case, as bucket names have it
)

// Build makes the replay of a check from its steps.
func Build(o Options, steps []Step) *Plan {
	p := &Plan{Check: o.Check, Title: o.Title, Failures: o.Failures, NamePrefix: o.NamePrefix, RunID: o.RunID,
		Endpoint: strings.TrimSuffix(o.Endpoint, "/"), WaitSeconds: int(o.WaitTimeout.Round(time.Second) / time.Second)}
	if o.S3Endpoint != "" && strings.TrimSuffix(o.S3Endpoint, "/") != p.Endpoint {
		p.S3Endpoint = strings.TrimSuffix(o.S3Endpoint, "/")
	}
	if p.WaitSeconds <= 0 {
		p.WaitSeconds = 120
	}
	b := builder{plan: p, sent: map[string]bool{}, captured: map[capturedAt]string{}}
	b.prefixes()
	for _, s := range steps {
		if s.Exchange != nil {
			b.add(s)
		}
	}
	for _, s := range p.Steps {
		if s.Region != "" {
			p.Region = s.Region
			break
		}
	}
	if p.Region == "" {
		p.Region = "us-east-1"
	}
	b.synthesizeCleanup()
	b.prune()
	return p
}

type builder struct {
	plan     *Plan
	names    []Part                // the run's prefix forms and their variables
	answers  []answer              // the answers so far
	sent     map[string]bool       // values requests carried that no earlier answer gave: the check chose them
	captured map[capturedAt]string // the variable already reading a value from an answer
	used     map[string]bool
}

// answer is a recorded answer, for values later requests take from it.
type answer struct {
	step   int // index in the plan's steps
	body   string
	header http.Header
}

type capturedAt struct {
	step  int
	value string
}

// maxExpected bounds the members a replay compares: a longer one is not a value a target gives again.
const maxExpected = 512

// maxReadBack bounds the answers a replay reads values from: a FunctionConfiguration is a few KiB, and a
// larger answer (a hostile target's) is not searched.
const maxReadBack = 64 << 10

func (b *builder) prefixes() {
	prefix := b.plan.NamePrefix + b.plan.RunID + "-"
	if b.plan.RunID == "" {
		return
	}
	b.names = append(b.names, Part{Text: prefix, Var: varRun})
	if lower := strings.ToLower(prefix); lower != prefix {
		b.names = append(b.names, Part{Text: lower, Var: varRunLower})
	}
}

// add turns one recorded step into a plan step: the run's names and the values it took from an earlier answer
// become variables, a call that failed the check keeps the members to compare, and its answer is kept for the
// values later steps take from it.
func (b *builder) add(s Step) {
	ex := s.Exchange
	ps := PlanStep{Kind: s.Kind, Operation: ex.Operation, Service: ex.Service, Region: ex.Region, Method: ex.Method,
		Status: ex.Status, Failed: s.Failed}
	if ps.Service == "" {
		ps.Service = "lambda"
	}
	if ex.Status >= 300 {
		ps.ErrorType = ex.ErrorType()
	}
	threads := b.threads(ex)
	ps.URL = b.url(ex.URL, threads, &ps)
	if len(s.Failed) > 0 && ex.Err == nil && len(ex.Body) <= maxReadBack {
		for _, key := range expectedMembers {
			if v, ok := nthValue(string(ex.Body), key, 1); ok && len(v) <= maxExpected {
				ps.Expect = append(ps.Expect, Expect{Key: key, N: 1, Value: b.split(v, b.subs(threads), &ps)})
			}
		}
	}
	ps.Header = replayHeaders(ex)
	if len(ex.RequestBody) > 0 {
		ps.Body = ex.RequestBody
		if isText(ex.RequestBody, ex.RequestHeader.Get("Content-Type")) {
			text := string(ex.RequestBody)
			for _, r := range append(slices.Clone(b.names), threads...) {
				if strings.Contains(text, r.Text) {
					ps.Replace = append(ps.Replace, r)
					b.need(&ps, r.Var)
				}
			}
		}
		if ps.Service == "s3" {
			hash := "UNSIGNED-PAYLOAD" // its bytes change at replay time
			if len(ps.Replace) == 0 {
				sum := sha256.Sum256(ps.Body)
				hash = hex.EncodeToString(sum[:])
			}
			ps.Header = append(ps.Header, [2]string{"X-Amz-Content-Sha256", hash})
		}
	} else if ps.Service == "s3" {
		sum := sha256.Sum256(nil)
		ps.Header = append(ps.Header, [2]string{"X-Amz-Content-Sha256", hex.EncodeToString(sum[:])})
	}
	if ex.Err == nil && ex.Status > 0 && len(ex.Body) <= maxReadBack {
		b.answers = append(b.answers, answer{step: len(b.plan.Steps), body: string(ex.Body), header: ex.Header})
	}
	b.plan.Steps = append(b.plan.Steps, ps)
}

// url splits a recorded URL into the endpoint's variable, literal text, and the variables of the run's prefix and
// of threaded values (those whose URL form is the value itself).
func (b *builder) url(raw string, threads []Part, ps *PlanStep) []Part {
	var parts []Part
	rest := raw
	switch {
	case b.plan.S3Endpoint != "" && ps.Service == "s3" && strings.HasPrefix(raw, b.plan.S3Endpoint):
		parts = append(parts, Part{Var: varS3})
		rest = raw[len(b.plan.S3Endpoint):]
	case strings.HasPrefix(raw, b.plan.Endpoint):
		v := varEndpoint
		if ps.Service == "s3" {
			v = varS3
		}
		parts = append(parts, Part{Var: v})
		rest = raw[len(b.plan.Endpoint):]
	}
	return append(parts, b.split(rest, b.subs(threads), ps)...)
}

// subs are the replacements text can take: the run's names, and the threaded values whose URL form is the value.
func (b *builder) subs(threads []Part) []Part {
	var subs []Part
	for _, r := range append(slices.Clone(b.names), threads...) {
		if url.QueryEscape(r.Text) == r.Text || r.Var == varRun || r.Var == varRunLower {
			subs = append(subs, r)
		}
	}
	return subs
}

// split cuts text into literal parts and the variables of the replacements it holds, earliest first.
func (b *builder) split(rest string, subs []Part, ps *PlanStep) []Part {
	var parts []Part
	for rest != "" {
		at, which := -1, Part{}
		for _, r := range subs {
			if i := strings.Index(rest, r.Text); i >= 0 && (at < 0 || i < at) {
				at, which = i, r
			}
		}
		if at < 0 {
			parts = append(parts, Part{Text: rest})
			break
		}
		if at > 0 {
			parts = append(parts, Part{Text: rest[:at]})
		}
		parts = append(parts, Part{Var: which.Var})
		b.need(ps, which.Var)
		rest = rest[at+len(which.Text):]
	}
	return parts
}

func (b *builder) need(ps *PlanStep, variable string) {
	if b.used == nil {
		b.used = map[string]bool{}
	}
	b.used[variable] = true
	if strings.HasPrefix(variable, "v") && !slices.Contains(ps.Needs, variable) {
		ps.Needs = append(ps.Needs, variable)
	}
}

// threads returns the values a request took from an earlier answer, each with the variable that reads it from
// the latest answer that gave it (a capture added to that answer's step), longest first. A value the check sent
// before any answer gave it is the check's own, and stays as it is.
func (b *builder) threads(ex *client.Exchange) []Part {
	var out []Part
	var mine []string
	for _, v := range requestValues(ex) {
		if b.sent[v] || b.hasName(v) {
			continue
		}
		variable := ""
		for i := len(b.answers) - 1; i >= 0 && variable == ""; i-- {
			a := b.answers[i]
			if prev, ok := b.captured[capturedAt{a.step, v}]; ok {
				variable = prev
				break
			}
			src, ok := locate(a.body, a.header, v)
			if !ok {
				continue
			}
			ps := &b.plan.Steps[a.step]
			variable = fmt.Sprintf("v%d_%d", a.step+1, len(ps.Captures)+1)
			ps.Captures = append(ps.Captures, Capture{Var: variable, Header: src.header, Key: src.key, N: src.n, Value: v})
			b.captured[capturedAt{a.step, v}] = variable
		}
		if variable == "" {
			mine = append(mine, v)
			continue
		}
		out = append(out, Part{Text: v, Var: variable})
	}
	for _, v := range mine {
		b.sent[v] = true
	}
	// Longest first, so that a value containing another is replaced whole; then by text, for a stable script.
	slices.SortFunc(out, func(a, c Part) int {
		if len(a.Text) != len(c.Text) {
			return len(c.Text) - len(a.Text)
		}
		return strings.Compare(a.Text, c.Text)
	})
	return slices.CompactFunc(out, func(a, c Part) bool { return a.Text == c.Text })
}

// requestValues are the plain values a request carries: its JSON body's string members, its path's segments
// and its query's values.
func requestValues(ex *client.Exchange) []string {
	var out []string
	add := func(v string) {
		if plain(v) && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	if isText(ex.RequestBody, ex.RequestHeader.Get("Content-Type")) {
		for _, p := range pairs(string(ex.RequestBody)) {
			add(p.value)
		}
	}
	if u, err := url.Parse(ex.URL); err == nil {
		for _, seg := range strings.Split(u.Path, "/") {
			add(seg)
		}
		for _, vs := range u.Query() {
			for _, v := range vs {
				add(v)
			}
		}
	}
	slices.Sort(out)
	return out
}

func (b *builder) hasName(v string) bool {
	for _, n := range b.names {
		if strings.Contains(v, n.Text) {
			return true
		}
	}
	return false
}

// synthesizeCleanup adds a DeleteFunction for every function the replay creates and whose deletion was not
// recorded (the checks that share one observation end before the observation's function is deleted).
func (b *builder) synthesizeCleanup() {
	deleted := map[string]bool{}
	for _, s := range b.plan.Steps {
		if s.Kind == Cleanup && s.Method == http.MethodDelete && s.Service == "lambda" {
			deleted[partsKey(s.URL)] = true
		}
	}
	for _, s := range b.plan.Steps {
		if s.Operation != "CreateFunction" || s.Status >= 300 {
			continue
		}
		name, ok := nthValue(string(s.Body), "FunctionName", 1)
		if !ok {
			continue
		}
		u := b.url(b.plan.Endpoint+"/2015-03-31/functions/"+url.PathEscape(name), nil, &PlanStep{})
		if deleted[partsKey(u)] {
			continue
		}
		deleted[partsKey(u)] = true
		b.plan.Steps = append(b.plan.Steps, PlanStep{Kind: Cleanup, Operation: "DeleteFunction", Service: "lambda",
			Region: s.Region, Method: http.MethodDelete, URL: u, Status: http.StatusNoContent})
	}
}

func partsKey(ps []Part) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.Text + "\x00" + p.Var + "\x00")
	}
	return b.String()
}

// prune drops the captures no later step uses.
func (b *builder) prune() {
	for i := range b.plan.Steps {
		s := &b.plan.Steps[i]
		kept := s.Captures[:0]
		for _, c := range s.Captures {
			if b.used[c.Var] {
				kept = append(kept, c)
			}
		}
		s.Captures = kept
		if len(s.Captures) == 0 {
			s.Captures = nil
		}
	}
}

// replayHeaders are the request headers a replay sends as recorded: the content type and the request's own
// x-amz- headers, but nothing the signature, curl or the transport sets.
func replayHeaders(ex *client.Exchange) [][2]string {
	var out [][2]string
	names := make([]string, 0, len(ex.RequestHeader))
	for k := range ex.RequestHeader {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		ck := http.CanonicalHeaderKey(k)
		switch {
		case ck == "Content-Type", ck == "Content-Md5",
			strings.HasPrefix(ck, "X-Amz-") && ck != "X-Amz-Date" && ck != "X-Amz-Security-Token" && ck != "X-Amz-Content-Sha256":
			for _, v := range ex.RequestHeader[k] {
				out = append(out, [2]string{ck, v})
			}
		}
	}
	return out
}

// isText reports whether a body is text the replay may edit: valid UTF-8 without NUL, and not declared binary.
func isText(body []byte, contentType string) bool {
	if len(body) == 0 || strings.HasPrefix(contentType, "application/octet-stream") || strings.HasPrefix(contentType, "application/zip") {
		return false
	}
	return utf8.Valid(body) && !slices.Contains(body, 0)
}
