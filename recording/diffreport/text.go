// Package diffreport writes a diff (compare.Result) for people and machines, in the style of the runs' reports:
// a terminal summary, JSON (diff.schema.json), one self-contained HTML page and a Markdown comment for a pull
// request. Every writer treats what the target sent as hostile: control characters are removed for terminals,
// Markdown is escaped so that it can neither format a comment nor mention anyone, HTML is escaped by
// html/template. Secrets are removed by the caller (compare.Result.MapStrings with the runner's redaction)
// before anything is written.
package diffreport

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lambdaconform/lambdaconform/recording/compare"
)

// printable makes text from the target safe for a terminal or Markdown: control characters become U+FFFD,
// newlines and tabs become spaces (the runs' report writers do the same).
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return ' '
		case unicode.IsControl(r), r == '\u2028', r == '\u2029', unicode.Is(unicode.Bidi_Control, r):
			return '\uFFFD'
		}
		return r
	}, s)
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimRight(string(r[:n-1]), " ") + "…"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// exchangeGroup is the differences of one exchange.
type exchangeGroup struct {
	Exchange    string
	Operation   string
	Differences []compare.Difference
}

// byExchange groups differences by exchange, in order; keep selects which.
func byExchange(r compare.Result, keep func(compare.Difference) bool) []exchangeGroup {
	var out []exchangeGroup
	for _, s := range r.Scenarios {
		for _, d := range s.Differences {
			if !keep(d) {
				continue
			}
			if len(out) == 0 || out[len(out)-1].Exchange != d.Exchange {
				out = append(out, exchangeGroup{Exchange: d.Exchange, Operation: d.Operation})
			}
			g := &out[len(out)-1]
			g.Differences = append(g.Differences, d)
		}
	}
	return out
}

// pathClass is one kind of difference at one path, over every exchange where it occurs.
type pathClass struct {
	Kind      compare.Kind
	Path      string // indices as [*]
	Counts    bool
	Exchanges []string
	Example   string
}

var indexRE = regexp.MustCompile(`\[\d+\]`)

// rollup groups differences by kind and path (indices folded), most frequent first: one cause (a LastModified in
// another format) shows once, with the exchanges it appears at.
func rollup(r compare.Result, keep func(compare.Difference) bool) []pathClass {
	idx := map[string]int{}
	var out []pathClass
	for _, s := range r.Scenarios {
		for _, d := range s.Differences {
			if !keep(d) {
				continue
			}
			p := indexRE.ReplaceAllString(d.Path, "[*]")
			key := string(d.Kind) + " " + p
			i, ok := idx[key]
			if !ok {
				i = len(out)
				idx[key] = i
				out = append(out, pathClass{Kind: d.Kind, Path: p, Counts: d.Counts(), Example: d.Message})
			}
			c := &out[i]
			if n := len(c.Exchanges); n == 0 || c.Exchanges[n-1] != d.Exchange {
				c.Exchanges = append(c.Exchanges, d.Exchange)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i].Exchanges) > len(out[j].Exchanges) })
	return out
}

func counted(d compare.Difference) bool    { return d.Counts() }
func known(d compare.Difference) bool      { return d.Counted && !d.Counts() }
func notCounted(d compare.Difference) bool { return !d.Counted }
func every(compare.Difference) bool        { return true }

// status of a difference in a word.
func status(d compare.Difference) string {
	switch {
	case d.Counts():
		return "counts"
	case d.Counted:
		return "known"
	}
	return "not counted"
}

func notes(r compare.Result) []compare.Note {
	var out []compare.Note
	for _, s := range r.Scenarios {
		out = append(out, s.Notes...)
	}
	return out
}
