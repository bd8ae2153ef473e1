package suites

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/lambdaconform/lambdaconform/client"
	"github.com/lambdaconform/lambdaconform/fixtures/deploypkg"
)

// Function is a function a check created; it is deleted when the check ends.
type Function struct {
	Name    string
	ARN     string // unqualified, as CreateFunction answered it
	Region  string // learned from the ARN
	Account string // learned from the ARN
	Package []byte // the deployment package it was created with
	Created Configuration
	Create  *client.Exchange // the CreateFunction call
}

// FunctionOptions shape a function a check creates.
type FunctionOptions struct {
	Publish     bool           // CreateFunction(Publish=true)
	Description string         // the function's description
	Package     []byte         // the deployment package; default deploypkg.Handler(name)
	Extras      map[string]any // further CreateFunction members
	NoWait      bool           // return as soon as CreateFunction answers, without waiting for Active
}

// NewFunction creates a function with a fresh name under the run's prefix, waits until it is Active, and
// deletes it when the check ends, whatever its outcome. A refusal is a set-up error, not a failure.
func (c *Check) NewFunction(opts FunctionOptions) *Function {
	name := c.newName()
	pkg := opts.Package
	if pkg == nil {
		pkg = deploypkg.Handler(name)
	}
	body := map[string]any{
		"FunctionName": name,
		"Runtime":      c.run.cfg.Runtime,
		"Role":         c.run.cfg.Role,
		"Handler":      "index.handler",
		"Code":         map[string]any{"ZipFile": pkg},
		"Description":  opts.Description,
		"Timeout":      3,
		"MemorySize":   128,
		"Publish":      opts.Publish,
	}
	maps.Copy(body, opts.Extras)
	// The cleanup comes first: a create cut short (an interrupt, a timeout) may still have created the function.
	DeferCleanup(func(ctx SpecContext) { c.deleteFunction(ctx, name) }, NodeTimeout(c.run.cfg.RequestTimeout+5*time.Second))
	ex := c.record(c.run.client.CreateFunction(c.ctx, body))
	if !ex.OK(201) {
		c.SetupError("CreateFunction %s was refused, so the check cannot run: %s", name, ex.Outcome())
	}
	created, err := decodeConfiguration(ex.Body)
	if err != nil {
		c.SetupError("CreateFunction %s answered 201 with a body that is not a FunctionConfiguration: %v", name, err)
	}
	arn, ok := created.FunctionArn.Get()
	if !ok {
		c.SetupError("CreateFunction %s answered without a FunctionArn (%s), which the checks need", name, created.FunctionArn)
	}
	f := &Function{Name: name, ARN: arn, Package: pkg, Created: created, Create: ex}
	f.Region, f.Account = arnParts(arn)
	if !opts.NoWait {
		c.WaitActive(f)
	}
	return f
}

// newName returns a unique function name under the run's prefix.
func (c *Check) newName() string {
	return fmt.Sprintf("%s%d", Prefix(), c.run.seq.Add(1))
}

// deleteFunction deletes a function the run created; names without the run's prefix are never deleted.
func (c *Check) deleteFunction(ctx context.Context, name string) {
	if !strings.HasPrefix(name, Prefix()) {
		GinkgoWriter.Printf("not deleting %s: it does not carry this run's prefix %s\n", name, Prefix())
		return
	}
	// An interrupt cancels the cleanup's context too; the delete is bounded by the client's timeout instead.
	ex := c.cleanedUp(c.run.client.DeleteFunction(context.WithoutCancel(ctx), name, ""))
	if ex.Err != nil || (ex.Status != 204 && ex.Status != 200 && ex.Status != 404) {
		GinkgoWriter.Printf("cleanup: DeleteFunction %s: %s\n", name, ex.Outcome())
	}
}

// arnParts returns the region and account of a function ARN, or empty strings.
func arnParts(arn string) (region, account string) {
	parts := strings.Split(arn, ":")
	if len(parts) < 7 || parts[0] != "arn" {
		return "", ""
	}
	return parts[3], parts[4]
}

