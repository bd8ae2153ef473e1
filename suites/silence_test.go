package suites

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestCallKind names the Lambda operations the suites call, and other calls by service and method.
func TestCallKind(t *testing.T) {
	for _, tc := range []struct{ method, path, auth, want string }{
		{"PUT", "/2015-03-31/functions/lc-1/code", "", "UpdateFunctionCode"},
		{"POST", "/2015-03-31/functions/lc-1/versions", "", "PublishVersion"},
		{"GET", "/2015-03-31/functions/lc-1/versions", "", "ListVersionsByFunction"},
		{"POST", "/2015-03-31/functions", "", "CreateFunction"},
		{"GET", "/2015-03-31/functions/", "", "ListFunctions"},
		{"GET", "/2015-03-31/functions/lc-1", "", "GetFunction"},
		{"DELETE", "/2015-03-31/functions/lc-1", "", "DeleteFunction"},
		{"PUT", "/prefix/2015-03-31/functions/lc-1/configuration", "", "UpdateFunctionConfiguration"},
		{"PUT", "/bucket/key.zip", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request, SignedHeaders=host", "s3 PUT"},
		{"POST", "/", "", "HTTP POST"},
	} {
		req := httptest.NewRequest(tc.method, "http://127.0.0.1:9"+tc.path, nil)
		if tc.auth != "" {
			req.Header.Set("Authorization", tc.auth)
		}
		if got := callKind(req); got != tc.want {
			t.Errorf("%s %s: %q, want %q", tc.method, tc.path, got, tc.want)
		}
	}
}

// fakeTransport answers the calls whose path ends in one of answered, and fails the others as err.
type fakeTransport struct {
	answered []string
	err      error
	sent     []string
}

func (f *fakeTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	f.sent = append(f.sent, req.Method+" "+req.URL.Path)
	for _, a := range f.answered {
		if strings.HasSuffix(req.URL.Path, a) {
			return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader("{}")), Request: req}, nil
		}
	}
	return nil, f.err
}

// TestSilenceStopsPerOperation: against a target that answers the set-up calls but never PublishVersion, the
// watch counts per operation, so the answered calls in between do not hide the silence; the run stops at the
// third unanswered call, names the target and why, and from then on only calls to silent operations are held
// back, deletions excepted.
func TestSilenceStopsPerOperation(t *testing.T) {
	fake := &fakeTransport{answered: []string{"/functions", "/lc-1"}, err: context.DeadlineExceeded}
	hc := watchSilence(Config{RequestTimeout: 20 * time.Second, HTTPClient: &http.Client{Transport: fake}})
	call := func(method, path string) error {
		req, _ := http.NewRequest(method, "http://127.0.0.1:9/2015-03-31/functions"+path, nil)
		resp, err := hc.Transport.RoundTrip(req)
		if err == nil {
			resp.Body.Close()
		}
		return err
	}
	for i := range 3 {
		if watching.stopped() != "" {
			t.Fatalf("stopped after %d unanswered calls", i)
		}
		_ = call("POST", "")                   // CreateFunction: answered
		_ = call("POST", "/lc-1/versions")     // PublishVersion: no answer
		_ = call("GET", "/lc-1")               // GetFunction: answered
		_ = call("DELETE", "/lc-1")            // DeleteFunction: answered
		if i < 2 && watching.stopped() != "" { // two silent calls are not yet a silent target
			t.Fatalf("stopped after %d unanswered calls", i+1)
		}
	}
	reason := watching.stopped()
	for _, want := range []string{"the target at http://127.0.0.1:9 went silent", "3 calls got no answer (PublishVersion 3)",
		"PublishVersion got no answer within the request timeout of 20s"} {
		if !strings.Contains(reason, want) {
			t.Errorf("the reason %q does not say %q", reason, want)
		}
	}
	sent := len(fake.sent)
	if err := call("POST", "/lc-1/versions"); !errors.Is(err, ErrStopped) {
		t.Errorf("a call to the silent operation after the stop: %v, want ErrStopped", err)
	}
	if err := call("GET", "/lc-1"); err != nil {
		t.Errorf("a call to an operation that answers: %v", err)
	}
	if err := call("DELETE", "/lc-1/versions"); errors.Is(err, ErrStopped) {
		t.Errorf("a deletion was held back: cleanups must still be sent")
	}
	if len(fake.sent) != sent+2 {
		t.Errorf("%d calls sent after the stop, want 2 (the answered one and the deletion)", len(fake.sent)-sent)
	}
}

// TestSilenceAnswerClears: an answer clears its operation's count, and an interrupted call is not counted.
func TestSilenceAnswerClears(t *testing.T) {
	fake := &fakeTransport{err: syscall.ECONNRESET}
	hc := watchSilence(Config{RequestTimeout: time.Second, HTTPClient: &http.Client{Transport: fake}})
	send := func(ctx context.Context, path string) {
		req, _ := http.NewRequestWithContext(ctx, "PUT", "http://127.0.0.1:9/2015-03-31/functions/f"+path, nil)
		if resp, err := hc.Transport.RoundTrip(req); err == nil {
			resp.Body.Close()
		}
	}
	send(context.Background(), "/code")
	send(context.Background(), "/code")
	fake.answered = []string{"/code"}
	send(context.Background(), "/code") // answered: UpdateFunctionCode's count is cleared
	fake.answered = nil
	send(context.Background(), "/code")
	send(context.Background(), "/code")
	if r := watching.stopped(); r != "" {
		t.Fatalf("stopped with two unanswered calls since the last answer: %s", r)
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	send(cancelled, "/code") // interrupted: says nothing about the target
	if r := watching.stopped(); r != "" {
		t.Fatalf("an interrupted call was counted: %s", r)
	}
	send(context.Background(), "/code")
	if r := watching.stopped(); !strings.Contains(r, "UpdateFunctionCode was reset without an answer") {
		t.Errorf("reason %q", r)
	}
}
