// Package compare diffs a replay against a recording, exchange by exchange: the status, the headers that
// matter, and the body member by member — missing, extra, of another type, with another value — including
// broken identities (a value that should equal an earlier one and does not, or should be new and is not).
//
// What counts. Every difference counts against the target except:
//   - extra members: a member the target sends and the recording does not have is listed but not counted, as
//     runs accept response members AWS does not send (AWS adds members over time); Options.Strict counts them,
//     as --strict reports unknown members in runs. Extra array items always count: a list that grew is not a
//     new member;
//   - differences at the set-up call a replay stopped at (CreateFunction refused, a wait that failed): the
//     scenario could not run, which is an error, never non-conformance (as in runs);
//   - differences a known-differences file accepts (ApplyKnown).
//
// What is not a difference but a note: a conditional exchange one side could not show (409 while an update is in
// progress, on a target that completes updates at once), a request that differed because an earlier answer did
// (a RevisionId sent back), exchanges after the point where a replay stopped.
package compare

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/lambdaconform/lambdaconform/recording/format"
)

// Kind is what differs.
type Kind string

// The kinds of difference.
const (
	KindStatus   Kind = "status"   // the HTTP status
	KindHeader   Kind = "header"   // content-type or x-amzn-errortype missing, extra or different
	KindBody     Kind = "body"     // the body is absent, not JSON, or present where the recording has none
	KindMissing  Kind = "missing"  // a member or item the recording has and the target did not send
	KindExtra    Kind = "extra"    // a member or item the target sent and the recording does not have
	KindType     Kind = "type"     // another JSON type
	KindValue    Kind = "value"    // another value
	KindIdentity Kind = "identity" // a value that should equal an earlier one and does not, or should be new and is not
	KindExchange Kind = "exchange" // an exchange one side has and the other does not
)

// Kinds lists the kinds.
var Kinds = []Kind{KindStatus, KindHeader, KindBody, KindMissing, KindExtra, KindType, KindValue, KindIdentity, KindExchange}

// Difference is one difference at one exchange.
type Difference struct {
	Exchange  string `json:"exchange"`
	Operation string `json:"operation,omitempty"`
	Kind      Kind   `json:"kind"`
	// Path locates it: "status", "headers.<name>", "body", "exchange", or a JSON path into the body ($.A.B[0]).
	Path     string `json:"path"`
	Recorded string `json:"recorded,omitempty"` // the recorded value, as JSON
	Target   string `json:"target,omitempty"`   // the target's value, normalised, as JSON
	Message  string `json:"message"`
	// Counted says whether the difference counts against the target; Why says why not when it does not.
	Counted bool   `json:"counted"`
	Why     string `json:"why,omitempty"`
	// Known is the known-differences entry that accepts it.
	Known *KnownMatch `json:"known,omitempty"`
}

// Note is something worth knowing that is not a difference.
type Note struct {
	Exchange string `json:"exchange"`
	Message  string `json:"message"`
}

// ScenarioResult is the comparison of one scenario.
type ScenarioResult struct {
	ID          string       `json:"id"`
	Title       string       `json:"title"`
	Compared    int          `json:"compared"`        // exchanges compared
	Error       string       `json:"error,omitempty"` // why the replay stopped early: it could not run
	Differences []Difference `json:"differences"`
	Notes       []Note       `json:"notes,omitempty"`
}

// Options change how differences count.
type Options struct {
	// Strict counts extra members.
	Strict bool
}

// Compare diffs a replay against a recording, scenario by scenario in the recording's order. Scenarios the
// replay does not have are noted (they were not replayed).
func Compare(rec, replay format.Recording, opts Options) []ScenarioResult {
	byID := map[string]format.Scenario{}
	for _, s := range replay.Scenarios {
		byID[s.ID] = s
	}
	var out []ScenarioResult
	for _, s := range rec.Scenarios {
		p, ok := byID[s.ID]
		if !ok {
			out = append(out, ScenarioResult{ID: s.ID, Title: s.Title, Differences: []Difference{},
				Notes: []Note{{Exchange: s.ID, Message: "not replayed"}}})
			continue
		}
		out = append(out, compareScenario(s, p, opts))
	}
	return out
}

// scenarioCmp is the state of one scenario's comparison.
type scenarioCmp struct {
	opts  Options
	res   *ScenarioResult
	ids   *identities
	ex    string // the exchange being compared
	op    string
	count bool // differences at this exchange count (false at the set-up call a replay stopped at)
	why   string
}

