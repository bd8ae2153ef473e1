package spec

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// completeAnswer is a conformant success answer of either operation, in either profile: every member AWS always
// sends (today's members are unknown, and accepted, under seed-2019). extra is merged over it; a nil value in
// extra deletes the member.
func completeAnswer(t testing.TB, extra map[string]any) []byte {
	body := map[string]any{
		"FunctionName": "my-function", "FunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:my-function",
		"Runtime": "python3.7", "Role": "arn:aws:iam::123456789012:role/lambda-role", "Handler": "index.handler",
		"CodeSize": 312, "Description": "", "Timeout": 3, "MemorySize": 128, "LastModified": "2019-08-14T22:26:11.234+0000",
		"CodeSha256": "ddi1Y+zLNUWq4ff5AiSAbmEuQ1m0uzO6M8njpPIfNrA=", "Version": "$LATEST",
		"TracingConfig": map[string]any{"Mode": "PassThrough"}, "RevisionId": "9a3fd1c4-4c4f-4b8e-8b52-7a0c3c1c2e11",
		"State": "Active", "LastUpdateStatus": "InProgress", "LastUpdateStatusReason": "The function is being created.",
		"LastUpdateStatusReasonCode": "Creating", "PackageType": "Zip", "Architectures": []string{"x86_64"},
		"EphemeralStorage": map[string]any{"Size": 512}, "SnapStart": map[string]any{"ApplyOn": "None", "OptimizationStatus": "Off"},
		"LoggingConfig": map[string]any{"LogFormat": "Text", "LogGroup": "/aws/lambda/my-function"},
		"RuntimeVersionConfig": map[string]any{
			"RuntimeVersionArn": "arn:aws:lambda:us-east-1::runtime:0cdcfbdefbc5e7d3343f73c2e2dd3cba17d61dea0686b404502a0c9ce83931b9"},
	}
	for k, v := range extra {
		if v == nil {
			delete(body, k)
			continue
		}
		body[k] = v
	}
	return mustJSON(t, body)
}

