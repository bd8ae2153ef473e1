package compare

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/lambdaconform/lambdaconform/recording/format"
)

// body parses JSON with numbers as json.Number, as recordings are read.
func body(t *testing.T, s string) any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func ex(id string, status int, headers map[string]string, b any) format.Exchange {
	return format.Exchange{ID: id, Request: &format.Request{Operation: "PublishVersion", Method: "POST", Path: "/p"},
		Response: &format.Response{Status: status, Headers: headers, Body: b}}
}

func rec(exchanges ...format.Exchange) format.Recording {
	return format.Recording{Scenarios: []format.Scenario{{ID: "s", Title: "t", Exchanges: exchanges}}}
}

// diffs returns "kind path counted" for each difference.
func diffs(res []ScenarioResult) []string {
	var out []string
	for _, s := range res {
		for _, d := range s.Differences {
			c := "counts"
			if !d.Counts() {
				c = "not-counted"
			}
			out = append(out, string(d.Kind)+" "+d.Path+" "+c)
		}
	}
	return out
}

func TestMembers(t *testing.T) {
	json := map[string]string{"content-type": "application/json"}
	a := ex("s/a", 201, json, body(t, `{"A":"x","B":1,"C":{"D":true},"E":[1,2],"F":"<code-size:p>","G":null,"H":"<timestamp:YYYY>"}`))
	b := ex("s/a", 201, json, body(t, `{"A":"y","B":"1","C":{"D":true,"New":1},"E":[1,2,3],"F":"27","Extra":null,"H":"<timestamp:YYYY>"}`))
	got := strings.Join(diffs(Compare(rec(a), rec(b), Options{})), "\n")
	want := strings.Join([]string{
		"value $.A counts",
		"type $.B counts",
		"extra $.C.New not-counted",
		"extra $.E[2] counts",
		"extra $.Extra not-counted",
		"type $.F counts", // a code-size placeholder stands for a number; the target sent a string
		"missing $.G counts",
	}, "\n")
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	strict := diffs(Compare(rec(a), rec(b), Options{Strict: true}))
	if strict[2] != "extra $.C.New counts" || strict[4] != "extra $.Extra counts" {
		t.Errorf("strict: %v", strict)
	}
}

func TestStatusAndHeaders(t *testing.T) {
	a := ex("s/a", 400, map[string]string{"content-type": "application/json", "x-amzn-errortype": "InvalidParameterValueException"},
		body(t, `{"Type":"User","message":"m"}`))
	b := ex("s/a", 412, map[string]string{"content-type": "text/plain", "x-amzn-errortype": "PreconditionFailedException"},
		body(t, `{"Type":"User","message":"m"}`))
	got := diffs(Compare(rec(a), rec(b), Options{}))
	if strings.Join(got, ";") != "status status counts;header headers.content-type counts;header headers.x-amzn-errortype counts" {
		t.Errorf("error against error: %v", got)
	}
	// A success where an error was recorded: one difference, the bodies are of different kinds.
	c := ex("s/a", 201, map[string]string{"content-type": "application/json"}, body(t, `{"Version":"1"}`))
	got = diffs(Compare(rec(a), rec(c), Options{}))
	if strings.Join(got, ";") != "status status counts" {
		t.Errorf("success against error: %v", got)
	}
	res := Compare(rec(a), rec(c), Options{})
	if m := res[0].Differences[0].Message; !strings.Contains(m, "201") || !strings.Contains(m, "400 InvalidParameterValueException: m") {
		t.Errorf("status message: %s", m)
	}
	// A missing error-type header counts; an extra content-type does not, an extra error type does.
	d := ex("s/a", 400, map[string]string{"content-type": "application/json"}, body(t, `{"Type":"User","message":"m"}`))
	if got := diffs(Compare(rec(a), rec(d), Options{})); strings.Join(got, ";") != "header headers.x-amzn-errortype counts" {
		t.Errorf("missing header: %v", got)
	}
	e := ex("s/a", 201, map[string]string{"content-type": "application/json"}, body(t, `{}`))
	f := ex("s/a", 201, map[string]string{"content-type": "application/json", "x-amzn-errortype": "X"}, body(t, `{}`))
	if got := diffs(Compare(rec(e), rec(f), Options{})); strings.Join(got, ";") != "header headers.x-amzn-errortype counts" {
		t.Errorf("extra error type: %v", got)
	}
}

