package report

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/lambdaconform/lambdaconform/spec"
	"github.com/lambdaconform/lambdaconform/suites"
)

// threeRuns are runs of the same checks against three targets: good passes everything it judges, sample is
// sampleReport (two failures, an error, a skip), and other fails a should rule on two checks, errs on none,
// and did not run one check.
func threeRuns() []NamedReport {
	sample := sampleReport()
	sample.Catalog = catalogOf(sample.Profile)
	good := sample
	good.Target = "reference target (in-process, http://127.0.0.1:1)"
	good.Checks = nil
	for _, c := range sample.Checks {
		if c.Outcome == Failed || c.Outcome == Error {
			c.Outcome, c.FailedRules, c.Failures, c.FailedSeverity, c.Reason, c.Message = Passed, nil, nil, "", "", ""
		}
		good.Checks = append(good.Checks, c)
	}
	other := sample
	other.Target = "http://127.0.0.1:5000"
	other.Checks = nil
	for _, c := range sample.Checks {
		switch c.ID {
		case "contract.PublishVersion.status-201", "semantics.PublishVersion.unchanged-returns-latest":
			// A check without the details of its failures, as older reports have: its root cause comes from its
			// failed rules, the rule's severity from the catalog, the call from the violations.
			c.Outcome, c.FailedRules = Failed, []string{"PublishVersion.error.ResourceNotFoundException.message-key"}
			c.Failures, c.FailedSeverity = nil, ""
			c.Reason = "[PublishVersion.error.ResourceNotFoundException.message-key] the message is under message"
			c.Calls = []suites.CallRecord{{Operation: "GetFunction", Violations: []spec.Violation{{Rule: "PublishVersion.error.ResourceNotFoundException.message-key"}}}}
		case "semantics.UpdateFunctionCode.revision-match":
			continue // not run here
		}
		other.Checks = append(other.Checks, c)
	}
	return []NamedReport{{"good", good}, {"sample", sample}, {"other", other}}
}

