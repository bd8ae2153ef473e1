package suites

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

// TestShards: every check lands in exactly one shard, checks that share set-up land together, units of no cost
// (filtered out) are spread too, the split is the same however the checks are ordered, and the shards' costs
// are within the longest-processing-time bound: the longest is at most the ideal plus the largest unit.
func TestShards(t *testing.T) {
	var checks []Meta
	cost := map[string]time.Duration{}
	for i := range 40 {
		id := fmt.Sprintf("semantics.PublishVersion.c%02d", i)
		checks = append(checks, Meta{ID: id})
		cost[id] = time.Duration(400+(i*137)%2600) * time.Millisecond
	}
	for i := range 30 {
		checks = append(checks, Meta{ID: fmt.Sprintf("contract.PublishVersion.response.r%02d", i), group: "contract.PublishVersion.responses"})
	}
	cost["contract.PublishVersion.responses"] = 1600 * time.Millisecond
	for i := range 10 {
		checks = append(checks, Meta{ID: fmt.Sprintf("errors.PublishVersion.filtered%02d", i)}) // cost 0: not selected
	}
	costOf := func(key string) time.Duration { return cost[key] }
	var total, largest time.Duration
	for _, c := range cost {
		total += c
		largest = max(largest, c)
	}
	for _, n := range []int{1, 2, 3, 4, 5, 8, 13} {
		shards := Shards(checks, n, costOf)
		reversed := slices.Clone(checks)
		slices.Reverse(reversed)
		if again := Shards(reversed, n, costOf); !slices.EqualFunc(shards, again, slices.Equal[[]string]) {
			t.Errorf("n=%d: the split depends on the order of the checks", n)
		}
		if len(shards) != n {
			t.Fatalf("n=%d: %d shards", n, len(shards))
		}
		where := map[string]int{}
		for i, s := range shards {
			var load time.Duration
			seen := map[string]bool{}
			for _, id := range s {
				if _, dup := where[id]; dup {
					t.Errorf("n=%d: %s is in shards %d and %d", n, id, where[id], i)
				}
				where[id] = i
				m := checks[slices.IndexFunc(checks, func(m Meta) bool { return m.ID == id })]
				if !seen[m.ShardKey()] {
					seen[m.ShardKey()] = true
					load += cost[m.ShardKey()]
				}
			}
			if load > total/time.Duration(n)+largest {
				t.Errorf("n=%d: shard %d costs %s, over the ideal %s plus the largest unit %s", n, i, load, total/time.Duration(n), largest)
			}
		}
		if len(where) != len(checks) {
			t.Errorf("n=%d: %d of %d checks placed", n, len(where), len(checks))
		}
		group := where["contract.PublishVersion.response.r00"]
		for i := range 30 {
			if w := where[fmt.Sprintf("contract.PublishVersion.response.r%02d", i)]; w != group {
				t.Errorf("n=%d: the group is split between shards %d and %d", n, group, w)
			}
		}
	}
}
