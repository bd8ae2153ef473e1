package suites

import (
	"fmt"

	"github.com/onsi/gomega"

	"github.com/lambdaconform/lambdaconform/client"
	"github.com/lambdaconform/lambdaconform/fixtures/deploypkg"
)

// Flows the checks share. A flow's calls are recorded; a flow that fails on behalf of a rule fails the check and
// goes on, a set-up flow that fails ends it as an error (or, after a failure, as failed).

// PublishOK publishes and requires 201 on behalf of rule, returning the version. A wrong 2xx fails the success
// status and the answer is still read; a refusal fails rule, and the version's members are unobserved.
func (c *Check) PublishOK(rule string, f *Function, body map[string]any) (Configuration, *client.Exchange) {
	ex := c.Publish(f.Name, body)
	c.Status(rule, ex, 201)
	cfg, _ := c.Config(rule, ex)
	return cfg, ex
}

// UpdateOK updates $LATEST's code and requires 200 on behalf of rule, like PublishOK; it then waits for the
// update to complete (the waiter reads $LATEST, also after Publish=true).
func (c *Check) UpdateOK(rule string, f *Function, body map[string]any) (Configuration, *client.Exchange) {
	ex := c.UpdateCode(f.Name, body)
	c.Status(rule, ex, 200)
	cfg, _ := c.Config(rule, ex)
	c.WaitUpdated(f)
	return cfg, ex
}

// Reconfigure sends UpdateFunctionConfiguration (a set-up call) and waits for it to complete.
func (c *Check) Reconfigure(f *Function, body map[string]any) Configuration {
	ex := c.record(c.run.client.UpdateFunctionConfiguration(c.ctx, f.Name, body))
	if !ex.OK(200) {
		c.SetupError("UpdateFunctionConfiguration %s was refused: %s", f.Name, ex.Outcome())
	}
	c.WaitUpdated(f)
	cfg, _ := decodeConfiguration(ex.Body)
	return cfg
}

// Versions lists a function's versions with ListVersionsByFunction (a set-up call), following NextMarker.
func (c *Check) Versions(f *Function) []Configuration {
	var all []Configuration
	marker := ""
	for range 50 {
		ex := c.record(c.run.client.ListVersionsByFunction(c.ctx, f.Name, marker))
		if !ex.OK(200) {
			c.SetupError("ListVersionsByFunction %s failed: %s", f.Name, ex.Outcome())
		}
		page, next, err := decodeList(ex.Body, "Versions", "NextMarker")
		if err != nil {
			c.SetupError("ListVersionsByFunction %s: %v", f.Name, err)
		}
		all = append(all, page...)
		if next == "" {
			return all
		}
		marker = next
	}
	c.SetupError("ListVersionsByFunction %s: more than 50 pages", f.Name)
	return nil
}

// VersionNumbers returns the Version of each entry of a listing.
func VersionNumbers(list []Configuration) []Str {
	out := make([]Str, len(list))
	for i, v := range list {
		out[i] = v.Version
	}
	return out
}

// Latest reads $LATEST with an unqualified GetFunction.
func (c *Check) Latest(f *Function) Configuration {
	cfg, _ := c.Get(f.Name, "")
	return cfg
}

// OtherPackage returns a package different from the function's own.
func OtherPackage(f *Function, tag string) []byte { return deploypkg.Handler(f.Name + "/" + tag) }

// ErrorIs requires the error answer a scenario must get, its status and its sanitised error type, on behalf of
// the scenario's rule: a target that lets the call through, or refuses it in another way, breaks the scenario.
// (Whether the type it sent goes with the status it sent is Conforms' business.) It returns the error's message
// when the answer is an error of that type, whatever its status; else an unobserved message, as what the message
// says depends on the error being the one expected.
func (c *Check) ErrorIs(rule string, ex *client.Exchange, status int, errorType string) Str {
	if !c.Status(rule, ex, status) && ex.Err != nil {
		return Unobserved[string](ex.Operation + " got no answer")
	}
	if ex.Status < 300 {
		return Unobserved[string](fmt.Sprintf("%s was not refused (%d)", ex.Operation, ex.Status))
	}
	if !c.That(rule, ex, "error type (x-amzn-ErrorType, sanitised)", ex.ErrorType()).To(gomega.Equal(errorType)) {
		return Unobserved[string](fmt.Sprintf("the error is %q, not %s", ex.ErrorType(), errorType))
	}
	return errorMessage(ex.Body)
}
