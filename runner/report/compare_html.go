package report

import (
	"io"
	"strings"
	"time"

	"github.com/lambdaconform/lambdaconform/internal/htmlpage"
)

// The comparison's page has the run report's style with its own on top, and the report's filter form with its
// own filters.
var comparePage = htmlpage.New("the HTML comparison", htmlpage.Asset(assets, "assets/compare.html"),
	pageCSS+"\n"+htmlpage.Asset(assets, "assets/compare.css"), filters+htmlpage.Asset(assets, "assets/compare.js"), nil)

// WriteCompareHTML writes the comparison as one self-contained HTML page: the targets with their verdicts and
// counts, the counts by operation and family, the table of checks × targets (where the targets disagree first,
// then where they agree, each grouped by operation and family), and each target's root causes by severity. A
// small inline script filters the checks (only disagreements, an outcome on one target, free text); without it
// the page shows everything. Every text is escaped.
func WriteCompareHTML(w io.Writer, c Comparison) error {
	return comparePage.Write(w, newCompareHTMLPage(c))
}

type compareHTMLPage struct {
	C                             Comparison
	Targets                       []compareHTMLTarget
	Overview                      []compareHTMLGroup
	Disagreements, Problems       int
	OutcomeOptions                []Outcome
	DisagreeSection, AgreeSection compareHTMLSection
}

type compareHTMLTarget struct {
	CompareTarget
	Index                     int
	Must, Should              int
	StartedText, DurationText string
}

type compareHTMLGroup struct {
	Operation, Family string
	Cells             []Summary // one per target
}

type compareHTMLSection struct {
	ID, Title, Empty string
	N, Columns       int
	Targets          []compareHTMLTarget
	Groups           []compareHTMLRowGroup
}

type compareHTMLRowGroup struct {
	Operation, Family string
	Rows              []compareHTMLRow
}

type compareHTMLRow struct {
	CompareRow
	CellOutcomes string // the outcome on each target, space-separated, for the script
	Cells        []compareHTMLCell
}

type compareHTMLCell struct {
	CompareCell
	ShowReason bool
	Short      string
}

func newCompareHTMLPage(c Comparison) compareHTMLPage {
	p := compareHTMLPage{C: c, Disagreements: c.Disagreements()}
	for i, t := range c.Targets {
		must, should := t.causeCounts()
		p.Targets = append(p.Targets, compareHTMLTarget{CompareTarget: t, Index: i, Must: must, Should: should,
			StartedText: t.Started.UTC().Format("2006-01-02 15:04:05 UTC"), DurationText: t.Duration.Round(time.Millisecond).String()})
	}
	seen := map[Outcome]bool{}
	for _, g := range c.AllGroups() {
		og := compareHTMLGroup{Operation: g.Operation, Family: g.Family}
		for i := range c.Targets {
			var s Summary
			for _, r := range g.Rows {
				if r.Cells[i].Outcome != Absent {
					s.add(Check{Outcome: r.Cells[i].Outcome})
				}
			}
			og.Cells = append(og.Cells, s)
		}
		p.Overview = append(p.Overview, og)
		for _, r := range g.Rows {
			problem := false
			for _, cell := range r.Cells {
				seen[cell.Outcome] = true
				problem = problem || cell.Outcome == Failed || cell.Outcome == Error
			}
			if problem {
				p.Problems++
			}
		}
	}
	for _, o := range append(append([]Outcome{}, Outcomes...), Absent) {
		if seen[o] {
			p.OutcomeOptions = append(p.OutcomeOptions, o)
		}
	}
	section := func(id, title, empty string, disagree bool) compareHTMLSection {
		s := compareHTMLSection{ID: id, Title: title, Empty: empty, Columns: len(c.Targets) + 1, Targets: p.Targets}
		for _, g := range c.Groups(disagree) {
			hg := compareHTMLRowGroup{Operation: g.Operation, Family: g.Family}
			for _, r := range g.Rows {
				hr := compareHTMLRow{CompareRow: r}
				var outcomes []string
				for _, cell := range r.Cells {
					outcomes = append(outcomes, string(cell.Outcome))
					// The reason is shown where it matters (a failure, an error, or a skip where others judged).
					show := cell.Reason != "" && (cell.Outcome == Failed || cell.Outcome == Error || disagree)
					hr.Cells = append(hr.Cells, compareHTMLCell{CompareCell: cell, ShowReason: show, Short: clip(cell.Reason, 160)})
				}
				hr.CellOutcomes = strings.Join(outcomes, " ")
				hg.Rows = append(hg.Rows, hr)
				s.N++
			}
			s.Groups = append(s.Groups, hg)
		}
		return s
	}
	p.DisagreeSection = section("disagree", "Where the targets disagree", "Every check has the same outcome on every target.", true)
	p.AgreeSection = section("agree", "Where the targets agree", "The targets agree on no check.", false)
	return p
}
