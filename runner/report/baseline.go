package report

import (
	"fmt"
	"regexp"
	"time"
)

// BaselineStatus is how a check compares with the same check in the baseline.
type BaselineStatus string

// The statuses a check can have against the baseline; checks whose failing or not did not change have none.
const (
	NewFailure   BaselineStatus = "new-failure"   // failed now; passed, skipped, erred or was absent then
	StillFailing BaselineStatus = "still-failing" // failed then and now
	Fixed        BaselineStatus = "fixed"         // failed then, passes now
	Unjudged     BaselineStatus = "unjudged"      // failed then; skipped, erred or absent now: no fix is proven
)

// BaselineDiff compares a run with an earlier one, check by check (by ID).
type BaselineDiff struct {
	Target       string    `json:"target"`  // the baseline's target
	Profile      string    `json:"profile"` // the baseline's profile
	Version      string    `json:"version"` // the lambdaconform version that made the baseline
	Started      time.Time `json:"started"` // when the baseline ran
	NewFailures  []Change  `json:"new_failures"`
	StillFailing []Change  `json:"still_failing"`
	Fixed        []Change  `json:"fixed"`
	Unjudged     []Change  `json:"unjudged"`
	Notes        []string  `json:"notes,omitempty"` // what differs between the two runs besides outcomes
}

// Change is one check whose failing or not differs, or not, between the baseline and now.
type Change struct {
	ID     string  `json:"id"`
	Before Outcome `json:"before"` // Absent when the baseline did not run the check
	Now    Outcome `json:"now"`    // Absent when this run did not run the check
}

// CompareBaseline compares the current report with a baseline report. New failures (failed now; passed,
// skipped, erred or absent in the baseline) are what a baseline exists to catch: once the diff is applied with
// ApplyBaseline, they fail the run and the failures the baseline already had do not. Fixed lists checks that
// failed then and pass now; Unjudged those that failed then and were skipped, erred or did not run now.
// Differences of target, profile, selection and version are noted.
func CompareBaseline(current, baseline Report) BaselineDiff {
	d := BaselineDiff{Target: baseline.Target, Profile: baseline.Profile, Version: baseline.Version,
		Started: baseline.Started, NewFailures: []Change{}, StillFailing: []Change{}, Fixed: []Change{}, Unjudged: []Change{}}
	before := make(map[string]Outcome, len(baseline.Checks))
	for _, c := range baseline.Checks {
		before[c.ID] = c.Outcome
	}
	now := make(map[string]bool, len(current.Checks))
	for _, c := range current.Checks {
		now[c.ID] = true
		was, ok := before[c.ID]
		if !ok {
			was = Absent
		}
		ch := Change{ID: c.ID, Before: was, Now: c.Outcome}
		switch status(was, c.Outcome) {
		case NewFailure:
			d.NewFailures = append(d.NewFailures, ch)
		case StillFailing:
			d.StillFailing = append(d.StillFailing, ch)
		case Fixed:
			d.Fixed = append(d.Fixed, ch)
		case Unjudged:
			d.Unjudged = append(d.Unjudged, ch)
		}
	}
	for _, c := range baseline.Checks {
		if !now[c.ID] && c.Outcome == Failed {
			d.Unjudged = append(d.Unjudged, Change{ID: c.ID, Before: Failed, Now: Absent})
		}
	}
	if a, b := loopbackPort.ReplaceAllString(baseline.Target, "$1"), loopbackPort.ReplaceAllString(current.Target, "$1"); a != b {
		d.Notes = append(d.Notes, fmt.Sprintf("the baseline checked %s; this run checked %s", baseline.Target, current.Target))
	}
	if baseline.Profile != current.Profile {
		d.Notes = append(d.Notes, fmt.Sprintf("the baseline used profile %s; this run used %s: the rules differ", baseline.Profile, current.Profile))
	}
	if !baseline.Selection.equal(current.Selection) {
		d.Notes = append(d.Notes, fmt.Sprintf("the baseline ran %s; this run ran %s: a check that only one of them ran is compared as absent",
			baseline.Selection, current.Selection))
	}
	if baseline.Version != current.Version && baseline.Version != "" && current.Version != "" {
		d.Notes = append(d.Notes, fmt.Sprintf("the baseline was made by lambdaconform %s; this run is %s: checks may have changed",
			baseline.Version, current.Version))
	}
	if len(baseline.Checks) == 0 {
		d.Notes = append(d.Notes, "the baseline has no check: every failure is new")
	}
	return d
}

// loopbackPort matches a loopback host's port, which changes from run to run for containers and the
// in-process reference; targets are compared without it.
var loopbackPort = regexp.MustCompile(`\b(127\.0\.0\.1|localhost|\[::1\]):\d+`)

func status(before, now Outcome) BaselineStatus {
	switch {
	case now == Failed && before == Failed:
		return StillFailing
	case now == Failed:
		return NewFailure
	case before != Failed:
		return ""
	case now == Passed:
		return Fixed
	}
	return Unjudged
}

// ApplyBaseline compares r with the baseline, records the diff in r.Baseline and each check's status. From then
// on a failure the baseline already had no longer fails the run (Report.Verdict); a new one does. It can be
// applied before or after ApplyExpected.
func ApplyBaseline(r *Report, baseline Report) {
	d := CompareBaseline(*r, baseline)
	statuses := map[string]BaselineStatus{}
	for s, changes := range map[BaselineStatus][]Change{NewFailure: d.NewFailures, StillFailing: d.StillFailing, Fixed: d.Fixed, Unjudged: d.Unjudged} {
		for _, ch := range changes {
			statuses[ch.ID] = s
		}
	}
	for i := range r.Checks {
		r.Checks[i].Baseline = statuses[r.Checks[i].ID]
	}
	r.Baseline = &d
}
