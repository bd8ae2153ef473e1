// Package client talks to a Lambda control plane under test over raw HTTP, so that the suites see exactly what
// the target sent. Requests are signed with SigV4; every call is kept as an Exchange with a redacted transcript
// and a curl command that reproduces it.
package client

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// Config configures a Client.
type Config struct {
	// Endpoint is the target's base URL, e.g. http://127.0.0.1:9000.
	Endpoint string
	// Region is the signing region. Default us-east-1.
	Region string
	// Credentials sign requests. Default: the static test/test pair emulators accept.
	Credentials aws.CredentialsProvider
	// Timeout bounds one request, from sending to the last byte of the answer. Default 30s.
	Timeout time.Duration
	// MaxBodyBytes caps how much of a response body is read. Default 8 MiB.
	MaxBodyBytes int64
	// HTTPClient sends the requests. Default: a client of its own.
	HTTPClient *http.Client
}

// Client sends signed requests to one target.
type Client struct {
	base    *url.URL
	region  string
	creds   aws.CredentialsProvider
	signer  *v4.Signer
	http    *http.Client
	timeout time.Duration
	maxBody int64
}

// New returns a client for cfg.Endpoint.
func New(cfg Config) (*Client, error) {
	u, err := ParseEndpoint(cfg.Endpoint)
	if err != nil {
		return nil, err
	}
	c := &Client{base: u, region: cfg.Region, creds: cfg.Credentials, signer: v4.NewSigner(),
		http: cfg.HTTPClient, timeout: cfg.Timeout, maxBody: cfg.MaxBodyBytes}
	if c.region == "" {
		c.region = "us-east-1"
	}
	if c.creds == nil {
		c.creds = credentials.NewStaticCredentialsProvider("test", "test", "")
	}
	if c.timeout <= 0 {
		c.timeout = 30 * time.Second
	}
	if c.maxBody <= 0 {
		c.maxBody = 8 << 20
	}
	if c.http == nil {
		c.http = &http.Client{Transport: &http.Transport{Proxy: nil, MaxIdleConnsPerHost: 16, ForceAttemptHTTP2: false}}
	}
	return c, nil
}

// ParseEndpoint checks that an endpoint is an absolute http(s) URL without a query.
func ParseEndpoint(endpoint string) (*url.URL, error) {
	u, err := url.Parse(endpoint)
	if err != nil {
		return nil, fmt.Errorf("endpoint %q is not a URL: %v", endpoint, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("endpoint %q must be an http:// or https:// URL with a host", endpoint)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("endpoint %q must not have a query or fragment", endpoint)
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	return u, nil
}

// Endpoint returns the target's base URL.
func (c *Client) Endpoint() string { return c.base.String() }

// Region returns the signing region.
func (c *Client) Region() string { return c.region }

// Request is one call to the target.
type Request struct {
	Operation string      // the API operation, for reports
	Service   string      // the SigV4 service name: lambda (default) or s3
	Method    string      // HTTP method
	Path      string      // escaped path, from the root of the endpoint
	Query     url.Values  // query parameters
	Header    http.Header // extra headers
	Body      []byte      // request body
}

// Do sends a request and returns what happened. It never returns nil: transport failures are in Exchange.Err.
func (c *Client) Do(ctx context.Context, req Request) *Exchange {
	if req.Service == "" {
		req.Service = "lambda"
	}
	u := *c.base
	// req.Path is escaped: RawPath carries it as is, Path its unescaped form, so that it is escaped only once.
	u.RawPath = c.base.EscapedPath() + req.Path
	if p, err := url.PathUnescape(u.RawPath); err == nil {
		u.Path = p
	} else {
		u.Path = u.RawPath
	}
	u.RawQuery = req.Query.Encode()
	ex := &Exchange{Operation: req.Operation, Service: req.Service, Method: req.Method, URL: u.String(),
		RequestBody: req.Body, Region: c.region}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	hreq, err := http.NewRequestWithContext(ctx, req.Method, u.String(), bytes.NewReader(req.Body))
	if err != nil {
		ex.Err = fmt.Errorf("building the request: %w", err)
		return ex
	}
	for k, vs := range req.Header {
		for _, v := range vs {
			hreq.Header.Add(k, v)
		}
	}
	if len(req.Body) > 0 && hreq.Header.Get("Content-Type") == "" {
		hreq.Header.Set("Content-Type", "application/json")
	}
	if err := c.sign(ctx, hreq, req); err != nil {
		ex.Err = err
		return ex
	}
	ex.RequestHeader = redactHeader(hreq.Header)
	start := time.Now()
	resp, err := c.http.Do(hreq)
	if err != nil {
		ex.Duration = time.Since(start)
		ex.Err = describeTransportError(err, c.base.String(), c.timeout)
		return ex
	}
	defer resp.Body.Close()
	ex.Status = resp.StatusCode
	ex.Header = resp.Header
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.maxBody+1))
	ex.Duration = time.Since(start)
	if int64(len(body)) > c.maxBody {
		body = body[:c.maxBody]
		ex.Truncated = true
	}
	ex.Body = body
	if err != nil {
		ex.Err = fmt.Errorf("reading the response body after %d bytes: %w", len(body),
			describeTransportError(err, c.base.String(), c.timeout))
	}
	return ex
}

func (c *Client) sign(ctx context.Context, hreq *http.Request, req Request) error {
	creds, err := c.creds.Retrieve(ctx)
	if err != nil {
		return fmt.Errorf("retrieving AWS credentials: %w", err)
	}
	sum := sha256.Sum256(req.Body)
	payload := hex.EncodeToString(sum[:])
	if req.Service == "s3" {
		hreq.Header.Set("X-Amz-Content-Sha256", payload)
	}
	s3 := func(o *v4.SignerOptions) { o.DisableURIPathEscaping = req.Service == "s3" }
	if err := c.signer.SignHTTP(ctx, creds, hreq, payload, req.Service, c.region, time.Now(), s3); err != nil {
		return fmt.Errorf("signing the request: %w", err)
	}
	return nil
}

// describeTransportError says in words what went wrong on the wire.
func describeTransportError(err error, endpoint string, timeout time.Duration) error {
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("no complete answer from %s within the per-request timeout of %s: %w", endpoint, timeout, err)
	case strings.Contains(err.Error(), "connection refused"):
		return fmt.Errorf("nothing listens at %s (connection refused): %w", endpoint, err)
	case strings.Contains(err.Error(), "connection reset"), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return fmt.Errorf("%s closed the connection before answering completely: %w", endpoint, err)
	}
	return fmt.Errorf("request to %s failed: %w", endpoint, err)
}
