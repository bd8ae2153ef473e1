package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// SummaryOption changes how WriteSummary writes.
type SummaryOption func(*summaryConfig)

type summaryConfig struct {
	color bool
	width int
	limit int
}

// WithColor colours the verdict and the marks of failures and errors with ANSI escapes: for terminals only.
func WithColor(on bool) SummaryOption { return func(c *summaryConfig) { c.color = on } }

// WithWidth sets the width the summary fits (default 100 columns).
func WithWidth(columns int) SummaryOption {
	return func(c *summaryConfig) { c.width = max(columns, 60) }
}

// maxListed bounds each list of checks in the summary; the other formats list them all.
const maxListed = 100

// WriteSummary writes the terminal summary, redacted: the counts, the conformance matrix, the failed checks and
// the errors each with a one-line reason, what the expected-failures file and the baseline changed, and the
// verdict. Text from the target is stripped of control characters.
func WriteSummary(w io.Writer, r Report, opts ...SummaryOption) error {
	cfg := summaryConfig{width: 100, limit: maxListed}
	for _, o := range opts {
		o(&cfg)
	}
	r = prepare(r)
	t := &terminal{w: bufio.NewWriter(w), summaryConfig: cfg}
	s := summarize(r.Checks)
	t.printf("\n%s %s: %s against %s (profile %s) in %s\n", r.Tool, r.Version, plural(s.Total, "check", "checks"),
		r.Target, r.Profile, r.Duration.Round(time.Millisecond))
	if r.Selection.String() != "all checks" {
		t.printf("  selection: %s\n", r.Selection)
	}
	switch {
	case r.Shard != nil:
		t.printf("  shard %s of a split run: its verdict is this shard's; runner merge makes the run's\n", r.Shard)
	case r.Shards > 0:
		t.printf("  merged from %d shards\n", r.Shards)
	}
	t.printf("  passed %d · failed %d · skipped %d · error %d\n", s.Passed, s.Failed, s.Skipped, s.Error)
	if s.Total > 0 {
		t.matrix(r.Matrix())
	}
	t.checks(r, Failed, "Failed: the target does not conform", "✗", red)
	t.checks(r, Error, "Errors: the check could not judge the target (not counted as non-conformance)", "!", yellow)
	t.expected(r.Expected)
	t.baseline(r.Baseline)
	v := r.Verdict()
	colour := map[Status]string{StatusConformant: green, StatusAccepted: green, StatusNotConformant: red, StatusIncomplete: yellow}[v.Status]
	t.printf("\n")
	for i, line := range wrap(v.Line, t.width-2) {
		if i > 0 {
			line = "  " + line
		}
		t.printf("%s\n", t.paint(bold+colour, line))
	}
	return t.w.Flush()
}

type terminal struct {
	w *bufio.Writer
	summaryConfig
}

const (
	red    = "\x1b[31m"
	green  = "\x1b[32m"
	yellow = "\x1b[33m"
	bold   = "\x1b[1m"
	reset  = "\x1b[0m"
)

func (t *terminal) printf(format string, args ...any) { fmt.Fprintf(t.w, format, args...) }

func (t *terminal) paint(code, s string) string {
	if !t.color {
		return s
	}
	return code + s + reset
}

// matrix writes the conformance matrix, columns aligned.
func (t *terminal) matrix(m Matrix) {
	header := append(append([]string{"operation"}, m.Families...), "all")
	rows := [][]string{header}
	for _, op := range m.Operations {
		row := []string{op}
		for _, f := range m.Families {
			row = append(row, cellText(m.Cell(op, f)))
		}
		rows = append(rows, append(row, cellText(m.Row(op))))
	}
	if len(m.Operations) > 1 {
		row := []string{"all"}
		for _, f := range m.Families {
			row = append(row, cellText(m.Column(f)))
		}
		rows = append(rows, append(row, cellText(m.Total())))
	}
	widths := make([]int, len(header))
	for _, row := range rows {
		for i, cell := range row {
			widths[i] = max(widths[i], utf8.RuneCountInString(cell))
		}
	}
	t.printf("\nConformance matrix (cells: passed/failed/skipped/error)\n")
	for _, row := range rows {
		var b strings.Builder
		for i, cell := range row {
			b.WriteString("  " + cell + strings.Repeat(" ", widths[i]-utf8.RuneCountInString(cell)))
		}
		t.printf("%s\n", strings.TrimRight(b.String(), " "))
	}
}

