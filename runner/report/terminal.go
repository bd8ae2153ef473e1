package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/lambdaconform/lambdaconform/spec"
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

// WriteSummary writes the terminal summary, redacted: the counts, why the run stopped when it did, the
// conformance matrix, the failures grouped into root causes (those that count first, must before should), the
// errors each with a one-line reason, why checks did not run or were skipped (grouped), what the
// expected-failures file and the baseline changed, and the verdict. Text from the target is stripped of control
// characters.
func WriteSummary(w io.Writer, r Report, opts ...SummaryOption) error {
	cfg := summaryConfig{width: 100, limit: maxListed}
	for _, o := range opts {
		o(&cfg)
	}
	r = prepare(r)
	t := &terminal{w: bufio.NewWriter(w), summaryConfig: cfg}
	s := summarize(r.Checks)
	v := r.Verdict()
	t.printf("\n%s %s: %s against %s (profile %s) in %s\n", r.Tool, r.Version, plural(s.Total, "check", "checks"),
		printable(r.Target, false), r.Profile, r.Duration.Round(time.Millisecond))
	if r.Selection.String() != "all checks" {
		t.printf("  selection: %s\n", printable(r.Selection.String(), false))
	}
	switch {
	case r.Shard != nil:
		t.printf("  shard %s of a split run: its verdict is this shard's; runner merge makes the run's\n", r.Shard)
	case r.Shards > 0:
		t.printf("  merged from %d shards\n", r.Shards)
	}
	t.printf("  passed %d · failed %d · skipped %d · error %d · not run %d\n", s.Passed, s.Failed, s.Skipped, s.Error, s.NotRun)
	if s.Failed > 0 {
		t.printf("  failed: %d must · %d should%s\n", mustFailed(r.Checks), s.Failed-mustFailed(r.Checks), failOnNote(v))
	}
	if r.Stopped != nil {
		t.printf("\n%s\n", t.paint(bold+yellow, "Run stopped ("+string(r.Stopped.Cause)+")"))
		t.indented(printable(r.Stopped.Reason, false), 4)
	}
	if s.Total > 0 {
		t.matrix(r.Matrix())
	}
	t.rootCauses(r)
	t.errors(r)
	t.reasons(r, NotRun, "Not run: the run stopped before these checks ran or finished")
	t.reasons(r, Skipped, "Skipped: not applicable to this target, or not selected")
	t.expected(r)
	t.baseline(r.Baseline)
	colour := map[Status]string{StatusConformant: green, StatusAccepted: green, StatusNotConformant: red, StatusIncomplete: yellow}[v.Status]
	t.printf("\n")
	for i, line := range wrap(v.Line, t.width-2) {
		if i > 0 {
			line = "  " + line
		}
		t.printf("%s\n", t.paint(bold+colour, printable(line, false)))
	}
	return t.w.Flush()
}

func mustFailed(checks []Check) int {
	n := 0
	for _, c := range checks {
		if c.Outcome == Failed && c.FailedSeverity != spec.SeverityShould {
			n++
		}
	}
	return n
}

func failOnNote(v Verdict) string {
	if v.FailOn == spec.SeverityMust {
		return " (fail on must: should failures do not count)"
	}
	return ""
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
	notRun := m.Total().NotRun > 0
	header := append(append([]string{"operation"}, m.Families...), "all")
	rows := [][]string{header}
	for _, op := range m.Operations {
		row := []string{op}
		for _, f := range m.Families {
			row = append(row, cellText(m.Cell(op, f), notRun))
		}
		rows = append(rows, append(row, cellText(m.Row(op), notRun)))
	}
	if len(m.Operations) > 1 {
		row := []string{"all"}
		for _, f := range m.Families {
			row = append(row, cellText(m.Column(f), notRun))
		}
		rows = append(rows, append(row, cellText(m.Total(), notRun)))
	}
	widths := make([]int, len(header))
	for _, row := range rows {
		for i, cell := range row {
			widths[i] = max(widths[i], utf8.RuneCountInString(cell))
		}
	}
	t.printf("\nConformance matrix (cells: %s)\n", cellLegend(notRun))
	for _, row := range rows {
		var b strings.Builder
		for i, cell := range row {
			b.WriteString("  " + cell + strings.Repeat(" ", widths[i]-utf8.RuneCountInString(cell)))
		}
		t.printf("%s\n", strings.TrimRight(b.String(), " "))
	}
}

// cellText is a matrix cell: passed/failed/skipped/error, and not run when the run stopped early.
func cellText(s Summary, notRun bool) string {
	switch {
	case s.Total == 0:
		return "-"
	case notRun:
		return fmt.Sprintf("%d/%d/%d/%d/%d", s.Passed, s.Failed, s.Skipped, s.Error, s.NotRun)
	}
	return fmt.Sprintf("%d/%d/%d/%d", s.Passed, s.Failed, s.Skipped, s.Error)
}

func cellLegend(notRun bool) string {
	if notRun {
		return "passed/failed/skipped/error/not run"
	}
	return "passed/failed/skipped/error"
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
