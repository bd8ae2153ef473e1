package report

import (
	"bytes"
	"encoding/json"
	"html"
	"io"
	"net/url"
	"strings"
	"testing"
	"time"
)

// The planted secrets: AWS's documentation example key, a session token with the characters that encodings
// change, and a SigV4 signature.
const (
	secretKey    = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	sessionToken = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+token+with/slashes=="
	signature    = "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"
	authValue    = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260501/us-east-1/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=" + signature
	urlPassword  = "hunter2-is-not-a-password"
)

// plantSecrets puts the secrets everywhere a report carries text: transcripts, curl commands, messages,
// reasons, notes, violations and the target.
func plantSecrets(r *Report) {
	leak := "> Authorization: " + authValue + "\n> X-Amz-Security-Token: " + sessionToken + "\n" +
		`< {"SecretAccessKey":"` + secretKey + `","SessionToken":"` + sessionToken + `"}` + "\n" +
		"export AWS_SECRET_ACCESS_KEY=" + secretKey + "\n"
	r.Target = "http://admin:" + urlPassword + "@127.0.0.1:9000"
	for i := range r.Checks {
		c := &r.Checks[i]
		c.Message += "\n" + leak
		c.Reason += " key " + secretKey + " token " + url.QueryEscape(sessionToken)
		c.Notes = append(c.Notes, "signed with "+secretKey+" and "+sessionToken)
		for j := range c.Calls {
			call := &c.Calls[j]
			call.Transcript += leak
			call.URL += "?X-Amz-Signature=" + signature + "&X-Amz-Security-Token=" + url.QueryEscape(sessionToken)
			call.Curl += " -H 'Authorization: " + authValue + "'"
			for k := range call.Violations {
				call.Violations[k].Actual = secretKey
			}
		}
	}
}

var writers = map[string]func(io.Writer, Report) error{
	"summary":  func(w io.Writer, r Report) error { return WriteSummary(w, r) },
	"junit":    WriteJUnit,
	"json":     WriteJSON,
	"html":     WriteHTML,
	"markdown": WriteMarkdown,
}

// forms are the ways a secret may be spelled in an output: raw, URL-encoded, JSON-escaped, HTML-escaped.
func forms(secret string) []string {
	j, _ := json.Marshal(secret)
	return []string{secret, url.QueryEscape(secret), url.PathEscape(secret), string(j[1 : len(j)-1]), html.EscapeString(secret),
		strings.ReplaceAll(html.EscapeString(secret), "+", "&#43;"), secret[:len(secret)/2]}
}

// TestNoSecretInAnyOutput plants secrets in a report and searches every writer's output for them (and for the
// first half of each, so that a secret cut short does not pass either).
func TestNoSecretInAnyOutput(t *testing.T) {
	r := fullReport(t)
	plantSecrets(&r)
	r.Redact(secretKey, sessionToken, "test") // "test" is too short to be a secret: it is ignored
	for name, write := range writers {
		var buf bytes.Buffer
		if err := write(&buf, r); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out := buf.String()
		for _, secret := range []string{secretKey, sessionToken, signature, urlPassword} {
			for _, form := range forms(secret) {
				if i := strings.Index(out, form); i >= 0 {
					t.Errorf("%s output contains the secret %q as %q: ...%s...", name, secret, form, out[max(i-80, 0):min(i+80, len(out))])
				}
			}
		}
		if !strings.Contains(out, Redacted) && !strings.Contains(out, html.EscapeString(Redacted)) {
			t.Errorf("%s output shows no %s where the secrets were", name, Redacted)
		}
		if name == "json" && !strings.Contains(out, `\"$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY\"`) {
			t.Errorf("redaction broke the curl command's variables:\n%s", out)
		}
	}
	if strings.Contains(r.check("contract.UpdateFunctionCode.status-200").Reason, "test") {
		t.Errorf("a value shorter than %d characters was redacted", MinSecretLength)
	}
}

// TestWritersRedactWithoutBeingTold: a report nobody called Redact on still loses what looks like a secret in
// every output, and writing does not change the caller's report.
func TestWritersRedactWithoutBeingTold(t *testing.T) {
	r := sampleReport()
	plantSecrets(&r)
	before := r.Checks[0].Message
	for name, write := range writers {
		var buf bytes.Buffer
		if err := write(&buf, r); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, secret := range []string{signature, urlPassword} {
			if strings.Contains(buf.String(), secret) {
				t.Errorf("%s output contains %q", name, secret)
			}
		}
		// What is labelled as a secret goes even when the value is unknown; read the output unescaped.
		plain := html.UnescapeString(strings.ReplaceAll(buf.String(), `\"`, `"`))
		for _, labelled := range []string{"Authorization: AWS4", "X-Amz-Security-Token: " + sessionToken,
			`"SecretAccessKey":"` + secretKey, `"SessionToken":"` + sessionToken, "AWS_SECRET_ACCESS_KEY=" + secretKey} {
			if strings.Contains(plain, labelled) {
				t.Errorf("%s output contains %q", name, labelled)
			}
		}
	}
	if r.Checks[0].Message != before {
		t.Errorf("a writer changed the caller's report")
	}
}

func TestRedactText(t *testing.T) {
	x := newRedactor([]string{secretKey})
	for in, want := range map[string]string{
		"> Authorization: AWS4-HMAC-SHA256 Credential=x":        "> Authorization: " + Redacted,
		"x-amz-security-token:abc":                              "x-amz-security-token:" + Redacted,
		`{"password": "p4ss", "ok": "yes"}`:                     `{"password": "` + Redacted + `", "ok": "yes"}`,
		`{"aws_session_token":"a\"b"}`:                          `{"aws_session_token":"` + Redacted + `"}`,
		"AWS_SESSION_TOKEN='abc' next":                          "AWS_SESSION_TOKEN=" + Redacted + " next",
		"https://u:pw@host/path":                                "https://u:" + Redacted + "@host/path",
		"https://host/o?X-Amz-Credential=AK%2F1&X-Amz-Date=1":   "https://host/o?X-Amz-Credential=" + Redacted + "&X-Amz-Date=1",
		"key=" + url.QueryEscape(secretKey) + "&x=1":            "key=" + Redacted + "&x=1",
		"--user \"$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY\"":  "--user \"$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY\"",
		"the Authorization header was missing":                  "the Authorization header was missing",
		"RevisionId b9eb6185-dffc-4152-b5d5-6e469804d985 stays": "RevisionId b9eb6185-dffc-4152-b5d5-6e469804d985 stays",
	} {
		if got := x.text(in); got != want {
			t.Errorf("text(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRedactKeepsEverythingElse(t *testing.T) {
	r := fullReport(t)
	r.Duration = 3 * time.Second
	got := redacted(r)
	a, _ := json.Marshal(got)
	b, _ := json.Marshal(r)
	if !bytes.Equal(a, b) {
		t.Errorf("redacting a report without secrets changed it")
	}
	if got.Checks[0].Expected == r.Checks[0].Expected && r.Checks[0].Expected != nil {
		t.Errorf("redacted shares pointers with the original")
	}
}