func compareScenario(rec, rep format.Scenario, opts Options) ScenarioResult {
	res := ScenarioResult{ID: rec.ID, Title: rec.Title, Error: rep.Error, Differences: []Difference{}}
	c := &scenarioCmp{opts: opts, res: &res, ids: newIdentities()}
	recBy, repBy := index(rec.Exchanges), index(rep.Exchanges)
	var order []string
	for _, e := range rec.Exchanges {
		order = append(order, e.ID)
	}
	for _, e := range rep.Exchanges {
		if _, ok := recBy[e.ID]; !ok {
			order = append(order, e.ID)
		}
	}
	last := ""
	if rep.Error != "" && len(rep.Exchanges) > 0 {
		last = rep.Exchanges[len(rep.Exchanges)-1].ID
	}
	stopped := rep.Error != "" && len(rep.Exchanges) == 0 // stopped before its first call
	for _, id := range order {
		r, inRec := recBy[id]
		p, inRep := repBy[id]
		c.ex, c.op, c.count, c.why = id, operation(r, p), true, ""
		switch {
		case !inRep && stopped:
			c.note("not reached: the replay stopped before it (%s)", rep.Error)
		case !inRep && r.Condition != "":
			c.note("the recording has this call, made while an update was in progress (%s); the replay does not", r.Condition)
		case !inRep:
			c.diff(KindExchange, "exchange", "", "", "the recording has this exchange; the replay does not")
		case !inRec && p.Condition != "":
			c.note("the replay has this call, made while an update was in progress; the recording does not")
		case !inRec:
			c.diff(KindExchange, "exchange", "", "", "the replay has this exchange; the recording does not")
		case r.Unobserved != "" && p.Unobserved != "":
		case r.Unobserved != "":
			c.note("not comparable: the recorded target could not show this call (%s)", r.Unobserved)
		case p.Unobserved != "":
			c.note("not comparable: the target could not show this call (%s)", p.Unobserved)
		default:
			if id == last {
				c.count, c.why = false, "the set-up call the replay stopped at: the scenario could not run"
			}
			c.exchange(r, p)
			res.Compared++
		}
		if id == last {
			stopped = true
		}
	}
	return res
}

func index(list []format.Exchange) map[string]format.Exchange {
	m := make(map[string]format.Exchange, len(list))
	for _, e := range list {
		m[e.ID] = e
	}
	return m
}

func operation(a, b format.Exchange) string {
	for _, e := range []format.Exchange{a, b} {
		if e.Request != nil {
			return e.Request.Operation
		}
	}
	return ""
}

func (c *scenarioCmp) note(format string, args ...any) {
	c.res.Notes = append(c.res.Notes, Note{Exchange: c.ex, Message: fmt.Sprintf(format, args...)})
}

// diff records a difference; recorded and target are JSON texts ("" for absent).
func (c *scenarioCmp) diff(kind Kind, path, recorded, target, msg string) {
	d := Difference{Exchange: c.ex, Operation: c.op, Kind: kind, Path: path, Recorded: recorded, Target: target,
		Message: msg, Counted: c.count, Why: c.why}
	if kind == KindExtra && !c.opts.Strict && strings.HasPrefix(path, "$") && !itemRE.MatchString(path) && d.Counted {
		d.Counted, d.Why = false, "an extra member: runs accept members AWS does not send; --strict counts them"
	}
	c.res.Differences = append(c.res.Differences, d)
}

var itemRE = regexp.MustCompile(`\[\d+\]$`)

// exchange compares one exchange both sides have.
func (c *scenarioCmp) exchange(r, p format.Exchange) {
	if r.Request != nil && p.Request != nil {
		if a, b := jsonText(r.Request), jsonText(p.Request); a != b {
			c.note("the request differed from the recorded one (a value sent back from an earlier answer, probably): %s",
				requestDifference(*r.Request, *p.Request))
		}
	}
	if r.Response == nil || p.Response == nil {
		if r.Response != nil || p.Response != nil { // the format forbids it; never take a missing answer for a match
			c.diff(KindExchange, "exchange", "", "", "one side has this call without its answer")
		}
		return
	}
	a, b := *r.Response, *p.Response
	if a.Status != b.Status {
		c.diff(KindStatus, "status", strconv.Itoa(a.Status), strconv.Itoa(b.Status), statusMessage(a, b))
		if class(a.Status) != class(b.Status) {
			return // an error where a success was recorded, or the reverse: the bodies are of different kinds
		}
	}
	c.headers(a.Headers, b.Headers)
	c.body(a, b)
}

