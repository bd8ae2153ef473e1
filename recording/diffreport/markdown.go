package diffreport

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/lambdaconform/lambdaconform/recording/compare"
)

// markdownRows bounds each table (GitHub comments hold 65,536 characters); the JSON and HTML list everything.
const markdownRows = 25

// WriteMarkdown writes a summary fit for a pull-request comment: the verdict, the counts, the differences that
// count by path and at their exchanges, the known ones, the scenarios that could not run and the
// known-differences results. Text from the target is escaped.
func WriteMarkdown(w io.Writer, r compare.Result) error {
	b := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	icon := map[string]string{"same": "✅", "accepted": "✅", "different": "❌", "incomplete": "⚠️"}[r.Verdict.Status]
	p("### %s %s diff: %s\n\n", icon, "lambdaconform", mdText(r.Verdict.Line))
	s := r.Summary
	p("%s of %s (recorded from %s) replayed against %s in %s · lambdaconform %s\n\n",
		plural(s.Scenarios, "scenario", "scenarios"), mdCode(r.Recording), mdText(r.RecordedTarget), mdCode(r.Target),
		r.Duration.Round(time.Millisecond), mdText(r.Version))
	p("| exchanges compared | counted | known | not counted | notes | scenarios stopped |\n| ---: | ---: | ---: | ---: | ---: | ---: |\n")
	p("| %d | %d | %d | %d | %d | %d |\n", s.Exchanges, s.Counted, s.Known, s.NotCounted, s.Notes, s.Errors)
	if r.Error != "" {
		p("\n> %s\n", mdText(r.Error))
	}
	if classes := rollup(r, counted); len(classes) > 0 {
		p("\n#### Differences that count, by path\n\n| kind | path | exchanges | first at |\n|---|---|---:|---|\n")
		for i, c := range classes {
			if i == markdownRows {
				p("\n…and %d more paths: see the full report.\n", len(classes)-i)
				break
			}
			p("| %s | %s | %d | %s |\n", c.Kind, mdCode(c.Path), len(c.Exchanges), mdCode(c.Exchanges[0]))
		}
		mdDifferences(p, "Differences that count, at their exchanges", byExchange(r, counted))
	}
	if groups := byExchange(r, known); len(groups) > 0 {
		mdDifferences(p, "Known differences", groups)
	}
	var stopped []string
	for _, sc := range r.Scenarios {
		if sc.Error != "" {
			stopped = append(stopped, fmt.Sprintf("| %s | %s |", mdCode(sc.ID), mdText(clip(sc.Error, 200))))
		}
	}
	if len(stopped) > 0 {
		p("\n<details><summary>%s could not run to the end (not counted as differences)</summary>\n\n| scenario | why |\n|---|---|\n%s\n\n</details>\n",
			plural(len(stopped), "scenario", "scenarios"), strings.Join(stopped, "\n"))
	}
	if r.Known != nil {
		p("\n#### Known differences file\n\n%s in %s (as of %s).\n", plural(len(r.Known.Entries), "entry", "entries"), mdCode(r.Known.File), r.Known.Date)
		for _, e := range r.Known.Entries {
			if e.Status != "matched" {
				p("- **%s** entry %d (%s): %s\n", e.Status, e.Index, mdCode(e.Path), mdText(e.Note))
			}
		}
	}
	return b.Flush()
}

func mdDifferences(p func(string, ...any), title string, groups []exchangeGroup) {
	total := 0
	for _, g := range groups {
		total += len(g.Differences)
	}
	p("\n#### %s (%d)\n\n| exchange | kind | path | what |\n|---|---|---|---|\n", title, total)
	n := 0
	for _, g := range groups {
		for _, d := range g.Differences {
			if n == markdownRows {
				p("\n…and %d more: see the full report.\n", total-n)
				return
			}
			what := d.Message
			if d.Known != nil && !d.Counts() {
				what += fmt.Sprintf(" (known: %s)", d.Known.Reason)
			}
			p("| %s | %s | %s | %s |\n", mdCode(d.Exchange), d.Kind, mdCode(d.Path), mdText(clip(what, 300)))
			n++
		}
	}
}

// mdEscaper makes text inert in GitHub Markdown: no HTML, emphasis, links, table breaks, mentions or issue
// references (as the runs' Markdown report does).
var mdEscaper = strings.NewReplacer(
	"&", "&amp;", "<", "&lt;", ">", "&gt;", "@", "&#64;", "#", "&#35;",
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "|", `\|`, "~", `\~`, "!", `\!`,
)

func mdText(s string) string { return mdEscaper.Replace(printable(s)) }

// mdCode is an identifier as inline code; one a code span cannot hold is escaped text instead.
func mdCode(s string) string {
	s = printable(s)
	if s == "" || strings.Contains(s, "`") {
		return mdText(s)
	}
	return "`" + strings.ReplaceAll(s, "|", `\|`) + "`"
}
