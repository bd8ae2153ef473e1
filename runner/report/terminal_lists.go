package report

import (
	"fmt"
	"strings"
)

// rootCauses lists the failures grouped into root causes: first those that count against the target, must
// before should, then those that do not (expected, already in the baseline, or should under fail on must).
func (t *terminal) rootCauses(r Report) {
	causes := r.RootCauses()
	if len(causes) == 0 {
		return
	}
	byID := map[string]Check{}
	for _, c := range r.Checks {
		byID[c.ID] = c
	}
	var counting, other []RootCause
	for _, rc := range causes {
		if rc.Counts {
			counting = append(counting, rc)
		} else {
			other = append(other, rc)
		}
	}
	section := func(title, note string, list []RootCause, colour string) {
		if len(list) == 0 {
			return
		}
		t.printf("\n%s: %s\n", title, rootCauseCount(list))
		if note != "" {
			t.printf("  %s\n", note)
		}
		for _, sc := range bySeverity(list) {
			sev, of := sc.Severity, sc.Causes
			t.printf("  %s: %s\n", sev, rootCauseCount(of))
			for i, rc := range of {
				if i == t.limit {
					t.printf("  ... and %d more: see the JSON or HTML report\n", len(of)-i)
					break
				}
				t.rootCause(rc, byID, colour)
			}
		}
	}
	section("Failures that count against the target", "", counting, red)
	section("Failures that do not count", "(expected, already in the baseline, or should failures under fail on must)", other, yellow)
}

func rootCauseCount(list []RootCause) string {
	checks := map[string]bool{}
	for _, rc := range list {
		for _, id := range rc.Checks {
			checks[id] = true
		}
	}
	return plural(len(list), "root cause", "root causes") + " in " + plural(len(checks), "check", "checks")
}

// rootCause writes one root cause: the rule and the call, what was seen, and its checks with their tags.
func (t *terminal) rootCause(rc RootCause, byID map[string]Check, colour string) {
	rule := rc.Rule
	if rule == "" {
		rule = "(no rule named)"
	}
	t.printf("    %s %s on %s · %s\n", t.paint(colour, "✗"), printable(rule, false), printable(rc.Operation, false),
		plural(len(rc.Checks), "check", "checks"))
	t.indented(printable(rc.Reason, false), 2)
	const shown = 4
	var ids []string
	for i, id := range rc.Checks {
		if i == shown {
			ids = append(ids, fmt.Sprintf("and %d more", len(rc.Checks)-shown))
			break
		}
		ids = append(ids, printable(id, false)+checkTags(byID[id]))
	}
	t.indented("checks: "+strings.Join(ids, ", "), 4)
	for _, id := range rc.Checks {
		if c := byID[id]; c.Expected != nil {
			t.indented("expected: "+printable(c.Expected.Describe(), false), 3)
			break
		}
	}
}

// checkTags says what the expected-failures file and the baseline made of a failed check.
func checkTags(c Check) string {
	switch {
	case c.ExpectedFailure():
		return " [expected]"
	case c.Baseline == NewFailure:
		return " [new since the baseline]"
	case c.Baseline == StillFailing:
		return " [already in the baseline]"
	}
	return ""
}

// errors lists the checks that could not judge the target, each with its reason.
func (t *terminal) errors(r Report) {
	list := r.ChecksWith(Error)
	if len(list) == 0 {
		return
	}
	t.printf("\nErrors: the check could not judge the target (not counted as non-conformance) (%d)\n", len(list))
	for i, c := range list {
		if i == t.limit {
			t.printf("  ... and %d more: see the JSON or HTML report\n", len(list)-i)
			break
		}
		t.printf("  %s %s\n", t.paint(yellow, "!"), printable(c.ID, false))
		t.indented(printable(c.Reason, false), 3)
	}
}

// reasons summarises why the checks with an outcome (skipped, not run) ended so: each reason once, with how many
// checks gave it and the specifics that differed.
func (t *terminal) reasons(r Report, o Outcome, title string) {
	groups := r.Reasons(o)
	if len(groups) == 0 {
		return
	}
	n := len(r.ChecksWith(o)) // each is in one group
	t.printf("\n%s (%d)\n", title, n)
	for i, g := range groups {
		if i == t.limit {
			t.printf("  ... and %d more reasons: see the JSON or HTML report\n", len(groups)-i)
			break
		}
		if g.Example == "" {
			t.printf("  %4d × %s\n", len(g.Checks), clip(printable(g.Reason, false), t.width-9))
			continue
		}
		// Several reasons alike: one of them whole, then what the others differ in.
		t.printf("  %4d × %s\n", len(g.Checks), clip(printable(g.Example, false), t.width-9))
		t.printf("         %s\n", clip(printable("and alike for: "+strings.Join(g.Values, ", "), false), t.width-9))
	}
}

func (t *terminal) expected(r Report) {
	e := r.Expected
	if e == nil {
		return
	}
	matched, other := 0, 0
	for _, en := range e.Entries {
		switch en.Status {
		case EntryMatched:
			matched++
		case EntryOtherProfile:
			other++
		}
	}
	entries := plural(len(e.Entries), "entry", "entries")
	if other > 0 {
		entries += fmt.Sprintf(" (%d for other profiles)", other)
	}
	covered := 0
	for _, c := range r.Checks {
		if c.ExpectedFailure() {
			covered++
		}
	}
	head := fmt.Sprintf("Expected failures (%s, as of %s): %s, %s matched; %s covered", printable(e.File, false), e.Date,
		entries, plural(matched, "entry", "entries"), plural(covered, "failed check", "failed checks"))
	t.printf("\n")
	for i, line := range wrap(head, t.width-2) {
		if i > 0 {
			line = "  " + line
		}
		t.printf("%s\n", line)
	}
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
