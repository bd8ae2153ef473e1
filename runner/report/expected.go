package report

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/lambdaconform/lambdaconform/internal/entrylist"
	"github.com/lambdaconform/lambdaconform/spec"
	"github.com/lambdaconform/lambdaconform/suites"
)

// Expected is an expected-failures file: failures a vendor knows about and accepts for a while. Each entry
// names a check, a rule, or a rule within one check, says why, and may cite its evidence, give its severity,
// link to the issue, hold for some profiles only and expire on a date.
//
//   - check: semantics.PublishVersion.unchanged-returns-latest
//     reason: we publish a new version even when nothing changed
//     link: https://tracker.example/LAMBDA-42
//     expires: 2026-09-30
//   - rule: UpdateFunctionCode.response.Runtime.enum
//     reason: our runtime list is newer than the 2019 documents
//   - rule: behavior.revision.mismatch
//     check: semantics.PublishVersion.revision-mismatch
//     reason: PublishVersion ignores RevisionId
//     evidence: docs/aws-behavior.md §5.2
//     severity: must
//     profiles: [aws-current]
type Expected struct {
	File    string // where the entries came from
	Entries []ExpectedEntry
}

// ExpectedEntry is one entry of an expected-failures file. Check, Rule or both are set: a check entry covers
// that check's failure whatever rule it broke, a rule entry that rule's failures in any check, and an entry
// with both that rule's failure in that check only.
type ExpectedEntry struct {
	Index    int      `json:"index"`              // 1-based position in the file
	Check    string   `json:"check,omitempty"`    // a check ID: with no rule, covers that check's failure, whatever rule it broke
	Rule     string   `json:"rule,omitempty"`     // a rule ID: covers failures of that rule (in Check only, when both are given)
	Reason   string   `json:"reason"`             // why the failure is accepted: what the target does
	Evidence string   `json:"evidence,omitempty"` // what AWS does instead, and where that is recorded
	Severity string   `json:"severity,omitempty"` // must or should: what the divergence costs (spec.Rule.Severity)
	Link     string   `json:"link,omitempty"`     // where it is tracked
	Profiles []string `json:"profiles,omitempty"` // the contract profiles it holds for; all when empty
	Expires  string   `json:"expires,omitempty"`  // YYYY-MM-DD: the last day the entry holds; none when empty
	Line     int      `json:"line,omitempty"`     // where the entry starts in the file
}

// Subject is the entry's target in words: "check X", "rule Y" or "rule Y in check X".
func (e ExpectedEntry) Subject() string {
	switch {
	case e.Rule == "":
		return "check " + e.Check
	case e.Check == "":
		return "rule " + e.Rule
	}
	return "rule " + e.Rule + " in check " + e.Check
}

// appliesTo reports whether the entry holds for a run of profile.
func (e ExpectedEntry) appliesTo(profile string) bool {
	return len(e.Profiles) == 0 || slices.Contains(e.Profiles, profile)
}

func (e ExpectedEntry) expiredOn(today time.Time) bool { return entrylist.Expired(e.Expires, today) }

// LoadExpected reads and validates an expected-failures file. Its errors name the file, and the entry and line
// of a bad entry; the runner reports them as configuration errors (exit 2).
func LoadExpected(path string) (Expected, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Expected{}, fmt.Errorf("expected-failures file: %w", err)
	}
	return ParseExpected(path, data)
}

// ParseExpected parses an expected-failures file's content; name is used in errors.
func ParseExpected(name string, data []byte) (Expected, error) {
	out := Expected{File: name}
	seen := map[string]int{}
	err := expectedFormat.Parse(name, data, func(raw entrylist.Entry) error {
		e, err := parseEntry(raw)
		if err != nil {
			return err
		}
		if first, ok := seen[e.Subject()]; ok {
			return fmt.Errorf("%s is already listed in entry %d", e.Subject(), first)
		}
		seen[e.Subject()] = e.Index
		out.Entries = append(out.Entries, e)
		return nil
	})
	if err != nil {
		return Expected{File: name}, err
	}
	return out, nil
}