func class(status int) int { return status / 100 }

func statusMessage(a, b format.Response) string {
	describe := func(r format.Response) string {
		if r.Status == 0 {
			return "no answer"
		}
		s := strconv.Itoa(r.Status)
		if t := r.Headers["x-amzn-errortype"]; t != "" {
			s += " " + t
		}
		if m := message(r); m != "" {
			s += ": " + m
		}
		return s
	}
	return fmt.Sprintf("the target answered %s; the recording has %s", describe(b), describe(a))
}

// message is an error body's message.
func message(r format.Response) string {
	if m, ok := r.Body.(map[string]any); ok {
		for _, k := range []string{"message", "Message"} {
			if s, ok := m[k].(string); ok {
				return s
			}
		}
	}
	return ""
}

func (c *scenarioCmp) headers(a, b map[string]string) {
	for _, k := range unionKeys(a, b) {
		va, inA := a[k]
		vb, inB := b[k]
		path := "headers." + k
		switch {
		case inA && !inB:
			c.diff(KindHeader, path, quote(va), "", fmt.Sprintf("%s is missing; the recording has %s", k, quote(va)))
		case !inA && inB:
			d := Difference{Exchange: c.ex, Operation: c.op, Kind: KindHeader, Path: path, Target: quote(vb),
				Message: fmt.Sprintf("the target sent %s %s, which the recording does not have", k, quote(vb)), Counted: c.count, Why: c.why}
			if k != "x-amzn-errortype" && d.Counted && !c.opts.Strict {
				d.Counted, d.Why = false, "an extra header: --strict counts it"
			}
			c.res.Differences = append(c.res.Differences, d)
		case va != vb:
			c.diff(KindHeader, path, quote(va), quote(vb), fmt.Sprintf("%s is %s; the recording has %s", k, quote(vb), quote(va)))
		}
	}
}

func (c *scenarioCmp) body(a, b format.Response) {
	switch {
	case a.Body != nil && b.Body != nil:
		c.value("$", a.Body, b.Body)
	case a.Body != nil && b.Text != "":
		c.diff(KindBody, "body", clipJSON(a.Body), quote(clip(b.Text)), "the body is not JSON: "+quote(clip(b.Text)))
	case a.Body != nil:
		c.diff(KindBody, "body", clipJSON(a.Body), "", "the body is empty; the recording has a JSON body")
	case a.Text != "" && b.Body != nil:
		c.diff(KindBody, "body", quote(clip(a.Text)), clipJSON(b.Body), "the body is JSON; the recording has text")
	case a.Text != "" && b.Text != "":
		c.value("body", a.Text, b.Text)
	case a.Text != "":
		c.diff(KindBody, "body", quote(clip(a.Text)), "", "the body is empty; the recording has text")
	case b.Body != nil || b.Text != "":
		target := quote(clip(b.Text))
		if b.Body != nil {
			target = clipJSON(b.Body)
		}
		d := Difference{Exchange: c.ex, Operation: c.op, Kind: KindBody, Path: "body", Target: target,
			Message: "the target sent a body; the recording has none", Counted: c.count, Why: c.why}
		if d.Counted && !c.opts.Strict {
			d.Counted, d.Why = false, "a body where the recording has none: --strict counts it"
		}
		c.res.Differences = append(c.res.Differences, d)
	}
}

// typeOf is a value's JSON type; a code-size placeholder stands for a number.
func typeOf(v any) string {
	switch t := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case json.Number, float64, int:
		return "number"
	case string:
		if p, ok := format.Whole(t); ok && format.Kinds[p.Kind].Number {
			return "number"
		}
		return "string"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	}
	return fmt.Sprintf("%T", v)
}

