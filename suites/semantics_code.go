package suites

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/lambdaconform/lambdaconform/fixtures/deploypkg"

	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

	"github.com/lambdaconform/lambdaconform/client"
	"github.com/lambdaconform/lambdaconform/spec"
)

// The code and its state (docs/aws-behavior.md §6.3, §6.5): CodeSha256 and CodeSize are computed from the
// package, LastModified follows the update, and State/LastUpdateStatus tell where an update is.
var _ = Describe("semantics: code, timestamps and state", func() {
	for _, op := range []string{"UpdateFunctionCode", "PublishVersion"} {
		codeHash(op)
	}
	zipFileEscapes()
	lastModifiedChanges()
	stateOfUpdate()
	stateOfPublish()
})

func codeHash(op string) {
	const sha, size = "behavior.code.sha256", "behavior.code.size"
	check(Meta{
		ID: "semantics." + op + ".code-sha256-and-size", Operation: op, Family: Semantics,
		Title: op + " reports CodeSha256 as base64(SHA-256(package)) and CodeSize as its length",
		Rules: []string{sha, size},
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		pkg := OtherPackage(f, "hashed")
		v, ex := c.UpdateOK(sha, f, ZipBody(pkg))
		if op == "PublishVersion" {
			v, ex = c.PublishOK(sha, f, nil)
		}
		c.That(sha, ex, "CodeSha256", v.CodeSha256).To(gomega.Equal(deploypkg.CodeSha256(pkg)))
		c.That(size, ex, "CodeSize", v.CodeSize).To(gomega.Equal(int64(len(pkg))))
	})
}

// zipFileEscapes sends a ZipFile whose base64 is written with JSON escapes, as the AWS SDK for PHP writes every
// "/" (§9.5): the package is the same, so are its CodeSha256 and CodeSize.
func zipFileEscapes() {
	const rule = "behavior.request.json-escapes"
	check(Meta{
		ID: "semantics.UpdateFunctionCode.zip-file-json-escapes", Operation: "UpdateFunctionCode", Family: Semantics,
		Title: `a ZipFile written with JSON escapes ("\/", "\u002B") is the same package`,
		Rules: []string{rule},
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		pkg, escaped, ok := escapedPackage(f)
		if !ok {
			c.SetupError("no package among 64 tries had both \"/\" and \"+\" in its base64")
		}
		ex := c.UpdateCode(f.Name, map[string]any{"ZipFile": json.RawMessage(escaped)})
		c.Status(rule, ex, 200)
		v, _ := c.Config(rule, ex)
		c.That(rule, ex, "CodeSha256 of the package sent with escapes", v.CodeSha256).To(gomega.Equal(deploypkg.CodeSha256(pkg)))
		c.That(rule, ex, "CodeSize of the package sent with escapes", v.CodeSize).To(gomega.Equal(int64(len(pkg))))
		c.WaitUpdated(f)
	})
}

// escapedPackage returns a package whose base64 holds both "/" and "+", and that base64 as a JSON string with
// every "/" written "\/" and every "+" written "\u002B". A package's base64 runs to hundreds of characters, so
// the first try almost always serves; the tries are bounded all the same.
func escapedPackage(f *Function) (pkg []byte, escaped string, ok bool) {
	for i := range 64 {
		pkg = OtherPackage(f, fmt.Sprint("escapes-", i))
		b64 := base64.StdEncoding.EncodeToString(pkg)
		if strings.Contains(b64, "/") && strings.Contains(b64, "+") {
			return pkg, `"` + strings.NewReplacer("/", `\/`, "+", `\u002B`).Replace(b64) + `"`, true
		}
	}
	return nil, "", false
}

