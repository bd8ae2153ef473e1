package report

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/lambdaconform/lambdaconform/spec"
)

// markdownRows bounds each table of checks in the Markdown summary, which is meant for a pull-request comment
// (GitHub takes 65,536 characters); the other formats list every check.
const markdownRows = 25

// WriteMarkdown writes a summary fit for a pull-request comment, redacted: the verdict, the counts, why the run
// stopped when it did, the conformance matrix, the root causes of the failures (must, then should; those that
// count first), every failed check (folded), the errors (folded), why checks did not run or were skipped, at most
// markdownRows of each list with an "and N more" line, and what the expected-failures file and the baseline
// changed.
// Text from the target is escaped so that it can neither format the comment nor mention anyone.
func WriteMarkdown(w io.Writer, r Report) error {
	r = prepare(r)
	b := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	v := r.Verdict()
	s := r.Summary
	icon := map[Status]string{StatusConformant: "✅", StatusAccepted: "✅", StatusNotConformant: "❌", StatusIncomplete: "⚠️"}[v.Status]
	p("### %s %s: %s\n\n", icon, r.Tool, mdText(v.Line))
	p("%s against %s, profile %s, in %s", plural(s.Total, "check", "checks"), mdCode(r.Target), mdCode(r.Profile),
		r.Duration.Round(time.Millisecond))
	if r.Selection.String() != "all checks" {
		p(" (%s)", mdText(r.Selection.String()))
	}
	p(" · %s %s\n\n", r.Tool, mdText(r.Version))
	failed := fmt.Sprint(s.Failed)
	if s.Failed > 0 {
		must := mustFailed(r.Checks)
		failed += fmt.Sprintf(" (%d must, %d should", must, s.Failed-must)
		if s.Expected > 0 {
			failed += fmt.Sprintf("; %d expected", s.Expected)
		}
		failed += ")"
	}
	p("| passed | failed | skipped | error | not run |\n| ---: | ---: | ---: | ---: | ---: |\n| %d | %s | %d | %d | %d |\n",
		s.Passed, failed, s.Skipped, s.Error, s.NotRun)
	if v.FailOn == spec.SeverityMust {
		p("\nThe run fails on **must** failures only: should failures are listed and do not count.\n")
	}
	if r.Stopped != nil {
		p("\n> **The run stopped (%s):** %s\n", mdText(string(r.Stopped.Cause)), mdText(r.Stopped.Reason))
	}
	if s.Total > 0 {
		m := r.Matrix()
		notRun := m.Total().NotRun > 0
		p("\n#### Conformance matrix\n\nChecks by operation and family: %s.\n\n", strings.ReplaceAll(cellLegend(notRun), "/", " / "))
		p("| operation | %s | all |\n|---|%s---|\n", strings.Join(m.Families, " | "), strings.Repeat("---|", len(m.Families)))
		row := func(name string, cells []Summary, all Summary) {
			p("| %s |", name)
			for _, c := range cells {
				p(" %s |", mdCell(c, notRun))
			}
			p(" %s |\n", mdCell(all, notRun))
		}
		for _, op := range m.Operations {
			var cells []Summary
			for _, f := range m.Families {
				cells = append(cells, m.Cell(op, f))
			}
			row(mdText(op), cells, m.Row(op))
		}
		if len(m.Operations) > 1 {
			var cells []Summary
			for _, f := range m.Families {
				cells = append(cells, m.Column(f))
			}
			row("**all**", cells, m.Total())
		}
	}
	mdRootCauses(p, r)
	mdFailures(p, r)
	mdErrors(p, r)
	mdReasons(p, r, NotRun, "did not run: the run stopped first")
	mdReasons(p, r, Skipped, "skipped: not applicable to this target, or not selected")
	mdExpected(p, r.Expected)
	mdBaseline(p, r.Baseline)
	return b.Flush()
}

func mdCell(s Summary, notRun bool) string {
	if s.Total == 0 {
		return "–"
	}
	failed := fmt.Sprint(s.Failed)
	if s.Failed > 0 {
		failed = "**" + failed + "**"
	}
	if notRun {
		return fmt.Sprintf("%d / %s / %d / %d / %d", s.Passed, failed, s.Skipped, s.Error, s.NotRun)
	}
	return fmt.Sprintf("%d / %s / %d / %d", s.Passed, failed, s.Skipped, s.Error)
}

// mdRootCauses lists the root causes, must then should, those that count first.
func mdRootCauses(p func(string, ...any), r Report) {
	for _, sc := range bySeverity(r.RootCauses()) {
		sev, list := sc.Severity, sc.Causes
		p("\n#### %s failures: %s\n\n| | rule | call | checks | what was seen |\n|---|---|---|---|---|\n",
			strings.ToUpper(string(sev[:1]))+string(sev[1:]), rootCauseCount(list))
		for i, rc := range list {
			if i == markdownRows {
				p("\n…and %d more root causes: see the full report.\n", len(list)-i)
				break
			}
			mark := "❌"
			if !rc.Counts {
				mark = "☑️ does not count"
			}
			checks := mdCode(rc.Checks[0])
			if len(rc.Checks) > 1 {
				checks += fmt.Sprintf(" and %d more", len(rc.Checks)-1)
			}
			p("| %s | %s | %s | %s | %s |\n", mark, mdCode(rc.Rule), mdText(rc.Operation), checks, mdText(clip(rc.Reason, 200)))
		}
	}
}

