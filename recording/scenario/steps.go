package scenario

import (
	"fmt"
	"strings"

	"github.com/lambdaconform/lambdaconform/client"
	"github.com/lambdaconform/lambdaconform/fixtures/deploypkg"
)

// name is how a step names a function: plainly, qualified, by ARN...
type name func(r *state) string

// fn is function i by its name.
func fn(i int) name { return func(r *state) string { return r.name(i) } }

// qualified is function i with a qualifier: name:q.
func qualified(i int, q string) name { return func(r *state) string { return r.name(i) + ":" + q } }

// arn is function i by the FunctionArn CreateFunction answered (its name when there was none).
func arn(i int) name {
	return func(r *state) string {
		if a := r.arns[i]; a != "" {
			return a
		}
		return r.name(i)
	}
}

// otherRegion is function i by an ARN in another region than the target's.
func otherRegion(i int) name {
	return func(r *state) string {
		region, account := r.regionAccount()
		return fmt.Sprintf("arn:aws:lambda:%s:%s:function:%s", OtherRegion(region), account, r.name(i))
	}
}

// otherAccount is function i by an ARN in another account than the target's.
func otherAccount(i int) name {
	return func(r *state) string {
		region, account := r.regionAccount()
		return fmt.Sprintf("arn:aws:lambda:%s:%s:function:%s", region, OtherAccount(account), r.name(i))
	}
}

// invalid is function i's name with a character the FunctionName pattern refuses.
func invalid(i int) name { return func(r *state) string { return r.name(i) + "!bad" } }

// tooLong is function i's name padded to 141 characters, one more than FunctionName's maximum.
func tooLong(i int) name {
	return func(r *state) string {
		n := r.name(i) + "-"
		return n + strings.Repeat("x", max(141-len(n), 1))
	}
}

// body is a request body whose values may be resolved when the step runs.
type body map[string]any

// value is a body value known only when the step runs.
type value interface {
	resolve(r *state) (v any, ok bool, unobservable string)
}

// pkg is one of the run's deployment packages, by label; every label names different bytes.
type pkg string

func (p pkg) resolve(*state) (any, bool, string) { return Package(string(p)), true, "" }

// sha is the CodeSha256 of a package.
type sha string

func (p sha) resolve(*state) (any, bool, string) {
	return deploypkg.CodeSha256(Package(string(p))), true, ""
}

// revisionOf is the RevisionId a step's answer carried; the member is left out when there was none.
type revisionOf string

func (s revisionOf) resolve(r *state) (any, bool, string) {
	rev := str(configuration(r.steps[string(s)]), "RevisionId")
	return rev, rev != "", ""
}

// bucketOf is bucket i's name.
type bucketOf int

func (b bucketOf) resolve(r *state) (any, bool, string) { return r.bucketName(int(b)), true, "" }

// versionOf is the S3 object version a PutObject step's answer carried; without one the step cannot run.
type versionOf string

func (s versionOf) resolve(r *state) (any, bool, string) {
	ex := r.steps[string(s)]
	if ex == nil {
		return nil, false, "the S3 object it names was not stored"
	}
	v := ex.Header.Get("X-Amz-Version-Id")
	if v == "" || v == "null" {
		return nil, false, "the target's S3 does not version objects"
	}
	return v, true, ""
}

// resolve returns b with its values resolved; members that resolve to nothing are left out. A value that
// cannot be resolved makes the step unobservable, with the reason.
func (b body) resolve(r *state) (map[string]any, string) {
	if b == nil {
		return map[string]any{}, ""
	}
	out := make(map[string]any, len(b))
	for k, v := range b {
		val, ok := v.(value)
		if !ok {
			out[k] = v
			continue
		}
		x, ok, why := val.resolve(r)
		if why != "" {
			return nil, why
		}
		if ok {
			out[k] = x
		}
	}
	return out, ""
}

// call is a step that makes one Lambda call and records it.
func call(id, op string, do func(r *state) *client.Exchange) Step {
	return Step{ID: id, run: func(r *state) error {
		r.record("", op, do(r), "")
		return nil
	}}
}

// withBody is a step that sends a body, or records the step as unobserved when the body cannot be made.
func withBody(id, op string, b body, do func(r *state, body map[string]any) *client.Exchange) Step {
	return Step{ID: id, packages: labelsOf(b), run: func(r *state) error {
		resolved, why := b.resolve(r)
		if why != "" {
			r.unobserved("", why)
			return nil
		}
		r.record("", op, do(r, resolved), "")
		return nil
	}}
}

