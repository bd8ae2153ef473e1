package suites

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/lambdaconform/lambdaconform/fixtures/deploypkg"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/smithy-go"
	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

	"github.com/lambdaconform/lambdaconform/client"
)

// The interop family (docs/aws-behavior.md §9.4): the AWS SDK for Go v2 against the target. It parses every
// success into its output type and classifies every error as the modelled typed error, message included, only
// when the target's wire format is AWS's.
var _ = Describe("interop", func() {
	for _, op := range []string{"UpdateFunctionCode", "PublishVersion"} {
		sdkOutput(op)
		sdkErrors(op)
	}
})

// SDK returns an AWS SDK for Go v2 Lambda client for the target, with retries off, whose calls are recorded in
// the check's transcripts.
func (c *Check) SDK() *lambda.Client {
	creds := c.run.cfg.Credentials
	if creds == nil {
		creds = credentials.NewStaticCredentialsProvider("test", "test", "")
	}
	region := c.run.cfg.Region
	if region == "" {
		region = "us-east-1"
	}
	base := c.run.cfg.HTTPClient
	if base == nil {
		base = &http.Client{}
	}
	return lambda.New(lambda.Options{
		Region:       region,
		Credentials:  creds,
		BaseEndpoint: aws.String(c.run.client.Endpoint()),
		Retryer:      aws.NopRetryer{},
		HTTPClient:   &http.Client{Transport: recorder{c: c, next: base}, Timeout: c.run.cfg.RequestTimeout},
	})
}

// recorder keeps each SDK call as an Exchange of the check, redacted like the raw client's.
type recorder struct {
	c    *Check
	next *http.Client
}

func (r recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	var reqBody []byte
	if req.Body != nil {
		reqBody, _ = io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(reqBody))
	}
	ex := &client.Exchange{Operation: sdkOperation(req), Service: "lambda", Region: r.c.run.client.Region(),
		Method: req.Method, URL: req.URL.String(), RequestHeader: client.Redact(req.Header), RequestBody: reqBody}
	start := time.Now()
	transport := r.next.Transport
	if transport == nil {
		transport = http.DefaultTransport
	}
	resp, err := transport.RoundTrip(req)
	ex.Duration = time.Since(start)
	if err != nil {
		ex.Err = err
		r.c.record(ex)
		return nil, err
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	ex.Status, ex.Header, ex.Body, ex.Err = resp.StatusCode, resp.Header, body, err
	r.c.record(ex)
	return resp, nil
}

func sdkOperation(req *http.Request) string {
	switch {
	case req.Method == http.MethodPut && strings.HasSuffix(req.URL.Path, "/code"):
		return "UpdateFunctionCode"
	case req.Method == http.MethodPost && strings.HasSuffix(req.URL.Path, "/versions"):
		return "PublishVersion"
	}
	return "SDK " + req.Method
}

// sdkCall makes op through the SDK on name and returns the output's configuration (nil on error) and the error.
func sdkCall(c *Check, op, name string, mutate func(any)) (*lambda.UpdateFunctionCodeOutput, *lambda.PublishVersionOutput, error) {
	sdk := c.SDK()
	if op == "UpdateFunctionCode" {
		in := &lambda.UpdateFunctionCodeInput{FunctionName: aws.String(name), ZipFile: deploypkg.Handler(name + "/sdk")}
		if mutate != nil {
			mutate(in)
		}
		out, err := sdk.UpdateFunctionCode(c.ctx, in)
		return out, nil, err
	}
	in := &lambda.PublishVersionInput{FunctionName: aws.String(name)}
	if mutate != nil {
		mutate(in)
	}
	out, err := sdk.PublishVersion(c.ctx, in)
	return nil, out, err
}

func lastCall(c *Check) *client.Exchange {
	if len(c.exchanges) == 0 {
		return nil
	}
	return c.exchanges[len(c.exchanges)-1]
}

func sdkOutput(op string) {
	const rule = "behavior.sdk.parses"
	check(Meta{
		ID: "interop." + op + ".sdk-output", Operation: op, Family: Interop,
		Title: "the AWS SDK for Go v2 parses " + op + "'s answer into its output, with the values on the wire",
		Rules: []string{rule},
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		upd, pub, err := sdkCall(c, op, f.Name, nil)
		ex := lastCall(c)
		if !c.That(rule, ex, "SDK error", errText(err)).To(gomega.BeEmpty()) {
			return // no output to compare
		}
		wire, ok := c.Config(rule, ex)
		if !ok {
			return
		}
		var got sdkView
		if upd != nil {
			got = sdkView{upd.FunctionArn, upd.Version, upd.RevisionId, upd.CodeSha256, upd.LastModified,
				enumPtr(string(upd.State)), enumPtr(string(upd.LastUpdateStatus)), upd.CodeSize}
		} else {
			got = sdkView{pub.FunctionArn, pub.Version, pub.RevisionId, pub.CodeSha256, pub.LastModified,
				enumPtr(string(pub.State)), enumPtr(string(pub.LastUpdateStatus)), pub.CodeSize}
		}
		for _, m := range []struct {
			name string
			sdk  *string
			wire Str
		}{{"FunctionArn", got.arn, wire.FunctionArn}, {"Version", got.version, wire.Version}, {"RevisionId", got.revision, wire.RevisionId},
			{"CodeSha256", got.sha, wire.CodeSha256}, {"LastModified", got.modified, wire.LastModified}, {"State", got.state, wire.State},
			{"LastUpdateStatus", got.status, wire.LastUpdateStatus}} {
			// What the SDK reads of a member the wire left out, or sent as null, is nil; the presence rules judge
			// whether it should have been there.
			if !m.wire.Present() {
				c.That(rule, ex, m.name+" as the SDK reads it (the wire has none)", aws.ToString(m.sdk)).To(gomega.BeEmpty())
				continue
			}
			c.That(rule, ex, m.name+" as the SDK reads it", aws.ToString(m.sdk)).To(gomega.Equal(m.wire))
		}
		if size, sent := wire.CodeSize.Get(); sent {
			c.That(rule, ex, "CodeSize as the SDK reads it", got.size).To(gomega.Equal(size))
		}
	})
}

