package main

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestMergeAndCompareRefuse: reports that do not belong together are refused with exit 2 and one line that
// says why, never a panic; the fixtures themselves merge and compare (exit 0 or the verdict's code).
func TestMergeAndCompareRefuse(t *testing.T) {
	dir := t.TempDir()
	f := func(name string) string { return filepath.Join(dir, name) }
	interop := []string{"--label-filter", "family:interop"}
	runs := map[string][]string{
		"s1.json":        {"--shard", "1/2"},
		"s2.json":        {"--shard", "2/2"},
		"s2of3.json":     {"--shard", "2/3"},
		"whole.json":     nil,
		"current.json":   {"--shard", "2/2", "--profile", "aws-current"},
		"currentw.json":  {"--profile", "aws-current"},
		"faulty.json":    {"--shard", "2/2", "--fault", "publish-status-200"},
		"selection.json": {"--shard", "2/2", "--label-filter", "family:interop && operation:PublishVersion"},
		"strict.json":    {"--shard", "2/2", "--strict"},
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	for name, args := range runs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := runRunner(t, append(append(append([]string{}, interop...), args...), "--json-report", f(name))...)
			if r.Code == 2 { // a shard of these few checks may have none: exit 3
				mu.Lock()
				defer mu.Unlock()
				t.Errorf("making %s: exit %d\n%s", name, r.Code, r.Stderr)
			}
		}()
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	edit := func(from, to, old, new string) {
		data, err := os.ReadFile(f(from))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), old) {
			t.Fatalf("%s has no %q", from, old)
		}
		if err := os.WriteFile(f(to), []byte(strings.Replace(string(data), old, new, 1)), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	catalog := readReport(t, f("s2.json")).Catalog
	edit("s2.json", "catalog.json", catalog, "sha256:0000000000000000")
	edit("whole.json", "catalogw.json", catalog, "sha256:0000000000000000")
	edit("s2.json", "version.json", `"version": "`, `"version": "v9.9.9`)
	edit("s2.json", "copy.json", `"schema"`, `"schema"`)
	if err := os.WriteFile(f("notjson.json"), []byte("hello"), 0o600); err != nil {
		t.Fatal(err)
	}

	if r := runRunner(t, "merge", f("s2.json"), f("s1.json")); r.Code != 0 {
		t.Fatalf("the two shards of the fixture run do not merge: exit %d\n%s", r.Code, r.Stderr)
	}
	if r := runRunner(t, "compare", f("whole.json"), f("faulty.json")); r.Code != 2 {
		t.Fatalf("compare took a shard: exit %d", r.Code)
	}

	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"merge: no report", []string{"merge"}, "merge needs the JSON reports of the shards"},
		{"merge: no such file", []string{"merge", f("s1.json"), f("no-such.json")}, "no-such.json"},
		{"merge: not JSON", []string{"merge", f("s1.json"), f("notjson.json")}, "not a JSON report"},
		{"merge: not a shard", []string{"merge", f("s1.json"), f("whole.json")}, "whole.json is not the report of a shard"},
		{"merge: a shard missing", []string{"merge", f("s1.json")}, "shard 2/2 of the run is missing"},
		{"merge: a shard twice", []string{"merge", f("s1.json"), f("s2.json"), f("copy.json")}, "shard 2/2 is given twice"},
		{"merge: profiles", []string{"merge", f("s1.json"), f("current.json")}, "has profile seed-2019"},
		{"merge: targets", []string{"merge", f("s1.json"), f("faulty.json")}, "fault publish-status-200"},
		{"merge: selections", []string{"merge", f("s1.json"), f("selection.json")}, "operation:PublishVersion"},
		{"merge: strict and not", []string{"merge", f("s1.json"), f("strict.json")}, "strict mode"},
		{"merge: splits", []string{"merge", f("s1.json"), f("s2of3.json")}, "shard 2/3"},
		{"merge: catalogs", []string{"merge", f("s1.json"), f("catalog.json")}, "has sha256:0000000000000000"},
		{"merge: versions", []string{"merge", f("s1.json"), f("version.json")}, "lambdaconform version"},
		{"merge: expected-failures file", []string{"merge", "--expected-failures", f("no-such.yaml"), f("s1.json"), f("s2.json")}, "no-such.yaml"},
		{"merge: color", []string{"merge", "--color", "pink", f("s1.json"), f("s2.json")}, "--color"},
		{"compare: one run", []string{"compare", f("whole.json")}, "two runs or more; 1 given"},
		{"compare: a shard", []string{"compare", f("whole.json"), f("s1.json")}, "s1 is shard 1/2 of a run: merge the shards first"},
		{"compare: profiles", []string{"compare", f("whole.json"), f("currentw.json")}, "whole used profile seed-2019, currentw used aws-current"},
		{"compare: catalogs", []string{"compare", f("whole.json"), f("catalogw.json")}, "different rule catalogs"},
		{"compare: one name twice", []string{"compare", "x=" + f("whole.json"), "x=" + f("catalogw.json")}, "two reports are named x"},
		{"compare: not JSON", []string{"compare", f("whole.json"), f("notjson.json")}, "not a JSON report"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runRunner(t, tc.args...)
			if r.Code != 2 {
				t.Errorf("exit %d, want 2\n%s%s", r.Code, r.Stdout, r.Stderr)
			}
			msg := strings.TrimSpace(r.Stderr)
			if strings.Contains(msg, "\n") || !strings.HasPrefix(msg, "runner: ") {
				t.Errorf("want one line starting runner:, got:\n%s", r.Stderr)
			}
			if !strings.Contains(msg, tc.want) {
				t.Errorf("%q does not say %q", msg, tc.want)
			}
			if strings.Contains(r.Stderr, "goroutine ") || strings.Contains(r.Stderr, "panic") {
				t.Errorf("a panic:\n%s", r.Stderr)
			}
		})
	}
}
