package report

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// NamedReport is a report with the name it goes by: the file it was read from (merge), or the label of its
// target (compare).
type NamedReport struct {
	Name   string
	Report Report
}

// Merge makes the report of a whole run from the JSON reports of its shards (runner merge): their checks
// together, sorted by ID, the summary recomputed from them, the target, profile, catalog, selection, fail-on
// severity and version they share, the earliest start, and a duration that runs from it to the end of the shard that ended last. The
// merged report's verdict is the one a single run with the same checks would have had.
//
// Merge refuses, with an error of one line that names the files, reports that do not belong together: a report
// that is not a shard, shards of different splits, profiles, catalogs, selections, fail-on severities, versions
// or targets (ports on loopback aside: each CI job starts its own target), a shard given twice or missing, and a
// check that two shards both ran. It does not depend on how checks were assigned to shards, nor on the set of outcomes.
//
// Expected-failure and baseline results of the shards are dropped: apply them to the merged report
// (ApplyExpected, ApplyBaseline) as to a single run. Run-level errors (family "suite") are kept from every
// shard, their IDs suffixed with the shard they came from.
func Merge(shards []NamedReport) (Report, error) {
	if len(shards) == 0 {
		return Report{}, fmt.Errorf("no shard report given")
	}
	first := shards[0]
	for _, s := range shards {
		if s.Report.Shard == nil {
			return Report{}, fmt.Errorf("%s is not the report of a shard (it has no shard member): merge takes the JSON reports of runs with --shard i/n", s.Name)
		}
		if s.Report.Catalog == "" {
			return Report{}, fmt.Errorf("%s names no rule catalog (it was written by an older lambdaconform): run the shard again", s.Name)
		}
	}
	for _, s := range shards[1:] {
		if err := sameRun(first, s); err != nil {
			return Report{}, err
		}
	}
	total := first.Report.Shard.Total
	byIndex := map[int]string{}
	for _, s := range shards {
		sh := *s.Report.Shard
		if sh.Index < 1 || sh.Index > sh.Total {
			return Report{}, fmt.Errorf("%s says it is shard %s, which does not exist", s.Name, sh)
		}
		if other, ok := byIndex[sh.Index]; ok {
			return Report{}, fmt.Errorf("shard %s is given twice: %s and %s", sh, other, s.Name)
		}
		byIndex[sh.Index] = s.Name
	}
	var missing []string
	for i := 1; i <= total; i++ {
		if _, ok := byIndex[i]; !ok {
			missing = append(missing, fmt.Sprintf("%d/%d", i, total))
		}
	}
	switch len(missing) {
	case 0:
	case 1:
		return Report{}, fmt.Errorf("shard %s of the run is missing (%s given)", missing[0], plural(len(shards), "report", "reports"))
	default:
		return Report{}, fmt.Errorf("shards %s of the run are missing (%s given)", strings.Join(missing, ", "), plural(len(shards), "report", "reports"))
	}

	ordered := append([]NamedReport(nil), shards...)
	sort.Slice(ordered, func(i, j int) bool { return ordered[i].Report.Shard.Index < ordered[j].Report.Shard.Index })
	head := ordered[0].Report
	out := Report{Schema: head.Schema, Tool: head.Tool, Version: head.Version, Target: head.Target, Profile: head.Profile,
		Catalog: head.Catalog, Shards: total, Selection: head.Selection, FailOn: head.FailOn}
	var end time.Time
	from := map[string]string{} // check ID -> the file that had it
	for _, s := range ordered {
		r := s.Report
		if out.Started.IsZero() || r.Started.Before(out.Started) {
			out.Started = r.Started
		}
		if e := r.Started.Add(r.Duration); e.After(end) {
			end = e
		}
		if r.Stopped != nil && out.Stopped == nil { // a shard that stopped early leaves the run incomplete
			stop := *r.Stopped
			stop.Reason = fmt.Sprintf("shard %s: %s", r.Shard, stop.Reason)
			out.Stopped = &stop
		}
		for _, c := range r.Checks {
			if c.Family == "suite" {
				// A run-level error of this shard, not a check: several shards may have one of the same kind.
				c.ID += fmt.Sprintf(".shard-%d", r.Shard.Index)
			} else if other, ok := from[c.ID]; ok {
				return Report{}, fmt.Errorf("check %s is in two shards, %s and %s: they were not split from one run", c.ID, other, s.Name)
			}
			from[c.ID] = s.Name
			c.Expected, c.Baseline = nil, ""
			out.Checks = append(out.Checks, c)
		}
	}
	out.Duration = end.Sub(out.Started)
	sort.SliceStable(out.Checks, func(i, j int) bool { return out.Checks[i].ID < out.Checks[j].ID })
	out.Summary = summarize(out.Checks)
	return out, nil
}

// sameRun reports, as an error of one line, the first difference that keeps b from being a shard of a's run.
func sameRun(a, b NamedReport) error {
	ra, rb := a.Report, b.Report
	differ := func(what, va, vb string) error {
		return fmt.Errorf("shards of different runs: %s has %s %s, %s has %s", a.Name, what, va, b.Name, vb)
	}
	switch {
	case ra.Shard.Total != rb.Shard.Total:
		return fmt.Errorf("shards of different runs: %s is shard %s, %s is shard %s", a.Name, ra.Shard, b.Name, rb.Shard)
	case ra.Profile != rb.Profile:
		return differ("profile", ra.Profile, rb.Profile)
	case ra.Catalog != rb.Catalog:
		return differ("rule catalog", ra.Catalog, rb.Catalog)
	case !ra.Selection.equal(rb.Selection):
		return differ("selection", quoteSelection(ra.Selection), quoteSelection(rb.Selection))
	case ra.failOn() != rb.failOn():
		return differ("fail-on", string(ra.failOn()), string(rb.failOn()))
	case ra.Version != rb.Version:
		return differ("lambdaconform version", ra.Version, rb.Version)
	case !sameTarget(ra.Target, rb.Target):
		return differ("target", fmt.Sprintf("%q", ra.Target), fmt.Sprintf("%q", rb.Target))
	}
	return nil
}

func quoteSelection(s Selection) string { return "(" + s.String() + ")" }

// sameTarget reports whether two reports checked the same target; ports on loopback are ignored, since they
// change from run to run for containers and the in-process reference.
func sameTarget(a, b string) bool {
	return loopbackPort.ReplaceAllString(a, "$1") == loopbackPort.ReplaceAllString(b, "$1")
}
