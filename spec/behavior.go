package spec

import (
	"fmt"
	"regexp"
	"slices"

	"go.yaml.in/yaml/v3"
)

// behaviorRule is one entry of behavior.yaml.
type behaviorRule struct {
	ID                  string              `yaml:"id"`
	Operations          []string            `yaml:"operations"`
	Evidence            Evidence            `yaml:"evidence"`
	EvidenceByOperation map[string]Evidence `yaml:"evidence_by_operation"`
	Section             string              `yaml:"section"`
	Statement           string              `yaml:"statement"`
	// Severity is must (the default) or should.
	Severity Severity `yaml:"severity"`
	// Profiles limits a rule to the profiles whose model has the members it is about; empty means all.
	Profiles []string `yaml:"profiles"`
}

var behaviorID = regexp.MustCompile(`^behavior\.[a-z0-9-]+\.[a-z0-9-]+$`)

// behaviorRules reads behavior.yaml into catalog rules, checking every entry.
func behaviorRules(profile string, ops []string) ([]Rule, error) {
	data, err := files.ReadFile("behavior.yaml")
	if err != nil {
		return nil, err
	}
	var entries []behaviorRule
	if err := yaml.Unmarshal(data, &entries); err != nil {
		return nil, fmt.Errorf("behavior.yaml: %w", err)
	}
	out := make([]Rule, 0, len(entries))
	for _, e := range entries {
		if !behaviorID.MatchString(e.ID) {
			return nil, fmt.Errorf("behavior.yaml: rule ID %q is not of the form behavior.<area>.<name>", e.ID)
		}
		if !validEvidence(e.Evidence) || e.Statement == "" || e.Section == "" || len(e.Operations) == 0 {
			return nil, fmt.Errorf("behavior.yaml: rule %s needs operations, a known evidence, a section and a statement", e.ID)
		}
		if e.Severity == "" {
			e.Severity = SeverityMust
		}
		if e.Severity != SeverityMust && e.Severity != SeverityShould {
			return nil, fmt.Errorf("behavior.yaml: rule %s: severity %q is neither must nor should", e.ID, e.Severity)
		}
		for op, ev := range e.EvidenceByOperation {
			if !slices.Contains(e.Operations, op) || !validEvidence(ev) {
				return nil, fmt.Errorf("behavior.yaml: rule %s: bad evidence_by_operation entry %s: %s", e.ID, op, ev)
			}
		}
		for _, p := range e.Profiles {
			if _, ok := profilePatches[p]; !ok {
				return nil, fmt.Errorf("behavior.yaml: rule %s names unknown profile %q", e.ID, p)
			}
		}
		if len(e.Profiles) > 0 && !slices.Contains(e.Profiles, profile) {
			continue
		}
		for _, op := range e.Operations {
			if !slices.Contains(ops, op) {
				return nil, fmt.Errorf("behavior.yaml: rule %s names operation %s, which the model lacks", e.ID, op)
			}
		}
		out = append(out, Rule{
			ID: e.ID, Profile: profile, Operations: e.Operations, Location: "behavior", Kind: KindBehavior,
			Value: e.Statement, Evidence: e.Evidence, EvidenceByOperation: e.EvidenceByOperation, Severity: e.Severity,
			Source: Source{Document: BehaviorDocument + " " + e.Section, Quote: e.Statement},
		})
	}
	return out, nil
}

func validEvidence(e Evidence) bool {
	switch e {
	case EvidenceRecorded, EvidenceReported, EvidenceDocs, EvidenceUnverified:
		return true
	}
	return false
}

// EvidenceFor returns the evidence a rule rests on for one operation.
func (r Rule) EvidenceFor(op string) Evidence {
	if e, ok := r.EvidenceByOperation[op]; ok {
		return e
	}
	return r.Evidence
}

// AppliesTo reports whether a rule concerns an operation.
func (r Rule) AppliesTo(op string) bool {
	return r.Operation == op || slices.Contains(r.Operations, op)
}