func cellText(s Summary) string {
	if s.Total == 0 {
		return "-"
	}
	return fmt.Sprintf("%d/%d/%d/%d", s.Passed, s.Failed, s.Skipped, s.Error)
}

// checks lists the checks with one outcome, each with its reason on at most three lines.
func (t *terminal) checks(r Report, want Outcome, title, mark, colour string) {
	var list []Check
	for _, c := range r.Checks {
		if c.Outcome == want {
			list = append(list, c)
		}
	}
	if len(list) == 0 {
		return
	}
	t.printf("\n%s (%d)\n", title, len(list))
	for i, c := range list {
		if i == t.limit {
			t.printf("  ... and %d more: see the JSON or HTML report\n", len(list)-i)
			break
		}
		tags := ""
		if c.ExpectedFailure() {
			tags = " [expected]"
		} else if want == Failed {
			tags = map[BaselineStatus]string{NewFailure: " [new since the baseline]", StillFailing: " [already in the baseline]"}[c.Baseline]
		}
		t.printf("  %s %s%s\n", t.paint(colour, mark), printable(c.ID, false), tags)
		reason := printable(c.Reason, false)
		if want == Failed && len(c.FailedRules) > 0 && !strings.HasPrefix(reason, "[") {
			reason = "[" + strings.Join(c.FailedRules, ", ") + "] " + reason
		}
		t.indented(reason, 3)
		if c.Expected != nil {
			t.indented("expected: "+printable(c.Expected.Describe(), false), 3)
		}
	}
}

// indented writes text wrapped to the width, six spaces in, on at most maxLines lines.
func (t *terminal) indented(text string, maxLines int) {
	const indent = "      "
	lines := wrap(text, t.width-len(indent))
	if len(lines) > maxLines {
		lines = lines[:maxLines]
		lines[maxLines-1] = clip(lines[maxLines-1]+" …", t.width-len(indent))
	}
	for _, l := range lines {
		t.printf("%s%s\n", indent, l)
	}
}

func (t *terminal) expected(e *ExpectedResult) {
	if e == nil {
		return
	}
	matched, covered, other := 0, 0, 0
	for _, en := range e.Entries {
		switch en.Status {
		case EntryMatched:
			matched++
			covered += len(en.Checks)
		case EntryOtherProfile:
			other++
		}
	}
	entries := plural(len(e.Entries), "entry", "entries")
	if other > 0 {
		entries += fmt.Sprintf(" (%d for other profiles)", other)
	}
	t.printf("\nExpected failures (%s, as of %s): %s, %s matched %s\n", printable(e.File, false), e.Date,
		entries, plural(matched, "entry", "entries"), plural(covered, "failure", "failures"))
	for _, en := range e.Problems() {
		t.printf("  %s entry %d (%s)\n", t.paint(yellow, string(en.Status)), en.Index, printable(en.Subject(), false))
		t.indented(en.Note, 2)
	}
}

func (t *terminal) baseline(d *BaselineDiff) {
	if d == nil {
		return
	}
	t.printf("\nBaseline: %s, profile %s, %s\n", printable(d.Target, false), printable(d.Profile, false),
		d.Started.UTC().Format("2006-01-02 15:04 UTC"))
	t.printf("  %s · %d fixed · %d still failing · %d unjudged\n", plural(len(d.NewFailures), "new failure", "new failures"),
		len(d.Fixed), len(d.StillFailing), len(d.Unjudged))
	for _, n := range d.Notes {
		t.printf("  note:\n")
		t.indented(printable(n, false), 4)
	}
	list := func(label, colour string, changes []Change) {
		for i, ch := range changes {
			if i == t.limit {
				t.printf("  ... and %d more\n", len(changes)-i)
				return
			}
			t.printf("  %s %s (%s → %s)\n", t.paint(colour, fmt.Sprintf("%-8s", label)), printable(ch.ID, false), ch.Before, ch.Now)
		}
	}
	list("new", red, d.NewFailures)
	list("fixed", green, d.Fixed)
	list("unjudged", yellow, d.Unjudged)
}