func compared(t *testing.T) Comparison {
	t.Helper()
	c, err := Compare(viaJSON(t, threeRuns()))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func rowOf(t *testing.T, c Comparison, id string) CompareRow {
	t.Helper()
	for _, r := range c.Rows {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("no row %s", id)
	return CompareRow{}
}

// TestCompareRows: every check of any run has a row with each target's outcome (absent where a run did not
// have it); rows are grouped by operation and family in the matrix's order, disagreements first in each group.
func TestCompareRows(t *testing.T) {
	c := compared(t)
	if len(c.Rows) != 6 || len(c.Targets) != 3 {
		t.Fatalf("%d rows for %d targets, want 6 for 3", len(c.Rows), len(c.Targets))
	}
	for id, want := range map[string][]Outcome{
		"contract.PublishVersion.status-201":                {Passed, Failed, Failed},
		"semantics.PublishVersion.unchanged-returns-latest": {Passed, Failed, Failed},
		"semantics.UpdateFunctionCode.revision-match":       {Passed, Error, Absent},
		"contract.UpdateFunctionCode.status-200":            {Passed, Passed, Passed},
		"errors.PublishVersion.conflict":                    {Skipped, Skipped, Skipped},
	} {
		r := rowOf(t, c, id)
		for i, w := range want {
			if r.Cells[i].Outcome != w {
				t.Errorf("%s on %s: %s, want %s", id, c.Targets[i].Name, r.Cells[i].Outcome, w)
			}
		}
		if disagree := want[0] != want[1] || want[1] != want[2]; r.Disagree != disagree {
			t.Errorf("%s: disagree %v, want %v", id, r.Disagree, disagree)
		}
	}
	if got := rowOf(t, c, "contract.PublishVersion.status-201").Cells[2].Reason; !strings.HasPrefix(got, "[PublishVersion.error.ResourceNotFoundException.message-key] ") {
		t.Errorf("the failure's reason does not name its rule: %q", got)
	}
	if c.Disagreements() != 3 {
		t.Errorf("%d disagreements, want 3", c.Disagreements())
	}
	var order []string
	for _, g := range c.AllGroups() {
		order = append(order, g.Operation+"/"+g.Family)
	}
	want := "UpdateFunctionCode/contract UpdateFunctionCode/semantics UpdateFunctionCode/interop PublishVersion/contract PublishVersion/semantics PublishVersion/errors"
	if strings.Join(order, " ") != want {
		t.Errorf("groups %v, want %s", order, want)
	}
	for _, g := range c.Groups(true) {
		for _, r := range g.Rows {
			if !r.Disagree {
				t.Errorf("%s is among the disagreements", r.ID)
			}
		}
	}
}

// TestCompareRootCauses: failures that share a failed rule on the same kind of call are one cause, with the
// rule's severity from the catalog, must causes first.
func TestCompareRootCauses(t *testing.T) {
	c := compared(t)
	if n := len(c.Targets[0].Causes); n != 0 {
		t.Errorf("good has %d root causes", n)
	}
	sample := c.Targets[1].Causes
	if len(sample) != 3 {
		t.Fatalf("sample: %d root causes, want 3 (two rules of one check, one of another): %+v", len(sample), sample)
	}
	for _, rc := range sample {
		if rc.Severity != spec.SeverityMust || rc.Operation != "PublishVersion" || len(rc.Checks) != 1 {
			t.Errorf("sample cause %+v: want must, on PublishVersion, one check", rc)
		}
	}
	other := c.Targets[2].Causes
	if len(other) != 1 {
		t.Fatalf("other: %d root causes, want 1: %+v", len(other), other)
	}
	rc := other[0]
	if rc.Severity != spec.SeverityShould || rc.Operation != "GetFunction" || len(rc.Checks) != 2 {
		t.Errorf("other's cause %+v: want should, on GetFunction (the call whose answer broke it), two checks", rc)
	}
	must, should := c.Targets[2].causeCounts()
	if must != 0 || should != 1 {
		t.Errorf("other: %d must, %d should", must, should)
	}
}

// TestCompareRefuses: runs that cannot be compared are refused with one line that says why.
func TestCompareRefuses(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(r []NamedReport) []NamedReport
		want string
	}{
		{"one run", func(r []NamedReport) []NamedReport { return r[:1] }, "two runs or more; 1 given"},
		{"same name", func(r []NamedReport) []NamedReport { r[2].Name = "good"; return r }, "two reports are named good"},
		{"a shard", func(r []NamedReport) []NamedReport { r[1].Report.Shard = &Shard{1, 2}; return r }, "sample is shard 1/2 of a run: merge the shards first"},
		{"profile", func(r []NamedReport) []NamedReport { r[2].Report.Profile = "aws-current"; return r },
			"good used profile seed-2019, other used aws-current"},
		{"catalog", func(r []NamedReport) []NamedReport { r[1].Report.Catalog = "sha256:0123456789abcdef"; return r },
			"different rule catalogs"},
		{"no catalog", func(r []NamedReport) []NamedReport { r[1].Report.Catalog = ""; return r }, "sample names no rule catalog"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Compare(tc.edit(threeRuns()))
			if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %v, want one line with %q", err, tc.want)
			}
		})
	}
}

// TestCompareNotes: a different selection or version is noted, not refused.
func TestCompareNotes(t *testing.T) {
	runs := threeRuns()
	runs[1].Report.Selection = Selection{LabelFilter: "!evidence:unverified"}
	runs[2].Report.Version = "v9.9.9"
	c, err := Compare(runs)
	if err != nil {
		t.Fatal(err)
	}
	notes := strings.Join(c.Notes, "\n")
	for _, want := range []string{`sample ran label filter "!evidence:unverified"`, "other by v9.9.9"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes %q lack %q", notes, want)
		}
	}
}

// TestCompareMarkdown: the comment puts each failing check under the target that failed it, the disagreements
// before the root causes, and escapes what the targets sent.
func TestCompareMarkdown(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCompareMarkdown(&buf, compared(t)); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	if !strings.Contains(md, "| check | good | sample | other |") {
		t.Errorf("no table header with the targets in order:\n%s", md)
	}
	for _, want := range []string{
		"| `contract.PublishVersion.status-201` | ✅ passed | ❌ **failed** | ❌ **failed** |",
		"| `semantics.UpdateFunctionCode.revision-match` | ✅ passed | ⚠️ error | – absent |",
		"### lambdaconform: 3 targets compared, 3 checks where they disagree",
		"##### other: 0 must, 1 should",
		"| should | `PublishVersion.error.ResourceNotFoundException.message-key` | GetFunction | 2: ",
		"2 passed everywhere, 1 skipped everywhere",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("no %q in:\n%s", want, md)
		}
	}
	if strings.Index(md, "Where the targets disagree") > strings.Index(md, "Root causes") {
		t.Errorf("the disagreements do not come first")
	}
	if strings.Contains(md, "<script>") || strings.Contains(md, "@everyone") {
		t.Errorf("text from the target is not escaped:\n%s", md)
	}
}

