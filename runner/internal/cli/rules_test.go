package cli

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/lambdaconform/lambdaconform/spec"
)

func runMain(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := Main(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestRulesJSON(t *testing.T) {
	for _, profile := range spec.Profiles() {
		code, out, errOut := runMain("rules", "--json", "--profile", profile)
		if code != ExitConformant {
			t.Fatalf("%s: exit %d: %s", profile, code, errOut)
		}
		var got struct {
			Profile string      `json:"profile"`
			Count   int         `json:"count"`
			Rules   []spec.Rule `json:"rules"`
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("%s: the output is not JSON: %v", profile, err)
		}
		want := spec.MustLoad(profile).Rules()
		if got.Profile != profile || got.Count != len(want) || len(got.Rules) != len(want) {
			t.Fatalf("%s: profile %q with %d/%d rules, want %d", profile, got.Profile, got.Count, len(got.Rules), len(want))
		}
		byID := map[string]spec.Rule{}
		for _, r := range got.Rules {
			byID[r.ID] = r
		}
		s3, ok := byID["UpdateFunctionCode.request.S3Bucket.pattern"]
		if !ok || s3.Pattern == "" || s3.AWSPattern == "" || s3.Source.Document == "" || !strings.HasPrefix(s3.Source.Quote, "Pattern: ") {
			t.Errorf("%s: the S3Bucket pattern rule lacks its pattern or wording: %+v", profile, s3)
		}
		if profile == spec.Seed2019 && (s3.Source.Line == 0 || s3.Source.Document != "spec/seeds/UpdateFunctionCode.txt") {
			t.Errorf("the seed rule does not cite its page line: %+v", s3.Source)
		}
	}
}

func TestRulesJSONSamples(t *testing.T) {
	code, out, errOut := runMain("rules", "--json", "--samples", "--operation", "PublishVersion", "--kind", "length")
	if code != ExitConformant {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got struct {
		Rules []struct {
			ID      string        `json:"id"`
			Kind    string        `json:"kind"`
			Samples []spec.Sample `json:"samples"`
		} `json:"rules"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Rules) == 0 {
		t.Fatal("no rules")
	}
	for _, r := range got.Rules {
		if !strings.HasPrefix(r.ID, "PublishVersion.") || r.Kind != "length" || len(r.Samples) == 0 {
			t.Errorf("rule %s (%s) with %d samples", r.ID, r.Kind, len(r.Samples))
		}
	}
}

func TestRulesText(t *testing.T) {
	code, out, _ := runMain("rules")
	if code != ExitConformant {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{
		"rules of the seed-2019 contract",
		"UpdateFunctionCode  PUT /2015-03-31/functions/{FunctionName}/code, success 200",
		"UpdateFunctionCode.request.FunctionName.plain-name-length  [plain-name-length, unverified]",
		"source:   spec/seeds/UpdateFunctionCode.txt:30",
		`"Valid Range: Minimum value of 128. Maximum value of 3008."`,
		"Behaviour across calls",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the text lacks %q", want)
		}
	}
}

func TestRulesUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"rules", "--profile", "aws-2030"},
		{"rules", "--operation", "DeleteFunction"},
		{"rules", "--kind", "colour"},
		{"rules", "extra"},
	} {
		code, _, errOut := runMain(args...)
		if code != ExitUsage || !strings.Contains(errOut, "runner:") {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 with a message", args, code, errOut)
		}
	}
	_, _, errOut := runMain("rules", "--profile", "aws-2030")
	if !strings.Contains(errOut, "aws-current, seed-2019") {
		t.Errorf("the unknown-profile message does not list the known profiles: %q", errOut)
	}
}