var expectedFormat = entrylist.Format{
	Keys:    []string{"check", "rule", "reason", "evidence", "severity", "link", "profiles", "expires"},
	Lists:   []string{"profiles"},
	Shape:   "- check: ... or - rule: ...",
	Mapping: "check or rule, reason, and optionally evidence, severity, link, profiles and expires",
}

func parseEntry(raw entrylist.Entry) (ExpectedEntry, error) {
	v := raw.Values
	e := ExpectedEntry{Index: raw.Index, Line: raw.Line, Check: v["check"], Rule: v["rule"], Reason: v["reason"],
		Evidence: v["evidence"], Severity: v["severity"], Link: v["link"], Expires: v["expires"]}
	if items, ok := raw.Lists["profiles"]; ok {
		profiles, err := parseProfiles(items)
		if err != nil {
			return e, err
		}
		e.Profiles = profiles
	}
	switch {
	case e.Severity != "" && e.Severity != string(spec.SeverityMust) && e.Severity != string(spec.SeverityShould):
		return e, fmt.Errorf("severity %q: want %s or %s", e.Severity, spec.SeverityMust, spec.SeverityShould)
	case e.Check == "" && e.Rule == "":
		return e, errors.New("an entry needs a check or a rule")
	case e.Reason == "":
		return e, errors.New("reason is required: say why the failure is accepted")
	case e.Check != "" && !isFamilyPrefixed(e.Check):
		return e, fmt.Errorf("check %q is not a check ID (<family>.<operation>.<name>); for a rule ID, write rule: %s", e.Check, e.Check)
	case e.Rule != "" && isFamilyPrefixed(e.Rule):
		return e, fmt.Errorf("rule %q is a check ID; write check: %s", e.Rule, e.Rule)
	}
	return e, nil
}

// parseProfiles reads profiles: one profile, or a list of them, each a known one.
func parseProfiles(items []*yaml.Node) ([]string, error) {
	var out []string
	for _, it := range items {
		p := strings.TrimSpace(it.Value)
		if it.Kind != yaml.ScalarNode || !slices.Contains(spec.Profiles(), p) {
			return nil, fmt.Errorf("profiles: %q is not a profile (the profiles are %s)", p, strings.Join(spec.Profiles(), ", "))
		}
		if slices.Contains(out, p) {
			return nil, fmt.Errorf("profiles: %s is listed twice", p)
		}
		out = append(out, p)
	}
	if len(out) == 0 {
		return nil, errors.New("profiles is empty")
	}
	return out, nil
}

// CheckIDs verifies that every entry names a check or a rule that exists, so that a typo cannot silently cover
// nothing. An entry is checked against the catalog of each profile it holds for (the run's profile when it names
// none): checkExists and ruleExists answer for a profile's catalog. The error names the file, the entry, its line,
// the unknown ID and the profile.
func (e Expected) CheckIDs(runProfile string, checkExists, ruleExists func(profile, id string) bool) error {
	for _, en := range e.Entries {
		profiles := en.Profiles
		if len(profiles) == 0 {
			profiles = []string{runProfile}
		}
		for _, p := range profiles {
			switch {
			case en.Check != "" && !checkExists(p, en.Check):
				return fmt.Errorf("%s: entry %d (line %d): no check %s in the %s catalog (runner list shows the checks)",
					e.File, en.Index, en.Line, en.Check, p)
			case en.Rule != "" && !ruleExists(p, en.Rule):
				return fmt.Errorf("%s: entry %d (line %d): no rule %s in the %s catalog (runner rules shows the rules)",
					e.File, en.Index, en.Line, en.Rule, p)
			}
		}
	}
	return nil
}

