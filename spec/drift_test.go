package spec

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// allowance is an entry of testdata/drift-allow.yaml: differences the model keeps from AWS's model on purpose,
// with the reason. The entry pins what differs, so that any other change to an allowed constraint is a drift
// again: Model and AWS pin each side's value ("(absent)" for a constraint one side lacks); Extra and Missing pin
// the members of a list (error types, enum values) that the model has beyond AWS's, or lacks.
type allowance struct {
	Rules    []string `yaml:"rules"`
	Profiles []string `yaml:"profiles"`
	Model    *string  `yaml:"model"`
	AWS      *string  `yaml:"aws"`
	Extra    []string `yaml:"extra"`
	Missing  []string `yaml:"missing"`
	Reason   string   `yaml:"reason"`
}

func (a allowance) allows(profile string, d drift) bool {
	if !slices.Contains(a.Profiles, profile) || (a.Model != nil && *a.Model != d.Model) || (a.AWS != nil && *a.AWS != d.AWS) {
		return false
	}
	if len(a.Extra)+len(a.Missing) > 0 {
		if d.Model == absent || d.AWS == absent {
			return false
		}
		want := slices.DeleteFunc(append(strings.Split(d.AWS, " | "), a.Extra...), func(v string) bool {
			return slices.Contains(a.Missing, v)
		})
		if sortedJoin(want) != d.Model {
			return false
		}
	}
	return slices.ContainsFunc(a.Rules, func(glob string) bool { return globMatch(glob, d.Key) })
}

// globMatch matches a rule ID against a pattern where '*' stands for any run of characters.
func globMatch(glob, s string) bool {
	parts := strings.Split(glob, "*")
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	return regexp.MustCompile("^" + strings.Join(parts, ".*") + "$").MatchString(s)
}

func loadAllowances(t *testing.T) []allowance {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "drift-allow.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var list []allowance
	if err := yaml.Unmarshal(data, &list); err != nil {
		t.Fatal(err)
	}
	for i, a := range list {
		if len(a.Rules) == 0 || len(a.Profiles) == 0 || strings.TrimSpace(a.Reason) == "" {
			t.Fatalf("drift-allow.yaml entry %d needs rules, profiles and a reason", i+1)
		}
	}
	return list
}

// drifts compares a model with the botocore model of its profile, for both operations.
func drifts(t *testing.T, m *Model, b *botocore) []drift {
	var out []drift
	for _, op := range m.Operations() {
		out = append(out, compareFacts(modelFacts(m, op.ID), b.facts(op.ID))...)
	}
	return out
}

// unallowed returns the drifts no allowance covers, and the allowances that covered nothing.
func unallowed(profile string, ds []drift, allow []allowance) ([]drift, []allowance) {
	used := make([]bool, len(allow))
	var out []drift
	for _, d := range ds {
		covered := false
		for i, a := range allow {
			if a.allows(profile, d) {
				used[i], covered = true, true
			}
		}
		if !covered {
			out = append(out, d)
		}
	}
	var stale []allowance
	for i, a := range allow {
		if !used[i] && slices.Contains(a.Profiles, profile) {
			stale = append(stale, a)
		}
	}
	return out, stale
}

// TestDrift compares every constraint of both operations, in both profiles, with the botocore model the profile
// follows (2019 for seed-2019, today's for aws-current): types, lengths, ranges, patterns, enums, item counts,
// key patterns, required members, statuses, error types, message keys and header members. Any difference must
// be in testdata/drift-allow.yaml with its reason, and every allowance must still be needed.
func TestDrift(t *testing.T) {
	allow := loadAllowances(t)
	for _, profile := range Profiles() {
		ds := drifts(t, MustLoad(profile), loadBotocore(t, profile))
		bad, stale := unallowed(profile, ds, allow)
		for _, d := range bad {
			t.Errorf("%s drifts from %s: %s", profile, botocoreFiles[profile], d)
		}
		for _, a := range stale {
			t.Errorf("%s: drift-allow.yaml allows %v, which no longer differs; remove or narrow it", profile, a.Rules)
		}
	}
}

