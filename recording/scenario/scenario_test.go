package scenario

import (
	"bytes"
	"regexp"
	"slices"
	"testing"

	"github.com/onsi/ginkgo/v2"

	"github.com/lambdaconform/lambdaconform/spec"
	"github.com/lambdaconform/lambdaconform/suites"
)

var idRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// TestTable: scenario and step IDs are unique, well formed (they are the recording's exchange IDs), and every
// step sends a known package.
func TestTable(t *testing.T) {
	seen := map[string]bool{}
	for _, sc := range All() {
		if !idRE.MatchString(sc.ID) || seen[sc.ID] || sc.Title == "" {
			t.Errorf("scenario %q: an ID must be unique kebab-case, with a title", sc.ID)
		}
		seen[sc.ID] = true
		steps := map[string]bool{}
		for _, st := range sc.Steps {
			for _, id := range []string{st.ID, st.ID + "-before", st.ID + "-state"} {
				if steps[id] {
					t.Errorf("%s/%s: step IDs must be unique within a scenario, the -before and -state of conditional steps too", sc.ID, id)
				}
			}
			if !idRE.MatchString(st.ID) {
				t.Errorf("%s/%s: not kebab-case", sc.ID, st.ID)
			}
			steps[st.ID] = true
		}
	}
	if _, err := Select([]string{"lifecycle", "nope"}); err == nil {
		t.Error("Select accepted an unknown scenario")
	}
	if got, _ := Select([]string{"versions", "lifecycle"}); len(got) != 2 || got[0].ID != "lifecycle" {
		t.Errorf("Select does not keep table order: %v", got)
	}
}

// TestPackagesDiffer: every label names other bytes (a CodeSha256 stands for one label only), and the same
// bytes on every call.
func TestPackagesDiffer(t *testing.T) {
	pkgs := Packages()
	if len(pkgs) < 20 {
		t.Fatalf("%d packages; the table uses more", len(pkgs))
	}
	for i, p := range pkgs {
		if !bytes.Equal(p.Bytes, Package(p.Label)) {
			t.Errorf("%s: two calls give different bytes", p.Label)
		}
		for _, q := range pkgs[:i] {
			if bytes.Equal(p.Bytes, q.Bytes) {
				t.Errorf("%s and %s are the same bytes", p.Label, q.Label)
			}
		}
	}
}

// TestStepsNameRealChecks: the checks the steps name exist (aws-current has them all), so that a renamed check
// cannot leave a step pointing nowhere.
func TestStepsNameRealChecks(t *testing.T) {
	if err := suites.Configure(suites.Config{Endpoint: "http://127.0.0.1:9", Profile: spec.AWSCurrent}); err != nil {
		t.Fatal(err)
	}
	cfg, _ := ginkgo.GinkgoConfiguration()
	ginkgo.PreviewSpecs("lambdaconform", cfg)
	var ids []string
	for _, m := range suites.Registered() {
		ids = append(ids, m.ID)
	}
	named := CheckIDs()
	if len(named) < 40 {
		t.Errorf("the steps name %d checks; they reproduce more", len(named))
	}
	for _, c := range named {
		if !slices.Contains(ids, c) {
			t.Errorf("a step names check %s, which does not exist", c)
		}
	}
}
