package scenario

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/lambdaconform/lambdaconform/client"
	"github.com/lambdaconform/lambdaconform/recording/normalize"
)

// state is one scenario being run: the names it chose, what its steps answered, what to clean up.
type state struct {
	ctx         context.Context
	s           *shared
	res         *ScenarioResult
	step        string
	names       map[int]string // function names by index
	arns        map[int]string // FunctionArn as CreateFunction answered it
	packages    map[int]string // the package label each function was created with
	created     []string       // functions to delete
	uncertain   []string       // functions whose CreateFunction got no answer: the target may create them later
	steps       map[string]*client.Exchange
	bucketNames map[int]string
	buckets     []*bucket
}

type bucket struct {
	name    string
	s3      *client.Client // the client of the bucket's region
	objects [][2]string    // key, version
}

// name returns the name of function i, choosing it at first use.
func (r *state) name(i int) string {
	if n, ok := r.names[i]; ok {
		return n
	}
	n := r.s.newName()
	r.names[i] = n
	return n
}

// bucketName returns the name of bucket i, choosing it at first use.
func (r *state) bucketName(i int) string {
	if n, ok := r.bucketNames[i]; ok {
		return n
	}
	n := strings.ToLower(r.s.newName()) + "-code"
	r.bucketNames[i] = n
	return n
}

// region and account of the scenario's first function, as the target named them in its ARN.
func (r *state) regionAccount() (string, string) {
	for _, k := range slices.Sorted(maps.Keys(r.arns)) {
		if region, account := normalize.ARNParts(r.arns[k]); region != "" || account != "" {
			return region, account
		}
	}
	return "", ""
}

// OtherRegion is the region the scenarios name as "another region" when the target's is region.
func OtherRegion(region string) string {
	if region == "eu-west-3" {
		return "ap-south-1"
	}
	return "eu-west-3"
}

// OtherAccount is the account the scenarios name as "another account" when the target's is account.
func OtherAccount(account string) string {
	if account == "999999999999" {
		return "111111111111"
	}
	return "999999999999"
}

// record keeps a call under the current step, or under step+suffix.
func (r *state) record(suffix, op string, ex *client.Exchange, condition string) {
	step := r.step + suffix
	c := Call{ID: r.res.Scenario.ID + "/" + step, Step: step, Operation: op, Condition: condition, Exchange: ex}
	if ex != nil {
		c.BasePath = basePath(r.s.cfg.Lambda)
		if strings.HasPrefix(op, "s3:") && r.s.cfg.S3 != nil {
			c.BasePath = basePath(r.s.cfg.S3)
		}
		r.steps[step] = ex
	}
	r.res.Calls = append(r.res.Calls, c)
}

// unobserved keeps a step the target could not show, with the reason.
func (r *state) unobserved(suffix, reason string) {
	step := r.step + suffix
	r.res.Calls = append(r.res.Calls, Call{ID: r.res.Scenario.ID + "/" + step, Step: step, Unobserved: reason})
}

func basePath(c *client.Client) string {
	e := c.Endpoint()
	if i := strings.Index(e, "://"); i >= 0 {
		e = e[i+3:]
	}
	if i := strings.IndexByte(e, '/'); i >= 0 {
		return e[i:]
	}
	return ""
}

// configuration reads the FunctionConfiguration of an answer: the body itself, or its Configuration member.
func configuration(ex *client.Exchange) map[string]any {
	if ex == nil || ex.Status < 200 || ex.Status >= 300 {
		return nil
	}
	var m map[string]any
	if json.Unmarshal(ex.Body, &m) != nil {
		return nil
	}
	if c, ok := m["Configuration"].(map[string]any); ok {
		return c
	}
	return m
}

func str(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return s
}

// poll calls get with a growing interval, as AWS's waiters poll, until final says its answer ends the wait or
// UpdateTimeout has passed, and returns the last answer; interrupted says the run was interrupted first.
func (r *state) poll(get func() *client.Exchange, final func(*client.Exchange) bool) (last *client.Exchange, interrupted bool) {
	deadline := time.Now().Add(r.s.cfg.UpdateTimeout)
	delay := 5 * time.Millisecond
	for {
		ex := get()
		if ex.Err != nil && r.ctx.Err() != nil {
			return ex, true
		}
		if final(ex) || time.Now().After(deadline) {
			return ex, false
		}
		select {
		case <-r.ctx.Done():
			return ex, true
		case <-time.After(delay):
		}
		delay = min(delay*2, time.Second)
	}
}

