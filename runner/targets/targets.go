// Package targets starts or reaches the implementation the suites run against: the in-process reference
// target, an endpoint that is already running, or a container.
package targets

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/lambdaconform/lambdaconform/client"
	"github.com/lambdaconform/lambdaconform/fixtures/reference"
)

// Target is something the suites can run against.
type Target interface {
	// Endpoint is the base URL of the Lambda API.
	Endpoint() string
	// Describe names the target for reports, e.g. "reference (in-process)".
	Describe() string
	// Close stops what the target started; it is safe to call more than once.
	Close(ctx context.Context) error
}

// InProcess is the reference target served over loopback HTTP from this process.
type InProcess struct {
	Server *reference.Server
	// Variant names how the reference departs from itself, e.g. "fault publish-status-200"; reports show it.
	Variant string
	srv     *http.Server
	url     string
}

// StartInProcess serves a reference target on 127.0.0.1 at a free port. wrap, when not nil, wraps its handler
// (with a variation of its answers, for instance).
func StartInProcess(opts reference.Options, wrap func(http.Handler) http.Handler) (*InProcess, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listening on loopback for the in-process reference: %w", err)
	}
	ref := reference.New(opts)
	var h http.Handler = ref
	if wrap != nil {
		h = wrap(h)
	}
	t := &InProcess{Server: ref, srv: &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second},
		url: "http://" + ln.Addr().String()}
	go func() { _ = t.srv.Serve(ln) }()
	return t, nil
}

func (t *InProcess) Endpoint() string { return t.url }
func (t *InProcess) Describe() string {
	if t.Variant != "" {
		return "reference target (in-process, " + t.Variant + ", " + t.url + ")"
	}
	return "reference target (in-process, " + t.url + ")"
}
func (t *InProcess) Close(ctx context.Context) error {
	if err := t.srv.Shutdown(ctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Remote is an implementation that is already running.
type Remote struct{ url string }

// NewRemote checks an endpoint URL.
func NewRemote(endpoint string) (*Remote, error) {
	u, err := client.ParseEndpoint(endpoint)
	if err != nil {
		return nil, err
	}
	return &Remote{url: u.String()}, nil
}

func (t *Remote) Endpoint() string            { return t.url }
func (t *Remote) Describe() string            { return t.url }
func (t *Remote) Close(context.Context) error { return nil }

// Probe checks that a target answers HTTP at all, with ListFunctions, within timeout. Any HTTP answer counts:
// what it says is for the checks to judge. The error names the endpoint and what happened.
func Probe(ctx context.Context, c *client.Client, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var last error
	for {
		ex := c.ListFunctions(ctx)
		if ex.Err == nil {
			return nil
		}
		last = ex.Err
		select {
		case <-ctx.Done():
			return fmt.Errorf("the target at %s does not answer: %w", c.Endpoint(), last)
		case <-time.After(250 * time.Millisecond):
		}
	}
}
