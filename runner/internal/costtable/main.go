// Command costtable writes suites/costs.json, the expected cost of each unit of checks that balances split runs,
// from the JSON reports of runs against the reference target answering every call 200 ms late:
//
//	go run ./runner --variation slow --json-report /tmp/seed.json
//	go run ./runner --variation slow --profile aws-current --json-report /tmp/current.json
//	go run ./runner/internal/costtable /tmp/seed.json /tmp/current.json
//
// Durations are summed by unit (suites.Meta.ShardKey): checks that share set-up cost what the group took.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/onsi/ginkgo/v2"

	"github.com/lambdaconform/lambdaconform/runner/report"
	"github.com/lambdaconform/lambdaconform/suites"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "costtable: %v\n", err)
		os.Exit(1)
	}
}

func run(reports []string) error {
	if len(reports) == 0 {
		return fmt.Errorf("usage: costtable REPORT.json... (JSON reports of runs with --variation slow)")
	}
	out := suites.Costs()
	if out.Profiles == nil {
		out.Profiles = map[string]map[string]int64{}
	}
	for _, path := range reports {
		rep, err := report.ReadJSONFile(path)
		if err != nil {
			return err
		}
		keys, err := shardKeys(rep.Profile)
		if err != nil {
			return err
		}
		table := map[string]int64{}
		for _, c := range rep.Checks {
			key, ok := keys[c.ID]
			if !ok {
				continue // a check this version no longer has
			}
			table[key] += c.DurationMS
		}
		for id, key := range keys {
			if _, ok := table[key]; !ok {
				return fmt.Errorf("%s: no duration for check %s: measure a run of every check", path, id)
			}
		}
		out.Profiles[rep.Profile] = table
		fmt.Fprintf(os.Stderr, "costtable: %s: %d units of %d checks, %s in all\n", rep.Profile, len(table), len(keys),
			rep.Duration.Round(time.Second))
	}
	out.Measured = "milliseconds each unit of checks took against the reference target answering every call 200 ms late " +
		"(go run ./runner --variation slow), summed by unit; written by go run ./runner/internal/costtable"
	data, err := json.MarshalIndent(out, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile("suites/costs.json", append(data, '\n'), 0o644)
}

// shardKeys maps every check of a profile to its unit.
func shardKeys(profile string) (map[string]string, error) {
	if err := suites.Configure(suites.Config{Endpoint: "http://127.0.0.1:9", Profile: profile}); err != nil {
		return nil, err
	}
	suiteConfig, _ := ginkgo.GinkgoConfiguration()
	ginkgo.PreviewSpecs("lambdaconform", suiteConfig)
	keys := map[string]string{}
	for _, m := range suites.Registered() {
		keys[m.ID] = m.ShardKey()
	}
	return keys, nil
}
