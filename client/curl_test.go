package client

import (
	"encoding/base64"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestCurlOfABinaryBody: the curl command of a request with a binary body (an S3 PutObject of a zip) is valid
// text, and decodes to the very bytes that were sent.
func TestCurlOfABinaryBody(t *testing.T) {
	body := []byte("PK\x03\x04\x14\x00\x08\x00\xff\xfe\x00binary")
	e := &Exchange{Method: "PUT", URL: "http://127.0.0.1:9/bucket/key.zip", Service: "s3", Region: "us-east-1",
		RequestBody: body}
	cmd := e.Curl()
	if !utf8.ValidString(cmd) || strings.ContainsAny(cmd, "\x00\x03\x04") {
		t.Fatalf("the command is not clean text: %q", cmd)
	}
	m := regexp.MustCompile(`^printf '%s' ([A-Za-z0-9+/=]+) \| base64 -d \|\ncurl `).FindStringSubmatch(cmd)
	if m == nil || !strings.HasSuffix(cmd, "--data-binary @-") {
		t.Fatalf("the command does not pipe the decoded body to curl:\n%s", cmd)
	}
	if got, err := base64.StdEncoding.DecodeString(m[1]); err != nil || string(got) != string(body) {
		t.Errorf("the command sends %q, want %q", got, body)
	}
	e.RequestBody = []byte(`{"Description":"café"}`)
	if cmd := e.Curl(); !strings.Contains(cmd, `--data-binary '{"Description":"café"}'`) {
		t.Errorf("a text body is not sent as it is:\n%s", cmd)
	}
}
