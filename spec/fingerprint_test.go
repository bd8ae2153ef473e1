package spec

import (
	"regexp"
	"testing"
)

// TestCatalogFingerprint: a profile's fingerprint has its documented form, is the same on every load, differs
// between the two profiles, and changes when any member of any rule changes.
func TestCatalogFingerprint(t *testing.T) {
	seed, current := MustLoad(Seed2019), MustLoad(AWSCurrent)
	form := regexp.MustCompile(`^sha256:[0-9a-f]{16}$`)
	for _, m := range []*Model{seed, current} {
		if fp := m.CatalogFingerprint(); !form.MatchString(fp) {
			t.Errorf("%s: fingerprint %q, want sha256:<16 hex digits>", m.Profile, fp)
		}
	}
	if seed.CatalogFingerprint() == current.CatalogFingerprint() {
		t.Errorf("both profiles have the fingerprint %s", seed.CatalogFingerprint())
	}
	again, err := loadDocumentForProfile(t, Seed2019)
	if err != nil {
		t.Fatal(err)
	}
	if again.CatalogFingerprint() != seed.CatalogFingerprint() {
		t.Errorf("a second load of seed-2019 gives %s, the first %s", again.CatalogFingerprint(), seed.CatalogFingerprint())
	}

	rules := seed.Rules()
	base, err := catalogFingerprint(rules)
	if err != nil || base != seed.CatalogFingerprint() {
		t.Fatalf("catalogFingerprint(Rules()) = %q, %v; want the model's %s", base, err, seed.CatalogFingerprint())
	}
	last := len(rules) - 1
	for what, change := range map[string]func(r *Rule){
		"a value": func(r *Rule) { r.Value += " " },
		"a severity": func(r *Rule) {
			r.Severity = map[Severity]Severity{SeverityMust: SeverityShould, SeverityShould: SeverityMust}[r.Severity]
		},
		"evidence": func(r *Rule) { r.Evidence = EvidenceUnverified + "x" },
		"a quote":  func(r *Rule) { r.Source.Quote += "." },
	} {
		changed := seed.Rules()
		change(&changed[last])
		if fp, _ := catalogFingerprint(changed); fp == base {
			t.Errorf("changing %s of %s leaves the fingerprint %s", what, changed[last].ID, fp)
		}
	}
	if fp, _ := catalogFingerprint(rules[:last]); fp == base {
		t.Errorf("dropping a rule leaves the fingerprint %s", fp)
	}
}

// loadDocumentForProfile loads a profile afresh, bypassing the cache of Load.
func loadDocumentForProfile(t *testing.T, profile string) (*Model, error) {
	t.Helper()
	data, err := profileDocument(profile)
	if err != nil {
		return nil, err
	}
	return loadDocument(profile, data)
}
