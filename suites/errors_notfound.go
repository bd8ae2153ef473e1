package suites

import (
	"fmt"
	"regexp"

	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

	"github.com/lambdaconform/lambdaconform/client"
)

var _ = Describe("errors", func() {
	for _, op := range []string{"UpdateFunctionCode", "PublishVersion"} {
		notFound(op)
	}
})

// notFound checks the answer for a function that does not exist: 404 ResourceNotFoundException, named in
// x-amzn-ErrorType, with "Function not found: <unqualified ARN>" under the capitalised "Message".
func notFound(op string) {
	rnf := op + ".error.ResourceNotFoundException"
	check(Meta{
		ID: "errors." + op + ".not-found", Operation: op, Family: Errors,
		Title: op + " on a missing function answers 404 ResourceNotFoundException",
		Rules: []string{op + ".status.404", rnf + ".status", rnf + ".message-key", op + ".error.header",
			"behavior.not-found.message", "behavior.error.wire-format"},
	}, func(c *Check) {
		name := c.newName() // never created
		var ex *client.Exchange
		if op == "UpdateFunctionCode" {
			ex = c.UpdateCode(name, ZipBody(deployHandler(name)))
		} else {
			ex = c.Publish(name, nil)
		}
		c.Conforms(ex)
		c.Status(op+".status.404", ex, 404)
		c.That(op+".error.header", ex, "x-amzn-ErrorType", ex.Header.Get("X-Amzn-Errortype")).NotTo(gomega.BeEmpty())
		c.That(rnf+".status", ex, "error type", ex.ErrorType()).To(gomega.Equal("ResourceNotFoundException"))
		want := fmt.Sprintf(`^Function not found: arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\d{12}:function:%s$`, regexp.QuoteMeta(name))
		c.That("behavior.not-found.message", ex, "message", ex.Message()).To(gomega.MatchRegexp(want))
		c.That("behavior.error.wire-format", ex, "Content-Type", ex.Header.Get("Content-Type")).To(gomega.HavePrefix("application/json"))
	})
}
