package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/lambdaconform/lambdaconform/spec"
)

const rulesExamples = `  runner rules                                     the seed-2019 catalog, by operation
  runner rules --profile aws-current --json        today's AWS contract, as JSON
  runner rules --operation PublishVersion --kind pattern
  runner rules --json --samples                    with each rule's boundary samples
`

// catalogJSON is what rules --json prints.
type catalogJSON struct {
	Profile string     `json:"profile"`
	Count   int        `json:"count"`
	Rules   []ruleJSON `json:"rules"`
}

type ruleJSON struct {
	spec.Rule
	Samples []spec.Sample `json:"samples,omitempty"`
}

// rulesCommand prints the rule catalog: what is checked and where each rule comes from.
func rulesCommand(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("rules", "runner rules [flags]", rulesExamples, stderr)
	profile := fs.String("profile", spec.Seed2019, "contract profile: "+strings.Join(spec.Profiles(), " or "))
	asJSON := fs.Bool("json", false, "print the catalog as JSON")
	operation := fs.String("operation", "", "only the rules of this operation")
	kind := fs.String("kind", "", "only the rules of this kind (status, type, length, range, pattern, enum, behavior, ...)")
	samples := fs.Bool("samples", false, "with --json: include each rule's boundary samples")
	if err := parse(fs, args); err != nil {
		return err
	}
	m, err := spec.Load(*profile)
	if err != nil {
		return usagef("%v", err)
	}
	if *operation != "" && m.Operation(*operation) == nil {
		return usagef("unknown operation %q (known: %s)", *operation, strings.Join(operationIDs(m), ", "))
	}
	var rules []spec.Rule
	kinds := map[spec.Kind]bool{}
	for _, r := range m.Rules() {
		kinds[r.Kind] = true
		if (*operation == "" || r.AppliesTo(*operation)) && (*kind == "" || string(r.Kind) == *kind) {
			rules = append(rules, r)
		}
	}
	if *kind != "" && !kinds[spec.Kind(*kind)] {
		return usagef("unknown kind %q (known: %s)", *kind, strings.Join(sortedKinds(kinds), ", "))
	}
	if *asJSON {
		out := catalogJSON{Profile: m.Profile, Count: len(rules), Rules: make([]ruleJSON, 0, len(rules))}
		for _, r := range rules {
			rj := ruleJSON{Rule: r}
			if *samples {
				rj.Samples = r.Samples()
			}
			out.Rules = append(out.Rules, rj)
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	printRules(stdout, m, rules)
	return nil
}

// printRules writes the catalog as text: a heading per operation (and one for behaviour across calls), then per
// rule its ID, kind and evidence, what it requires, and the document's wording with where it is.
func printRules(w io.Writer, m *spec.Model, rules []spec.Rule) {
	fmt.Fprintf(w, "%d rules of the %s contract\n", len(rules), m.Profile)
	groups := append(operationIDs(m), "")
	for _, group := range groups {
		var in []spec.Rule
		for _, r := range rules {
			if r.Operation == group {
				in = append(in, r)
			}
		}
		if len(in) == 0 {
			continue
		}
		if op := m.Operation(group); op != nil {
			fmt.Fprintf(w, "\n%s  %s %s, success %d  (%d rules)\n", op.ID, op.Method, op.Path, op.SuccessStatus, len(in))
		} else {
			fmt.Fprintf(w, "\nBehaviour across calls  (%d rules)\n", len(in))
		}
		for _, r := range in {
			fmt.Fprintf(w, "  %s  [%s, %s]\n", r.ID, r.Kind, r.Evidence)
			if r.Kind != spec.KindBehavior {
				fmt.Fprintf(w, "      requires: %s\n", r.Value)
			}
			where := r.Source.Document
			if r.Source.Line > 0 {
				where = fmt.Sprintf("%s:%d", where, r.Source.Line)
			}
			fmt.Fprintf(w, "      source:   %s\n", where)
			if r.Source.Quote != "" {
				fmt.Fprintf(w, "      quote:    %q\n", r.Source.Quote)
			}
		}
	}
}

func operationIDs(m *spec.Model) []string {
	var ids []string
	for _, op := range m.Operations() {
		ids = append(ids, op.ID)
	}
	return ids
}

func sortedKinds(kinds map[spec.Kind]bool) []string {
	var out []string
	for k := range kinds {
		out = append(out, string(k))
	}
	slices.Sort(out)
	return out
}
