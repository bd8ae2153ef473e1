package normalize

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/lambdaconform/lambdaconform/client"
	"github.com/lambdaconform/lambdaconform/recording/format"
)

func TestTimestampClass(t *testing.T) {
	for in, want := range map[string]string{
		"2019-08-14T22:26:11.234+0000":       "YYYY-MM-DDThh:mm:ss.sss+0000",
		"2019-08-14T22:26:11.234Z":           "YYYY-MM-DDThh:mm:ss.sssZ",
		"2026-11-30T00:13:51.327071000Z":     "YYYY-MM-DDThh:mm:ss.sssssssssZ",
		"2019-08-14T22:26:11.234000+0000":    "YYYY-MM-DDThh:mm:ss.ssssss+0000",
		"2019-08-14T22:26:11+02:00":          "YYYY-MM-DDThh:mm:ss+02:00",
		"2019-08-14 22:26":                   "YYYY-MM-DD hh:mm",
		"not a time":                         "",
		"2019-08-14T22:26:11.234+0000 extra": "",
	} {
		got, ok := TimestampClass(in)
		if got != want || ok != (want != "") {
			t.Errorf("TimestampClass(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

// answer is an exchange whose response body is given.
func answer(op, url string, status int, body string, header http.Header) *client.Exchange {
	if header == nil {
		header = http.Header{"Content-Type": {"application/json"}}
	}
	return &client.Exchange{Operation: op, Method: "GET", URL: url, Status: status, Header: header, Body: []byte(body)}
}

func bodyOf(t *testing.T, e format.Exchange) map[string]any {
	t.Helper()
	m, ok := e.Response.Body.(map[string]any)
	if !ok {
		t.Fatalf("%s: body %#v", e.ID, e.Response.Body)
	}
	return m
}

func TestIdentitiesKeepTheirNumberEverywhere(t *testing.T) {
	n := New(Values{Role: "arn:aws:iam::123456789012:role/r", Region: "us-east-1", Account: "123456789012",
		OtherRegion: "eu-west-3", OtherAccount: "999999999999", Packages: []Package{{Label: "p1", Bytes: []byte("zip-one")}}})
	s := n.Scope([]string{"lc-abc-1", "lc-abc-10"}, nil)
	// Members are visited in name order: the numbering does not depend on the order the target wrote them in.
	a := s.Exchange(Input{ID: "x/a", Operation: "GetFunction", Exchange: answer("GetFunction",
		"http://h/2015-03-31/functions/lc-abc-10", 200,
		`{"RevisionId":"rev-b-000001","Other":"0a1b2c3d-1111-2222-3333-444455556666","FunctionArn":"arn:aws:lambda:us-east-1:123456789012:function:lc-abc-10","Role":"arn:aws:iam::123456789012:role/r"}`, nil)})
	m := bodyOf(t, a)
	if m["Other"] != "<uuid:1>" || m["RevisionId"] != "<uuid:2>" {
		t.Errorf("identities not numbered in member order: %v", m)
	}
	if m["FunctionArn"] != "arn:aws:lambda:<region>:<account>:function:<function-name:2>" || m["Role"] != "<role>" {
		t.Errorf("known values: %v", m)
	}
	if a.Request.Path != "/2015-03-31/functions/<function-name:2>" {
		t.Errorf("path %q", a.Request.Path)
	}
	// The same RevisionId later, inside a message, keeps its number.
	b := s.Exchange(Input{ID: "x/b", Operation: "PublishVersion", Exchange: answer("PublishVersion", "http://h/x", 412,
		`{"message":"revision rev-b-000001 of lc-abc-1 is stale in eu-west-3 for 999999999999"}`, nil)})
	if got := bodyOf(t, b)["message"]; got != "revision <uuid:2> of <function-name:1> is stale in <other-region> for <other-account>" {
		t.Errorf("message: %v", got)
	}
}

func TestShortValuesOnlyWhereLearned(t *testing.T) {
	s := New(Values{}).Scope(nil, nil)
	e := s.Exchange(Input{ID: "x/a", Exchange: answer("GetFunction", "http://h/", 200, `{"RevisionId":"7","Version":"7","Description":"7 days"}`, nil)})
	m := bodyOf(t, e)
	if m["RevisionId"] != "<uuid:1>" || m["Version"] != "7" || m["Description"] != "7 days" {
		t.Errorf("a short RevisionId rewrote other members: %v", m)
	}
}

func TestCodeSizeAndLocation(t *testing.T) {
	pkg := []byte("a package of 27 bytes......")
	n := New(Values{Packages: []Package{{Label: "p", Bytes: pkg}}})
	s := n.Scope(nil, nil)
	sha := "<code-sha256:p>"
	raw := func(body string) map[string]any {
		return bodyOf(t, s.Exchange(Input{ID: "x/a", Exchange: answer("GetFunction", "http://h/", 200, body, nil)}))
	}
	m := raw(`{"Configuration":{"CodeSha256":"` + shaOf(pkg) + `","CodeSize":27},"Code":{"Location":"https://x.s3.amazonaws.com/k?X-Amz-Signature=abc","RepositoryType":"S3"}}`)
	c := m["Configuration"].(map[string]any)
	if c["CodeSha256"] != sha || c["CodeSize"] != "<code-size:p>" {
		t.Errorf("configuration: %v", c)
	}
	if m["Code"].(map[string]any)["Location"] != "<location>" {
		t.Errorf("Code.Location: %v", m["Code"])
	}
	// A CodeSize sent as a string, or of another package, stays as sent.
	for _, body := range []string{`{"CodeSha256":"` + shaOf(pkg) + `","CodeSize":"27"}`, `{"CodeSha256":"other","CodeSize":27}`} {
		if got := raw(body)["CodeSize"]; got == "<code-size:p>" {
			t.Errorf("%s: CodeSize replaced", body)
		}
	}
}

func TestRequestsAndNonJSONBodies(t *testing.T) {
	pkg := []byte("zip bytes")
	s := New(Values{Packages: []Package{{Label: "p", Bytes: pkg}}}).Scope([]string{"lc-a-1"}, []string{"lc-a-2-code"})
	body, _ := json.Marshal(map[string]any{"ZipFile": pkg, "Publish": true})
	ex := &client.Exchange{Operation: "UpdateFunctionCode", Method: "PUT", URL: "http://h/base/2015-03-31/functions/lc-a-1%3A%24LATEST/code?Qualifier=lc-a-1",
		RequestBody: body, Status: 502, Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}}, Body: []byte("<html>bad gateway</html>")}
	e := s.Exchange(Input{ID: "x/a", Operation: "UpdateFunctionCode", Exchange: ex, BasePath: "/base"})
	if e.Request.Path != "/2015-03-31/functions/<function-name:1>:$LATEST/code" || e.Request.Query["Qualifier"] != "<function-name:1>" {
		t.Errorf("request line: %+v", e.Request)
	}
	if rb := e.Request.Body.(map[string]any); rb["ZipFile"] != "<zip:p>" || rb["Publish"] != true {
		t.Errorf("request body: %v", rb)
	}
	if e.Response.Text != "<html>bad gateway</html>" || e.Response.Headers["content-type"] != "text/html" {
		t.Errorf("response: %+v", e.Response)
	}
	// S3: the version header becomes an identity; the body is not recorded; a package body is named.
	put := &client.Exchange{Operation: "PutObject", Service: "s3", Method: "PUT", URL: "http://h/lc-a-2-code/code.zip", RequestBody: pkg,
		Status: 200, Header: http.Header{"X-Amz-Version-Id": {"3sL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY"}, "Content-Type": {"application/xml"}}, Body: []byte("<xml/>")}
	e = s.Exchange(Input{ID: "x/b", Operation: "s3:PutObject", Exchange: put})
	if e.Request.Path != "/<bucket:1>/code.zip" || e.Request.Text != "<zip:p>" || e.Response.Headers["x-amz-version-id"] != "<s3-version:1>" ||
		e.Response.Body != nil || e.Response.Text != "" || e.Response.Headers["content-type"] != "" {
		t.Errorf("S3 exchange: %+v %+v", e.Request, e.Response)
	}
	bin := s.Exchange(Input{ID: "x/c", Exchange: answer("GetFunction", "http://h/", 200, "\xff\xfe binary", http.Header{})})
	if bin.Response.Text != "<bytes:9>" {
		t.Errorf("binary body: %q", bin.Response.Text)
	}
	none := s.Exchange(Input{ID: "x/d", Exchange: &client.Exchange{Method: "GET", URL: "http://h/", Err: http.ErrHandlerTimeout}})
	if none.Response.Status != 0 || none.Response.Body != nil {
		t.Errorf("no answer: %+v", none.Response)
	}
	if un := s.Exchange(Input{ID: "x/e", Unobserved: "why"}); un.Request != nil || un.Response != nil || un.Unobserved != "why" {
		t.Errorf("unobserved: %+v", un)
	}
}

func TestErrorTypeSanitised(t *testing.T) {
	s := New(Values{}).Scope(nil, nil)
	e := s.Exchange(Input{ID: "x/a", Exchange: answer("PublishVersion", "http://h/", 404, `{}`,
		http.Header{"X-Amzn-Errortype": {"ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.awsgirapi/"}, "Content-Type": {"application/json; charset=UTF-8"}})})
	if e.Response.Headers["x-amzn-errortype"] != "ResourceNotFoundException" || e.Response.Headers["content-type"] != "application/json" {
		t.Errorf("headers: %v", e.Response.Headers)
	}
}

func shaOf(b []byte) string {
	n := New(Values{Packages: []Package{{Label: "x", Bytes: b}}})
	for sha := range n.shaLabel {
		return sha
	}
	return ""
}
