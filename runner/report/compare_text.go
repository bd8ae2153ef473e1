package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/lambdaconform/lambdaconform/spec"
)

// compareRows bounds the tables of the Markdown comparison and the lists of its terminal summary; the HTML
// comparison lists everything.
const compareRows = 100

// WriteCompareSummary writes the comparison for a terminal or a CI log: each target's verdict and counts, and
// the checks where the targets disagree with each target's outcome. Text from the targets is stripped of
// control characters.
func WriteCompareSummary(w io.Writer, c Comparison) error {
	b := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	p("\n%s %s: %d runs compared (profile %s, rule catalog %s)\n", c.Tool, c.Version, len(c.Targets), c.Profile, c.Catalog)
	width := 0
	for _, t := range c.Targets {
		width = max(width, len([]rune(printable(t.Name, false))))
	}
	for _, t := range c.Targets {
		s := t.Summary
		must, should := t.causeCounts()
		p("  %-*s  %s\n  %-*s  %s · passed %d · failed %d · skipped %d · error %d · root causes: %d must, %d should\n",
			width, printable(t.Name, false), printable(t.Verdict.Line, false), width, "", printable(t.Target, false),
			s.Passed, s.Failed, s.Skipped, s.Error, must, should)
	}
	for _, n := range c.Notes {
		p("  note: %s\n", printable(n, false))
	}
	d := c.Disagreements()
	p("\n%s where the targets disagree\n", plural(d, "check", "checks"))
	// Those where a target failed or erred first, then those judged on some targets and skipped on others.
	i := 0
	for _, problems := range []bool{true, false} {
		for _, g := range c.Groups(true) {
			for _, r := range g.Rows {
				if r.Problem() != problems {
					continue
				}
				if i == compareRows {
					p("  …and %d more: see the HTML or Markdown comparison\n", d-i)
					return b.Flush()
				}
				i++
				var cells []string
				for j, cell := range r.Cells {
					cells = append(cells, printable(c.Targets[j].Name, false)+" "+string(cell.Outcome))
				}
				p("  %s: %s\n", printable(r.ID, false), strings.Join(cells, " · "))
			}
		}
	}
	return b.Flush()
}

// causeCounts counts the target's root causes by severity.
func (t CompareTarget) causeCounts() (must, should int) {
	for _, rc := range t.Causes {
		if rc.Severity == spec.SeverityShould {
			should++
		} else {
			must++
		}
	}
	return must, should
}

// outcomeMark is an outcome as a Markdown table cell.
func outcomeMark(cell CompareCell) string {
	switch {
	case cell.Expected:
		return "☑️ failed (expected)"
	case cell.Outcome == Passed:
		return "✅ passed"
	case cell.Outcome == Failed:
		return "❌ **failed**"
	case cell.Outcome == Error:
		return "⚠️ error"
	case cell.Outcome == Skipped:
		return "➖ skipped"
	case cell.Outcome == Absent:
		return "– absent"
	}
	return mdText(string(cell.Outcome))
}

