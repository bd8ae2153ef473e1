package report

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// Comparison puts the runs of several targets side by side (runner compare): each check's outcome on each
// target, grouped by operation and family, the checks where the targets disagree first, and each target's root
// causes by severity. Build it with Compare; write it with WriteCompareHTML, WriteCompareMarkdown and
// WriteCompareSummary.
type Comparison struct {
	Tool    string // this lambdaconform
	Version string
	Profile string // the profile every run used
	Catalog string // the rule catalog every run was judged against
	Targets []CompareTarget
	// Rows holds one row per check any run has, grouped by operation (in matrix order) and family (in the suites'
	// order); within a group the checks where the targets disagree come first, then by ID.
	Rows  []CompareRow
	Notes []string // differences between the runs besides outcomes: selection, version
}

// CompareTarget is one of the compared runs.
type CompareTarget struct {
	Name      string // its label: NAME in NAME=FILE, or the file's name
	Target    string // what the run checked
	Version   string
	Selection Selection
	Started   time.Time
	Duration  time.Duration
	Verdict   Verdict
	Summary   Summary
	Causes    []RootCause // its failures grouped by root cause, must first
}

// CompareRow is one check on every target.
type CompareRow struct {
	ID, Title, Operation, Family string
	Cells                        []CompareCell // one per target, in the order of Comparison.Targets
	Disagree                     bool          // the outcomes are not all the same
}

// CompareCell is a check's result on one target.
type CompareCell struct {
	Outcome  Outcome // Absent when the target's run did not have the check
	Reason   string  // why it failed, erred or was skipped, in one line
	Expected bool    // a failure an expected-failure entry covers
}

// CompareGroup is the rows of one operation and family.
type CompareGroup struct {
	Operation, Family string
	Rows              []CompareRow
}

// Compare puts the reports of runs against different targets side by side. It refuses, with an error of one
// line, fewer than two reports, a shard's report (merge the shards first), two reports with one name, and
// reports judged under different profiles or rule catalogs. Differences of selection or version are noted: a
// check one run did not have is shown as absent there.
func Compare(runs []NamedReport) (Comparison, error) {
	if len(runs) < 2 {
		return Comparison{}, fmt.Errorf("compare needs the JSON reports of two runs or more; %d given", len(runs))
	}
	names := map[string]bool{}
	first := runs[0]
	for _, n := range runs {
		r := n.Report
		switch {
		case n.Name == "":
			return Comparison{}, fmt.Errorf("a report without a name")
		case names[n.Name]:
			return Comparison{}, fmt.Errorf("two reports are named %s: name them with NAME=FILE", n.Name)
		case r.Shard != nil:
			return Comparison{}, fmt.Errorf("%s is shard %s of a run: merge the shards first (runner merge), then compare the merged report", n.Name, r.Shard)
		case r.Catalog == "":
			return Comparison{}, fmt.Errorf("%s names no rule catalog (it was written by an older lambdaconform): run it again", n.Name)
		case r.Profile != first.Report.Profile:
			return Comparison{}, fmt.Errorf("%s and %s cannot be compared: %s used profile %s, %s used %s", first.Name, n.Name,
				first.Name, first.Report.Profile, n.Name, r.Profile)
		case r.Catalog != first.Report.Catalog:
			return Comparison{}, fmt.Errorf("%s and %s cannot be compared: they were judged against different rule catalogs (%s and %s)",
				first.Name, n.Name, first.Report.Catalog, r.Catalog)
		}
		names[n.Name] = true
	}
	c := Comparison{Tool: Tool, Version: ToolVersion(), Profile: first.Report.Profile, Catalog: first.Report.Catalog}
	type key struct{ op, fam string }
	rows := map[string]*CompareRow{}
	var ids []string
	for i, n := range runs {
		r := redacted(n.Report) // as every writer does: nothing that looks like a secret reaches the comparison
		c.Targets = append(c.Targets, CompareTarget{Name: n.Name, Target: r.Target, Version: r.Version, Selection: r.Selection,
			Started: r.Started, Duration: r.Duration, Verdict: r.Verdict(), Summary: summarize(r.Checks), Causes: r.RootCauses()})
		for _, ch := range r.Checks {
			row, ok := rows[ch.ID]
			if !ok {
				row = &CompareRow{ID: ch.ID, Title: ch.Title, Operation: ch.Operation, Family: ch.Family,
					Cells: make([]CompareCell, len(runs))}
				for j := range row.Cells {
					row.Cells[j].Outcome = Absent
				}
				rows[ch.ID] = row
				ids = append(ids, ch.ID)
			}
			row.Cells[i] = CompareCell{Outcome: ch.Outcome, Reason: reasonAfterRule(ch), Expected: ch.ExpectedFailure()}
			if row.Cells[i].Outcome == Failed && len(ch.FailedRules) > 0 {
				row.Cells[i].Reason = "[" + strings.Join(ch.FailedRules, ", ") + "] " + row.Cells[i].Reason
			}
		}
		if i > 0 {
			if !r.Selection.equal(first.Report.Selection) {
				c.Notes = append(c.Notes, fmt.Sprintf("%s ran %s, %s ran %s: a check one of them did not run is shown as absent",
					first.Name, first.Report.Selection, n.Name, r.Selection))
			}
			if r.Version != first.Report.Version {
				c.Notes = append(c.Notes, fmt.Sprintf("%s was run by lambdaconform %s, %s by %s: checks may differ",
					first.Name, first.Report.Version, n.Name, r.Version))
			}
		}
	}
	// Group order: the conformance matrix's operations and families.
	var all Report
	for _, id := range ids {
		row := rows[id]
		for _, cell := range row.Cells[1:] {
			if cell.Outcome != row.Cells[0].Outcome {
				row.Disagree = true
			}
		}
		all.Checks = append(all.Checks, Check{Operation: row.Operation, Family: row.Family})
	}
	m := all.Matrix()
	rank := map[key]int{}
	for i, op := range m.Operations {
		for j, fam := range m.Families {
			rank[key{op, fam}] = i*len(m.Families) + j
		}
	}
	for _, id := range ids {
		c.Rows = append(c.Rows, *rows[id])
	}
	groupOf := func(r CompareRow) int {
		op := r.Operation
		if op == "" {
			op = NoOperation
		}
		return rank[key{op, r.Family}]
	}
	sort.SliceStable(c.Rows, func(i, j int) bool {
		a, b := c.Rows[i], c.Rows[j]
		if ga, gb := groupOf(a), groupOf(b); ga != gb {
			return ga < gb
		}
		if ra, rb := a.rank(), b.rank(); ra != rb {
			return ra < rb
		}
		return a.ID < b.ID
	})
	return c, nil
}

