// Package normalize turns a target's exchanges into their recorded form: volatile values become placeholders
// that keep identity (docs/aws-behavior.md §12, LocalStack's reference replacement), so that the recording of a
// target does not change from run to run, and two targets can be compared call by call.
//
// What is replaced:
//   - values known before any answer: the execution role, the function and bucket names a scenario chose, the
//     CodeSha256 of the run's own packages, the other region and account the scenarios name;
//   - values learned from the target: its region and account (from the first FunctionArn it sent), RevisionIds
//     and every UUID or 64-digit hex digest it generated (numbered within a scenario in the order first seen,
//     members in name order), S3 object versions (from x-amz-version-id);
//   - values replaced by their class: timestamps keep their format (<timestamp:YYYY-MM-DDThh:mm:ss.sss+0000>),
//     Code.Location (a presigned URL) becomes <location>, a CodeSize that is the size of the package beside it
//     becomes <code-size:label>.
//
// Known and learned values are replaced wherever they occur inside strings (ARNs, paths, error messages), the
// longest first; values shorter than MinSubstring are replaced only where they are a whole string under the
// member they were learned from, so that a RevisionId "7" does not rewrite every 7.
package normalize

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"mime"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/lambdaconform/lambdaconform/client"
	"github.com/lambdaconform/lambdaconform/recording/format"
	"github.com/lambdaconform/lambdaconform/spec"
)

// MinSubstring is the shortest value replaced inside other strings.
const MinSubstring = 8

// MaxText bounds a body that is not JSON, as recorded.
const MaxText = 4 << 10

// Package is one of the run's deployment packages, known before the run.
type Package struct {
	Label string
	Bytes []byte
}

// Values are what the normaliser knows before it reads an exchange.
type Values struct {
	Role            string // the execution role
	Region, Account string // the target's, learned from its ARNs; "" when not learned
	OtherRegion     string // the region the scenarios use for "another region"
	OtherAccount    string // the account the scenarios use for "another account"
	Packages        []Package
}

// Normalizer normalises the exchanges of one run.
type Normalizer struct {
	global    map[string]string // value → placeholder, replaced anywhere
	shaLabel  map[string]string // CodeSha256 → package label
	size      map[string]int    // label → length
	zipLabel  map[string]string // base64 of a package → label
	bodyLabel map[[32]byte]string
}

// New returns a normaliser for a run.
func New(v Values) *Normalizer {
	n := &Normalizer{global: map[string]string{}, shaLabel: map[string]string{}, size: map[string]int{},
		zipLabel: map[string]string{}, bodyLabel: map[[32]byte]string{}}
	add := func(value, placeholder string) {
		if value != "" {
			n.global[value] = placeholder
		}
	}
	add(v.Role, "<role>")
	add(v.Region, "<region>")
	add(v.Account, "<account>")
	add(v.OtherRegion, "<other-region>")
	add(v.OtherAccount, "<other-account>")
	for _, p := range v.Packages {
		sum := sha256.Sum256(p.Bytes)
		sha := base64.StdEncoding.EncodeToString(sum[:])
		n.shaLabel[sha] = p.Label
		n.size[p.Label] = len(p.Bytes)
		n.zipLabel[base64.StdEncoding.EncodeToString(p.Bytes)] = p.Label
		n.bodyLabel[sum] = p.Label
		add(sha, format.Placeholder{Kind: "code-sha256", Arg: p.Label}.String())
	}
	return n
}

// ARNParts returns the region and account of an ARN, or empty strings.
func ARNParts(arn string) (region, account string) {
	parts := strings.Split(arn, ":")
	if len(parts) < 6 || parts[0] != "arn" {
		return "", ""
	}
	return parts[3], parts[4]
}

// Scope normalises the exchanges of one scenario, in order: identity placeholders are numbered within it.
type Scope struct {
	n        *Normalizer
	next     map[string]int
	long     map[string]string            // value → placeholder (global values included)
	exact    map[string]map[string]string // member name → short value → placeholder
	replacer *strings.Replacer
}

// Scope starts a scenario whose function and bucket names are known: they become <function-name:1>... and
// <bucket:1>... in the order given.
func (n *Normalizer) Scope(functions, buckets []string) *Scope {
	s := &Scope{n: n, next: map[string]int{}, long: map[string]string{}, exact: map[string]map[string]string{}}
	for k, v := range n.global {
		s.long[k] = v
	}
	for _, f := range functions {
		s.register("function-name", f, "", true)
	}
	for _, b := range buckets {
		s.register("bucket", b, "", true)
	}
	return s
}

