package report

import (
	"embed"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/lambdaconform/lambdaconform/internal/htmlpage"
	"github.com/lambdaconform/lambdaconform/spec"
)

//go:embed assets
var assets embed.FS

// The run report's page, with its style and its script (see htmlpage: it loads nothing).
var (
	pageCSS = htmlpage.Asset(assets, "assets/report.css")
	filters = htmlpage.Asset(assets, "assets/filters.js") // the filter form, shared with the comparison
	page    = htmlpage.New("the HTML report", htmlpage.Asset(assets, "assets/report.html"), pageCSS,
		filters+htmlpage.Asset(assets, "assets/report.js"), nil)
)

// WriteHTML writes the report as one self-contained HTML page, redacted: the verdict, the counts, why the run
// stopped when it did, the conformance matrix, the root causes of the failures (must, then should), why checks
// did not run or were skipped, the expected-failures and baseline results, then every check grouped by family and
// operation, failures first at every level, each expandable to its message, notes, transcripts and curl
// commands. A small inline script filters the checks by outcome, severity, family, operation, evidence and text;
// without it the page shows everything.
// The page loads nothing: no external style, script, font or image. Every text is escaped.
func WriteHTML(w io.Writer, r Report) error {
	return page.Write(w, newHTMLPage(prepare(r)))
}

type htmlPage struct {
	R          Report
	V          Verdict
	Started    string
	BaseStart  string // when the baseline ran
	Duration   time.Duration
	Tiles      []htmlTile
	Matrix     Matrix
	MatrixRows []htmlRow
	Absent     []string // failed in the baseline, not run now
	NotRunCol  bool     // the matrix shows a not-run count
	Causes     []htmlCauses
	NotRuns    []ReasonGroup
	Skips      []ReasonGroup
	Options    htmlOptions
	Families   []htmlGroup
}

type htmlTile struct {
	Outcome Outcome
	Label   string
	N       int
	Extra   string
	Href    string
}

type htmlRow struct {
	Name  string
	Cells []htmlCell
}

type htmlCell struct {
	S                 Summary
	NotRun            bool // show the not-run count
	operation, family string
}

// htmlCauses are the root causes of one severity.
type htmlCauses struct {
	severityCauses
	Count string // "2 root causes in 21 checks"
}

// Href is the fragment that filters the checks of this cell with the outcome.
func (c htmlCell) Href(outcome string) string {
	v := url.Values{}
	if c.family != "" {
		v.Set("family", c.family)
	}
	if c.operation != "" && c.operation != NoOperation {
		v.Set("operation", c.operation)
	}
	v.Set("outcome", outcome)
	return "#" + v.Encode()
}

type htmlOption struct {
	Value, Label string
	N            int
}

type htmlOptions struct{ Outcomes, Severities, Families, Operations, Evidence []htmlOption }

type htmlGroup struct {
	Name       string
	Count      Summary
	Operations []htmlGroup
	Checks     []htmlCheck
}

type htmlCheck struct {
	Check
	Tags         string       // what the outcome filter matches: the outcome, and expected, counts or the baseline status
	TagLabels    []htmlOption // the tags shown beside the outcome
	RuleList     []htmlRule
	BaselineText string
	SeverityTag  string // what the severity filter matches: the failed severity of a failure, else the check's
}

type htmlRule struct {
	ID     string
	Failed bool
}

