package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func outcomes(t *testing.T, path string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Checks []struct{ ID, Outcome string }
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, c := range rep.Checks {
		if _, dup := out[c.ID]; dup {
			t.Errorf("%s lists %s twice", path, c.ID)
		}
		out[c.ID] = c.Outcome
	}
	return out
}

// TestShardsTogetherAreTheRun runs a label-filtered selection in one process, then as three --shard jobs that
// compute their split independently, as separate CI jobs do: every check is in exactly one shard's report, and
// together the shards report what one process reports, check by check.
func TestShardsTogetherAreTheRun(t *testing.T) {
	dir := t.TempDir()
	filter := []string{"--label-filter", "family:semantics || operation:PublishVersion && family:contract"}
	whole := filepath.Join(dir, "whole.json")
	if r := runRunner(t, append(filter, "--json-report", whole)...); r.Code != 0 {
		t.Fatalf("exit %d\n%s\n%s", r.Code, r.Stdout, r.Stderr)
	}
	want := outcomes(t, whole)
	union := map[string]string{}
	ran := 0
	for i := 1; i <= 3; i++ {
		part := filepath.Join(dir, fmt.Sprintf("shard-%d.json", i))
		r := runRunner(t, append(filter, "--shard", fmt.Sprintf("%d/3", i), "--json-report", part)...)
		if r.Code != 0 {
			t.Fatalf("shard %d/3: exit %d\n%s\n%s", i, r.Code, r.Stdout, r.Stderr)
		}
		got := outcomes(t, part)
		n := 0
		for id, o := range got {
			if _, dup := union[id]; dup {
				t.Errorf("%s is in two shards", id)
			}
			union[id] = o
			if o != "skipped" {
				n++
			}
		}
		if n == 0 {
			t.Errorf("shard %d/3 judged nothing", i)
		}
		ran += n
	}
	if len(union) != len(want) {
		t.Errorf("the shards report %d checks, one process %d", len(union), len(want))
	}
	for id, o := range want {
		if union[id] != o {
			t.Errorf("%s: %q in one process, %q across the shards", id, o, union[id])
		}
	}
	if ran == 0 {
		t.Error("no shard judged a check")
	}
}