func TestIdentities(t *testing.T) {
	h := map[string]string{"content-type": "application/json"}
	recorded := rec(
		ex("s/publish", 201, h, body(t, `{"RevisionId":"<uuid:5>","FunctionArn":"arn:<function-name:1>:1"}`)),
		ex("s/noop", 201, h, body(t, `{"RevisionId":"<uuid:5>"}`)),
		ex("s/update", 200, h, body(t, `{"RevisionId":"<uuid:6>"}`)),
	)
	// The target numbers its own values (here shifted by one): only the pattern of equalities matters.
	same := rec(
		ex("s/publish", 201, h, body(t, `{"RevisionId":"<uuid:6>","FunctionArn":"arn:<function-name:1>:1"}`)),
		ex("s/noop", 201, h, body(t, `{"RevisionId":"<uuid:6>"}`)),
		ex("s/update", 200, h, body(t, `{"RevisionId":"<uuid:7>"}`)),
	)
	if got := diffs(Compare(recorded, same, Options{})); len(got) != 0 {
		t.Errorf("renumbered identities differ: %v", got)
	}
	// A new value where the recording repeats one, and a repeated value where the recording has a new one.
	broken := rec(
		ex("s/publish", 201, h, body(t, `{"RevisionId":"<uuid:6>","FunctionArn":"arn:<function-name:1>:1"}`)),
		ex("s/noop", 201, h, body(t, `{"RevisionId":"<uuid:7>"}`)),
		ex("s/update", 200, h, body(t, `{"RevisionId":"<uuid:6>"}`)),
	)
	res := Compare(recorded, broken, Options{})
	if len(res[0].Differences) != 2 {
		t.Fatalf("%v", diffs(res))
	}
	if d := res[0].Differences[0]; d.Kind != KindIdentity || d.Exchange != "s/noop" ||
		!strings.Contains(d.Message, "should be the value first seen at s/publish $.RevisionId, and is a new value") {
		t.Errorf("%+v", d)
	}
	if d := res[0].Differences[1]; d.Kind != KindIdentity || d.Exchange != "s/update" ||
		!strings.Contains(d.Message, "should be a new value, and is the one first seen at s/publish $.RevisionId") {
		t.Errorf("%+v", d)
	}
	// Another skeleton (the literal parts or the kinds differ) is a value difference.
	other := rec(ex("s/publish", 201, h, body(t, `{"RevisionId":"<uuid:6>","FunctionArn":"arn:<function-name:1>:2"}`)))
	if got := diffs(Compare(rec(recorded.Scenarios[0].Exchanges[0]), other, Options{})); strings.Join(got, ";") != "value $.FunctionArn counts" {
		t.Errorf("%v", got)
	}
}

