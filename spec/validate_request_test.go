package spec

import (
	"slices"
	"strings"
	"testing"
)

func TestValidateRequest(t *testing.T) {
	arn := "arn:aws:lambda:us-east-1:123456789012:function:"
	cases := []struct {
		name, op, function, body string
		want                     []string
	}{
		{name: "conformant", function: "my-function", body: `{"ZipFile":"UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==","Publish":true}`},
		{name: "qualified", function: "my-function:$LATEST", body: `{}`},
		{name: "bad character", function: "my-function!", body: `{}`, want: []string{"UpdateFunctionCode.request.FunctionName.pattern"}},
		{name: "ARN of 140", function: arn + strings.Repeat("a", 140-len(arn)), body: `{}`},
		{name: "ARN of 141", function: arn + strings.Repeat("a", 141-len(arn)), body: `{}`,
			want: []string{"UpdateFunctionCode.request.FunctionName.length"}},
		{name: "plain name of 64", function: strings.Repeat("a", 64) + ":1", body: `{}`},
		{name: "plain name of 65", function: strings.Repeat("a", 65), body: `{}`,
			want: []string{"UpdateFunctionCode.request.FunctionName.plain-name-length"}},
		{name: "empty name", function: "", body: `{}`, want: []string{"UpdateFunctionCode.request.FunctionName.length"}},
		{name: "zip not base64", function: "f", body: `{"ZipFile":"not base64!"}`, want: []string{"UpdateFunctionCode.request.ZipFile.type"}},
		{name: "several at once", function: "f!", body: `{"S3Bucket":"b.","S3Key":"","DryRun":"yes"}`,
			want: []string{"UpdateFunctionCode.request.DryRun.type", "UpdateFunctionCode.request.FunctionName.pattern",
				"UpdateFunctionCode.request.S3Bucket.length", "UpdateFunctionCode.request.S3Bucket.pattern",
				"UpdateFunctionCode.request.S3Key.length"}},
		{name: "unknown members", function: "f", body: `{"Shiny":1}`},
		{name: "publish without a body", op: "PublishVersion", function: "f"},
		{name: "description of 257", op: "PublishVersion", function: "f", body: `{"Description":"` + strings.Repeat("d", 257) + `"}`,
			want: []string{"PublishVersion.request.Description.length"}},
	}
	for _, profile := range Profiles() {
		m := MustLoad(profile)
		for _, c := range cases {
			t.Run(profile+"/"+c.name, func(t *testing.T) {
				op := c.op
				if op == "" {
					op = "UpdateFunctionCode"
				}
				var body []byte
				if c.body != "" {
					body = []byte(c.body)
				}
				got, err := m.ValidateRequest(op, Request{PathParams: map[string]string{"FunctionName": c.function}, Body: body})
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
			})
		}
	}
}

// TestValidateRequestRefuses checks the requests the model cannot judge: they are errors, not violations.
func TestValidateRequestRefuses(t *testing.T) {
	m := MustLoad(Seed2019)
	name := map[string]string{"FunctionName": "f"}
	for _, c := range []struct {
		name, op string
		r        Request
	}{
		{"unknown operation", "DeleteFunction", Request{PathParams: name}},
		{"body not JSON", "UpdateFunctionCode", Request{PathParams: name, Body: []byte(`{`)}},
		{"body not an object", "UpdateFunctionCode", Request{PathParams: name, Body: []byte(`[]`)}},
		{"missing required body", "UpdateFunctionCode", Request{PathParams: name}},
	} {
		if _, err := m.ValidateRequest(c.op, c.r); err == nil {
			t.Errorf("%s: no error", c.name)
		}
	}
}
