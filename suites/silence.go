package suites

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	. "github.com/onsi/ginkgo/v2"
)

// A target that stops answering would hold every remaining check for the request timeout, one check after the
// other: more than an hour for a full run. The suites watch every call they make (the raw client's, the AWS
// SDK's and the cleanups', through the HTTP client of the run) and stop the run when the target has gone
// silent. Counting is per operation, so that a target which answers the set-up calls (CreateFunction,
// GetFunction) but never the operations under test is caught as well as one that answers nothing:
//
//   - a call that gets no answer (no status line: a timeout, a refused or reset connection) adds one to its
//     operation's count; a call that gets an answer, whatever it says, clears its operation's count;
//   - when the counts of all operations add up to SilentCalls, the run stops: the next check (or the next call
//     of the running check to an operation that went silent) aborts the suite with a message naming the target
//     and what happened, and the checks left are reported as not run;
//   - from then on, calls to operations that went silent are no longer sent (they fail at once with
//     ErrStopped), except deletions, so that the running check's cleanup still deletes what it created.
//
// With the default request timeout of 20s, a target that accepts connections and never answers the operations
// under test stops a default run after 3 × 20s of silence, about a minute.

// SilentCalls is how many calls may go unanswered (counted per operation, see above) before the run stops.
const SilentCalls = 3

// DefaultRequestTimeout bounds one request when Config.RequestTimeout is not set.
const DefaultRequestTimeout = 20 * time.Second

// StoppedPrefix starts the message with which a check aborts the run once the target has gone silent.
const StoppedPrefix = "RUN STOPPED (the target went silent): "

// ErrStopped is the error of a call the suites did not send because the run is stopping.
var ErrStopped = errors.New("not sent: the run is stopping because the target went silent")

// silence counts, per operation, the calls that got no answer since the operation's last answer.
type silence struct {
	mu      sync.Mutex
	timeout time.Duration
	counts  map[string]int
	last    string // the last call that got no answer, and why
	reason  string // why the run stops; "" while it goes on
}

// watching is the silence watch of the configured run.
var watching *silence

// watchSilence returns an HTTP client for the run that sends through cfg.HTTPClient (or a client like the raw
// client's default) and watches for silence; it installs a fresh watch.
func watchSilence(cfg Config) *http.Client {
	watching = &silence{timeout: cfg.RequestTimeout, counts: map[string]int{}}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{Transport: &http.Transport{Proxy: nil, MaxIdleConnsPerHost: 16}}
	}
	next := hc.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	out := *hc // the caller's client is left as it was
	out.Transport = silenceWatch{next: next, s: watching}
	return &out
}

// silenceWatch is the run's HTTP transport: it counts unanswered calls and refuses to send to operations that
// went silent once the run stops.
type silenceWatch struct {
	next http.RoundTripper
	s    *silence
}

func (w silenceWatch) RoundTrip(req *http.Request) (*http.Response, error) {
	kind := callKind(req)
	if w.s.refuses(kind, req.Method) {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, ErrStopped
	}
	resp, err := w.next.RoundTrip(req)
	switch {
	case err == nil:
		w.s.answered(kind)
	case errors.Is(req.Context().Err(), context.Canceled):
		// The check was interrupted: that says nothing about the target.
	default:
		w.s.unanswered(kind, req.URL.Scheme+"://"+req.URL.Host, w.s.describe(err))
	}
	return resp, err
}

func (s *silence) answered(kind string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.counts, kind)
}

func (s *silence) unanswered(kind, target, why string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.counts[kind]++
	s.last = kind + " " + why
	total := 0
	for _, n := range s.counts {
		total += n
	}
	if total < SilentCalls || s.reason != "" {
		return
	}
	kinds := make([]string, 0, len(s.counts))
	for k, n := range s.counts {
		kinds = append(kinds, fmt.Sprintf("%s %d", k, n))
	}
	sort.Strings(kinds)
	s.reason = fmt.Sprintf("the target at %s went silent: %d calls got no answer (%s), the last: %s; the run stopped "+
		"there, and the checks left did not run", target, total, strings.Join(kinds, ", "), s.last)
}

// refuses reports whether a call is not to be sent: the run is stopping and its operation went silent.
// Deletions are always sent: they clean up.
func (s *silence) refuses(kind, method string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.reason != "" && s.counts[kind] > 0 && method != http.MethodDelete
}

// stopped returns why the run stops, or "".
func (s *silence) stopped() string {
	if s == nil {
		return ""
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.reason
}

// describe says in a few words why a call got no answer.
func (s *silence) describe(err error) string {
	switch {
	case errors.Is(err, context.DeadlineExceeded) || strings.Contains(err.Error(), "Client.Timeout"):
		return fmt.Sprintf("got no answer within the request timeout of %s", s.timeout)
	case errors.Is(err, syscall.ECONNREFUSED):
		return "was refused: nothing listens there any more"
	case errors.Is(err, syscall.ECONNRESET):
		return "was reset without an answer"
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return "was closed without an answer"
	}
	return "failed: " + err.Error()
}

// stopIfSilent aborts the run, from a check's goroutine, once the target has gone silent. Every check calls it
// first.
func stopIfSilent() {
	if reason := watching.stopped(); reason != "" {
		AbortSuite(StoppedPrefix+reason, 1)
	}
}

// abortIfNotSent aborts the run when a call of the running check was not sent because the target went silent:
// the check cannot go on, and what it observed before stays in its record.
func abortIfNotSent(callErr error) {
	if errors.Is(callErr, ErrStopped) {
		stopIfSilent()
	}
}

// callKind names the operation of a request: the Lambda operations the suites call by name, others by their
// SigV4 service and method (S3 PUT, iam POST).
func callKind(req *http.Request) string {
	p := req.URL.Path
	if i := strings.Index(p, "/2015-03-31/functions"); i >= 0 {
		rest := strings.Trim(p[i+len("/2015-03-31/functions"):], "/")
		sub := ""
		if parts := strings.SplitN(rest, "/", 3); len(parts) > 1 {
			sub = parts[1]
		} else if rest != "" {
			sub = "{name}"
		}
		if op, ok := lambdaOperations[req.Method+" "+sub]; ok {
			return op
		}
		return "Lambda " + req.Method + " " + sub
	}
	service := "HTTP"
	if _, scope, ok := strings.Cut(req.Header.Get("Authorization"), "Credential="); ok {
		if parts := strings.Split(scope, "/"); len(parts) > 3 {
			service = parts[3]
		}
	}
	return service + " " + req.Method
}

// lambdaOperations names the Lambda calls by method and the path after /functions/{name}/.
var lambdaOperations = map[string]string{
	"POST ": "CreateFunction", "GET ": "ListFunctions",
	"GET {name}": "GetFunction", "DELETE {name}": "DeleteFunction",
	"GET configuration": "GetFunctionConfiguration", "PUT configuration": "UpdateFunctionConfiguration",
	"PUT code": "UpdateFunctionCode", "POST versions": "PublishVersion", "GET versions": "ListVersionsByFunction",
}