func TestExchangesAndNotes(t *testing.T) {
	h := map[string]string{"content-type": "application/json"}
	cond := ex("s/conflict", 409, h, body(t, `{}`))
	cond.Condition = "in-progress"
	recorded := rec(ex("s/create", 201, h, body(t, `{}`)), cond, ex("s/after", 200, h, body(t, `{}`)))
	// The target could not show the conflict: a note, not a difference.
	unobserved := rec(ex("s/create", 201, h, body(t, `{}`)), format.Exchange{ID: "s/conflict", Unobserved: "too fast"}, ex("s/after", 200, h, body(t, `{}`)))
	res := Compare(recorded, unobserved, Options{})
	if len(res[0].Differences) != 0 || len(res[0].Notes) != 1 || !strings.Contains(res[0].Notes[0].Message, "too fast") {
		t.Errorf("unobserved: %+v", res[0])
	}
	// The replay stopped at a refused create: the create's difference does not count, what follows is not reached.
	stopped := format.Recording{Scenarios: []format.Scenario{{ID: "s", Error: "CreateFunction refused",
		Exchanges: []format.Exchange{ex("s/create", 400, h, body(t, `{}`))}}}}
	res = Compare(recorded, stopped, Options{})
	if got := diffs(res); strings.Join(got, ";") != "status status not-counted" || len(res[0].Notes) != 2 || res[0].Error == "" {
		t.Errorf("stopped: %v %+v", got, res[0].Notes)
	}
	// A replay stopped before its first call (interrupted): nothing counts, everything is not reached.
	never := format.Recording{Scenarios: []format.Scenario{{ID: "s", Error: "interrupted", Exchanges: []format.Exchange{}}}}
	if res := Compare(recorded, never, Options{}); len(res[0].Differences) != 0 || len(res[0].Notes) != 3 {
		t.Errorf("stopped before the first call: %+v", res[0])
	}
	// An exchange the replay lacks (not conditional) counts; a request that differs is a note.
	missing := rec(ex("s/create", 201, h, body(t, `{}`)), cond)
	if got := diffs(Compare(recorded, missing, Options{})); strings.Join(got, ";") != "exchange exchange counts" {
		t.Errorf("missing exchange: %v", got)
	}
	req := rec(ex("s/create", 201, h, body(t, `{}`)), cond, ex("s/after", 200, h, body(t, `{}`)))
	req.Scenarios[0].Exchanges[0].Request = &format.Request{Operation: "PublishVersion", Method: "POST", Path: "/p", Body: map[string]any{"RevisionId": "<uuid:2>"}}
	if res := Compare(recorded, req, Options{}); len(res[0].Differences) != 0 || len(res[0].Notes) != 1 {
		t.Errorf("request note: %+v", res[0])
	}
	// A scenario the replay does not have is noted.
	if res := Compare(recorded, format.Recording{}, Options{}); len(res) != 1 || res[0].Notes[0].Message != "not replayed" {
		t.Errorf("not replayed: %+v", res)
	}
}