// TestDriftCatchesHandEdits proves the drift test can fail: each edit, made by hand to a copy of a profile's
// document, must show up as a drift that no allowance covers.
func TestDriftCatchesHandEdits(t *testing.T) {
	allow := loadAllowances(t)
	schemas := "components/schemas/"
	fc := schemas + "FunctionConfiguration/properties/"
	for _, c := range []struct {
		profile, name, path string
		value               any
		want                string
		also                map[string]any // further edits the first needs to keep the document valid
	}{
		{Seed2019, "a range", fc + "MemorySize/maximum", 3009, "UpdateFunctionCode.response.MemorySize.range", nil},
		{Seed2019, "a length", schemas + "UpdateFunctionCodeRequest/properties/S3Key/maxLength", 1023, "UpdateFunctionCode.request.S3Key.length", nil},
		{Seed2019, "a pattern", fc + "Version/pattern", `^(?:(\$LATEST|[0-9]*))$`, "PublishVersion.response.Version.pattern", nil},
		{Seed2019, "an allowed enum", fc + "Runtime/enum", []string{"java8", "python3.7"}, "PublishVersion.response.Runtime.enum", nil},
		{Seed2019, "a nested enum", schemas + "TracingConfigResponse/properties/Mode/enum", []string{"Active"}, "UpdateFunctionCode.response.TracingConfig.Mode.enum", nil},
		{Seed2019, "an item count", schemas + "VpcConfigResponse/properties/SubnetIds/maxItems", 15, "UpdateFunctionCode.response.VpcConfig.SubnetIds.items", nil},
		{Seed2019, "a message key", schemas + "ResourceNotFoundException/required", []string{"message"}, "PublishVersion.error.ResourceNotFoundException.message-key", nil},
		{Seed2019, "a member's type", schemas + "EnvironmentResponse/properties/Variables/additionalProperties/type", "integer", "UpdateFunctionCode.response.Environment.Variables{}.type", nil},
		{Seed2019, "error statuses swapped", "components/responses/PreconditionFailed/x-aws-errors", []string{"ServiceException"},
			"UpdateFunctionCode.error.ServiceException.status", map[string]any{"components/responses/ServiceError/x-aws-errors": []string{"PreconditionFailedException"}}},
		{AWSCurrent, "a range", fc + "Timeout/maximum", 900, "UpdateFunctionCode.response.Timeout.range", nil},
		{AWSCurrent, "a new member", fc + "State", nil, "PublishVersion.response.State.type", nil},
		{AWSCurrent, "a required member", schemas + "FunctionConfiguration/properties/EphemeralStorage/required", []string{}, "UpdateFunctionCode.response.EphemeralStorage.Size.required", nil},
		{AWSCurrent, "a path pattern", "components/parameters/FunctionName/schema/pattern",
			`^(?:(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{10,12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?)$`,
			"UpdateFunctionCode.request.FunctionName.pattern", nil},
	} {
		t.Run(c.profile+"/"+c.name, func(t *testing.T) {
			b := loadBotocore(t, c.profile)
			if bad, _ := unallowed(c.profile, drifts(t, MustLoad(c.profile), b), allow); slices.ContainsFunc(bad, keyIs(c.want)) {
				t.Fatalf("%s drifts before the edit", c.want)
			}
			edits := map[string]any{c.path: c.value}
			for p, v := range c.also {
				edits[p] = v
			}
			m := editedModel(t, c.profile, edits)
			bad, _ := unallowed(c.profile, drifts(t, m, b), allow)
			if !slices.ContainsFunc(bad, keyIs(c.want)) {
				t.Fatalf("editing %s did not make %s drift; drifts: %v", c.path, c.want, bad)
			}
		})
	}
}

func keyIs(key string) func(drift) bool { return func(d drift) bool { return d.Key == key } }

// editedModel loads a profile's document with values replaced (nil deletes one), by slash-separated path.
func editedModel(t *testing.T, profile string, edits map[string]any) *Model {
	t.Helper()
	data, err := profileDocument(profile)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	for path, value := range edits {
		keys := strings.Split(path, "/")
		node := doc
		for _, k := range keys[:len(keys)-1] {
			next, ok := node[k].(map[string]any)
			if !ok {
				t.Fatalf("%s: no object at %q", path, k)
			}
			node = next
		}
		last := keys[len(keys)-1]
		if _, ok := node[last]; !ok {
			t.Fatalf("%s: nothing to edit", path)
		}
		if value == nil {
			delete(node, last)
		} else {
			node[last] = value
		}
	}
	edited, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	m, err := loadDocument(profile, edited)
	if err != nil {
		t.Fatalf("the edited document does not load: %v", err)
	}
	return m
}
