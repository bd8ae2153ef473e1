package suites

import (
	"fmt"
	"regexp"
	"strings"

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
		Rules: withRules([]string{"behavior.not-found.message", op + ".status.404", op + ".error.header",
			"behavior.error.wire-format", "behavior.error.content-type", "behavior.error.type-user"}, errorRules(op, "ResourceNotFoundException")...),
	}, func(c *Check) {
		name := c.newName() // never created
		ex := provoke(c, op, name, nil)
		c.Conforms(ex)
		if !c.Answered(op+".status.404", ex) {
			return
		}
		c.Status(op+".status.404", ex, 404)
		c.That(op+".error.header", ex, "x-amzn-ErrorType", ex.Header.Get("X-Amzn-Errortype")).NotTo(gomega.BeEmpty())
		c.That(rnf+".status", ex, "error type", ex.ErrorType()).To(gomega.Equal("ResourceNotFoundException"))
		c.That("behavior.error.wire-format", ex, "error type, sanitised, against the status", ex.ErrorType()+" "+fmt.Sprint(ex.Status)).
			To(gomega.Equal("ResourceNotFoundException 404"))
		want := fmt.Sprintf(`^Function not found: arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\d{12}:function:%s$`, regexp.QuoteMeta(name))
		c.That("behavior.not-found.message", ex, "message", errorMessage(ex.Body)).To(gomega.MatchRegexp(want))
		c.That("behavior.error.type-user", ex, "the body's Type", errorBodyType(ex.Body)).To(gomega.Equal("User"))
		c.That("behavior.error.content-type", ex, "Content-Type", ex.Header.Get("Content-Type")).To(gomega.HavePrefix("application/json"))
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
// wire format: the type in x-amzn-ErrorType, application/json, the message under lower-case "message", and
// "Type": "User".
func wireFormat(op string) {
	check(Meta{
		ID: "errors." + op + ".wire-format", Operation: op, Family: Errors,
		Title: op + " errors carry x-amzn-ErrorType, application/json and the message under the modelled key",
		Rules: withRules([]string{"behavior.error.wire-format", op + ".error.header", op + ".response.content-type",
			op + ".response.json", "behavior.error.content-type", "behavior.error.type-user"}, errorRules(op, "InvalidParameterValueException")...),
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		body := map[string]any{}
		if op == "PublishVersion" {
			body["CodeSha256"] = "not-the-hash"
		}
		ex := provoke(c, op, f.Name, body)
		c.Conforms(ex)
		if !c.Answered("behavior.error.wire-format", ex) {
			return
		}
		c.That(op+".error.header", ex, "x-amzn-ErrorType, sanitised", ex.ErrorType()).To(gomega.Equal("InvalidParameterValueException"))
		if !c.That("behavior.error.wire-format", ex, "status", ex.Status).To(gomega.Equal(400)) && ex.Status < 300 {
			return // let through: there is no error body to judge
		}
		c.That("behavior.error.wire-format", ex, "message (under message or Message)", errorMessage(ex.Body)).NotTo(gomega.BeEmpty())
		c.That("behavior.error.type-user", ex, "the body's Type", errorBodyType(ex.Body)).To(gomega.Equal("User"))
		c.That("behavior.error.content-type", ex, "Content-Type", ex.Header.Get("Content-Type")).To(gomega.HavePrefix("application/json"))
	})
}

// validationError sends a FunctionName that breaks its pattern: 400 ValidationException whose message starts
// as AWS's does.
func validationError(op string) {
	const rule = "behavior.name.invalid"
	pattern := op + ".request.FunctionName.pattern"
	check(Meta{
		ID: "errors." + op + ".validation-exception", Operation: op, Family: Errors,
		Title: op + " with a FunctionName that breaks its pattern gets 400 ValidationException",
		Rules: withRules([]string{rule, op + ".status.400", pattern}, errorRules(op, "ValidationException")...),
	}, func(c *Check) {
		name := c.newName() + "!bad"
		ex := provoke(c, op, name, nil)
		c.Conforms(ex)
		if !c.Answered(rule, ex) {
			return
		}
		c.That(pattern, ex, "a FunctionName that breaks the pattern ("+name+"): refused", ex.Status).To(gomega.Equal(400))
		msg := c.ErrorIs(rule, ex, 400, "ValidationException")
		prefix := fmt.Sprintf("1 validation error detected: Value '%s' at 'functionName' failed to satisfy constraint:", name)
		c.That(rule, ex, "message", msg).To(gomega.HavePrefix(prefix))
	})
}

// conflict provokes 409 ResourceConflictException: an update, then at once another update or a publish.
//
// A target that completes updates before the next call arrives cannot show it, and the check skips; but a
// target that says an update is InProgress and then lets the next call through is caught:
//   - PublishVersion: once an update completes it stays complete until the next one, so if $LATEST still reads
//     InProgress after the publish was accepted, it was InProgress when the publish arrived.
//   - UpdateFunctionCode: after a second update is accepted, $LATEST is InProgress because of it, so that test
//     does not transfer. Instead the second update carries the RevisionId the first update's InProgress answer
//     gave. Had the first update completed, AWS would have rotated the RevisionId (§6.4) and refused the stale one
//     with 412 — which shows the target finished first, and the check tries again; while it is in progress the
//     RevisionId is current and AWS answers 409 (§7.5). A 2xx is wrong either way.
func conflict(op string) {
	const rule = "behavior.conflict.in-progress"
	check(Meta{
		ID: "errors." + op + ".conflict-in-progress", Operation: op, Family: Errors,
		Title: op + " while an update is in progress gets 409 ResourceConflictException",
		Rules: withRules([]string{rule, op + ".status.409", "behavior.error.type-user"}, errorRules(op, "ResourceConflictException")...),
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		var finished []string
		for attempt := range 3 {
			first := c.UpdateCode(f.Name, ZipBody(OtherPackage(f, fmt.Sprint(attempt))))
			if !c.Status(rule, first, 200) {
				return // the first update was refused: there is nothing in progress to meet
			}
			answer, _ := c.Config(rule, first)
			inProgress := answer.LastUpdateStatus.Is("InProgress")
			revision, carried := answer.RevisionId.Get()
			var body map[string]any
			if op == "UpdateFunctionCode" && inProgress && carried {
				body = ZipBody(OtherPackage(f, fmt.Sprint(attempt, "-second")))
				body["RevisionId"] = revision
			}
			second := provoke(c, op, f.Name, body)
			if !c.Answered(rule, second) {
				return
			}
			switch {
			case second.Status == 409:
				c.Conforms(second)
				msg := c.ErrorIs(rule, second, 409, "ResourceConflictException")
				want := "The operation cannot be performed at this time. An update is in progress for resource: " + f.ARN
				c.That(rule, second, "message", msg).To(gomega.Equal(want))
				c.That("behavior.error.type-user", second, "the body's Type", errorBodyType(second.Body)).To(gomega.Equal("User"))
				return
			case body != nil && second.Status == 412:
				// The RevisionId of the InProgress answer is stale: the target completed the update first.
				finished = append(finished, "a second update carrying the InProgress answer's RevisionId got 412: it had rotated")
			case second.Status < 300 && body != nil:
				c.Fail(rule, second, "an update accepted while the target reported the first InProgress",
					fmt.Sprintf("The first update's answer said LastUpdateStatus InProgress with RevisionId %q. An update carrying that "+
						"RevisionId was accepted (%d): had the first update completed, its RevisionId would have rotated and the "+
						"second got 412 (docs/aws-behavior.md §6.4, §5.2); it was in progress, so AWS answers 409 (§7.5).", revision, second.Status))
				return
			case second.Status < 300 && op == "PublishVersion":
				latest := c.Latest(f)
				if !c.That(rule, second, "LastUpdateStatus when the target accepted the publish", latest.LastUpdateStatus).
					NotTo(gomega.Equal("InProgress")) {
					return
				}
				finished = append(finished, "$LATEST read "+latest.LastUpdateStatus.String()+" after the publish was accepted")
			case second.Status < 300:
				finished = append(finished, "the first update's answer said LastUpdateStatus "+answer.LastUpdateStatus.String())
			default:
				c.That(rule, second, op+" right after an update: 409", second.Outcome()).To(gomega.HavePrefix("409"))
				return
			}
			c.WaitUpdated(f)
		}
		c.Skip("the target completed each update before the next call arrived, so 409 could not be observed: %s",
			strings.Join(finished, "; "))
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
		if ex.Err == nil && ex.Status >= 300 {
			want := fmt.Sprintf("Functions from '%s' are not reachable in this region ('%s')", other, f.Region)
			c.That(rule, ex, "message", errorMessage(ex.Body)).To(gomega.Equal(want))
		}
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