func TestBodies(t *testing.T) {
	h := map[string]string{"content-type": "application/json"}
	a := ex("s/a", 200, h, body(t, `{"A":1}`))
	text := ex("s/a", 200, h, nil)
	text.Response.Text = "<html>oops</html>"
	empty := ex("s/a", 200, h, nil)
	for _, tc := range []struct {
		a, b format.Exchange
		want string
	}{
		{a, text, "body body counts"},
		{a, empty, "body body counts"},
		{empty, a, "body body not-counted"},
		{text, text, ""},
	} {
		if got := strings.Join(diffs(Compare(rec(tc.a), rec(tc.b), Options{})), ";"); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
}

func TestVerdicts(t *testing.T) {
	d := func(counted bool, known *KnownMatch) Difference {
		return Difference{Exchange: "s/a", Kind: KindValue, Path: "$.A", Counted: counted, Known: known}
	}
	for _, tc := range []struct {
		res  Result
		want string
		code int
	}{
		{Result{Scenarios: []ScenarioResult{{Compared: 3}}}, "same", 0},
		{Result{Scenarios: []ScenarioResult{{Compared: 3, Differences: []Difference{d(true, nil)}}}}, "different", 1},
		{Result{Scenarios: []ScenarioResult{{Compared: 3, Differences: []Difference{d(true, &KnownMatch{})}}}}, "accepted", 0},
		{Result{Scenarios: []ScenarioResult{{Compared: 3, Differences: []Difference{d(true, &KnownMatch{Expired: true})}}}}, "different", 1},
		{Result{Scenarios: []ScenarioResult{{Compared: 3, Differences: []Difference{d(false, nil)}}}}, "same", 0},
		{Result{Scenarios: []ScenarioResult{{Compared: 3, Error: "refused"}}}, "incomplete", 3},
		{Result{Scenarios: []ScenarioResult{{}}}, "incomplete", 3},
		{Result{Error: "unreachable"}, "incomplete", 3},
	} {
		tc.res.Finish()
		if tc.res.Verdict.Status != tc.want || tc.res.Verdict.ExitCode != tc.code {
			t.Errorf("%+v: verdict %+v, want %s %d", tc.res.Scenarios, tc.res.Verdict, tc.want, tc.code)
		}
	}
}

func TestKnownFile(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"- path: $.A\n  reason: r\n  colour: red\n", `unknown key "colour"`},
		{"- path: A\n  reason: r\n", "start with $"},
		{"- path: $.A\n", "reason is required"},
		{"- reason: r\n", "path is required"},
		{"- path: $.A\n  reason: r\n  expires: tomorrow\n", "not a date"},
		{"- path: $.A\n  reason: r\n  kind: weird\n", `kind "weird"`},
		{"- path: $.A\n  reason: r\n  exchange: '['\n", "not a valid pattern"},
		{"path: $.A\n", "must be a list"},
		{"- path: $..\n  reason: r\n", `".." must be followed`},
	} {
		_, err := ParseKnown("k.yaml", []byte(tc.yaml))
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "k.yaml") {
			t.Errorf("%q: %v, want %q", tc.yaml, err, tc.want)
		}
	}
	k, err := ParseKnown("k.yaml", []byte(`
- path: $..RevisionId
  reason: ours rotate differently
- exchange: s/b*
  path: $.Versions[*].State
  kind: value
  reason: listed states
- path: status
  reason: old entry
  expires: 2020-01-01
- path: $["odd key"]
  reason: never matches
`))
	if err != nil {
		t.Fatal(err)
	}
	res := []ScenarioResult{{ID: "s", Differences: []Difference{
		{Exchange: "s/a", Kind: KindIdentity, Path: "$.Configuration.RevisionId", Counted: true},
		{Exchange: "s/b1", Kind: KindValue, Path: "$.Versions[3].State", Counted: true},
		{Exchange: "s/c", Kind: KindValue, Path: "$.Versions[3].State", Counted: true},
		{Exchange: "s/b1", Kind: KindMissing, Path: "$.Versions[3].State", Counted: true},
		{Exchange: "s/d", Kind: KindStatus, Path: "status", Counted: true},
	}}}
	kr := ApplyKnown(res, k, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	counts := []bool{}
	for _, d := range res[0].Differences {
		counts = append(counts, d.Counts())
	}
	if want := []bool{false, false, true, true, true}; strings.Join(strs(counts), ",") != strings.Join(strs(want), ",") {
		t.Errorf("counts %v, want %v", counts, want)
	}
	var statuses []string
	for _, e := range kr.Entries {
		statuses = append(statuses, e.Status)
	}
	if strings.Join(statuses, ",") != "matched,matched,expired,stale" {
		t.Errorf("entry statuses %v", statuses)
	}
}

func strs(b []bool) []string {
	out := make([]string, len(b))
	for i, x := range b {
		if x {
			out[i] = "t"
		} else {
			out[i] = "f"
		}
	}
	return out
}

func TestPathMatching(t *testing.T) {
	for _, tc := range []struct {
		pattern, path string
		want          bool
	}{
		{"$.A", "$.A", true},
		{"$.A", "$.A.B", true},
		{"$.A", "$.AB", false},
		{"$..B", "$.A.B", true},
		{"$..B", "$.A[2].B.C", true},
		{"$..B", "$.A.C", false},
		{"$.A[*].B", "$.A[0].B", true},
		{"$.A[*]", "$.A.B", false},
		{"$.*.B", "$.A.B", true},
		{"$.A[1]", "$.A[10]", false},
		{`$["odd key"]`, `$["odd key"].X`, true},
		{"headers.content-type", "headers.content-type", true},
		{"headers.content-type", "headers.x-amzn-errortype", false},
		{"status", "status", true},
		{"$", "$.anything", true},
	} {
		e, err := NewKnownEntry("", tc.pattern, "", "r")
		if err != nil {
			t.Fatalf("%s: %v", tc.pattern, err)
		}
		if got := e.Covers(Difference{Path: tc.path}); got != tc.want {
			t.Errorf("%s covers %s: %v, want %v", tc.pattern, tc.path, got, tc.want)
		}
	}
}