// register gives value an identity placeholder of kind unless it has one, and returns it. Values the scenario
// chose (chosen) are replaced wherever they occur, whatever their length; learned ones only when they are long
// enough to be distinctive.
func (s *Scope) register(kind, value, member string, chosen ...bool) string {
	if value == "" {
		return value
	}
	if p, ok := s.long[value]; ok {
		return p
	}
	if p, ok := s.exact[member][value]; ok {
		return p
	}
	s.next[kind]++
	p := format.Identity(kind, s.next[kind]).String()
	if len(value) >= MinSubstring || len(chosen) > 0 && chosen[0] {
		s.long[value] = p
		s.replacer = nil
	} else {
		if s.exact[member] == nil {
			s.exact[member] = map[string]string{}
		}
		s.exact[member][value] = p
	}
	return p
}

// text normalises one string found under member.
func (s *Scope) text(v, member string) string {
	if class, ok := TimestampClass(v); ok {
		return format.Placeholder{Kind: "timestamp", Arg: class}.String()
	}
	if p, ok := s.exact[member][v]; ok {
		return p
	}
	if s.replacer == nil {
		values := make([]string, 0, len(s.long))
		for k := range s.long {
			values = append(values, k)
		}
		// Longest first, so that a value containing another is replaced whole; ties in a fixed order.
		sort.Slice(values, func(i, j int) bool {
			if len(values[i]) != len(values[j]) {
				return len(values[i]) > len(values[j])
			}
			return values[i] < values[j]
		})
		pairs := make([]string, 0, 2*len(values))
		for _, k := range values {
			pairs = append(pairs, k, s.long[k])
		}
		s.replacer = strings.NewReplacer(pairs...)
	}
	return s.replacer.Replace(v)
}