// rank orders the rows of a group: disagreements where a target failed or erred, then the other disagreements
// (judged by some targets, skipped or absent on others), then the checks the targets agree on.
func (r CompareRow) rank() int {
	switch {
	case !r.Disagree:
		return 2
	case r.Problem():
		return 0
	}
	return 1
}

// Problem reports whether the check failed or erred on some target.
func (r CompareRow) Problem() bool {
	for _, c := range r.Cells {
		if c.Outcome == Failed || c.Outcome == Error {
			return true
		}
	}
	return false
}

// Disagreements counts the checks where the targets disagree.
func (c Comparison) Disagreements() int {
	n := 0
	for _, r := range c.Rows {
		if r.Disagree {
			n++
		}
	}
	return n
}

// Groups returns the rows where the targets disagree (disagree true) or agree, by operation and family.
func (c Comparison) Groups(disagree bool) []CompareGroup {
	return c.grouped(func(r CompareRow) bool { return r.Disagree == disagree })
}

// AllGroups returns every row by operation and family.
func (c Comparison) AllGroups() []CompareGroup {
	return c.grouped(func(CompareRow) bool { return true })
}

func (c Comparison) grouped(keep func(CompareRow) bool) []CompareGroup {
	var out []CompareGroup
	for _, r := range c.Rows {
		if !keep(r) {
			continue
		}
		op := r.Operation
		if op == "" {
			op = NoOperation
		}
		if n := len(out); n == 0 || out[n-1].Operation != op || out[n-1].Family != r.Family {
			out = append(out, CompareGroup{Operation: op, Family: r.Family})
		}
		out[len(out)-1].Rows = append(out[len(out)-1].Rows, r)
	}
	return out
}

// Count counts the group's checks with the outcome on target i.
func (g CompareGroup) Count(i int, o Outcome) int {
	n := 0
	for _, r := range g.Rows {
		if r.Cells[i].Outcome == o {
			n++
		}
	}
	return n
}

// Outcomes lists the distinct outcomes of the row, in report order.
func (r CompareRow) Outcomes() []Outcome {
	var out []Outcome
	for _, cell := range r.Cells {
		if !slices.Contains(out, cell.Outcome) {
			out = append(out, cell.Outcome)
		}
	}
	return out
}
