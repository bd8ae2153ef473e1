package cli

import (
	"fmt"
	"io"
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/lambdaconform/lambdaconform/runner/report"
	"github.com/lambdaconform/lambdaconform/suites"
)

// A split run (--procs N, or --shard i/n in separate CI jobs) balances its shards by expected cost: each process
// builds the whole tree without running it (a Ginkgo preview), learns which checks the selection runs, and splits
// them with suites.Shards, using the committed cost table or, with --shard-costs, an earlier JSON report's
// durations. Every process given the same selection computes the same split, so no coordinator is needed.

// selectionConfig is the Ginkgo configuration that selects a run's checks: its label filter, focus and skip.
func selectionConfig(o runOptions) types.SuiteConfig {
	suiteConfig, _ := ginkgo.GinkgoConfiguration()
	// Every field is set, whatever an earlier preview left in Ginkgo's global configuration.
	suiteConfig.LabelFilter, suiteConfig.FocusStrings, suiteConfig.SkipStrings = o.LabelFilter, nil, nil
	if o.Focus != "" {
		suiteConfig.FocusStrings = []string{o.Focus}
	}
	if o.Skip != "" {
		suiteConfig.SkipStrings = []string{o.Skip}
	}
	return suiteConfig
}

// shardPlan is a run's split: each shard's check IDs, and each shard's expected cost.
type shardPlan struct {
	shards   [][]string
	costs    []time.Duration
	selected map[string]bool // the checks the selection runs
}

// planShards splits the checks of the selection into n shards by expected cost. It configures the suites (cfg
// without Checks) to build the tree; the caller configures them again for the run.
func planShards(o runOptions, cfg suites.Config, n int) (shardPlan, error) {
	var measured map[string]time.Duration
	cfg.Checks = nil
	if err := suites.Configure(cfg); err != nil {
		return shardPlan{}, usagef("%v", err)
	}
	preview := ginkgo.PreviewSpecs(suiteDescription, selectionConfig(o))
	metas := map[string]suites.Meta{}
	all := suites.Registered()
	for _, m := range all {
		metas[m.ID] = m
	}
	selectedUnit, selected := map[string]bool{}, map[string]bool{}
	for _, s := range preview.SpecReports {
		// A preview marks the specs that would run as passed, the others as skipped.
		if s.LeafNodeType != types.NodeTypeIt || s.State != types.SpecStatePassed {
			continue
		}
		if m, ok := metas[labelValue(s.Labels(), "check")]; ok {
			selectedUnit[m.ShardKey()] = true
			selected[m.ID] = true
		}
	}
	if o.ShardCosts != "" {
		rep, err := report.ReadJSONFile(o.ShardCosts)
		if err != nil {
			return shardPlan{}, usagef("--shard-costs: %v", err)
		}
		measured = map[string]time.Duration{}
		for _, c := range rep.Checks {
			if m, ok := metas[c.ID]; ok {
				measured[m.ShardKey()] += time.Duration(c.DurationMS) * time.Millisecond
			}
		}
	}
	expected := suites.ExpectedCost(o.Profile, measured)
	cost := func(key string) time.Duration {
		if !selectedUnit[key] {
			return 0
		}
		return expected(key)
	}
	plan := shardPlan{shards: suites.Shards(all, n, cost), costs: make([]time.Duration, n), selected: selected}
	for i, ids := range plan.shards {
		seen := map[string]bool{}
		for _, id := range ids {
			if key := metas[id].ShardKey(); !seen[key] {
				seen[key] = true
				plan.costs[i] += cost(key)
			}
		}
	}
	return plan, nil
}

// shardChecks returns the checks of shard index (0-based) of n, and says on stderr what the shard holds.
func shardChecks(o runOptions, cfg suites.Config, index, n int, stderr io.Writer) ([]string, error) {
	plan, err := planShards(o, cfg, n)
	if err != nil {
		return nil, err
	}
	var total time.Duration
	for _, c := range plan.costs {
		total += c
	}
	runs := 0
	for _, id := range plan.shards[index] {
		if plan.selected[id] {
			runs++
		}
	}
	fmt.Fprintf(stderr, "lambdaconform: shard %d/%d: %d checks, %s of the %s expected against a 200 ms target\n",
		index+1, n, runs, plan.costs[index].Round(100*time.Millisecond), total.Round(100*time.Millisecond))
	return plan.shards[index], nil
}