// settled reports whether a configuration has left Pending and InProgress; an answer that is not a
// configuration ends a wait too: it is what it is.
func settled(cfg map[string]any) bool {
	return cfg == nil || (str(cfg, "State") != "Pending" && str(cfg, "LastUpdateStatus") != "InProgress")
}

// wait polls GetFunction, as AWS's waiters do, until function i has left Pending and InProgress, and records
// the last answer only. A function that never settles is recorded as the last answer showed it when
// UpdateTimeout passed; an answer other than 200 ends the scenario.
func (r *state) wait(i int) error {
	ex, interrupted := r.poll(func() *client.Exchange { return r.s.cfg.Lambda.GetFunction(r.ctx, r.name(i), "") },
		func(ex *client.Exchange) bool {
			return ex.Err == nil && (ex.Status != 200 || settled(configuration(ex)))
		})
	if interrupted {
		return fmt.Errorf("interrupted while waiting for %s", r.name(i))
	}
	r.record("", "GetFunction", ex, "")
	switch {
	case ex.Err != nil:
		return fmt.Errorf("GetFunction %s: %v", r.name(i), ex.Err)
	case ex.Status != 200:
		return fmt.Errorf("GetFunction %s answered %s", r.name(i), ex.Outcome())
	}
	return nil
}

// waitVersion polls GetFunctionConfiguration with a version as Qualifier, as AWS's PublishedVersionActive
// waiter does, until the version has left Pending, and records the last answer only.
func (r *state) waitVersion(i int, version string) error {
	ex, interrupted := r.poll(func() *client.Exchange { return r.s.cfg.Lambda.GetFunctionConfiguration(r.ctx, r.name(i), version) },
		func(ex *client.Exchange) bool {
			cfg := configuration(ex)
			return ex.Err == nil && (ex.Status != 200 || cfg == nil || str(cfg, "State") != "Pending")
		})
	if interrupted {
		return fmt.Errorf("interrupted while waiting for version %s of %s", version, r.name(i))
	}
	r.record("", "GetFunctionConfiguration", ex, "")
	return nil
}

// settle waits without recording (between the attempts of a conditional step); a call without an answer ends it.
func (r *state) settle(i int) {
	r.poll(func() *client.Exchange { return r.s.cfg.Lambda.GetFunction(r.ctx, r.name(i), "") },
		func(ex *client.Exchange) bool { return settled(configuration(ex)) })
}

// cleanup deletes what the scenario created, bounded by the client's timeout even after an interrupt. Only
// names under the run's prefix are deleted.
func (r *state) cleanup() {
	ctx := context.WithoutCancel(r.ctx)
	for _, name := range r.created {
		if strings.HasPrefix(name, r.s.prefix) {
			r.s.cfg.Lambda.DeleteFunction(ctx, name, "")
		}
	}
	// A create cut short (an interrupt, a timeout) may still be completed by the target after the delete above:
	// look for it a few more times, a bounded while.
	for try := 0; try < 10 && len(r.uncertain) > 0; try++ {
		time.Sleep(300 * time.Millisecond)
		var still []string
		for _, name := range r.uncertain {
			if !strings.HasPrefix(name, r.s.prefix) {
				continue
			}
			if ex := r.s.cfg.Lambda.GetFunction(ctx, name, ""); ex.Status == 200 {
				r.s.cfg.Lambda.DeleteFunction(ctx, name, "")
				continue
			}
			still = append(still, name)
		}
		r.uncertain = still
	}
	for _, b := range r.buckets {
		if !strings.HasPrefix(b.name, strings.ToLower(r.s.prefix)) || b.s3 == nil {
			continue
		}
		for _, o := range b.objects {
			b.s3.DeleteObject(ctx, b.name, o[0], o[1])
		}
		b.s3.DeleteBucket(ctx, b.name)
	}
	for _, i := range slices.Sorted(maps.Keys(r.names)) {
		r.res.Functions = append(r.res.Functions, r.names[i])
	}
	for _, i := range slices.Sorted(maps.Keys(r.bucketNames)) {
		r.res.Buckets = append(r.res.Buckets, r.bucketNames[i])
	}
}

// Learned returns the target's region and account as its first FunctionArn named them, scenarios in table
// order.
func (res *Result) Learned() (region, account string) {
	for _, s := range res.Scenarios {
		for _, c := range s.Calls {
			if c.Operation != "CreateFunction" || c.Exchange == nil || c.Exchange.Status != 201 {
				continue
			}
			if region, account = normalize.ARNParts(str(configuration(c.Exchange), "FunctionArn")); region != "" || account != "" {
				return region, account
			}
		}
	}
	return "", ""
}