// isFamilyPrefixed reports whether id starts with a family, as check IDs do and rule IDs never do.
func isFamilyPrefixed(id string) bool {
	family, _, _ := strings.Cut(id, ".")
	return slices.Contains(suites.Families, suites.Family(family)) || family == "suite"
}

// Expectation is how the expected-failures file judged one failed check.
type Expectation struct {
	ExpectedEntry          // the entry that matched: a check entry if one did, else the first rule entry
	Expired       bool     `json:"expired,omitempty"`         // every matching entry has expired: the failure counts
	Uncovered     []string `json:"uncovered_rules,omitempty"` // failed rules no unexpired entry covers: the failure counts
}

// covers reports whether the failure is accepted: an entry matched, has not expired, and left no rule uncovered.
func (x *Expectation) covers() bool { return x != nil && !x.Expired && len(x.Uncovered) == 0 }

// Describe says in one line which entry matched and, when the failure still counts, why.
func (x *Expectation) Describe() string {
	s := fmt.Sprintf("%s (entry %d, %s)", x.Reason, x.Index, x.Subject())
	if x.Link != "" {
		s += " " + x.Link
	}
	switch {
	case x.Expired:
		s += fmt.Sprintf("; expired on %s, so the failure counts", x.Expires)
	case len(x.Uncovered) > 0:
		s += fmt.Sprintf("; but %s also failed, which no entry covers, so the failure counts", strings.Join(x.Uncovered, ", "))
	case x.Expires != "":
		s += fmt.Sprintf("; until %s", x.Expires)
	}
	return s
}

// ExpectedResult is what applying an expected-failures file found.
type ExpectedResult struct {
	File    string        `json:"file"`
	Date    string        `json:"date"` // the day entries were judged expired or not
	Entries []EntryResult `json:"entries"`
}

// EntryResult is how one entry fared.
type EntryResult struct {
	ExpectedEntry
	Status EntryStatus `json:"status"`
	Checks []string    `json:"checks,omitempty"` // the failed checks it matched
	Note   string      `json:"note,omitempty"`   // for stale and expired entries: what to do
}

// EntryStatus is the state of an entry after a run.
type EntryStatus string

// The entry statuses.
const (
	EntryMatched EntryStatus = "matched" // it covers at least one failure
	EntryExpired EntryStatus = "expired" // past its date: the failures it matches count again
	EntryStale   EntryStatus = "stale"   // it matched no failure: the check passes now, was not judged, or not selected
	// EntryOtherProfile: the entry holds for other profiles than the run's; it was not applied.
	EntryOtherProfile EntryStatus = "other-profile"
)

// Problems returns the entries that need attention: expired and stale ones (not those of other profiles).
func (e *ExpectedResult) Problems() []EntryResult {
	if e == nil {
		return nil
	}
	var out []EntryResult
	for _, en := range e.Entries {
		if en.Status != EntryMatched && en.Status != EntryOtherProfile {
			out = append(out, en)
		}
	}
	return out
}

