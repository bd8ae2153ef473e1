package diffreport

import (
	"bufio"
	"fmt"
	"io"
	"time"

	"github.com/lambdaconform/lambdaconform/recording/compare"
)

// maxListed bounds each list in the terminal summary; the JSON and HTML outputs list everything.
const maxListed = 100

const (
	red, green, yellow, dim, reset = "\x1b[31m", "\x1b[32m", "\x1b[33m", "\x1b[2m", "\x1b[0m"
)

// WriteSummary writes the terminal summary: what was compared, the counts, the differences that count grouped by
// path (one cause, once) and then at their exchanges, the known ones, what was not counted (summarised), the
// scenarios that could not run, the known-differences file's stale entries, and the verdict.
func WriteSummary(w io.Writer, r compare.Result, color bool) error {
	b := bufio.NewWriter(w)
	paint := func(c, s string) string {
		if !color {
			return s
		}
		return c + s + reset
	}
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	line := func(s string) { p("%s\n", printable(s)) }
	s := r.Summary
	line(fmt.Sprintf("\nlambdaconform %s diff: %s replayed against %s in %s", r.Version, plural(s.Scenarios, "scenario", "scenarios"),
		r.Target, r.Duration.Round(time.Millisecond)))
	line(fmt.Sprintf("  recording: %s (recorded from %s)", r.Recording, r.RecordedTarget))
	line(fmt.Sprintf("  exchanges compared %d · differences: counted %d · known %d · not counted %d · notes %d",
		s.Exchanges, s.Counted, s.Known, s.NotCounted, s.Notes))
	if r.Error != "" {
		line("  " + r.Error)
	}
	if classes := rollup(r, counted); len(classes) > 0 {
		p("\n%s\n", paint(red, "Differences that count, by path (the first exchange where each appears):"))
		listClasses(p, line, "✗", classes)
		p("\n%s\n", paint(red, "Differences that count, at their exchanges:"))
		listGroups(p, line, byExchange(r, counted))
	}
	if groups := byExchange(r, known); len(groups) > 0 {
		p("\n%s\n", "Known differences (accepted by the known-differences file):")
		listGroups(p, line, groups)
	}
	if classes := rollup(r, notCounted); len(classes) > 0 {
		p("\n%s\n", paint(dim, "Not counted (extra members AWS did not send, set-up calls a scenario stopped at; --strict counts extras):"))
		listClasses(p, line, "·", classes)
	}
	var stopped []compare.ScenarioResult
	for _, sc := range r.Scenarios {
		if sc.Error != "" {
			stopped = append(stopped, sc)
		}
	}
	if len(stopped) > 0 {
		p("\n%s\n", paint(yellow, "Scenarios that could not run to their end (not counted as differences):"))
		for _, sc := range stopped {
			line(fmt.Sprintf("  ! %s: %s", sc.ID, clip(sc.Error, 300)))
		}
	}
	if ns := notes(r); len(ns) > 0 {
		p("\nNotes:\n")
		for i, n := range ns {
			if i == maxListed {
				p("  …and %d more\n", len(ns)-i)
				break
			}
			line(fmt.Sprintf("  - %s: %s", n.Exchange, clip(n.Message, 300)))
		}
	}
	if r.Known != nil {
		matched := 0
		for _, e := range r.Known.Entries {
			if e.Status == "matched" {
				matched++
			}
		}
		line(fmt.Sprintf("\nKnown differences: %s in %s, %d matched", plural(len(r.Known.Entries), "entry", "entries"), r.Known.File, matched))
		for _, e := range r.Known.Entries {
			if e.Status != "matched" {
				line(fmt.Sprintf("  %s: entry %d (%s): %s", e.Status, e.Index, e.Path, e.Note))
			}
		}
	}
	colour := map[string]string{"same": green, "accepted": green, "different": red, "incomplete": yellow}[r.Verdict.Status]
	p("\n%s\n", paint(colour, printable(r.Verdict.Line)))
	return b.Flush()
}

// listClasses lists differences by path, each with the first exchange where it appears, 25 at most.
func listClasses(p func(string, ...any), line func(string), mark string, classes []pathClass) {
	for i, c := range classes {
		if i == 25 {
			p("  …and %d more paths\n", len(classes)-i)
			return
		}
		line(fmt.Sprintf("  %s %-8s %-45s at %s%s", mark, c.Kind, c.Path, c.Exchanges[0], more(len(c.Exchanges))))
	}
}

func listGroups(p func(string, ...any), line func(string), groups []exchangeGroup) {
	n := 0
	for gi, g := range groups {
		if n >= maxListed {
			rest := 0
			for _, h := range groups[gi:] {
				rest += len(h.Differences)
			}
			p("  …and %d more: see the JSON or HTML report\n", rest)
			return
		}
		line(fmt.Sprintf("  %s  %s", g.Exchange, g.Operation))
		for _, d := range g.Differences {
			mark := "✗"
			tail := ""
			if d.Known != nil && !d.Counts() {
				mark, tail = "✓", fmt.Sprintf(" (known: %s, entry %d)", d.Known.Reason, d.Known.Index)
			}
			if d.Known != nil && d.Known.Expired {
				tail = fmt.Sprintf(" (entry %d expired on %s)", d.Known.Index, d.Known.Expires)
			}
			line(fmt.Sprintf("    %s %-8s %s%s", mark, d.Kind, clip(d.Message, 400), tail))
			n++
		}
	}
}

func more(n int) string {
	if n <= 1 {
		return ""
	}
	return fmt.Sprintf(" and %d more", n-1)
}