// sdkView is what the check compares of an SDK output with the wire.
type sdkView struct {
	arn, version, revision, sha, modified, state, status *string
	size                                                 int64
}

func enumPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// sdkError requires that err is the typed error *T with a message.
func sdkError[T interface {
	error
	ErrorMessage() string
}](c *Check, rule string, err error, name string) {
	ex := lastCall(c)
	var typed T
	if !errors.As(err, &typed) {
		c.That(rule, ex, "SDK error type (want "+name+")", typeName(err)).To(gomega.Equal(name))
		return
	}
	c.That(rule, ex, name+" message as the SDK reads it", typed.ErrorMessage()).NotTo(gomega.BeEmpty())
}

func typeName(err error) string {
	var api smithy.APIError
	switch {
	case err == nil:
		return "no error"
	case errors.As(err, &api):
		return api.ErrorCode() + " (" + errorKind(err) + ")"
	}
	return err.Error()
}

func errorKind(err error) string {
	var generic *smithy.GenericAPIError
	if errors.As(err, &generic) {
		return "generic, not typed"
	}
	return "typed"
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// sdkErrorCase is one error provoked through the SDK: how to provoke it, and how the SDK must classify it.
type sdkErrorCase struct {
	name, title string
	// The call goes to a function the check creates, or to the name target gives.
	created bool
	target  func(c *Check) string
	mutate  func(in any)
	// classify requires the error the SDK returned to be the right one.
	classify func(c *Check, rule string, err error)
}

var sdkErrorCases = []sdkErrorCase{
	{name: "sdk-not-found", title: "the SDK reads %s's 404 as *types.ResourceNotFoundException with its message",
		target:   func(c *Check) string { return c.newName() },
		classify: typedError[*types.ResourceNotFoundException]("ResourceNotFoundException")},
	{name: "sdk-precondition-failed", title: "the SDK reads %s's 412 as *types.PreconditionFailedException with its message",
		created: true, mutate: setRevision("wrong"),
		classify: typedError[*types.PreconditionFailedException]("PreconditionFailedException")},
	{name: "sdk-invalid-parameter", title: "the SDK reads %s's InvalidParameterValueException as the typed error with its message",
		created: true, mutate: badCode,
		classify: typedError[*types.InvalidParameterValueException]("InvalidParameterValueException")},
	{name: "sdk-validation", title: "the SDK reads %s's ValidationException (not modelled) as an API error with that code",
		target:   func(c *Check) string { return c.newName() + "!bad" },
		classify: apiErrorCode("ValidationException")},
}

// sdkErrors registers the checks that the SDK classifies each provoked error of op.
func sdkErrors(op string) {
	const rule = "behavior.sdk.typed-errors"
	for _, tc := range sdkErrorCases {
		check(Meta{
			ID: "interop." + op + "." + tc.name, Operation: op, Family: Interop,
			Title: fmt.Sprintf(tc.title, op), Rules: []string{rule},
		}, func(c *Check) {
			var name string
			if tc.created {
				name = c.NewFunction(FunctionOptions{}).Name
			} else {
				name = tc.target(c)
			}
			_, _, err := sdkCall(c, op, name, tc.mutate)
			tc.classify(c, rule, err)
		})
	}
}

// typedError requires err to be the typed error *T, with a message.
func typedError[T interface {
	error
	ErrorMessage() string
}](name string) func(c *Check, rule string, err error) {
	return func(c *Check, rule string, err error) { sdkError[T](c, rule, err, name) }
}

// apiErrorCode requires err to be an API error with the given code and a message.
func apiErrorCode(code string) func(c *Check, rule string, err error) {
	return func(c *Check, rule string, err error) {
		var api smithy.APIError
		ex := lastCall(c)
		if !errors.As(err, &api) {
			c.That(rule, ex, "SDK error", typeName(err)).To(gomega.Equal(code))
			return
		}
		c.That(rule, ex, "SDK error code", api.ErrorCode()).To(gomega.Equal(code))
		c.That(rule, ex, "SDK error message", api.ErrorMessage()).NotTo(gomega.BeEmpty())
	}
}

func setRevision(rev string) func(in any) {
	return func(in any) {
		switch in := in.(type) {
		case *lambda.UpdateFunctionCodeInput:
			in.RevisionId = aws.String(rev)
		case *lambda.PublishVersionInput:
			in.RevisionId = aws.String(rev)
		}
	}
}

func badCode(in any) {
	switch in := in.(type) {
	case *lambda.UpdateFunctionCodeInput:
		in.ZipFile = []byte("not a zip")
	case *lambda.PublishVersionInput:
		in.CodeSha256 = aws.String("not-the-hash")
	}
}
