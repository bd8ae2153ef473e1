package spec

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestSeedQuotesFound checks that every rule citing a seed page quotes a line of that page: the line the rule
// names holds the quote word for word.
func TestSeedQuotesFound(t *testing.T) {
	seeds, err := loadSeeds()
	if err != nil {
		t.Fatal(err)
	}
	for _, profile := range Profiles() {
		for _, r := range MustLoad(profile).Rules() {
			if !strings.HasPrefix(r.Source.Document, "spec/seeds/") {
				continue
			}
			if r.Source.Line <= 0 {
				t.Errorf("%s %s: quote %q not found in %s", profile, r.ID, r.Source.Quote, r.Source.Document)
				continue
			}
			line := seeds.lines[r.Operation][r.Source.Line-1]
			if !strings.Contains(line, r.Source.Quote) {
				t.Errorf("%s %s: line %d of %s does not hold %q", profile, r.ID, r.Source.Line, r.Source.Document, r.Source.Quote)
			}
		}
	}
}

// seedConstraint is one constraint line of a seed page.
type seedConstraint struct {
	op, text string
	line     int
}

var constraintLine = regexp.MustCompile(`^(Length Constraints|Pattern|Valid Range|Valid Values|HTTP Status Code):`)

// seedConstraints lists the constraint lines of both pages: lengths, patterns, ranges, enums, status codes,
// the success status and the 64-character rule.
func seedConstraints(t *testing.T) []seedConstraint {
	seeds, err := loadSeeds()
	if err != nil {
		t.Fatal(err)
	}
	var out []seedConstraint
	for op, lines := range seeds.lines {
		for i, l := range lines {
			l = strings.TrimSpace(l)
			if constraintLine.MatchString(l) || strings.Contains(l, "it is limited to 64 characters") ||
				strings.Contains(l, "the service sends back an HTTP") {
				out = append(out, seedConstraint{op: op, text: l, line: i + 1})
			}
		}
	}
	return out
}

// TestSeedCoverage proves that the seed-2019 catalog holds every constraint of both pages: each constraint line
// is the source of a rule of the right kind, and the rule states the same values as the line.
func TestSeedCoverage(t *testing.T) {
	m := MustLoad(Seed2019)
	lines := seedConstraints(t)
	if len(lines) < 50 {
		t.Fatalf("found only %d constraint lines in the seed pages; the page format changed?", len(lines))
	}
	for _, c := range lines {
		var matched []Rule
		for _, r := range m.Rules() {
			if r.Operation == c.op && r.Source.Document == "spec/"+seedFiles[c.op] && r.Source.Line == c.line {
				matched = append(matched, r)
			}
		}
		if len(matched) == 0 {
			t.Errorf("%s line %d %q: no rule quotes it", c.op, c.line, c.text)
			continue
		}
		for _, r := range matched {
			if err := agrees(c.text, r); err != nil {
				t.Errorf("%s line %d %q: rule %s: %v", c.op, c.line, c.text, r.ID, err)
			}
		}
	}
}

var (
	numbers    = regexp.MustCompile(`(Minimum|Maximum) (?:length|value) of (\d+)`)
	statusCode = regexp.MustCompile(`\d{3}`)
)

// agrees checks that a rule states what its seed line states.
func agrees(line string, r Rule) error {
	label, rest, _ := strings.Cut(line, ": ")
	want := map[string][]Kind{
		"Length Constraints": {KindLength}, "Valid Range": {KindRange}, "Pattern": {KindPattern},
		"Valid Values": {KindEnum}, "HTTP Status Code": {KindErrorStatus, KindStatus},
	}[label]
	switch {
	case strings.Contains(line, "limited to 64 characters"):
		want = []Kind{KindPlainNameLength}
	case strings.Contains(line, "sends back an HTTP"):
		want = []Kind{KindStatus}
	}
	if !slices.Contains(want, r.Kind) {
		return fmt.Errorf("kind %s, want one of %v", r.Kind, want)
	}
	num := func(p *float64) string {
		if p == nil {
			return "none"
		}
		return strconv.FormatFloat(*p, 'f', -1, 64)
	}
	switch r.Kind {
	case KindLength, KindRange:
		min, max := "none", "none"
		for _, m := range numbers.FindAllStringSubmatch(rest, -1) {
			if m[1] == "Minimum" {
				min = m[2]
			} else {
				max = m[2]
			}
		}
		if min == "none" && r.Kind == KindLength {
			min = "0" // "Maximum length of 128." alone: no minimum, which a length counts from 0
		}
		if num(r.Min) != min || num(r.Max) != max {
			return fmt.Errorf("rule states %s-%s, the page %s-%s", num(r.Min), num(r.Max), min, max)
		}
	case KindPattern:
		if r.AWSPattern != rest || r.Pattern != anchor(rest) {
			return fmt.Errorf("rule pattern %q (anchored %q), the page %q", r.AWSPattern, r.Pattern, rest)
		}
	case KindEnum:
		if got := strings.Join(r.Enum, " | "); got != rest {
			return fmt.Errorf("rule values %q, the page %q", got, rest)
		}
	case KindErrorStatus:
		if r.Value != rest {
			return fmt.Errorf("rule status %s, the page %s", r.Value, rest)
		}
	case KindStatus:
		if code := statusCode.FindString(line); code == "" || !strings.HasPrefix(r.Value, code) {
			return fmt.Errorf("rule status %q, the page %q", r.Value, line)
		}
	case KindPlainNameLength:
		if num(r.Max) != "64" {
			return fmt.Errorf("rule limit %s, the page 64", num(r.Max))
		}
	}
	return nil
}
