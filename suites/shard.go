package suites

import (
	_ "embed"
	"encoding/json"
	"slices"
	"sort"
	"sync"
	"time"
)

// A run split between processes (or CI jobs) gives each a shard of the checks: Shards splits them by expected
// cost, and Config.Checks tells each process which checks are its own. Checks that share set-up (an ordered
// container, such as the response-rule checks of one operation, which share one observation) form one unit and
// stay together.

// ShardKey names the unit a check is sharded with: its group when it shares set-up with others, else its ID.
func (m Meta) ShardKey() string {
	if m.group != "" {
		return m.group
	}
	return m.ID
}

// Shards splits checks into n shards of about equal expected cost, and returns each shard's check IDs. cost
// gives the expected cost of a unit (a ShardKey: checks that share set-up go together), zero for a unit none of
// whose checks will run (filtered out: its checks still land in exactly one shard). Units are placed from the
// most expensive down, each in the shard with the least expected cost so far (then the fewest checks, then the
// lowest index): the longest-processing-time rule, whose longest shard is within a third of the best possible
// and, with many small units, close to it. The split depends only on its arguments, so separate processes given
// the same checks compute the same one.
func Shards(checks []Meta, n int, cost func(key string) time.Duration) [][]string {
	if n < 1 {
		n = 1
	}
	type unit struct {
		key  string
		ids  []string
		cost time.Duration
	}
	byKey := map[string]*unit{}
	var units []*unit
	for _, m := range checks {
		u := byKey[m.ShardKey()]
		if u == nil {
			u = &unit{key: m.ShardKey(), cost: cost(m.ShardKey())}
			byKey[u.key] = u
			units = append(units, u)
		}
		u.ids = append(u.ids, m.ID)
	}
	sort.Slice(units, func(i, j int) bool {
		if units[i].cost != units[j].cost {
			return units[i].cost > units[j].cost
		}
		return units[i].key < units[j].key
	})
	shards := make([][]string, n)
	loads := make([]time.Duration, n)
	counts := make([]int, n)
	for _, u := range units {
		best := 0
		for i := 1; i < n; i++ {
			if loads[i] < loads[best] || loads[i] == loads[best] && counts[i] < counts[best] {
				best = i
			}
		}
		shards[best] = append(shards[best], u.ids...)
		loads[best] += u.cost
		counts[best] += len(u.ids)
	}
	for _, s := range shards {
		slices.Sort(s)
	}
	return shards
}

// costTable is costs.json: how long each unit of checks (ShardKey) took against the reference target answering
// every call 200 ms late (go run ./runner --variation slow), by profile. `go run ./runner/internal/costtable`
// writes it from such runs' JSON reports.
//
//go:embed costs.json
var costTable []byte

// CostTable is the content of costs.json.
type CostTable struct {
	Measured string                      `json:"measured"` // how the figures were obtained
	Profiles map[string]map[string]int64 `json:"profiles"` // profile -> ShardKey -> milliseconds
}

var loadCosts = sync.OnceValue(func() CostTable {
	var c CostTable
	if err := json.Unmarshal(costTable, &c); err != nil {
		panic("suites: costs.json: " + err.Error()) // embedded and tested: cannot happen in a build
	}
	return c
})

// Costs returns the committed cost table.
func Costs() CostTable { return loadCosts() }

// ExpectedCost returns the expected cost of a unit of checks (a ShardKey) under a profile: how long it took
// against a target that answers every call 200 ms late, from the committed table, with measured (a JSON
// report's durations, summed by unit; nil for none) taking precedence. A unit neither knows (a check newer than
// the table) is given the median cost of the table's units.
func ExpectedCost(profile string, measured map[string]time.Duration) func(key string) time.Duration {
	table := loadCosts().Profiles[profile]
	median := medianCost(table)
	return func(key string) time.Duration {
		if d, ok := measured[key]; ok {
			return d
		}
		if ms, ok := table[key]; ok {
			return time.Duration(ms) * time.Millisecond
		}
		return median
	}
}

func medianCost(table map[string]int64) time.Duration {
	if len(table) == 0 {
		return time.Second
	}
	ms := make([]int64, 0, len(table))
	for _, v := range table {
		ms = append(ms, v)
	}
	slices.Sort(ms)
	return time.Duration(ms[len(ms)/2]) * time.Millisecond
}

// inShard reports whether this process registers a check: all when the run is not split.
func inShard(m Meta) bool {
	return current == nil || current.only == nil || current.only[m.ID]
}