// ApplyExpected matches the entries that hold for the report's profile against its failed checks, as of today
// (only its date counts: an entry holds through the day it expires). A failed check is expected when an
// unexpired check entry names it, or when unexpired rule entries (for any check, or for this one) cover every
// rule it broke; it stays failed but no longer counts against the target. It records the result in r.Expected
// and on each matched check, and updates r.Summary. Applying again replaces the previous result; it can be
// applied before or after ApplyBaseline.
func ApplyExpected(r *Report, e Expected, today time.Time) {
	results := make([]EntryResult, len(e.Entries))
	byCheck, byRule := map[string][]int{}, map[string][]int{}
	for i, en := range e.Entries {
		results[i] = EntryResult{ExpectedEntry: en}
		switch {
		case !en.appliesTo(r.Profile):
		case en.Rule == "":
			byCheck[en.Check] = append(byCheck[en.Check], i)
		default:
			byRule[en.Rule] = append(byRule[en.Rule], i)
		}
	}
	// rulesIn returns the entries of a rule that hold in check id: the rule's own and those scoped to the check.
	rulesIn := func(rule, id string) []int {
		var out []int
		for _, i := range byRule[rule] {
			if e.Entries[i].Check == "" || e.Entries[i].Check == id {
				out = append(out, i)
			}
		}
		return out
	}
	expired := func(i int) bool { return e.Entries[i].expiredOn(today) }
	unexpired := func(i int) bool { return !expired(i) }
	outcomes := map[string]Outcome{}
	failedRules := map[string][]string{}
	rulesSeen := map[string]bool{}
	for ci := range r.Checks {
		c := &r.Checks[ci]
		c.Expected = nil
		outcomes[c.ID] = c.Outcome
		failedRules[c.ID] = c.FailedRules
		for _, rule := range c.Rules {
			rulesSeen[rule] = true
		}
		if c.Outcome != Failed {
			continue
		}
		// A check entry decides alone unless every one has expired; then rule entries may still cover it.
		matched := slices.Clone(byCheck[c.ID])
		var uncovered []string
		if !slices.ContainsFunc(matched, unexpired) {
			for _, rule := range c.FailedRules {
				ms := rulesIn(rule, c.ID)
				matched = append(matched, ms...)
				if !slices.ContainsFunc(ms, unexpired) {
					uncovered = append(uncovered, rule)
				}
			}
		}
		if len(matched) == 0 {
			continue
		}
		best := matched[0]
		for _, i := range matched {
			results[i].Checks = append(results[i].Checks, c.ID)
			if expired(best) && !expired(i) {
				best = i
			}
		}
		c.Expected = &Expectation{ExpectedEntry: e.Entries[best], Expired: expired(best), Uncovered: uncovered}
	}
	for i := range results {
		en := &results[i]
		switch {
		case !en.appliesTo(r.Profile):
			en.Status = EntryOtherProfile
			en.Note = fmt.Sprintf("holds for %s; this run checked %s", strings.Join(en.Profiles, ", "), r.Profile)
		case expired(i):
			en.Status = EntryExpired
			en.Note = fmt.Sprintf("expired on %s: its failures count again; fix them or renew the entry", en.Expires)
			if len(en.Checks) == 0 {
				en.Note = fmt.Sprintf("expired on %s, and it matches no failure any more: remove it", en.Expires)
			}
		case len(en.Checks) > 0:
			en.Status = EntryMatched
		default:
			en.Status = EntryStale
			en.Note = staleNote(en.ExpectedEntry, outcomes, failedRules, rulesSeen)
		}
	}
	r.Expected = &ExpectedResult{File: e.File, Date: today.Format(time.DateOnly), Entries: results}
	r.Summary = summarize(r.Checks)
}

func staleNote(en ExpectedEntry, outcomes map[string]Outcome, failedRules map[string][]string, rulesSeen map[string]bool) string {
	if en.Rule != "" && en.Check != "" && outcomes[en.Check] == Failed {
		if slices.Contains(failedRules[en.Check], en.Rule) {
			return "an entry for the whole check already covers it: remove one of the two"
		}
		return fmt.Sprintf("the check fails, but not this rule (it failed %s): remove the entry, or name the rule that fails now",
			strings.Join(failedRules[en.Check], ", "))
	}
	if en.Rule != "" && en.Check == "" {
		if rulesSeen[en.Rule] {
			return "no check failed this rule: remove the entry if the target conforms now"
		}
		return "no check of this run asserts this rule (not selected by this run)"
	}
	switch outcomes[en.Check] {
	case Passed:
		return "the check passes now: remove the entry"
	case Skipped:
		return "the check was skipped, so the entry could not be confirmed"
	case Error:
		return "the check could not judge the target, so the entry could not be confirmed"
	case NotRun:
		return "the check did not run (the run stopped), so the entry could not be confirmed"
	}
	return "no check with this ID ran (not selected by this run)"
}
