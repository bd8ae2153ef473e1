package client

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/credentials"
)

// TestPathsAreEscapedOnce: a qualified name reaches the server as name:1 (escaped once on the wire, %3A), not
// as the literal text "name%3A1".
func TestPathsAreEscapedOnce(t *testing.T) {
	var gotPath, gotRaw string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotPath, gotRaw = r.URL.Path, r.URL.RawPath
	}))
	defer srv.Close()
	c, err := New(Config{Endpoint: srv.URL + "/base/"})
	if err != nil {
		t.Fatal(err)
	}
	ex := c.UpdateFunctionCode(context.Background(), "my-fn:$LATEST", map[string]any{})
	if ex.Err != nil {
		t.Fatal(ex.Err)
	}
	if gotPath != "/base/2015-03-31/functions/my-fn:$LATEST/code" {
		t.Errorf("path %q", gotPath)
	}
	if gotRaw != "/base/2015-03-31/functions/my-fn%3A%24LATEST/code" {
		t.Errorf("raw path %q", gotRaw)
	}
}

// TestSecretsAreRedacted: neither the transcript nor the curl command holds the signature, the access key or a
// session token.
func TestSecretsAreRedacted(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "" || r.Header.Get("X-Amz-Security-Token") != "SESSIONTOKEN123" {
			t.Errorf("the request was not signed with the session token")
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	c, _ := New(Config{Endpoint: srv.URL, Credentials: credentials.NewStaticCredentialsProvider("AKIASECRETKEYID", "SECRETACCESSKEY", "SESSIONTOKEN123")})
	ex := c.DeleteFunction(context.Background(), "fn", "")
	out := ex.Transcript() + ex.Curl() + ex.Outcome()
	for _, secret := range []string{"AKIASECRETKEYID", "SECRETACCESSKEY", "SESSIONTOKEN123", "Signature="} {
		if strings.Contains(out, secret) {
			t.Errorf("%q appears in:\n%s", secret, out)
		}
	}
	if !strings.Contains(ex.Transcript(), "Authorization: <redacted>") {
		t.Errorf("the transcript does not show the redaction:\n%s", ex.Transcript())
	}
}

func TestCurlReproducesTheRequest(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	c, _ := New(Config{Endpoint: srv.URL, Region: "eu-west-1"})
	ex := c.PublishVersion(context.Background(), "fn", map[string]any{"Description": "it's"})
	curl := ex.Curl()
	for _, want := range []string{"-X POST '" + srv.URL + "/2015-03-31/functions/fn/versions'",
		"--aws-sigv4 'aws:amz:eu-west-1:lambda'", `--user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY"`,
		`--data-binary '{"Description":"it'\''s"}'`} {
		if !strings.Contains(curl, want) {
			t.Errorf("curl lacks %s:\n%s", want, curl)
		}
	}
}

func TestTransportErrorsSayWhatHappened(t *testing.T) {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	c, _ := New(Config{Endpoint: "http://" + addr})
	if ex := c.GetFunction(context.Background(), "fn", ""); ex.Err == nil || !strings.Contains(ex.Err.Error(), "nothing listens at http://"+addr) {
		t.Errorf("refused: %v", ex.Err)
	}

	silent := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	defer silent.Close()
	c, _ = New(Config{Endpoint: silent.URL, Timeout: 100 * time.Millisecond})
	start := time.Now()
	ex := c.GetFunction(context.Background(), "fn", "")
	if ex.Err == nil || !strings.Contains(ex.Err.Error(), "within the per-request timeout of 100ms") {
		t.Errorf("timeout: %v", ex.Err)
	}
	if time.Since(start) > time.Second {
		t.Errorf("the request outlived its timeout: %s", time.Since(start))
	}
	if !strings.Contains(ex.Transcript(), "(no answer after") {
		t.Errorf("transcript:\n%s", ex.Transcript())
	}
}

func TestBodyIsCapped(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, strings.Repeat("x", 5000))
	}))
	defer srv.Close()
	c, _ := New(Config{Endpoint: srv.URL, MaxBodyBytes: 1000})
	ex := c.GetFunction(context.Background(), "fn", "")
	if len(ex.Body) != 1000 || !ex.Truncated || !strings.Contains(ex.Transcript(), "body truncated at 1000 bytes") {
		t.Errorf("body %d bytes, truncated %v", len(ex.Body), ex.Truncated)
	}
}

func TestEndpointsAreChecked(t *testing.T) {
	for _, bad := range []string{"", "127.0.0.1:9000", "ftp://host", "http://", "http://host?x=1"} {
		if _, err := New(Config{Endpoint: bad}); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestErrorTypeAndMessage(t *testing.T) {
	for _, tc := range []struct {
		header, body, typ, msg string
	}{
		{"ResourceNotFoundException", `{"Type":"User","Message":"gone"}`, "ResourceNotFoundException", "gone"},
		{"InvalidParameterValueException:http://internal.amazon.com/coral/com.amazonaws.awsgirapi/", `{"message":"bad"}`, "InvalidParameterValueException", "bad"},
		{"", `{"__type":"com.amazonaws.lambda#ResourceConflictException","message":"busy"}`, "ResourceConflictException", "busy"},
		{"", `<html>`, "", ""},
	} {
		ex := &Exchange{Status: 400, Header: http.Header{}, Body: []byte(tc.body)}
		if tc.header != "" {
			ex.Header.Set("X-Amzn-Errortype", tc.header)
		}
		if ex.ErrorType() != tc.typ || ex.Message() != tc.msg {
			t.Errorf("%s %s: got %q %q", tc.header, tc.body, ex.ErrorType(), ex.Message())
		}
	}
}