// mdFailures lists the failed checks, those that count first.
func mdFailures(p func(string, ...any), r Report) {
	list := r.ChecksWith(Failed)
	if len(list) == 0 {
		return
	}
	rank := func(c Check) int {
		switch {
		case c.ExpectedFailure():
			return 2
		case r.Baseline != nil && c.Baseline == StillFailing:
			return 1
		}
		return 0
	}
	sort.SliceStable(list, func(i, j int) bool { return rank(list[i]) < rank(list[j]) })
	p("\n<details><summary>%s, one by one</summary>\n\n| | check | severity | rule | reason |\n|---|---|---|---|---|\n",
		plural(len(list), "failed check", "failed checks"))
	defer p("\n</details>\n")
	for i, c := range list {
		if i == markdownRows {
			p("\n…and %d more failed checks: see the full report.\n", len(list)-i)
			break
		}
		mark := "❌"
		switch {
		case c.ExpectedFailure():
			mark = "☑️ expected"
		case c.Baseline == NewFailure:
			mark = "❌ new"
		case c.Baseline == StillFailing:
			mark = "➖ in baseline"
		case !r.Counts(c):
			mark = "➖ not counted"
		}
		rules := make([]string, len(c.FailedRules))
		for i, rule := range c.FailedRules {
			rules[i] = mdCode(rule)
		}
		p("| %s | %s | %s | %s | %s |\n", mark, mdCode(c.ID), c.FailedSeverity, strings.Join(rules, " "), mdText(clip(reasonAfterRule(c), 200)))
	}
}

func mdErrors(p func(string, ...any), r Report) {
	list := r.ChecksWith(Error)
	if len(list) == 0 {
		return
	}
	p("\n<details><summary>%s could not judge the target (errors, not counted as non-conformance)</summary>\n\n| check | reason |\n|---|---|\n",
		plural(len(list), "check", "checks"))
	for i, c := range list {
		if i == markdownRows {
			p("\n…and %d more.\n", len(list)-i)
			break
		}
		p("| %s | %s |\n", mdCode(c.ID), mdText(clip(c.Reason, 200)))
	}
	p("\n</details>\n")
}

// mdReasons summarises, folded, why the checks with an outcome ended so.
func mdReasons(p func(string, ...any), r Report, o Outcome, what string) {
	groups := r.Reasons(o)
	if len(groups) == 0 {
		return
	}
	n := len(r.ChecksWith(o)) // each is in one group
	p("\n<details><summary>%s %s</summary>\n\n| checks | reason |\n| ---: | --- |\n", plural(n, "check", "checks"), what)
	for i, g := range groups {
		if i == markdownRows {
			p("\n…and %d more reasons.\n", len(groups)-i)
			break
		}
		reason := mdText(clip(g.Reason, 200))
		if g.Example != "" {
			reason = mdText(clip(g.Example, 200)) + " (and alike for: " + mdText(clip(strings.Join(g.Values, ", "), 200)) + ")"
		}
		p("| %d | %s |\n", len(g.Checks), reason)
	}
	p("\n</details>\n")
}

func mdExpected(p func(string, ...any), e *ExpectedResult) {
	if e == nil {
		return
	}
	matched := 0
	for _, en := range e.Entries {
		if en.Status == EntryMatched {
			matched++
		}
	}
	p("\n#### Expected failures\n\n%s in %s (as of %s); %s matched a failure.\n", plural(len(e.Entries), "entry", "entries"),
		mdCode(e.File), e.Date, plural(matched, "entry", "entries"))
	problems := e.Problems()
	for i, en := range problems {
		if i == markdownRows {
			p("- …and %d more\n", len(problems)-i)
			break
		}
		if i == 0 {
			p("\n")
		}
		kind, id := "rule", en.Rule
		if en.Check != "" {
			kind, id = "check", en.Check
		}
		p("- **%s** entry %d (%s %s): %s\n", en.Status, en.Index, kind, mdCode(id), mdText(en.Note))
	}
}

func mdBaseline(p func(string, ...any), d *BaselineDiff) {
	if d == nil {
		return
	}
	p("\n#### Compared with the baseline\n\nBaseline: %s, profile %s, %s. **%s** · %d fixed · %d still failing · %d unjudged\n",
		mdCode(d.Target), mdCode(d.Profile), d.Started.UTC().Format("2006-01-02 15:04 UTC"),
		plural(len(d.NewFailures), "new failure", "new failures"), len(d.Fixed), len(d.StillFailing), len(d.Unjudged))
	for _, n := range d.Notes {
		p("\n> %s\n", mdText(n))
	}
	list := func(title string, changes []Change) {
		if len(changes) == 0 {
			return
		}
		p("\n%s:\n", title)
		for i, ch := range changes {
			if i == markdownRows {
				p("- …and %d more\n", len(changes)-i)
				return
			}
			p("- %s (%s → %s)\n", mdCode(ch.ID), ch.Before, ch.Now)
		}
	}
	list("New failures", d.NewFailures)
	list("Fixed", d.Fixed)
	list("Failed in the baseline, not judged now", d.Unjudged)
}

// mdEscaper makes text inert in GitHub Markdown: no HTML, emphasis, links, table breaks, mentions or issue
// references.
var mdEscaper = strings.NewReplacer(
	"&", "&amp;", "<", "&lt;", ">", "&gt;", "@", "&#64;", "#", "&#35;",
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "|", `\|`, "~", `\~`, "!", `\!`,
)

// mdText is text from anywhere (the target included) on one line, escaped.
func mdText(s string) string { return mdEscaper.Replace(printable(s, false)) }

// mdCode is an identifier as inline code; one that a code span cannot hold is escaped text instead.
func mdCode(s string) string {
	s = printable(s, false)
	if s == "" || strings.Contains(s, "`") {
		return mdText(s)
	}
	return "`" + strings.ReplaceAll(s, "|", `\|`) + "`"
}
