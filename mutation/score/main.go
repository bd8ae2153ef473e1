// Command score prints the mutation score of the suites from a gremlins run over the reference target, with every
// surviving mutant and its triage (mutation/triage.yaml). It exits 1 when a survivor has no triage, when a triage
// entry no longer matches a survivor (the list must stay current), or when the score is below the goal.
//
//	go run ./mutation/score -results gremlins.json [-triage mutation/triage.yaml] [-src fixtures/reference]
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

func main() {
	code, err := run(os.Args[1:], os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "score:", err)
	}
	os.Exit(code)
}

func run(args []string, w io.Writer) (int, error) {
	fs := flag.NewFlagSet("score", flag.ContinueOnError)
	resultsPath := fs.String("results", "", "gremlins' JSON output (gremlins unleash -o FILE)")
	triagePath := fs.String("triage", "mutation/triage.yaml", "the triage of the survivors")
	src := fs.String("src", "fixtures/reference", "the directory of the mutated package")
	goal := fs.Float64("goal", 90, "the lowest acceptable score, in percent of the counted mutants")
	if err := fs.Parse(args); err != nil {
		return 2, err
	}
	if *resultsPath == "" {
		return 2, fmt.Errorf("-results is required")
	}
	data, err := os.ReadFile(*resultsPath)
	if err != nil {
		return 2, err
	}
	var res results
	if err := json.Unmarshal(data, &res); err != nil {
		return 2, fmt.Errorf("%s: %w", *resultsPath, err)
	}
	var ms []*mutant
	for _, f := range res.Files {
		for _, m := range f.Mutations {
			ms = append(ms, &mutant{File: filepath.ToSlash(f.Name), Type: m.Type, Status: m.Status, Line: m.Line, Column: m.Column})
		}
	}
	if len(ms) == 0 {
		return 2, fmt.Errorf("%s holds no mutants", *resultsPath)
	}
	if err := locate(ms, *src); err != nil {
		return 2, err
	}
	triage, err := readTriage(*triagePath)
	if err != nil {
		return 2, err
	}
	s := judge(ms, triage)
	report(w, s, len(ms), time.Duration(res.Elapsed*float64(time.Second)), *goal)
	if len(s.Untriaged) > 0 || len(s.Stale) > 0 || len(s.Contradicted) > 0 || s.percent() < *goal {
		return 1, nil
	}
	return 0, nil
}

func report(w io.Writer, s score, total int, elapsed time.Duration, goal float64) {
	fmt.Fprintf(w, "Mutants: %d (%d not viable, %d duplicates); killed by the suites: %d, of which %d in out-of-scope code and %d by running past the time bound\n",
		total, s.NotViable, s.Duplicate, s.Killed+s.TimedOut+s.KilledOutOfScope, s.KilledOutOfScope, s.TimedOut)
	fmt.Fprintf(w, "Survivors: %d — equivalent %d, out of scope %d, missing check %d, untriaged %d\n",
		len(s.Survived), s.Equivalent, s.OutOfScope, s.Missing, len(s.Untriaged))
	fmt.Fprintf(w, "Score: %d of %d in-scope, non-equivalent mutants killed: %.1f %% (goal %.0f %%); %.1f %% of all %d viable mutants\n",
		s.Killed+s.TimedOut, s.counted(), s.percent(), goal,
		100*float64(s.Killed+s.TimedOut+s.KilledOutOfScope)/float64(max(s.viable(), 1)), s.viable())
	if elapsed > 0 {
		fmt.Fprintf(w, "Gremlins ran for %s\n", elapsed.Round(time.Second))
	}
	if len(s.Contradicted) > 0 {
		fmt.Fprintf(w, "\nKILLED, yet triaged equivalent (narrow the entry with code: and mutator:):\n")
		for _, m := range s.Contradicted {
			fmt.Fprintf(w, "  %s:%d:%d %s in %s: %s\n", m.File, m.Line, m.Column, m.Type, m.Func, m.Code)
		}
	}
	section := func(title string, keep func(*mutant) bool) {
		first := true
		for _, m := range s.Survived {
			if !keep(m) {
				continue
			}
			if first {
				fmt.Fprintf(w, "\n%s\n", title)
				first = false
			}
			fmt.Fprintf(w, "  %s:%d:%d %s %s in %s: %s\n", m.File, m.Line, m.Column, m.Type, m.Status, m.Func, m.Code)
			if m.Triage != nil {
				fmt.Fprintf(w, "      %s\n", m.Triage.Why)
			}
		}
	}
	section("UNTRIAGED (add to mutation/triage.yaml, or write the check that kills it):", func(m *mutant) bool { return m.Triage == nil })
	section("Missing checks (counted against the score):", func(m *mutant) bool { return m.Triage != nil && m.Triage.Class == missingCheck })
	section("Out of scope:", func(m *mutant) bool { return m.Triage != nil && m.Triage.Class == outOfScope })
	section("Equivalent:", func(m *mutant) bool { return m.Triage != nil && m.Triage.Class == equivalent })
	if len(s.Stale) > 0 {
		fmt.Fprintf(w, "\nSTALE triage entries (no survivor matches them any more; remove them):\n")
		for _, e := range s.Stale {
			fmt.Fprintf(w, "  %s %s %q %s\n", e.File, e.Func, e.Code, e.Type)
		}
	}
}
