package spec

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"
)

// errorResponse builds an error response with an x-amzn-ErrorType header (none when typ is empty).
func errorResponse(status int, typ, body string) Response {
	h := jsonHeader()
	if typ != "" {
		h.Set("X-Amzn-Errortype", typ)
	}
	return Response{Status: status, Header: h, Body: []byte(body)}
}

func TestValidateResponse(t *testing.T) {
	ok := string(completeAnswer(t, nil))
	with := func(extra string) []byte {
		var m map[string]any
		if err := json.Unmarshal([]byte(extra), &m); err != nil {
			t.Fatal(err)
		}
		return completeAnswer(t, m)
	}
	cases := []struct {
		name    string
		op      string
		r       Response
		opts    []ValidateOption
		want    []string
		profile string // default: both
	}{
		{name: "conformant success", r: Response{Status: 200, Header: jsonHeader(), Body: []byte(ok)}},
		{name: "undocumented status", r: Response{Status: 418, Header: jsonHeader(), Body: []byte(`{}`)},
			want: []string{"UpdateFunctionCode.status.documented"}},
		{name: "wrong success status", r: Response{Status: 201, Header: jsonHeader(), Body: []byte(ok)},
			want: []string{"UpdateFunctionCode.status.documented"}},
		{name: "content type", r: Response{Status: 200, Header: http.Header{"Content-Type": {"text/plain"}}, Body: []byte(ok)},
			want: []string{"UpdateFunctionCode.response.content-type"}},
		{name: "members judged under another content type (moto sends text/html)",
			r: Response{Status: 200, Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}},
				Body: with(`{"LastModified":"2026-11-30T00:17:20.812222000Z","MemorySize":64}`)},
			want: []string{"UpdateFunctionCode.response.LastModified.format", "UpdateFunctionCode.response.MemorySize.range",
				"UpdateFunctionCode.response.content-type"}},
		{name: "not JSON", r: Response{Status: 200, Header: jsonHeader(), Body: []byte(`{"FunctionName":`)},
			want: []string{"UpdateFunctionCode.response.json"}},
		{name: "trailing data", r: Response{Status: 200, Header: jsonHeader(), Body: []byte(ok + `{}`)},
			want: []string{"UpdateFunctionCode.response.json"}},
		{name: "every violation is reported", r: Response{Status: 200, Header: jsonHeader(), Body: with(
			`{"MemorySize":64,"Runtime":"cobol","Layers":[{"Arn":"nope"}],"Environment":{"Variables":{"1A":"x","OK":7}}}`)},
			want: []string{"UpdateFunctionCode.response.Environment.Variables.key-pattern",
				"UpdateFunctionCode.response.Environment.Variables{}.type", "UpdateFunctionCode.response.Layers[].Arn.pattern",
				"UpdateFunctionCode.response.MemorySize.range", "UpdateFunctionCode.response.Runtime.enum"}},
		{name: "unknown member accepted", r: Response{Status: 200, Header: jsonHeader(), Body: with(`{"Shiny":true}`)}},
		{name: "unknown member in strict mode", r: Response{Status: 200, Header: jsonHeader(), Body: with(`{"Shiny":true}`)},
			opts: []ValidateOption{Strict()}, want: []string{"UpdateFunctionCode.response.unknown-member"}},
		{name: "error", r: errorResponse(404, "ResourceNotFoundException", `{"Type":"User","Message":"Function not found"}`)},
		{name: "error type with a coral suffix",
			r: errorResponse(404, "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.awsgirapi/", `{"Message":"m"}`)},
		{name: "error type with a namespace", r: errorResponse(404, "aws.protocoltests.restjson#ResourceNotFoundException", `{"Message":"m"}`)},
		{name: "error without its header", r: errorResponse(404, "", `{"Message":"m"}`),
			want: []string{"UpdateFunctionCode.error.header"}},
		{name: "error type at another status", r: errorResponse(404, "InvalidParameterValueException", `{"message":"m"}`),
			want: []string{"UpdateFunctionCode.error.InvalidParameterValueException.status"}},
		{name: "undocumented error type", r: errorResponse(400, "FooException", `{"message":"m"}`),
			want: []string{"UpdateFunctionCode.status.400"}},
		{name: "message under the wrong key", r: errorResponse(404, "ResourceNotFoundException", `{"message":"m"}`),
			want: []string{"UpdateFunctionCode.error.ResourceNotFoundException.message-key"}},
		{name: "message of the wrong type", r: errorResponse(412, "PreconditionFailedException", `{"message":7}`),
			want: []string{"UpdateFunctionCode.error.PreconditionFailedException.message.type"}},
		{name: "throttle reason", r: errorResponse(429, "TooManyRequestsException", `{"message":"m","Reason":"Bored"}`),
			want: []string{"UpdateFunctionCode.error.TooManyRequestsException.Reason.enum"}},
		{name: "error body not an object", r: errorResponse(500, "ServiceException", `["Message"]`),
			want: []string{"UpdateFunctionCode.response.json"}},
		{name: "validation message, either case", r: errorResponse(400, "ValidationException", `{"Message":"1 validation error detected"}`)},
		{name: "access denied, null message", r: errorResponse(403, "AccessDeniedException", `{"Type":"User","Message":null}`)},
		{name: "conflict", op: "PublishVersion", r: errorResponse(409, "ResourceConflictException", `{"Type":"User","message":"m"}`)},
		{name: "recorded reason code", profile: AWSCurrent,
			r: Response{Status: 200, Header: jsonHeader(), Body: with(`{"LastUpdateStatus":"InProgress","LastUpdateStatusReasonCode":"Creating"}`)}},
		{name: "code signing", profile: AWSCurrent, r: errorResponse(404, "CodeSigningConfigNotFoundException", `{"Message":"m"}`)},
		{name: "code signing in the 2019 model", profile: Seed2019, r: errorResponse(404, "CodeSigningConfigNotFoundException", `{"Message":"m"}`),
			want: []string{"UpdateFunctionCode.status.404"}},
		{name: "memory within today's range", profile: AWSCurrent, r: Response{Status: 200, Header: jsonHeader(), Body: with(`{"MemorySize":10240}`)}},
		{name: "memory past the 2019 range", profile: Seed2019, r: Response{Status: 200, Header: jsonHeader(), Body: with(`{"MemorySize":10240}`)},
			want: []string{"UpdateFunctionCode.response.MemorySize.range"}},
	}
	for _, c := range cases {
		for _, profile := range Profiles() {
			if c.profile != "" && c.profile != profile {
				continue
			}
			t.Run(profile+"/"+c.name, func(t *testing.T) {
				m := MustLoad(profile)
				op := c.op
				if op == "" {
					op = "UpdateFunctionCode"
				}
				got, err := m.ValidateResponse(op, c.r, c.opts...)
				if err != nil {
					t.Fatal(err)
				}
				want := c.want
				if want == nil {
					want = []string{}
				}
				if !slices.Equal(ruleIDs(got), want) {
					t.Fatalf("violations %v, want %v\n%s", ruleIDs(got), want, describe(got))
				}
				for _, v := range got {
					r, ok := m.Rule(v.Rule)
					if !ok || v.Kind != r.Kind || v.Message == "" || v.Expected == "" {
						t.Errorf("violation %+v does not describe its rule", v)
					}
				}
			})
		}
	}
}