func lastModifiedChanges() {
	const rule = "behavior.last-modified.changes"
	check(Meta{
		ID: "semantics.UpdateFunctionCode.last-modified-changes", Operation: "UpdateFunctionCode", Family: Semantics,
		Title: "an update sets LastModified to its time, later than before",
		Rules: []string{rule},
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		latest, get := c.Get(f.Name, "")
		before, ok := Need(c, rule, get, "LastModified before the update (GetFunction)", latest.LastModified)
		if !ok {
			return
		}
		time.Sleep(5 * time.Millisecond) // LastModified has millisecond precision: let the update's be later
		start := time.Now()
		v, ex := c.UpdateOK(rule, f, ZipBody(OtherPackage(f, "later")))
		after, ok := Need(c, rule, ex, "LastModified in the update's answer", v.LastModified)
		if !ok {
			return
		}
		// First the raw strings: whatever their format (that is the format rules' business), an update must
		// change LastModified.
		c.That(rule, ex, "LastModified after the update, against "+before+" before", after).NotTo(gomega.Equal(before))
		prev, err1 := parseTimestamp(before)
		got, err2 := parseTimestamp(after)
		if err1 != nil || err2 != nil {
			c.Fail(rule, ex, "LastModified before and after read as times", fmt.Sprintf("Expected timestamps\n  got %v, %v", err1, err2))
			return
		}
		c.That(rule, ex, "LastModified after the update, against "+before, got).To(gomega.BeTemporally(">", prev))
		// The target's clock may differ from ours; only a gross difference is a failure.
		c.That(rule, ex, "LastModified within an hour of the update", got).To(gomega.BeTemporally("~", start, time.Hour))
	})
}

// parseTimestamp reads a LastModified in AWS's form, or in the forms targets are known to use instead (RFC 3339,
// six fractional digits), so that a timestamp in another format can still be compared.
func parseTimestamp(s string) (time.Time, error) {
	for _, layout := range []string{spec.LambdaTimeLayout, time.RFC3339Nano, "2006-01-02T15:04:05.000000-0700", "2006-01-02T15:04:05-0700"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a timestamp", s)
}

func stateOfUpdate() {
	const rule = "behavior.state.update"
	check(Meta{
		ID: "semantics.UpdateFunctionCode.state", Operation: "UpdateFunctionCode", Family: Semantics,
		Title: "UpdateFunctionCode answers Active/InProgress with AWS's reason; once complete, Successful without reason",
		Rules: []string{rule},
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		ex := c.UpdateCode(f.Name, ZipBody(OtherPackage(f, "state")))
		c.Status(rule, ex, 200)
		v, _ := c.Config(rule, ex)
		c.That(rule, ex, "State", v.State).To(gomega.Equal("Active"))
		c.That(rule, ex, "LastUpdateStatus", v.LastUpdateStatus).To(gomega.Equal("InProgress"))
		c.That(rule, ex, "LastUpdateStatusReason", v.LastUpdateStatusReason).To(gomega.Equal("The function is being created."))
		c.That(rule, ex, "LastUpdateStatusReasonCode", v.LastUpdateStatusReasonCode).To(gomega.Equal("Creating"))
		done := c.WaitUpdated(f)
		c.That(rule, ex, "LastUpdateStatus once complete", done.LastUpdateStatus).To(gomega.Equal("Successful"))
		c.That(rule, ex, "LastUpdateStatusReason once complete", done.LastUpdateStatusReason).ToBeAbsent()
		c.That(rule, ex, "LastUpdateStatusReasonCode once complete", done.LastUpdateStatusReasonCode).ToBeAbsent()
	})
}

func stateOfPublish() {
	const rule = "behavior.state.publish"
	check(Meta{
		ID: "semantics.PublishVersion.state", Operation: "PublishVersion", Family: Semantics,
		Title: "PublishVersion, new or no-op, answers Active/Successful without reason keys",
		Rules: []string{rule},
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		for _, ex := range []*client.Exchange{c.Publish(f.Name, nil), c.Publish(f.Name, nil)} {
			c.Status(rule, ex, 201)
			v, _ := c.Config(rule, ex)
			c.That(rule, ex, "State", v.State).To(gomega.Equal("Active"))
			c.That(rule, ex, "LastUpdateStatus", v.LastUpdateStatus).To(gomega.Equal("Successful"))
			for name, m := range map[string]Str{"LastUpdateStatusReason": v.LastUpdateStatusReason,
				"LastUpdateStatusReasonCode": v.LastUpdateStatusReasonCode, "StateReason": v.StateReason, "StateReasonCode": v.StateReasonCode} {
				c.That(rule, ex, name+" (no reason keys)", m).ToBeAbsent()
			}
		}
	})
}
