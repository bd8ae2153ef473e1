package client

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/lambdaconform/lambdaconform/spec"
)

// Exchange is one request and what came back.
type Exchange struct {
	Operation     string
	Service       string
	Region        string
	Method        string
	URL           string
	RequestHeader http.Header // redacted: no Authorization or security token
	RequestBody   []byte
	Status        int // 0 when no answer arrived
	Header        http.Header
	Body          []byte
	Truncated     bool // the body was longer than the client reads
	Duration      time.Duration
	Err           error // transport failure: refused, reset, timed out

	errOnce sync.Once // errType and message are read from the body once
	errType string
	message string
}

// OK reports whether an answer arrived with the given status.
func (e *Exchange) OK(status int) bool { return e.Err == nil && e.Status == status }

// ErrorType returns the sanitised error code of an error response (status 300 or more): x-amzn-ErrorType, else
// the body's code or __type, the way AWS SDKs read it.
func (e *Exchange) ErrorType() string {
	e.readError()
	return e.errType
}

// Message returns an error body's message, under "message" or "Message".
func (e *Exchange) Message() string {
	e.readError()
	return e.message
}

func (e *Exchange) readError() {
	e.errOnce.Do(func() {
		if e.Status < 300 {
			return
		}
		var body map[string]any
		_ = json.Unmarshal(e.Body, &body)
		for _, k := range []string{"message", "Message"} {
			if s, ok := body[k].(string); ok {
				e.message = s
				break
			}
		}
		if h := e.Header.Get("X-Amzn-Errortype"); h != "" {
			e.errType = spec.SanitizeErrorType(h)
			return
		}
		for _, k := range []string{"code", "Code", "__type"} {
			if s, ok := body[k].(string); ok && s != "" {
				e.errType = spec.SanitizeErrorType(s)
				return
			}
		}
	})
}

// Response returns the answer in the form the spec package validates, with the request body it answered (which
// decides the members AWS always sends).
func (e *Exchange) Response() spec.Response {
	return spec.Response{Status: e.Status, Header: e.Header, Body: e.Body, Request: e.RequestBody}
}

// Outcome is a one-line summary: the status and error type, or the transport failure.
func (e *Exchange) Outcome() string {
	if e.Err != nil {
		return "no answer: " + e.Err.Error()
	}
	if t := e.ErrorType(); t != "" {
		return fmt.Sprintf("%d %s: %s", e.Status, t, e.Message())
	}
	return fmt.Sprintf("%d", e.Status)
}

const transcriptBodyLimit = 4 << 10

// Transcript is the exchange as text, redacted: the request line, headers and body, then the answer.
func (e *Exchange) Transcript() string {
	var b strings.Builder
	fmt.Fprintf(&b, "> %s %s\n", e.Method, e.URL)
	writeHeaders(&b, "> ", e.RequestHeader)
	if len(e.RequestBody) > 0 {
		fmt.Fprintf(&b, ">\n%s\n", indent("> ", printable(e.RequestBody)))
	}
	switch {
	case e.Err != nil && e.Status == 0:
		fmt.Fprintf(&b, "< (no answer after %s: %v)\n", e.Duration.Round(time.Millisecond), e.Err)
		return b.String()
	}
	fmt.Fprintf(&b, "< %d %s (%s)\n", e.Status, http.StatusText(e.Status), e.Duration.Round(time.Millisecond))
	writeHeaders(&b, "< ", e.Header)
	if len(e.Body) > 0 {
		fmt.Fprintf(&b, "<\n%s\n", indent("< ", printable(e.Body)))
	}
	if e.Truncated {
		fmt.Fprintf(&b, "< (body truncated at %d bytes)\n", len(e.Body))
	}
	if e.Err != nil {
		fmt.Fprintf(&b, "< (%v)\n", e.Err)
	}
	return b.String()
}

// Curl is a shell command that sends the same request, signing it with the caller's own credentials.
func (e *Exchange) Curl() string {
	var b strings.Builder
	fmt.Fprintf(&b, "curl -sS -i -X %s %s \\\n  --aws-sigv4 'aws:amz:%s:%s' --user \"$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY\"",
		e.Method, shellQuote(e.URL), e.Region, e.Service)
	if ct := e.RequestHeader.Get("Content-Type"); ct != "" {
		fmt.Fprintf(&b, " \\\n  -H %s", shellQuote("Content-Type: "+ct))
	}
	switch {
	case len(e.RequestBody) == 0:
	case len(e.RequestBody) > 16<<10:
		fmt.Fprintf(&b, " \\\n  --data-binary @request-body  # the %d-byte body: see the failed check's replay", len(e.RequestBody))
	case !utf8.Valid(e.RequestBody) || strings.ContainsFunc(string(e.RequestBody), isBinary):
		// Raw bytes would make the command, and every report that shows it, invalid text.
		return fmt.Sprintf("printf '%%s' %s | base64 -d |\n%s \\\n  --data-binary @-",
			base64.StdEncoding.EncodeToString(e.RequestBody), b.String())
	default:
		fmt.Fprintf(&b, " \\\n  --data-binary %s", shellQuote(string(e.RequestBody)))
	}
	return b.String()
}

// isBinary reports control characters other than tab, newline and carriage return.
func isBinary(r rune) bool { return r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f }

// redacted replaces secrets in header values.
const redacted = "<redacted>"

var secretHeaders = map[string]bool{
	"Authorization":        true,
	"X-Amz-Security-Token": true,
	"Cookie":               true,
	"Proxy-Authorization":  true,
}

// Redact returns a copy of h with secrets (Authorization, security tokens, cookies) replaced.
func Redact(h http.Header) http.Header {
	out := make(http.Header, len(h))
	for k, vs := range h {
		if secretHeaders[http.CanonicalHeaderKey(k)] {
			out[k] = []string{redacted}
			continue
		}
		out[k] = append([]string(nil), vs...)
	}
	return out
}

func writeHeaders(b *strings.Builder, prefix string, h http.Header) {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range h[k] {
			fmt.Fprintf(b, "%s%s: %s\n", prefix, k, v)
		}
	}
}

func printable(body []byte) string {
	s := body
	suffix := ""
	if len(s) > transcriptBodyLimit {
		s = s[:transcriptBodyLimit]
		suffix = fmt.Sprintf("... (%d bytes in all)", len(body))
	}
	if !utf8.Valid(s) {
		return fmt.Sprintf("(%d bytes of binary data)", len(body))
	}
	return string(s) + suffix
}

func indent(prefix, s string) string {
	return prefix + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n"+prefix)
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