// TestViolationPaths checks that a violation names where the value is: a JSON pointer into the body.
func TestViolationPaths(t *testing.T) {
	body := completeAnswer(t, map[string]any{"Layers": []any{map[string]any{"Arn": "arn:aws:lambda:us-east-1:123456789012:layer:l:1"},
		map[string]any{"Arn": "bad"}}, "Environment": map[string]any{"Variables": map[string]any{"1A": "x"}}})
	got := MustLoad(Seed2019).Operation("PublishVersion").Validate(Response{Status: 201, Header: jsonHeader(), Body: body})
	var paths []string
	for _, v := range got {
		paths = append(paths, v.Path)
	}
	if want := []string{"/Environment/Variables/1A", "/Layers/1/Arn"}; !slices.Equal(paths, want) {
		t.Fatalf("paths %v, want %v\n%s", paths, want, describe(got))
	}
	if got[1].Quote == "" || got[1].Actual != `"bad"` {
		t.Errorf("violation %+v lacks its quote or the value", got[1])
	}
}

func TestValidateResponseUnknownOperation(t *testing.T) {
	if _, err := MustLoad(Seed2019).ValidateResponse("DeleteFunction", Response{Status: 204}); err == nil {
		t.Fatal("no error for an operation the model lacks")
	}
}

// TestUndocumentedSuccessStatusBodyIsValidated: a 200 to PublishVersion is reported, and its body is still
// checked member by member.
func TestUndocumentedSuccessStatusBodyIsValidated(t *testing.T) {
	m := MustLoad(Seed2019)
	vs, err := m.ValidateResponse("PublishVersion", Response{Status: 200,
		Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{"MemorySize": 99}`)})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, v := range vs {
		got[v.Rule] = true
	}
	if !got["PublishVersion.status.documented"] || !got["PublishVersion.response.MemorySize.range"] {
		t.Errorf("violations %v: want the undocumented status and the MemorySize range", vs)
	}
}