var (
	uuidRE = regexp.MustCompile(`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`)
	hexRE  = regexp.MustCompile(`\b[0-9a-f]{64}\b`)
	tsRE   = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}([T ])\d{2}:\d{2}(:\d{2}(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?$`)
)

// TimestampClass returns the format class of a timestamp: YYYY-MM-DD, the separator, hh:mm[:ss[.s...]] and the
// zone as sent, so that 2019-08-14T22:26:11.234+0000 and 2019-08-14T22:26:11.234Z are of different classes.
func TimestampClass(v string) (string, bool) {
	m := tsRE.FindStringSubmatch(v)
	if m == nil {
		return "", false
	}
	class := "YYYY-MM-DD" + m[1] + "hh:mm"
	if m[2] != "" {
		class += ":ss"
	}
	if m[3] != "" {
		class += "." + strings.Repeat("s", len(m[3]))
	}
	return class + m[4], true
}

// discover registers the identities an answer introduces, members in name order so that the numbering does not
// depend on the order the target wrote them in.
func (s *Scope) discover(v any, member string) {
	switch t := v.(type) {
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(t)) {
			if member == "Code" && k == "Location" {
				continue // a presigned URL: <location>
			}
			s.discover(t[k], k)
		}
	case []any:
		for _, x := range t {
			s.discover(x, member)
		}
	case string:
		if _, ok := TimestampClass(t); ok {
			return
		}
		if member == "RevisionId" {
			s.register("uuid", t, member)
			return
		}
		s.discoverText(t)
	}
}

func (s *Scope) discoverText(t string) {
	for _, u := range uuidRE.FindAllString(t, -1) {
		s.register("uuid", u, "")
	}
	for _, h := range hexRE.FindAllString(t, -1) {
		s.register("hash", h, "")
	}
}

// transform returns v normalised; request bodies have their packages replaced, answers their Code.Location
// and CodeSize.
func (s *Scope) transform(v any, member string, request bool) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, x := range t {
			switch str, isString := x.(string); {
			case !request && member == "Code" && k == "Location" && isString:
				out[k] = "<location>"
				continue
			case request && (k == "ZipFile") && isString:
				if label, ok := s.n.zipLabel[str]; ok {
					out[k] = format.Placeholder{Kind: "zip", Arg: label}.String()
					continue
				}
			case !request && k == "CodeSize":
				if p, ok := s.codeSize(t); ok {
					out[k] = p
					continue
				}
			}
			out[k] = s.transform(x, k, request)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, x := range t {
			out[i] = s.transform(x, member, request)
		}
		return out
	case string:
		return s.text(t, member)
	}
	return v
}

// codeSize returns <code-size:label> when an object's CodeSize is the length of the package its CodeSha256 names.
func (s *Scope) codeSize(obj map[string]any) (string, bool) {
	sha, _ := obj["CodeSha256"].(string)
	label, ok := s.n.shaLabel[sha]
	if !ok {
		return "", false
	}
	n, ok := obj["CodeSize"].(json.Number)
	if !ok || n.String() != fmt.Sprint(s.n.size[label]) {
		return "", false
	}
	return format.Placeholder{Kind: "code-size", Arg: label}.String(), true
}

// decodeJSON reads a body holding exactly one JSON value, numbers kept as text.
func decodeJSON(data []byte) (any, bool) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil || v == nil {
		return nil, false
	}
	if _, err := dec.Token(); err == nil {
		return nil, false // more than one value
	}
	return v, true
}

// Input is one exchange to normalise.
type Input struct {
	ID         string
	Condition  string
	Unobserved string           // why the exchange could not be observed; Exchange is then nil
	Operation  string           // as recorded: the API operation, "s3:<Operation>" for S3
	Exchange   *client.Exchange // what was sent and received
	BasePath   string           // the path of the endpoint the exchange went to
}

// Exchange normalises one exchange of the scenario: the request with what is known so far, then the answer,
// after registering the identities it introduces.
func (s *Scope) Exchange(in Input) format.Exchange {
	out := format.Exchange{ID: in.ID, Condition: in.Condition, Unobserved: in.Unobserved}
	ex := in.Exchange
	if ex == nil {
		return out
	}
	out.Request = s.request(in)
	out.Response = s.response(in)
	return out
}

func (s *Scope) request(in Input) *format.Request {
	ex := in.Exchange
	r := &format.Request{Operation: in.Operation, Method: ex.Method}
	if u, err := url.Parse(ex.URL); err == nil {
		r.Path = s.text(strings.TrimPrefix(u.Path, in.BasePath), "")
		if q := u.Query(); len(q) > 0 {
			r.Query = map[string]string{}
			for k := range q {
				r.Query[k] = s.text(q.Get(k), k)
			}
		}
	}
	if len(ex.RequestBody) == 0 {
		return r
	}
	if v, ok := decodeJSON(ex.RequestBody); ok && ex.Service != "s3" {
		r.Body = s.transform(v, "", true)
		return r
	}
	r.Text = s.binary(ex.RequestBody)
	return r
}

// binary names a body that is not JSON: one of the run's packages, bytes that are not text, or the text.
func (s *Scope) binary(data []byte) string {
	if label, ok := s.n.bodyLabel[sha256.Sum256(data)]; ok {
		return format.Placeholder{Kind: "zip", Arg: label}.String()
	}
	if !utf8.Valid(data) {
		return format.Placeholder{Kind: "bytes", Arg: fmt.Sprint(len(data))}.String()
	}
	return s.text(bounded(string(data)), "")
}

func bounded(s string) string {
	if len(s) <= MaxText {
		return s
	}
	cut := MaxText
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + fmt.Sprintf("… (%d bytes in all)", len(s))
}

func (s *Scope) response(in Input) *format.Response {
	ex := in.Exchange
	r := &format.Response{Status: ex.Status}
	if ex.Status == 0 {
		return r
	}
	h := map[string]string{}
	if ct := ex.Header.Get("Content-Type"); ct != "" && in.Exchange.Service != "s3" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil {
			mt = strings.ToLower(strings.TrimSpace(ct))
		}
		h["content-type"] = mt
	}
	if et := ex.Header.Get("X-Amzn-Errortype"); et != "" {
		h["x-amzn-errortype"] = spec.SanitizeErrorType(et)
	}
	if v := ex.Header.Get("X-Amz-Version-Id"); v != "" && v != "null" && in.Exchange.Service == "s3" {
		h["x-amz-version-id"] = s.register("s3-version", v, "x-amz-version-id")
	}
	if len(h) > 0 {
		r.Headers = h
	}
	if ex.Service == "s3" {
		return r // S3 is set-up: its XML bodies are not recorded
	}
	switch {
	case ex.Err != nil:
		r.Text = "(the body could not be read completely)"
	case len(ex.Body) == 0:
	default:
		if v, ok := decodeJSON(ex.Body); ok && !ex.Truncated {
			s.discover(v, "")
			r.Body = s.transform(v, "", false)
			break
		}
		if utf8.Valid(ex.Body) {
			s.discoverText(string(ex.Body))
		}
		r.Text = s.binary(ex.Body)
	}
	return r
}

// Text normalises a string that is not in an exchange (a scenario's error, for instance) with what the scope
// knows.
func (s *Scope) Text(v string) string { return s.text(v, "") }