// WriteCompareMarkdown writes the comparison for a pull-request comment or a CI job summary: the targets with
// their verdicts, the counts by operation and family, the checks where the targets disagree (grouped by
// operation and family), each target's root causes by severity, and what the targets agree on. Tables are
// bounded (compareRows); text from the targets is escaped.
func WriteCompareMarkdown(w io.Writer, c Comparison) error {
	b := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	d := c.Disagreements()
	p("### %s: %d targets compared, %s where they disagree\n\n", c.Tool, len(c.Targets), plural(d, "check", "checks"))
	p("Profile %s, rule catalog %s · %s %s\n\n", mdCode(c.Profile), mdCode(c.Catalog), c.Tool, mdText(c.Version))
	p("| target | checked | verdict | passed | failed | skipped | error | root causes |\n|---|---|---|---:|---:|---:|---:|---|\n")
	for _, t := range c.Targets {
		s := t.Summary
		must, should := t.causeCounts()
		icon := map[Status]string{StatusConformant: "✅", StatusAccepted: "✅", StatusNotConformant: "❌", StatusIncomplete: "⚠️"}[t.Verdict.Status]
		p("| **%s** | %s | %s %s | %d | %d | %d | %d | %d must, %d should |\n", mdText(t.Name), mdCode(t.Target), icon,
			mdText(t.Verdict.Line), s.Passed, s.Failed, s.Skipped, s.Error, must, should)
	}
	for _, n := range c.Notes {
		p("\n> %s\n", mdText(n))
	}
	header := func(first string) {
		p("| %s |", first)
		for _, t := range c.Targets {
			p(" %s |", mdText(t.Name))
		}
		p("\n|---|%s\n", strings.Repeat("---|", len(c.Targets)))
	}

	p("\n#### By operation and family\n\nChecks passed / failed / skipped / error on each target.\n\n")
	header("operation · family")
	for _, g := range c.AllGroups() {
		p("| %s · %s |", mdText(g.Operation), mdText(g.Family))
		for i := range c.Targets {
			p(" %d / %s / %d / %d |", g.Count(i, Passed), boldIf(g.Count(i, Failed)), g.Count(i, Skipped), g.Count(i, Error))
		}
		p("\n")
	}

	p("\n#### Where the targets disagree (%d)\n\n", d)
	if d == 0 {
		p("Every check has the same outcome on every target.\n")
	}
	// The checks a target failed or erred first; those judged on some targets and skipped or absent on others
	// folded below them.
	table := func(problems bool) {
		header("check")
		shown, total := 0, 0
		for _, g := range c.Groups(true) {
			first := true
			for _, r := range g.Rows {
				if r.Problem() != problems {
					continue
				}
				total++
				if shown == compareRows {
					continue
				}
				if first {
					p("| **%s · %s** |%s\n", mdText(g.Operation), mdText(g.Family), strings.Repeat(" |", len(c.Targets)))
					first = false
				}
				shown++
				p("| %s |", mdCode(r.ID))
				for _, cell := range r.Cells {
					p(" %s |", outcomeMark(cell))
				}
				p("\n")
			}
		}
		if total > shown {
			p("\n…and %d more: see the HTML comparison.\n", total-shown)
		}
	}
	problems := 0
	for _, r := range c.Rows {
		if r.Disagree && r.Problem() {
			problems++
		}
	}
	if problems > 0 {
		table(true)
	}
	if rest := d - problems; rest > 0 {
		p("\n<details><summary>%s judged on some targets, skipped or absent on others</summary>\n\n", plural(rest, "check", "checks"))
		table(false)
		p("\n</details>\n")
	}

	p("\n#### Root causes\n\nFailures of one target that share a failed rule on the same kind of call, must before should.\n")
	for _, t := range c.Targets {
		must, should := t.causeCounts()
		p("\n##### %s: %d must, %d should\n\n", mdText(t.Name), must, should)
		if len(t.Causes) == 0 {
			p("No failure.\n")
			continue
		}
		p("| severity | rule | call | failed checks |\n|---|---|---|---|\n")
		for i, rc := range t.Causes {
			if i == markdownRows {
				p("\n…and %d more root causes: see the HTML comparison.\n", len(t.Causes)-i)
				break
			}
			ids := make([]string, 0, 3)
			for _, id := range rc.Checks[:min(3, len(rc.Checks))] {
				ids = append(ids, mdCode(id))
			}
			more := ""
			if n := len(rc.Checks) - len(ids); n > 0 {
				more = fmt.Sprintf(" and %d more", n)
			}
			p("| %s | %s | %s | %d: %s%s |\n", rc.Severity, ruleCell(rc.Rule), mdText(rc.Operation), len(rc.Checks), strings.Join(ids, ", "), more)
		}
	}

	agree := len(c.Rows) - d
	p("\n#### Where the targets agree (%d)\n\n", agree)
	counts := map[Outcome]int{}
	var failing []CompareRow
	for _, g := range c.Groups(false) {
		for _, r := range g.Rows {
			counts[r.Cells[0].Outcome]++
			if r.Cells[0].Outcome == Failed || r.Cells[0].Outcome == Error {
				failing = append(failing, r)
			}
		}
	}
	var parts []string
	for _, o := range append(append([]Outcome{}, Outcomes...), Absent) {
		if counts[o] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s everywhere", counts[o], o))
		}
	}
	if len(parts) > 0 {
		p("%s.\n", strings.Join(parts, ", "))
	}
	if len(failing) > 0 {
		p("\nFailed or erred on every target:\n\n")
		for i, r := range failing {
			if i == markdownRows {
				p("- …and %d more\n", len(failing)-i)
				break
			}
			p("- %s (%s): %s\n", mdCode(r.ID), r.Cells[0].Outcome, mdText(clip(r.Cells[0].Reason, 160)))
		}
	}
	return b.Flush()
}

func boldIf(n int) string {
	if n > 0 {
		return fmt.Sprintf("**%d**", n)
	}
	return "0"
}

func ruleCell(rule string) string {
	if rule == "" {
		return "(no rule named)"
	}
	return mdCode(rule)
}