// value compares a recorded value with the target's at path.
func (c *scenarioCmp) value(path string, a, b any) {
	ta, tb := typeOf(a), typeOf(b)
	if ta != tb {
		c.diff(KindType, path, clipJSON(a), clipJSON(b), fmt.Sprintf("%s is %s %s; the recording has %s %s", path, article(tb), tb, article(ta), ta))
		return
	}
	switch x := a.(type) {
	case map[string]any:
		y := b.(map[string]any)
		for _, k := range unionKeys(x, y) {
			va, inA := x[k]
			vb, inB := y[k]
			p := member(path, k)
			switch {
			case inA && !inB:
				c.diff(KindMissing, p, clipJSON(va), "", fmt.Sprintf("%s is missing; the recording has %s", p, clipJSON(va)))
			case !inA && inB:
				c.diff(KindExtra, p, "", clipJSON(vb), fmt.Sprintf("the target sent %s = %s, which the recording does not have", p, clipJSON(vb)))
			default:
				c.value(p, va, vb)
			}
		}
	case []any:
		y := b.([]any)
		for i := range max(len(x), len(y)) {
			p := fmt.Sprintf("%s[%d]", path, i)
			switch {
			case i >= len(y):
				c.diff(KindMissing, p, clipJSON(x[i]), "", fmt.Sprintf("%s is missing: %d items, the recording has %d", p, len(y), len(x)))
			case i >= len(x):
				c.diff(KindExtra, p, "", clipJSON(y[i]), fmt.Sprintf("%s is an extra item: %d items, the recording has %d", p, len(y), len(x)))
			default:
				c.value(p, x[i], y[i])
			}
		}
	case string:
		if y, ok := b.(string); ok {
			c.text(path, x, y)
			return
		}
		c.diff(KindValue, path, clipJSON(a), clipJSON(b), fmt.Sprintf("%s is %s; the recording has %s", path, clipJSON(b), clipJSON(a)))
	case json.Number:
		if !sameNumber(x, b) {
			c.diff(KindValue, path, x.String(), fmt.Sprint(b), fmt.Sprintf("%s is %v; the recording has %s", path, b, x))
		}
	default:
		if a != b {
			c.diff(KindValue, path, clipJSON(a), clipJSON(b), fmt.Sprintf("%s is %s; the recording has %s", path, clipJSON(b), clipJSON(a)))
		}
	}
}

func sameNumber(a json.Number, b any) bool {
	n, ok := b.(json.Number)
	if !ok {
		return false
	}
	if a == n {
		return true
	}
	x, err1 := a.Float64()
	y, err2 := n.Float64()
	return err1 == nil && err2 == nil && x == y
}

// text compares two strings with placeholders: their literal parts and the kinds of their placeholders must be
// the same, and their identities must pair up as they did before in the scenario.
func (c *scenarioCmp) text(path, a, b string) {
	if a == b && !format.HasPlaceholder(a) {
		return
	}
	if format.Skeleton(a) != format.Skeleton(b) {
		c.diff(KindValue, path, quote(a), quote(b), fmt.Sprintf("%s is %s; the recording has %s", path, quote(clip(b)), quote(clip(a))))
		return
	}
	ta, tb := format.Tokens(a), format.Tokens(b)
	for i := range ta {
		pa, pb := ta[i].Placeholder, tb[i].Placeholder
		if pa == nil || !pa.Identity() {
			continue
		}
		if msg := c.ids.pair(*pa, *pb, c.ex, path); msg != "" {
			c.diff(KindIdentity, path, quote(a), quote(b), fmt.Sprintf("%s: %s", path, msg))
			return
		}
	}
}

func member(path, key string) string {
	for _, r := range key {
		if !(r == '_' || r == '-' || r == '$' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return path + "[" + quote(key) + "]"
		}
	}
	return path + "." + key
}

func article(t string) string {
	if strings.ContainsRune("aeiou", rune(t[0])) {
		return "an"
	}
	return "a"
}

// unionKeys is the keys of a and b, sorted.
func unionKeys[V any](a, b map[string]V) []string {
	keys := slices.Collect(maps.Keys(a))
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

// jsonText is v as compact JSON, without HTML escaping.
func jsonText(v any) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func quote(s string) string { return jsonText(s) }

// clipJSON is v as JSON, shortened for messages.
func clipJSON(v any) string { return clip(jsonText(v)) }

const clipLength = 300

func clip(s string) string {
	r := []rune(s)
	if len(r) <= clipLength {
		return s
	}
	return string(r[:clipLength-1]) + "…"
}

// requestDifference says in a few words where two requests differ.
func requestDifference(a, b format.Request) string {
	switch {
	case a.Operation != b.Operation || a.Method != b.Method:
		return fmt.Sprintf("%s %s instead of %s %s", b.Operation, b.Method, a.Operation, a.Method)
	case a.Path != b.Path:
		return fmt.Sprintf("path %s instead of %s", quote(b.Path), quote(a.Path))
	case jsonText(a.Query) != jsonText(b.Query):
		return fmt.Sprintf("query %s instead of %s", jsonText(b.Query), jsonText(a.Query))
	}
	return fmt.Sprintf("body %s instead of %s", clip(jsonText(b.Body)+b.Text), clip(jsonText(a.Body)+a.Text))
}