func newHTMLPage(r Report) htmlPage {
	p := htmlPage{R: r, V: r.Verdict(), Started: r.Started.UTC().Format("2006-01-02 15:04:05 UTC"),
		Duration: r.Duration.Round(time.Millisecond), Matrix: r.Matrix()}
	s := r.Summary
	for _, o := range Outcomes {
		t := htmlTile{Outcome: o, Label: strings.ReplaceAll(string(o), "-", " "), N: s.Count(o), Href: "#outcome=" + string(o)}
		if o == Failed && s.Failed > 0 {
			must := mustFailed(r.Checks)
			t.Extra = fmt.Sprintf("%d must, %d should", must, s.Failed-must)
			if s.Expected > 0 {
				t.Extra += fmt.Sprintf("; %d expected", s.Expected)
			}
		}
		if o != NotRun || t.N > 0 {
			p.Tiles = append(p.Tiles, t)
		}
	}
	m := p.Matrix
	p.NotRunCol = m.Total().NotRun > 0
	for _, op := range m.Operations {
		row := htmlRow{Name: op}
		for _, f := range m.Families {
			row.Cells = append(row.Cells, htmlCell{S: m.Cell(op, f), NotRun: p.NotRunCol, operation: op, family: f})
		}
		p.MatrixRows = append(p.MatrixRows, htmlRow{Name: op, Cells: append(row.Cells, htmlCell{S: m.Row(op), NotRun: p.NotRunCol, operation: op})})
	}
	if len(m.Operations) > 1 {
		row := htmlRow{Name: "all"}
		for _, f := range m.Families {
			row.Cells = append(row.Cells, htmlCell{S: m.Column(f), NotRun: p.NotRunCol, family: f})
		}
		p.MatrixRows = append(p.MatrixRows, htmlRow{Name: "all", Cells: append(row.Cells, htmlCell{S: m.Total(), NotRun: p.NotRunCol})})
	}
	for _, sc := range bySeverity(r.RootCauses()) {
		p.Causes = append(p.Causes, htmlCauses{severityCauses: sc, Count: rootCauseCount(sc.Causes)})
	}
	p.NotRuns, p.Skips = r.Reasons(NotRun), r.Reasons(Skipped)
	if r.Baseline != nil {
		p.BaseStart = r.Baseline.Started.UTC().Format("2006-01-02 15:04:05 UTC")
		for _, ch := range r.Baseline.Unjudged {
			if ch.Now == Absent {
				p.Absent = append(p.Absent, ch.ID)
			}
		}
	}
	tags, severities := map[string]int{}, map[string]int{}
	for _, fam := range m.Families {
		g := htmlGroup{Name: fam, Count: m.Column(fam)}
		for _, op := range m.Operations {
			og := htmlGroup{Name: op, Count: m.Cell(op, fam)}
			for _, c := range r.Checks {
				if c.Family == fam && (c.Operation == op || c.Operation == "" && op == NoOperation) {
					hc := newHTMLCheck(r, c)
					og.Checks = append(og.Checks, hc)
					for _, t := range strings.Fields(hc.Tags) {
						tags[t]++
					}
					severities[hc.SeverityTag]++
				}
			}
			// Problems first: failures, errors, not run, then passed and skipped checks; by ID within each.
			slices.SortStableFunc(og.Checks, func(a, b htmlCheck) int { return outcomeRank[a.Outcome] - outcomeRank[b.Outcome] })
			if len(og.Checks) > 0 {
				g.Operations = append(g.Operations, og)
			}
		}
		// Operations, then families, with failures first: a reader meets every failure before any pass.
		slices.SortStableFunc(g.Operations, func(a, b htmlGroup) int { return groupRank(a.Count) - groupRank(b.Count) })
		p.Families = append(p.Families, g)
	}
	slices.SortStableFunc(p.Families, func(a, b htmlGroup) int { return groupRank(a.Count) - groupRank(b.Count) })
	for _, sev := range []string{string(spec.SeverityMust), string(spec.SeverityShould)} {
		if severities[sev] > 0 {
			p.Options.Severities = append(p.Options.Severities, htmlOption{sev, sev, severities[sev]})
		}
	}
	for _, t := range tagOrder {
		if tags[t.Value] > 0 {
			p.Options.Outcomes = append(p.Options.Outcomes, htmlOption{t.Value, t.Label, tags[t.Value]})
		}
	}
	for _, f := range m.Families {
		p.Options.Families = append(p.Options.Families, htmlOption{f, f, m.Column(f).Total})
	}
	for _, op := range m.Operations {
		if op != NoOperation {
			p.Options.Operations = append(p.Options.Operations, htmlOption{op, op, m.Row(op).Total})
		}
	}
	evidence := map[string]int{}
	var kinds []string
	for _, c := range r.Checks {
		if c.Evidence != "" && evidence[c.Evidence] == 0 {
			kinds = append(kinds, c.Evidence)
		}
		evidence[c.Evidence]++
	}
	slices.Sort(kinds)
	for _, e := range kinds {
		p.Options.Evidence = append(p.Options.Evidence, htmlOption{e, e, evidence[e]})
	}
	return p
}