// fnOpts shape a function a scenario creates.
type fnOpts struct {
	Package     string // the package label
	Publish     bool
	Description string
}

// create creates function i (a set-up step: a refusal stops the scenario).
func create(id string, i int, o fnOpts) Step {
	label := o.Package
	return Step{ID: id, packages: []string{label}, run: func(r *state) error {
		b := map[string]any{
			"FunctionName": r.name(i),
			"Runtime":      r.s.cfg.Runtime,
			"Role":         r.s.cfg.Role,
			"Handler":      "index.handler",
			"Code":         map[string]any{"ZipFile": Package(label)},
			"Description":  o.Description,
			"Timeout":      3,
			"MemorySize":   128,
			"Publish":      o.Publish,
		}
		// The function may exist even if the answer never arrives: delete it in any case.
		r.created = append(r.created, r.name(i))
		ex := r.s.cfg.Lambda.CreateFunction(r.ctx, b)
		if ex.Err != nil {
			r.uncertain = append(r.uncertain, r.name(i))
		}
		r.record("", "CreateFunction", ex, "")
		if !ex.OK(201) {
			return fmt.Errorf("CreateFunction %s was refused: %s", r.name(i), ex.Outcome())
		}
		if r.packages == nil {
			r.packages = map[int]string{}
		}
		r.packages[i] = label
		r.arns[i] = str(configuration(ex), "FunctionArn")
		return nil
	}}
}

// wait waits until function i has left Pending and InProgress and records the last GetFunction (a set-up
// step: an error answer stops the scenario).
func wait(id string, i int) Step {
	return Step{ID: id, run: func(r *state) error { return r.wait(i) }}
}

// waitVersion waits until version of function i has left Pending and records the last
// GetFunctionConfiguration.
func waitVersion(id string, i int, version string) Step {
	return Step{ID: id, run: func(r *state) error { return r.waitVersion(i, version) }}
}

// createAlias creates an alias of function i pointing to a version (a set-up step).
func createAlias(id string, i int, alias, version string) Step {
	return Step{ID: id, run: func(r *state) error {
		ex := r.s.cfg.Lambda.CreateAlias(r.ctx, r.name(i), map[string]any{"Name": alias, "FunctionVersion": version})
		r.record("", "CreateAlias", ex, "")
		if !ex.OK(201) {
			return fmt.Errorf("CreateAlias %s on %s was refused: %s", alias, r.name(i), ex.Outcome())
		}
		return nil
	}}
}

func updateCode(id string, n name, b body) Step {
	return withBody(id, "UpdateFunctionCode", b, func(r *state, b map[string]any) *client.Exchange {
		return r.s.cfg.Lambda.UpdateFunctionCode(r.ctx, n(r), b)
	})
}

func updateConfig(id string, n name, b body) Step {
	return withBody(id, "UpdateFunctionConfiguration", b, func(r *state, b map[string]any) *client.Exchange {
		return r.s.cfg.Lambda.UpdateFunctionConfiguration(r.ctx, n(r), b)
	})
}

func publish(id string, n name, b body) Step {
	return withBody(id, "PublishVersion", b, func(r *state, b map[string]any) *client.Exchange {
		return r.s.cfg.Lambda.PublishVersion(r.ctx, n(r), b)
	})
}

func get(id string, n name, qualifier string) Step {
	return call(id, "GetFunction", func(r *state) *client.Exchange {
		return r.s.cfg.Lambda.GetFunction(r.ctx, n(r), qualifier)
	})
}

func getConfig(id string, n name, qualifier string) Step {
	return call(id, "GetFunctionConfiguration", func(r *state) *client.Exchange {
		return r.s.cfg.Lambda.GetFunctionConfiguration(r.ctx, n(r), qualifier)
	})
}

func listVersions(id string, n name) Step {
	return call(id, "ListVersionsByFunction", func(r *state) *client.Exchange {
		return r.s.cfg.Lambda.ListVersionsByFunction(r.ctx, n(r), "")
	})
}

func deleteVersion(id string, i int, qualifier string) Step {
	return call(id, "DeleteFunction", func(r *state) *client.Exchange {
		return r.s.cfg.Lambda.DeleteFunction(r.ctx, r.name(i), qualifier)
	})
}
