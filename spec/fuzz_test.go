package spec

import (
	"net/http"
	"slices"
	"testing"
	"time"
)

// fuzzBound is how long one validation may take before the fuzz test calls it a hang. Real validations take
// microseconds; the bound is generous because fuzzing shares the machine.
const fuzzBound = 2 * time.Second

// FuzzValidateResponse feeds arbitrary statuses, headers and bodies to ValidateResponse (run it with
// go test -fuzz FuzzValidateResponse ./spec). It must never panic or hang, every violation must name a rule of
// the catalog, and the fast path must never call conformant what the full validation rejects. The request
// decides which members the answer must carry.
func FuzzValidateResponse(f *testing.F) {
	none, publish, dry := []byte(nil), []byte(`{"Publish":true}`), []byte(`{"DryRun":true}`)
	f.Add(200, "application/json", "", functionConfiguration10KB(f), false, none)
	f.Add(200, "application/json", "", completeAnswer(f, nil), false, publish)
	f.Add(201, "application/json", "", completeAnswer(f, map[string]any{"Role": nil}), false, none)
	f.Add(200, "application/json", "", []byte(`{"Role":null,"Timeout":null}`), false, dry)
	f.Add(201, "application/json", "", []byte(`{"Version":"1","Layers":[{"Arn":"x"}],"Environment":{"Variables":{"A1":"v"}}}`), true, none)
	f.Add(404, "application/json", "ResourceNotFoundException", []byte(`{"Type":"User","Message":"Function not found"}`), false, none)
	f.Add(429, "application/json", "TooManyRequestsException:http://internal", []byte(`{"message":"slow down","Reason":7}`), false, none)
	f.Add(400, "text/plain", "", []byte(`not json`), false, none)
	f.Add(200, "application/json", "", []byte(`{"FunctionName":"\ud800","Description":"caf\u00e9 \"quoted\"","MemorySize":1e3}`), true, none)
	f.Add(200, "application/json", "", []byte(`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`), false, none)
	profiles := []*Model{MustLoad(Seed2019), MustLoad(AWSCurrent)}
	full := func(s *validateSettings) { s.fullOnly = true }
	f.Fuzz(func(t *testing.T, status int, contentType, errorType string, body []byte, strict bool, request []byte) {
		h := http.Header{"Content-Type": {contentType}}
		if errorType != "" {
			h.Set("X-Amzn-Errortype", errorType)
		}
		r := Response{Status: status, Header: h, Body: body, Request: request}
		var opts []ValidateOption
		if strict {
			opts = append(opts, Strict())
		}
		for _, m := range profiles {
			for _, op := range m.Operations() {
				start := time.Now()
				got := op.Validate(r, opts...)
				want := op.Validate(r, append(opts, full)...)
				if d := time.Since(start); d > fuzzBound {
					t.Fatalf("%s %s: validation took %v", m.Profile, op.ID, d)
				}
				if !slices.EqualFunc(got, want, func(a, b Violation) bool { return a == b }) {
					t.Fatalf("%s %s: the fast path says %v, the full validation %v", m.Profile, op.ID, got, want)
				}
				for _, v := range got {
					if r, ok := m.Rule(v.Rule); !ok || r.Kind != v.Kind {
						t.Fatalf("%s %s: violation %v names no rule of the catalog", m.Profile, op.ID, v)
					}
				}
			}
		}
	})
}

// FuzzValidateRequest feeds arbitrary function names and bodies to ValidateRequest: it must never panic or
// hang, and every violation must name a request rule of the catalog.
func FuzzValidateRequest(f *testing.F) {
	f.Add("my-function", []byte(`{"ZipFile":"UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==","S3Bucket":"b.","Architectures":["x86_64"]}`))
	f.Add("arn:aws:lambda:us-east-1:123456789012:function:f:1", []byte(`{"Description":7}`))
	f.Add("", []byte(`{`))
	profiles := []*Model{MustLoad(Seed2019), MustLoad(AWSCurrent)}
	f.Fuzz(func(t *testing.T, name string, body []byte) {
		for _, m := range profiles {
			for _, op := range m.Operations() {
				start := time.Now()
				got, err := op.ValidateRequest(Request{PathParams: map[string]string{"FunctionName": name}, Body: body})
				if d := time.Since(start); d > fuzzBound {
					t.Fatalf("%s %s: validation took %v", m.Profile, op.ID, d)
				}
				if err != nil {
					continue
				}
				for _, v := range got {
					if r, ok := m.Rule(v.Rule); !ok || r.Location != "request" {
						t.Fatalf("%s %s: violation %v names no request rule", m.Profile, op.ID, v)
					}
				}
			}
		}
	})
}