// Get reads a function's configuration with GetFunction (a set-up call: a failure is an error).
func (c *Check) Get(name, qualifier string) (Configuration, *client.Exchange) {
	ex := c.record(c.run.client.GetFunction(c.ctx, name, qualifier))
	if !ex.OK(200) {
		c.SetupError("GetFunction %s (qualifier %q) failed: %s", name, qualifier, ex.Outcome())
	}
	cfg, err := decodeMember(ex.Body, "Configuration")
	if err != nil {
		c.SetupError("GetFunction %s: %v", name, err)
	}
	return cfg, ex
}

// WaitActive waits, like AWS's function_active_v2 waiter, until the function has left Pending.
func (c *Check) WaitActive(f *Function) Configuration {
	return c.waitFor(f.Name, "", "State", func(cfg Configuration) bool { return !cfg.State.Is("Pending") })
}

// WaitUpdated waits, like AWS's function_updated_v2 waiter, until $LATEST's update has completed, so that the
// next update or publish does not meet 409 ResourceConflictException.
func (c *Check) WaitUpdated(f *Function) Configuration {
	return c.waitFor(f.Name, "", "LastUpdateStatus", func(cfg Configuration) bool {
		return !cfg.LastUpdateStatus.Is("InProgress") && !cfg.State.Is("Pending")
	})
}

// WaitVersionSettled waits until a published version has left Pending, so that a PublishVersion that returns it
// meets it as AWS's recordings do (Active, Successful). A version that does not exist is not waited for: what
// the check does next shows it.
func (c *Check) WaitVersionSettled(f *Function, version string) {
	c.waitFor(f.Name, version, "State of version "+version, func(cfg Configuration) bool { return !cfg.State.Is("Pending") })
}

// waitFor polls GetFunction (of a version, when qualifier is one) with a growing interval until done holds, up
// to the configured update timeout.
func (c *Check) waitFor(name, qualifier, what string, done func(Configuration) bool) Configuration {
	deadline := time.Now().Add(c.run.cfg.UpdateTimeout)
	delay := 5 * time.Millisecond
	for {
		ex := c.run.client.GetFunction(c.ctx, name, qualifier)
		if ex.OK(200) {
			if cfg, err := decodeMember(ex.Body, "Configuration"); err == nil && done(cfg) {
				c.waited(what, ex)
				return cfg
			}
		}
		if qualifier != "" && ex.Err == nil && ex.Status == 404 {
			return unobservedConfiguration("version " + qualifier + " does not exist")
		}
		if ex.Err != nil && c.ctx.Err() != nil {
			c.SetupError("waiting for %s of %s: %v", what, name, ex.Err)
		}
		if time.Now().After(deadline) {
			c.waited(what, ex)
			c.exchanges = append(c.exchanges, ex)
			c.SetupError("%s of %s did not settle within %s (last GetFunction: %s)", what, name, c.run.cfg.UpdateTimeout, ex.Outcome())
		}
		select {
		case <-c.ctx.Done():
			c.SetupError("interrupted while waiting for %s of %s", what, name)
		case <-time.After(delay):
		}
		delay = min(delay*2, time.Second)
	}
}

// UpdateCode sends UpdateFunctionCode with a package (or the given body) and records the call.
func (c *Check) UpdateCode(name string, body map[string]any) *client.Exchange {
	return c.record(c.run.client.UpdateFunctionCode(c.ctx, name, body))
}

// Publish sends PublishVersion and records the call.
func (c *Check) Publish(name string, body map[string]any) *client.Exchange {
	if body == nil {
		body = map[string]any{}
	}
	return c.record(c.run.client.PublishVersion(c.ctx, name, body))
}

// Call records a call the check made through Client directly.
func (c *Check) Call(ex *client.Exchange) *client.Exchange { return c.record(ex) }

// ZipBody is an UpdateFunctionCode body with an inline package.
func ZipBody(pkg []byte) map[string]any { return map[string]any{"ZipFile": pkg} }
