package suites

import (
	"fmt"
	"regexp"

	"github.com/lambdaconform/lambdaconform/fixtures/deploypkg"

	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

	"github.com/lambdaconform/lambdaconform/client"
)

// The errors family (docs/aws-behavior.md §6.7, §7, §9): the wire format of every error the suite can provoke.
var _ = Describe("errors", func() {
	for _, op := range []string{"UpdateFunctionCode", "PublishVersion"} {
		notFound(op)
		wireFormat(op)
		validationError(op)
		conflict(op)
		otherRegion(op)
		otherAccount(op)
	}
})

// notFound checks the answer for a function that does not exist: 404 ResourceNotFoundException, named in
// x-amzn-ErrorType, with "Function not found: <unqualified ARN>" under the capitalised "Message".
func notFound(op string) {
	rnf := op + ".error.ResourceNotFoundException"
	check(Meta{
		ID: "errors." + op + ".not-found", Operation: op, Family: Errors,
		Title: op + " on a missing function answers 404 ResourceNotFoundException",
		Rules: withRules([]string{op + ".status.404", op + ".error.header", "behavior.not-found.message",
			"behavior.error.wire-format"}, errorRules(op, "ResourceNotFoundException")...),
	}, func(c *Check) {
		name := c.newName() // never created
		ex := provoke(c, op, name, nil)
		c.Conforms(ex)
		c.Status(op+".status.404", ex, 404)
		c.That(op+".error.header", ex, "x-amzn-ErrorType", ex.Header.Get("X-Amzn-Errortype")).NotTo(gomega.BeEmpty())
		c.That(rnf+".status", ex, "error type", ex.ErrorType()).To(gomega.Equal("ResourceNotFoundException"))
		want := fmt.Sprintf(`^Function not found: arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\d{12}:function:%s$`, regexp.QuoteMeta(name))
		c.That("behavior.not-found.message", ex, "message", ex.Message()).To(gomega.MatchRegexp(want))
		c.That("behavior.error.wire-format", ex, "Content-Type", ex.Header.Get("Content-Type")).To(gomega.HavePrefix("application/json"))
	})
}

// provoke calls op on name: UpdateFunctionCode with body (default: an inline package), or PublishVersion.
func provoke(c *Check, op, name string, body map[string]any) *client.Exchange {
	if op == "UpdateFunctionCode" {
		if body == nil {
			body = ZipBody(deploypkg.Handler(name))
		}
		return c.UpdateCode(name, body)
	}
	return c.Publish(name, body)
}

// wireFormat provokes an InvalidParameterValueException (no code source; a CodeSha256 mismatch) and checks its
// wire format: the type in x-amzn-ErrorType, application/json, and the message under lower-case "message".
func wireFormat(op string) {
	check(Meta{
		ID: "errors." + op + ".wire-format", Operation: op, Family: Errors,
		Title: op + " errors carry x-amzn-ErrorType, application/json and the message under the modelled key",
		Rules: withRules([]string{op + ".error.header", op + ".response.content-type", op + ".response.json",
			"behavior.error.wire-format"}, errorRules(op, "InvalidParameterValueException")...),
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		body := map[string]any{}
		if op == "PublishVersion" {
			body["CodeSha256"] = "not-the-hash"
		}
		ex := provoke(c, op, f.Name, body)
		c.Answered(op+".error.header", ex)
		c.Conforms(ex)
		c.That(op+".error.header", ex, "x-amzn-ErrorType, sanitised", ex.ErrorType()).To(gomega.Equal("InvalidParameterValueException"))
		c.That("behavior.error.wire-format", ex, "status", ex.Status).To(gomega.Equal(400))
		c.That("behavior.error.wire-format", ex, "message", ex.Message()).NotTo(gomega.BeEmpty())
	})
}

