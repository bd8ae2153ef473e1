package spec

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestMergePatch runs the examples of RFC 7386, appendix A.
func TestMergePatch(t *testing.T) {
	for _, c := range []struct{ target, patch, want string }{
		{`{"a":"b"}`, `{"a":"c"}`, `{"a":"c"}`},
		{`{"a":"b"}`, `{"b":"c"}`, `{"a":"b","b":"c"}`},
		{`{"a":"b"}`, `{"a":null}`, `{}`},
		{`{"a":"b","b":"c"}`, `{"a":null}`, `{"b":"c"}`},
		{`{"a":["b"]}`, `{"a":"c"}`, `{"a":"c"}`},
		{`{"a":"c"}`, `{"a":["b"]}`, `{"a":["b"]}`},
		{`{"a":{"b":"c"}}`, `{"a":{"b":"d","c":null}}`, `{"a":{"b":"d"}}`},
		{`{"a":[{"b":"c"}]}`, `{"a":[1]}`, `{"a":[1]}`},
		{`["a","b"]`, `["c","d"]`, `["c","d"]`},
		{`{"a":"b"}`, `["c"]`, `["c"]`},
		{`{"a":"foo"}`, `null`, `null`},
		{`{"a":"foo"}`, `"bar"`, `"bar"`},
		{`{"e":null}`, `{"a":1}`, `{"e":null,"a":1}`},
		{`[1,2]`, `{"a":"b","c":null}`, `{"a":"b"}`},
		{`{}`, `{"a":{"bb":{"ccc":null}}}`, `{"a":{"bb":{}}}`},
	} {
		got, err := patchDocument([]byte(c.target), []byte(c.patch))
		if err != nil {
			t.Fatal(err)
		}
		var g, w any
		_ = json.Unmarshal(got, &g)
		_ = json.Unmarshal([]byte(c.want), &w)
		if !reflect.DeepEqual(g, w) {
			t.Errorf("patch %s over %s = %s, want %s", c.patch, c.target, got, c.want)
		}
	}
}

func TestPatchRejectsNonStringKeys(t *testing.T) {
	if _, err := patchDocument([]byte("responses:\n  200: {}\n")); err == nil {
		t.Fatal("an unquoted status code was accepted as a key")
	}
}

func TestProfiles(t *testing.T) {
	if got, want := Profiles(), []string{AWSCurrent, Seed2019}; !slices.Equal(got, want) {
		t.Fatalf("Profiles() = %v, want %v", got, want)
	}
	_, err := Load("aws-2030")
	if err == nil || !strings.Contains(err.Error(), "aws-current, seed-2019") {
		t.Fatalf("Load of an unknown profile: %v, want an error listing the known ones", err)
	}
	for _, p := range Profiles() {
		if m := MustLoad(p); m.Profile != p || MustLoad(p) != m {
			t.Errorf("%s: the model is not loaded once and shared", p)
		}
	}
}

// TestRuleIDsStable checks the promise baselines rely on: a constraint has the same rule ID in both profiles, so
// every seed-2019 rule is in aws-current, which only adds rules.
func TestRuleIDsStable(t *testing.T) {
	current := MustLoad(AWSCurrent)
	for _, r := range MustLoad(Seed2019).Rules() {
		if _, ok := current.Rule(r.ID); !ok {
			t.Errorf("rule %s of seed-2019 is missing from aws-current", r.ID)
		}
	}
}

// TestSourcesHonest checks that a rule of aws-current that cites the 2019 documents states what it states in
// seed-2019: a constraint that changed must cite today's model.
func TestSourcesHonest(t *testing.T) {
	seed := MustLoad(Seed2019)
	for _, r := range MustLoad(AWSCurrent).Rules() {
		doc := r.Source.Document
		if !strings.HasPrefix(doc, "spec/seeds/") && !strings.HasPrefix(doc, evidenceFiles[sourceBotocore2019]) {
			continue
		}
		old, ok := seed.Rule(r.ID)
		if !ok || old.Value != r.Value || old.Source != r.Source {
			t.Errorf("%s cites %q but states %q; in seed-2019 it states %q from %q", r.ID, doc, r.Value, old.Value, old.Source.Document)
		}
	}
}