// TestPresenceEntriesNameMembers: every member presence.yaml names is a response member of each profile it
// applies to, so that a misspelt member cannot leave the real one without its rule.
func TestPresenceEntriesNameMembers(t *testing.T) {
	data, err := files.ReadFile("presence.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var entries []presenceEntry
	if err := yaml.Unmarshal(data, &entries); err != nil {
		t.Fatal(err)
	}
	for _, profile := range Profiles() {
		s := MustLoad(profile).Operation("PublishVersion").successSchema()
		for _, e := range entries {
			if len(e.Profiles) > 0 && !slices.Contains(e.Profiles, profile) {
				continue
			}
			for _, m := range e.Members {
				if s.Properties[m] == nil {
					t.Errorf("%s: presence.yaml names %s, which is not a response member", profile, m)
				}
			}
		}
	}
}

// TestPresenceRules: every response member of both operations has a presence rule, a must; the members
// docs/aws-behavior.md §6.9 lists as always sent are required in every answer whose presence is recorded, and a
// DryRun answer is required to carry nothing.
func TestPresenceRules(t *testing.T) {
	seedAlways := []string{"FunctionName", "FunctionArn", "Runtime", "Role", "Handler", "CodeSize", "Description", "Timeout",
		"MemorySize", "LastModified", "CodeSha256", "Version", "TracingConfig", "RevisionId"}
	currentAlways := []string{"Architectures", "EphemeralStorage", "LoggingConfig", "PackageType", "SnapStart", "State", "RuntimeVersionConfig"}
	for _, profile := range Profiles() {
		m := MustLoad(profile)
		for _, op := range m.Operations() {
			for name := range op.successSchema().Properties {
				r, ok := m.Rule(op.ID + ".response." + name + ".presence")
				if !ok {
					t.Errorf("%s: %s.response.%s has no presence rule", profile, op.ID, name)
					continue
				}
				if r.Severity != SeverityMust || r.Presence == nil || r.Value == "" || r.Source.Quote == "" {
					t.Errorf("%s: %s: %+v", profile, r.ID, r)
				}
				if r.Presence.RequiredIn(op.ID, AnswerDryRun) {
					t.Errorf("%s: %s requires the member of a DryRun answer", profile, r.ID)
				}
			}
			always := seedAlways
			if profile == AWSCurrent {
				always = append(slices.Clone(seedAlways), currentAlways...)
			}
			for _, name := range always {
				r, _ := m.Rule(op.ID + ".response." + name + ".presence")
				for _, a := range answersOf[op.ID] {
					if !r.Presence.RequiredIn(op.ID, a) {
						t.Errorf("%s: %s does not require the member in a %s answer", profile, r.ID, a)
					}
				}
			}
		}
	}
	m := MustLoad(AWSCurrent)
	status, _ := m.Rule("UpdateFunctionCode.response.LastUpdateStatus.presence")
	reason, _ := m.Rule("UpdateFunctionCode.response.StateReason.presence")
	if status.Presence.RequiredIn("UpdateFunctionCode", AnswerUpdatePublish) || !status.Presence.RequiredIn("UpdateFunctionCode", AnswerUpdate) ||
		!reason.Presence.RequiredIn("UpdateFunctionCode", AnswerUpdatePublish) || reason.Presence.RequiredIn("UpdateFunctionCode", AnswerUpdate) {
		t.Errorf("Publish=true answers carry StateReason instead of LastUpdateStatus: %+v, %+v", status.Presence, reason.Presence)
	}
	if env, _ := m.Rule("PublishVersion.response.Environment.presence"); env.Presence.Configured == "" || len(env.Presence.Required) > 0 {
		t.Errorf("Environment is sent only when configured: %+v", env.Presence)
	}
}

// TestAnswerTo: the kind of an answer follows the request's flags; a request that is not a JSON object is unknown.
func TestAnswerTo(t *testing.T) {
	m := MustLoad(Seed2019)
	update, publish := m.Operation("UpdateFunctionCode"), m.Operation("PublishVersion")
	for req, want := range map[string]Answer{
		`{"ZipFile":"UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA=="}`: AnswerUpdate,
		`{"Publish":true}`:               AnswerUpdatePublish,
		`{"Publish":false}`:              AnswerUpdate,
		`{"Publish":"true"}`:             AnswerUpdate,
		`{"DryRun":true,"Publish":true}`: AnswerDryRun,
		`not json`:                       AnswerUnknown,
	} {
		if got := update.AnswerTo([]byte(req)); got != want {
			t.Errorf("UpdateFunctionCode %s: %q, want %q", req, got, want)
		}
	}
	if update.AnswerTo(nil) != AnswerUnknown || publish.AnswerTo(nil) != AnswerPublish {
		t.Error("a request without a body")
	}
}

// TestPresenceValidation: a member AWS always sends fails its presence rule when it is absent and when it is
// null, in full and fast validation alike; what an answer carries depends on its request.
func TestPresenceValidation(t *testing.T) {
	publishFlag := []byte(`{"ZipFile":"UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==","Publish":true}`)
	dryRun := []byte(`{"ZipFile":"UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==","DryRun":true}`)
	cases := []struct {
		name    string
		profile string
		op      string
		extra   map[string]any
		request []byte
		want    []string
	}{
		{name: "complete", op: "UpdateFunctionCode"},
		{name: "complete publish", op: "PublishVersion"},
		{name: "Role absent", op: "PublishVersion", extra: map[string]any{"Role": nil}, want: []string{"PublishVersion.response.Role.presence"}},
		{name: "Description absent", op: "UpdateFunctionCode", extra: map[string]any{"Description": nil},
			want: []string{"UpdateFunctionCode.response.Description.presence"}},
		{name: "DryRun answers are exempt", op: "UpdateFunctionCode", request: dryRun,
			extra: map[string]any{"Description": nil, "RevisionId": nil}},
		{name: "Publish=true without LastUpdateStatus", profile: AWSCurrent, op: "UpdateFunctionCode", request: publishFlag,
			extra: map[string]any{"LastUpdateStatus": nil, "LastUpdateStatusReason": nil, "LastUpdateStatusReasonCode": nil,
				"State": "Pending", "StateReason": "The function is being created.", "StateReasonCode": "Creating"}},
		{name: "Publish=true without StateReason", profile: AWSCurrent, op: "UpdateFunctionCode", request: publishFlag,
			extra: map[string]any{"LastUpdateStatus": nil, "LastUpdateStatusReason": nil, "LastUpdateStatusReasonCode": nil, "State": "Pending"},
			want:  []string{"UpdateFunctionCode.response.StateReason.presence", "UpdateFunctionCode.response.StateReasonCode.presence"}},
		{name: "a plain update without LastUpdateStatus", profile: AWSCurrent, op: "UpdateFunctionCode", request: []byte(`{}`),
			extra: map[string]any{"LastUpdateStatus": nil}, want: []string{"UpdateFunctionCode.response.LastUpdateStatus.presence"}},
		{name: "unknown request: LastUpdateStatus not required", profile: AWSCurrent, op: "UpdateFunctionCode",
			extra: map[string]any{"LastUpdateStatus": nil, "LastUpdateStatusReason": nil, "LastUpdateStatusReasonCode": nil}},
		{name: "State absent", profile: AWSCurrent, op: "PublishVersion", extra: map[string]any{"State": nil},
			want: []string{"PublishVersion.response.State.presence"}},
		{name: "State is no 2019 member", profile: Seed2019, op: "PublishVersion", extra: map[string]any{"State": nil}},
	}
	for _, c := range cases {
		for _, profile := range Profiles() {
			if c.profile != "" && c.profile != profile {
				continue
			}
			t.Run(profile+"/"+c.name, func(t *testing.T) {
				op := MustLoad(profile).Operation(c.op)
				r := Response{Status: op.SuccessStatus, Header: jsonHeader(), Body: completeAnswer(t, c.extra), Request: c.request}
				full := op.Validate(r, func(s *validateSettings) { s.fullOnly = true })
				want := c.want
				if want == nil {
					want = []string{}
				}
				if !slices.Equal(ruleIDs(full), want) {
					t.Fatalf("violations %v, want %v\n%s", ruleIDs(full), want, describe(full))
				}
				for _, v := range full {
					if v.Actual != "absent" || !strings.Contains(v.Message, "left it out") {
						t.Errorf("violation %+v does not say the member is absent", v)
					}
				}
				if fast := op.Validate(r); !slices.Equal(ruleIDs(fast), want) {
					t.Fatalf("with the fast path: %v, want %v", ruleIDs(fast), want)
				}
				if clean := op.fastClean(r, false); clean != (len(want) == 0) {
					t.Fatalf("the fast path says clean=%v", clean)
				}
			})
		}
	}
}

// TestNullIsNotAbsent: a member AWS always sends, sent as null, fails its presence rule (and its type rule),
// saying it was null; the fast path declines such an answer.
func TestNullIsNotAbsent(t *testing.T) {
	for _, profile := range Profiles() {
		op := MustLoad(profile).Operation("PublishVersion")
		var extra map[string]any
		if err := json.Unmarshal([]byte(`{"Role":null,"Timeout":null,"Handler":null}`), &extra); err != nil {
			t.Fatal(err)
		}
		body := completeAnswer(t, nil)
		var doc map[string]any
		_ = json.Unmarshal(body, &doc)
		maps.Copy(doc, extra)
		r := Response{Status: 201, Header: jsonHeader(), Body: mustJSON(t, doc)}
		if op.fastClean(r, false) {
			t.Fatalf("%s: the fast path took null members for conformant", profile)
		}
		got := map[string]Violation{}
		for _, v := range op.Validate(r) {
			got[v.Rule] = v
		}
		for _, m := range []string{"Role", "Timeout", "Handler"} {
			v, ok := got["PublishVersion.response."+m+".presence"]
			if !ok || v.Actual != "null" || !strings.Contains(v.Message, "null") {
				t.Errorf("%s: %s null: presence violation %+v", profile, m, v)
			}
			if _, ok := got["PublishVersion.response."+m+".type"]; !ok {
				t.Errorf("%s: %s null: no type violation", profile, m)
			}
		}
	}
}
