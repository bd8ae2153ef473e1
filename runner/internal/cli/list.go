package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/lambdaconform/lambdaconform/spec"
	"github.com/lambdaconform/lambdaconform/suites"
)

const listExamples = `  runner list                                      every check of the seed-2019 profile
  runner list --profile aws-current --json         as JSON
  runner list --label-filter 'evidence:unverified'
`

// listedCheck is one entry of `runner list --json`.
type listedCheck struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Operation string   `json:"operation"`
	Family    string   `json:"family"`
	Evidence  string   `json:"evidence"`
	Labels    []string `json:"labels"`
	Rules     []string `json:"rules"`
}

// listCommand prints the catalog of checks, with their labels, without running anything: the tree is built with
// Ginkgo's dry run.
func listCommand(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("list", "runner list [flags]", listExamples, stderr)
	profile := fs.String("profile", spec.Seed2019, "contract profile: "+strings.Join(spec.Profiles(), " or "))
	labelFilter := fs.String("label-filter", "", "list only checks whose labels match this Ginkgo label query")
	focus := fs.String("focus", "", "list only checks whose text or ID matches this regular expression")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if _, err := spec.Load(*profile); err != nil {
		return usagef("%v", err)
	}
	if err := validSelection(*labelFilter, *focus, ""); err != nil {
		return err
	}
	// The endpoint is never contacted: a dry run builds the tree without running a check.
	if err := suites.Configure(suites.Config{Endpoint: "http://127.0.0.1:9", Profile: *profile}); err != nil {
		return usagef("%v", err)
	}
	suiteConfig, _ := ginkgo.GinkgoConfiguration()
	suiteConfig.LabelFilter = *labelFilter
	if *focus != "" {
		suiteConfig.FocusStrings = []string{*focus}
	}
	preview := ginkgo.PreviewSpecs("lambdaconform", suiteConfig)
	metas := map[string]suites.Meta{}
	for _, m := range suites.Registered() {
		metas[m.ID] = m
	}
	model := spec.MustLoad(*profile)
	var out []listedCheck
	for _, s := range preview.SpecReports {
		if s.LeafNodeType != types.NodeTypeIt || s.State != types.SpecStatePassed {
			continue // filtered out: a dry run marks the specs that would run as passed
		}
		id := labelValue(s.Labels(), "check")
		m, ok := metas[id]
		if !ok {
			continue
		}
		out = append(out, listedCheck{ID: m.ID, Title: m.Title, Operation: m.Operation, Family: string(m.Family),
			Evidence: string(m.Evidence(model)), Labels: m.Labels(model), Rules: m.Rules})
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CHECK\tOPERATION\tFAMILY\tEVIDENCE\tRULES")
	for _, c := range out {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", c.ID, c.Operation, c.Family, c.Evidence, strings.Join(c.Rules, " "))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\n%d checks (profile %s)\n", len(out), *profile)
	return nil
}

func labelValue(labels []string, key string) string {
	for _, l := range labels {
		if k, v, ok := strings.Cut(l, ":"); ok && k == key {
			return v
		}
	}
	return ""
}
