// Command refresh runs the checks against moto's server on both profiles with moto's divergence list and
// prints what the list lacks and what it holds in vain, so that the list can be brought up to date:
//
//	go run ./conformance/moto/refresh
//
// It prints, per profile, the verdict and how moto was started; then every entry that matched no failure
// (remove it: moto or the check changed); then a draft entry for every failure the list does not cover, with
// its rule, check, severity (from the rule catalog), the profiles it fails in, and the evidence where the rule's
// source names a section of the behaviour document. Write each draft's reason (what moto does, in one line),
// its evidence and moto's code (docs/moto.md, "Keeping the list true"). Exit 0 when the list is up to date, 1
// when it is not, 2 when moto could not be run.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/lambdaconform/lambdaconform/conformance/moto"
	"github.com/lambdaconform/lambdaconform/internal/testbin"
	"github.com/lambdaconform/lambdaconform/spec"
)

func main() {
	runner := flag.String("runner", "", "a built runner binary (default: build ./runner)")
	list := flag.String("list", moto.ListFile, "the divergence list")
	flag.Parse()
	os.Exit(refresh(*runner, *list))
}

func refresh(runner, list string) int {
	if runner == "" {
		dir, err := os.MkdirTemp("", "lambdaconform-refresh-")
		if err != nil {
			return fail(err)
		}
		defer os.RemoveAll(dir)
		if runner, err = testbin.BuildRunner(dir); err != nil {
			return fail(err)
		}
	}
	var results []moto.Result
	upToDate := true
	for _, profile := range spec.Profiles() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		r, err := moto.Run(ctx, runner, profile, list)
		cancel()
		if err != nil {
			return fail(err)
		}
		first, _, _ := strings.Cut(r.Stderr, "\n")
		fmt.Printf("== %s: %s (exit %d, %s)\n   %s\n", profile, r.Report.Verdict().Line, r.Code,
			r.Duration.Round(100*time.Millisecond), first)
		for _, en := range r.Problems() {
			upToDate = false
			fmt.Printf("   %s entry %d (%s): %s\n", en.Status, en.Index, en.Subject(), en.Note)
		}
		for _, c := range r.Errors() {
			upToDate = false
			fmt.Printf("   could not judge moto: %s: %s\n", c.ID, c.Reason)
		}
		results = append(results, r)
	}
	pairs, profiles, reasons := moto.Uncovered(results)
	if len(pairs) == 0 {
		if upToDate {
			fmt.Println("\nThe list is up to date: every failure is listed and every entry matched.")
			return 0
		}
		return 1
	}
	fmt.Printf("\n# %d failures the list does not cover; fill in reason and evidence, then add them to %s\n", len(pairs), list)
	for _, d := range drafts(pairs, profiles, reasons) {
		fmt.Print(draft(d.pair, d.profiles, d.seen, len(results)))
	}
	return 1
}

// pending is one draft: a rule in a check, or a rule alone (Check empty) for every check that fails it.
type pending struct {
	pair     moto.Pair
	profiles []string
	seen     string
}

// drafts makes one draft per rule moto breaks one way wherever it is checked (moto.RuleAlone), and one per rule
// and check for the others.
func drafts(pairs []moto.Pair, profiles map[moto.Pair][]string, reasons map[moto.Pair]string) []pending {
	var out []pending
	alone := map[string]int{} // rule → index in out
	for _, p := range pairs {
		if !moto.RuleAlone(p.Rule) {
			out = append(out, pending{p, profiles[p], reasons[p]})
			continue
		}
		i, ok := alone[p.Rule]
		if !ok {
			alone[p.Rule] = len(out)
			out = append(out, pending{moto.Pair{Rule: p.Rule}, profiles[p], reasons[p] + " (in " + p.Check + ")"})
			continue
		}
		for _, pr := range profiles[p] {
			if !slices.Contains(out[i].profiles, pr) {
				out[i].profiles = append(out[i].profiles, pr)
			}
		}
		out[i].seen += "; and in " + p.Check
	}
	return out
}

// draft is a list entry for a failure, in the file's format, with TODOs where a person must judge.
func draft(p moto.Pair, profiles []string, seen string, runs int) string {
	rule, _ := spec.MustLoad(profiles[0]).Rule(p.Rule)
	var b strings.Builder
	fmt.Fprintf(&b, "- rule: %s\n", p.Rule)
	if p.Check != "" {
		fmt.Fprintf(&b, "  check: %s\n", p.Check)
	}
	fmt.Fprintf(&b, "  reason: TODO what moto does # the check saw: %s\n", strings.ReplaceAll(seen, "\n", " "))
	fmt.Fprintf(&b, "  evidence: %s\n", evidenceOf(rule))
	fmt.Fprintf(&b, "  severity: %s\n", rule.Severity)
	if len(profiles) < runs {
		fmt.Fprintf(&b, "  profiles: [%s]\n", strings.Join(profiles, ", "))
	}
	return b.String()
}

var section = regexp.MustCompile(`§\d+(\.\d+)?`)

// evidenceOf cites the behaviour document's sections the rule's source names, or asks for them.
func evidenceOf(r spec.Rule) string {
	if strings.Contains(r.Source.Document, "aws-behavior.md") || strings.Contains(r.Source.Document, "lambda-behavior.md") {
		return "docs/aws-behavior.md " + strings.Join(section.FindAllString(r.Source.Document, -1), ", ")
	}
	src := r.Source.Document
	if r.Source.Line > 0 {
		src = fmt.Sprintf("%s:%d", src, r.Source.Line)
	}
	return "TODO docs/aws-behavior.md §? # the rule's source: " + src
}

func fail(err error) int {
	fmt.Fprintf(os.Stderr, "refresh: %v\n", err)
	return 2
}