var outcomeRank = map[Outcome]int{Failed: 0, Error: 1, NotRun: 2, Passed: 3, Skipped: 4}

// groupRank orders groups of checks: those with failures first, then with errors or checks not run, then the rest.
func groupRank(s Summary) int {
	switch {
	case s.Failed > 0:
		return 0
	case s.Error+s.NotRun > 0:
		return 1
	}
	return 2
}

// tagOrder lists the outcome filter's choices in order, with their labels.
var tagOrder = []htmlOption{
	{Value: "failed", Label: "failed"}, {Value: "counts", Label: "failed, counting against the target"},
	{Value: "expected", Label: "failed as expected"}, {Value: string(NewFailure), Label: "new failures since the baseline"},
	{Value: string(StillFailing), Label: "failing in the baseline too"}, {Value: string(Fixed), Label: "fixed since the baseline"},
	{Value: string(Unjudged), Label: "failed in the baseline, not judged now"},
	{Value: "not-counted", Label: "failed, not counted (should under fail on must)"},
	{Value: "error", Label: "error"}, {Value: string(NotRun), Label: "not run"}, {Value: "skipped", Label: "skipped"},
	{Value: "passed", Label: "passed"},
}

func newHTMLCheck(r Report, c Check) htmlCheck {
	h := htmlCheck{Check: c, SeverityTag: string(c.Severity)}
	tags := []string{string(c.Outcome)}
	if c.Outcome == Failed {
		h.SeverityTag = string(c.FailedSeverity)
		h.TagLabels = append(h.TagLabels, htmlOption{Value: h.SeverityTag, Label: h.SeverityTag})
	}
	switch {
	case c.ExpectedFailure():
		tags = append(tags, "expected")
		h.TagLabels = append(h.TagLabels, htmlOption{Value: "expected", Label: "expected"})
	case r.Counts(c):
		tags = append(tags, "counts")
	case c.Outcome == Failed && c.Baseline != StillFailing:
		tags = append(tags, "not-counted")
		h.TagLabels = append(h.TagLabels, htmlOption{Value: "not-counted", Label: "not counted: fail on must"})
	}
	if c.Baseline != "" {
		tags = append(tags, string(c.Baseline))
		label := map[BaselineStatus]string{NewFailure: "new since the baseline", StillFailing: "in the baseline too",
			Fixed: "fixed since the baseline", Unjudged: "failed in the baseline"}[c.Baseline]
		h.TagLabels = append(h.TagLabels, htmlOption{Value: string(c.Baseline), Label: label})
		h.BaselineText = map[BaselineStatus]string{
			NewFailure:   "New failure: this check did not fail in the baseline. It fails the run unless an expected-failure entry covers it.",
			StillFailing: "This check failed in the baseline too, so it does not fail the run.",
			Fixed:        "Fixed: this check failed in the baseline and passes now.",
			Unjudged:     "This check failed in the baseline; this run could not judge it, so no fix is proven.",
		}[c.Baseline]
	}
	h.Tags = strings.Join(tags, " ")
	for _, id := range c.Rules {
		h.RuleList = append(h.RuleList, htmlRule{ID: id, Failed: slices.Contains(c.FailedRules, id)})
	}
	return h
}