// validationError sends a FunctionName that breaks its pattern: 400 ValidationException whose message starts
// as AWS's does.
func validationError(op string) {
	check(Meta{
		ID: "errors." + op + ".validation-exception", Operation: op, Family: Errors,
		Title: op + " with a FunctionName that breaks its pattern gets 400 ValidationException",
		Rules: withRules([]string{"behavior.name.invalid", op + ".status.400", op + ".request.FunctionName.pattern"},
			errorRules(op, "ValidationException")...),
	}, func(c *Check) {
		name := c.newName() + "!bad"
		ex := provoke(c, op, name, nil)
		c.Conforms(ex)
		msg := c.ErrorIs("behavior.name.invalid", ex, 400, "ValidationException")
		prefix := fmt.Sprintf("1 validation error detected: Value '%s' at 'functionName' failed to satisfy constraint:", name)
		c.That("behavior.name.invalid", ex, "message", msg).To(gomega.HavePrefix(prefix))
	})
}

// conflict provokes 409 ResourceConflictException: an update, then at once another update or a publish. A
// target that completes updates before the next call arrives cannot show it; the check then skips. A target that
// accepts a publish while it still reports the update InProgress fails it.
func conflict(op string) {
	const rule = "behavior.conflict.in-progress"
	check(Meta{
		ID: "errors." + op + ".conflict-in-progress", Operation: op, Family: Errors,
		Title: op + " while an update is in progress gets 409 ResourceConflictException",
		Rules: withRules([]string{rule, op + ".status.409"}, errorRules(op, "ResourceConflictException")...),
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		for attempt := range 3 {
			first := c.UpdateCode(f.Name, ZipBody(OtherPackage(f, fmt.Sprint(attempt))))
			c.Status(rule, first, 200)
			second := provoke(c, op, f.Name, nil)
			c.Answered(rule, second)
			if second.Status == 409 {
				c.Conforms(second)
				msg := c.ErrorIs(rule, second, 409, "ResourceConflictException")
				want := "The operation cannot be performed at this time. An update is in progress for resource: " + f.ARN
				c.That(rule, second, "message", msg).To(gomega.Equal(want))
				return
			}
			c.Must(rule, second, op+" right after an update: 2xx or 409", second.Status).To(gomega.BeNumerically("<", 300))
			if op == "PublishVersion" {
				// Once an update completes it stays complete until the next one: if $LATEST is still InProgress now,
				// it was when the publish was accepted.
				latest := c.Latest(f)
				if !c.That(rule, second, "LastUpdateStatus when the target accepted the publish", latest.LastUpdateStatus).
					NotTo(gomega.Equal("InProgress")) {
					return
				}
			}
			c.WaitUpdated(f)
		}
		c.Skip("the target completed each update before the next call arrived, so 409 could not be observed")
	})
}

// otherRegion names the function by an ARN in another region: 404 "Functions from '<region>' are not reachable
// in this region ('<region>')".
func otherRegion(op string) {
	const rule = "behavior.name.other-region"
	check(Meta{
		ID: "errors." + op + ".other-region", Operation: op, Family: Errors,
		Title: op + " on a function ARN in another region gets 404 ResourceNotFoundException",
		Rules: []string{rule},
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		other := "eu-west-3"
		if f.Region == other {
			other = "ap-south-1"
		}
		arn := fmt.Sprintf("arn:aws:lambda:%s:%s:function:%s", other, f.Account, f.Name)
		ex := provoke(c, op, arn, nil)
		c.Status(rule, ex, 404)
		want := fmt.Sprintf("Functions from '%s' are not reachable in this region ('%s')", other, f.Region)
		c.That(rule, ex, "message", ex.Message()).To(gomega.Equal(want))
	})
}

// otherAccount names the function by an ARN in another account: 403 AccessDeniedException.
func otherAccount(op string) {
	const rule = "behavior.name.other-account"
	check(Meta{
		ID: "errors." + op + ".other-account", Operation: op, Family: Errors,
		Title: op + " on a function ARN in another account gets 403 AccessDeniedException",
		Rules: withRules([]string{rule, op + ".status.403"}, errorRules(op, "AccessDeniedException")...),
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		account := "999999999999"
		if f.Account == account {
			account = "111111111111"
		}
		ex := provoke(c, op, fmt.Sprintf("arn:aws:lambda:%s:%s:function:%s", f.Region, account, f.Name), nil)
		c.Conforms(ex)
		c.ErrorIs(rule, ex, 403, "AccessDeniedException")
	})
}
