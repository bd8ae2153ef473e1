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
		c.Must(rule, ex, "SDK error", errText(err)).To(gomega.BeEmpty())
		wire, _ := decodeConfiguration(ex.Body)
		var got Configuration
		if upd != nil {
			got = Configuration{FunctionArn: aws.ToString(upd.FunctionArn), Version: aws.ToString(upd.Version),
				RevisionId: aws.ToString(upd.RevisionId), CodeSha256: aws.ToString(upd.CodeSha256), CodeSize: upd.CodeSize,
				LastModified: aws.ToString(upd.LastModified), State: string(upd.State), LastUpdateStatus: string(upd.LastUpdateStatus)}
		} else {
			got = Configuration{FunctionArn: aws.ToString(pub.FunctionArn), Version: aws.ToString(pub.Version),
				RevisionId: aws.ToString(pub.RevisionId), CodeSha256: aws.ToString(pub.CodeSha256), CodeSize: pub.CodeSize,
				LastModified: aws.ToString(pub.LastModified), State: string(pub.State), LastUpdateStatus: string(pub.LastUpdateStatus)}
		}
		want := Configuration{FunctionArn: wire.FunctionArn, Version: wire.Version, RevisionId: wire.RevisionId,
			CodeSha256: wire.CodeSha256, CodeSize: wire.CodeSize, LastModified: wire.LastModified, State: wire.State,
			LastUpdateStatus: wire.LastUpdateStatus}
		c.That(rule, ex, "SDK output against the wire", got).To(gomega.Equal(want))
		c.That(rule, ex, "FunctionArn parsed", got.FunctionArn).NotTo(gomega.BeEmpty())
	})
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