// TestCompareSummary: the terminal summary gives each verdict and lists the disagreements with every target's
// outcome.
func TestCompareSummary(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCompareSummary(&buf, compared(t)); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"3 runs compared", "good    CONFORMANT", "sample  NOT CONFORMANT", "3 checks where the targets disagree",
		"contract.PublishVersion.status-201: good passed · sample failed · other failed"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
}

// TestCompareHTML: the page is self-contained, has one table row per check with one cell per target holding
// that target's outcome, the disagreements in the first table, and escapes what the targets sent.
func TestCompareHTML(t *testing.T) {
	c := compared(t)
	var buf bytes.Buffer
	if err := WriteCompareHTML(&buf, c); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, bad := range []string{"<script src", "<link", "@import", "url(", " src=", "<iframe", "<img", hostile} {
		if strings.Contains(out, bad) {
			t.Errorf("the page contains %q", bad)
		}
	}
	doc, err := html.Parse(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	cells := map[string][]string{} // check ID -> the badge of each target
	section := map[string]string{}
	walk(doc, func(n *html.Node) {
		if cls, _ := attr(n, "class"); n.Type != html.ElementNode || n.Data != "section" || cls != "rows" {
			return
		}
		id, _ := attr(n, "id")
		walk(n, func(tr *html.Node) {
			if cls, _ := attr(tr, "class"); tr.Data != "tr" || cls != "row" {
				return
			}
			rowID, _ := attr(tr, "id")
			rowID = strings.TrimPrefix(rowID, "row-")
			section[rowID] = id
			walk(tr, func(b *html.Node) {
				if cls, _ := attr(b, "class"); b.Data == "span" && strings.HasPrefix(cls, "badge ") {
					cells[rowID] = append(cells[rowID], text(b))
				}
			})
		})
	})
	if len(cells) != len(c.Rows) {
		t.Fatalf("%d rows on the page, want %d", len(cells), len(c.Rows))
	}
	for _, r := range c.Rows {
		want := strings.Fields(newCompareHTMLRowOutcomes(r))
		if strings.Join(cells[r.ID], " ") != strings.Join(want, " ") {
			t.Errorf("%s: cells %v, want %v", r.ID, cells[r.ID], want)
		}
		if wantSection := map[bool]string{true: "disagree", false: "agree"}[r.Disagree]; section[r.ID] != wantSection {
			t.Errorf("%s is in section %q, want %q", r.ID, section[r.ID], wantSection)
		}
	}
	if strings.Index(out, `id="disagree"`) > strings.Index(out, `id="agree"`) {
		t.Errorf("the disagreements do not come first")
	}
}

func newCompareHTMLRowOutcomes(r CompareRow) string {
	var out []string
	for _, c := range r.Cells {
		out = append(out, string(c.Outcome))
	}
	return strings.Join(out, " ")
}

// TestCompareRedacts: what looks like a secret in a run's report (here a SigV4 signature in a failure's reason)
// appears in no output of the comparison.
func TestCompareRedacts(t *testing.T) {
	runs := threeRuns()
	const signature = "Signature=0123456789abcdef0123456789abcdef"
	for i, c := range runs[1].Report.Checks {
		if c.Outcome == Failed {
			runs[1].Report.Checks[i].Reason += " " + signature
		}
	}
	c, err := Compare(runs)
	if err != nil {
		t.Fatal(err)
	}
	for name, write := range map[string]func(*bytes.Buffer) error{
		"html":     func(b *bytes.Buffer) error { return WriteCompareHTML(b, c) },
		"markdown": func(b *bytes.Buffer) error { return WriteCompareMarkdown(b, c) },
		"summary":  func(b *bytes.Buffer) error { return WriteCompareSummary(b, c) },
	} {
		var buf bytes.Buffer
		if err := write(&buf); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(buf.String(), "0123456789abcdef0123456789abcdef") {
			t.Errorf("%s: the signature is there", name)
		}
	}
	if !strings.Contains(rowOf(t, c, "contract.PublishVersion.status-201").Cells[1].Reason, "Signature="+Redacted) {
		t.Errorf("the reason was not redacted in place: %q", rowOf(t, c, "contract.PublishVersion.status-201").Cells[1].Reason)
	}
}
