package cli

import (
	"slices"
	"testing"
	"time"

	"github.com/lambdaconform/lambdaconform/spec"
	"github.com/lambdaconform/lambdaconform/suites"
)

// previewed returns the checks a selection runs in one process, and every check of the tree.
func previewed(t *testing.T, o runOptions) (selected map[string]bool, all []suites.Meta) {
	t.Helper()
	plan, err := planShards(o, suites.Config{Endpoint: "http://127.0.0.1:9", Profile: o.Profile}, 1)
	if err != nil {
		t.Fatal(err)
	}
	return plan.selected, suites.Registered()
}

// TestShardsPartitionTheSelection: for several n, with and without label filters and focus, every check of the
// tree lands in exactly one shard, the checks the shards run are together exactly the checks one process runs,
// checks that share set-up land together, and computing the split again gives the same one.
func TestShardsPartitionTheSelection(t *testing.T) {
	for _, sel := range []runOptions{
		{Profile: spec.Seed2019},
		{Profile: spec.Seed2019, LabelFilter: "family:semantics"},
		{Profile: spec.Seed2019, LabelFilter: "operation:PublishVersion && !evidence:unverified"},
		{Profile: spec.Seed2019, LabelFilter: "family:contract", Focus: "LastModified|status"},
		{Profile: spec.AWSCurrent, Skip: "interop"},
	} {
		selected, all := previewed(t, sel)
		if len(selected) == 0 {
			t.Fatalf("%+v selects nothing", sel)
		}
		keyOf := map[string]string{}
		for _, m := range all {
			keyOf[m.ID] = m.ShardKey()
		}
		for _, n := range []int{2, 3, 5, 8} {
			plan, err := planShards(sel, suites.Config{Endpoint: "http://127.0.0.1:9", Profile: sel.Profile}, n)
			if err != nil {
				t.Fatal(err)
			}
			again, _ := planShards(sel, suites.Config{Endpoint: "http://127.0.0.1:9", Profile: sel.Profile}, n)
			if !slices.EqualFunc(plan.shards, again.shards, slices.Equal[[]string]) {
				t.Errorf("%+v, n=%d: two computations of the split differ", sel, n)
			}
			shardOf := map[string]int{}
			unitShard := map[string]int{}
			runs := map[string]bool{}
			for i, ids := range plan.shards {
				for _, id := range ids {
					if j, dup := shardOf[id]; dup {
						t.Errorf("%+v, n=%d: %s is in shards %d and %d", sel, n, id, j, i)
					}
					shardOf[id] = i
					if j, ok := unitShard[keyOf[id]]; ok && j != i {
						t.Errorf("%+v, n=%d: unit %s is split between shards %d and %d", sel, n, keyOf[id], j, i)
					}
					unitShard[keyOf[id]] = i
					if plan.selected[id] {
						runs[id] = true
					}
				}
			}
			if len(shardOf) != len(all) {
				t.Errorf("%+v, n=%d: %d of the tree's %d checks are in a shard", sel, n, len(shardOf), len(all))
			}
			if len(runs) != len(selected) {
				t.Errorf("%+v, n=%d: the shards run %d checks, one process %d", sel, n, len(runs), len(selected))
			}
			for id := range selected {
				if !runs[id] {
					t.Errorf("%+v, n=%d: no shard runs %s", sel, n, id)
				}
			}
		}
	}
}

// TestShardsAreBalanced: with the committed cost table, the expected cost of the longest shard of a whole run is
// within 10% of an even split, for every n up to 8 and both profiles (the benchmark measures the real times).
func TestShardsAreBalanced(t *testing.T) {
	for _, profile := range spec.Profiles() {
		for n := 2; n <= 8; n++ {
			plan, err := planShards(runOptions{Profile: profile}, suites.Config{Endpoint: "http://127.0.0.1:9", Profile: profile}, n)
			if err != nil {
				t.Fatal(err)
			}
			var total, longest time.Duration
			for _, c := range plan.costs {
				total += c
				longest = max(longest, c)
			}
			if even := total / time.Duration(n); longest > even+even/10 {
				t.Errorf("%s, n=%d: the longest shard is expected to take %s, an even split %s", profile, n, longest, even)
			}
		}
	}
}

// TestCostTableCoversEveryCheck: the committed cost table knows every unit of checks of both profiles, so that
// no check is balanced on a guess; regenerate it as runner/internal/costtable says when this fails.
func TestCostTableCoversEveryCheck(t *testing.T) {
	for _, profile := range spec.Profiles() {
		table := suites.Costs().Profiles[profile]
		_, all := previewed(t, runOptions{Profile: profile})
		for _, m := range all {
			if _, ok := table[m.ShardKey()]; !ok {
				t.Errorf("%s: suites/costs.json has no cost for %s (go run ./runner/internal/costtable)", profile, m.ShardKey())
			}
		}
	}
}
