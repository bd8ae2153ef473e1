package spec

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Answer is the kind of a success answer, as far as which members AWS sends in it (docs/aws-behavior.md §6.9):
// it depends on the operation and on the request's Publish and DryRun flags.
type Answer string

// The kinds of answer.
const (
	AnswerUpdate        Answer = "update"         // UpdateFunctionCode without Publish or DryRun
	AnswerUpdatePublish Answer = "update-publish" // UpdateFunctionCode(Publish=true): the new version
	AnswerDryRun        Answer = "dry-run"        // UpdateFunctionCode(DryRun=true): unrecorded, exempt
	AnswerPublish       Answer = "publish"        // PublishVersion
	// AnswerUnknown is an answer whose request is not known: only the members every answer of the operation
	// carries are required of it (a DryRun is taken not to be one).
	AnswerUnknown Answer = ""
)

// answersOf lists the kinds of answer an operation gives whose presence is recorded.
var answersOf = map[string][]Answer{
	"UpdateFunctionCode": {AnswerUpdate, AnswerUpdatePublish},
	"PublishVersion":     {AnswerPublish},
}

// AnswerTo returns the kind of the answer to a request body of this operation. A body that is not a JSON object
// gives AnswerUnknown.
func (o *Operation) AnswerTo(request []byte) Answer {
	if o.ID == "PublishVersion" {
		return AnswerPublish
	}
	if o.ID != "UpdateFunctionCode" || request == nil {
		return AnswerUnknown
	}
	var flags struct{ Publish, DryRun any }
	if json.Unmarshal(request, &flags) != nil {
		return AnswerUnknown
	}
	switch {
	case flags.DryRun == true:
		return AnswerDryRun
	case flags.Publish == true:
		return AnswerUpdatePublish
	}
	return AnswerUpdate
}

// Presence is what a presence rule says about its member: the answers that always carry it, or the setting or
// state that makes it appear.
type Presence struct {
	// Required lists the answers of the rule's operation that always carry the member, never as null.
	Required []Answer `json:"required,omitempty"`
	// Configured is the setting that makes the member appear, for members AWS sends only when configured.
	Configured string `json:"configured,omitempty"`
	// When is the state in which the member appears, beyond the Required answers.
	When string `json:"when,omitempty"`
}

// RequiredIn reports whether an answer must carry the member. An unknown answer must carry what every answer
// of the operation carries; a DryRun answer carries nothing for sure.
func (p *Presence) RequiredIn(op string, a Answer) bool {
	if p == nil || a == AnswerDryRun {
		return false
	}
	if a != AnswerUnknown {
		return slices.Contains(p.Required, a)
	}
	for _, k := range answersOf[op] {
		if !slices.Contains(p.Required, k) {
			return false
		}
	}
	return len(answersOf[op]) > 0
}

// presenceEntry is one entry of presence.yaml.
type presenceEntry struct {
	Members    []string `yaml:"members"`
	Profiles   []string `yaml:"profiles"`
	Required   []Answer `yaml:"required"`
	Configured string   `yaml:"configured"`
	When       string   `yaml:"when"`
	Evidence   Evidence `yaml:"evidence"`
	Section    string   `yaml:"section"`
	Statement  string   `yaml:"statement"`
}

// presenceEntries reads presence.yaml: for each member of the profile's FunctionConfiguration, its entry. Every
// member must have exactly one. (That every entry names members of the model is a test's business: a model
// edited by a test may lack some.)
func presenceEntries(profile string, members []string) (map[string]presenceEntry, error) {
	data, err := files.ReadFile("presence.yaml")
	if err != nil {
		return nil, err
	}
	var entries []presenceEntry
	if err := yaml.Unmarshal(data, &entries); err != nil {
		return nil, fmt.Errorf("presence.yaml: %w", err)
	}
	out := map[string]presenceEntry{}
	for _, e := range entries {
		if !validEvidence(e.Evidence) || e.Section == "" || e.Statement == "" || len(e.Members) == 0 {
			return nil, fmt.Errorf("presence.yaml: entry %v needs members, a known evidence, a section and a statement", e.Members)
		}
		if len(e.Required) == 0 && e.Configured == "" && e.When == "" {
			return nil, fmt.Errorf("presence.yaml: entry %v says neither which answers carry the members, nor when they appear", e.Members)
		}
		for _, a := range e.Required {
			if a != AnswerUpdate && a != AnswerUpdatePublish && a != AnswerPublish {
				return nil, fmt.Errorf("presence.yaml: entry %v: unknown answer %q", e.Members, a)
			}
		}
		for _, p := range e.Profiles {
			if _, ok := profilePatches[p]; !ok {
				return nil, fmt.Errorf("presence.yaml: entry %v names unknown profile %q", e.Members, p)
			}
		}
		if len(e.Profiles) > 0 && !slices.Contains(e.Profiles, profile) {
			continue
		}
		for _, m := range e.Members {
			if _, dup := out[m]; dup {
				return nil, fmt.Errorf("presence.yaml: %s has two entries", m)
			}
			out[m] = e
		}
	}
	var missing []string
	for _, m := range members {
		if _, ok := out[m]; !ok {
			missing = append(missing, m)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("presence.yaml: no entry for the %s response members %s", profile, strings.Join(missing, ", "))
	}
	return out, nil
}

// presenceRules adds a presence rule for every top-level member of the success body.
func (c *catalog) presenceRules() error {
	s := c.op.successSchema()
	members := make([]string, 0, len(s.Properties))
	for name := range s.Properties {
		members = append(members, name)
	}
	sort.Strings(members)
	entries, err := presenceEntries(c.m.Profile, members)
	if err != nil {
		return err
	}
	for _, name := range members {
		e := entries[name]
		p := &Presence{Configured: e.Configured, When: e.When}
		for _, a := range e.Required {
			if slices.Contains(answersOf[c.op.ID], a) {
				p.Required = append(p.Required, a)
			}
		}
		c.rules = append(c.rules, Rule{
			ID: c.ruleID("response", name, KindPresence), Profile: c.m.Profile, Operation: c.op.ID,
			Location: "response", Field: name, Kind: KindPresence, Value: presenceValue(c.op.ID, name, p),
			Evidence: e.Evidence, Severity: SeverityMust, Presence: p, Shape: extOf(s.Properties[name].Value.Extensions).Shape,
			Source: Source{Document: BehaviorDocument + " " + e.Section, Quote: e.Statement},
			Doc:    "When AWS sends " + name + " in " + c.op.ID + "'s answer.",
		})
	}
	return nil
}

// answerWords describes the answers an operation must carry a member in.
var answerWords = map[Answer]string{
	AnswerUpdate:        "without Publish=true",
	AnswerUpdatePublish: "with Publish=true",
	AnswerPublish:       "",
}

// presenceValue states a presence rule in words.
func presenceValue(op, member string, p *Presence) string {
	var parts []string
	switch {
	case len(p.Required) > 0 && len(p.Required) == len(answersOf[op]):
		parts = append(parts, fmt.Sprintf("present, not null, in every %s answer", op))
	case len(p.Required) > 0:
		var words []string
		for _, a := range p.Required {
			words = append(words, answerWords[a])
		}
		parts = append(parts, fmt.Sprintf("present, not null, in every %s answer %s", op, strings.Join(words, " or ")))
	}
	if p.Configured != "" {
		parts = append(parts, "sent only when the function is configured with "+p.Configured)
	}
	if p.When != "" && len(p.Required) == 0 {
		parts = append(parts, "sent only when "+p.When)
	}
	v := strings.Join(parts, "; ")
	if op == "UpdateFunctionCode" && len(p.Required) > 0 {
		v += " (a DryRun answer is exempt: AWS's is unrecorded)"
	}
	return v
}

// presence reports the members an answer must carry that it leaves out or sends as null.
func (v *validation) presence(doc any, a Answer) {
	obj, ok := doc.(map[string]any)
	if !ok {
		return // not an object: the JSON rule's business
	}
	for _, r := range v.op.presence {
		if !r.Presence.RequiredIn(v.op.ID, a) {
			continue
		}
		val, present := obj[r.Field]
		switch {
		case !present:
			v.add(r.ID, "/"+r.Field, "present, not null", "absent",
				fmt.Sprintf("AWS sends %s in this answer (docs/aws-behavior.md §6.9); the target left it out", r.Field))
		case val == nil:
			v.add(r.ID, "/"+r.Field, "present, not null", "null",
				fmt.Sprintf("AWS sends %s in this answer (docs/aws-behavior.md §6.9); the target sent null", r.Field))
		}
	}
}

// requiredMembers returns the members an answer must carry.
func (o *Operation) requiredMembers(a Answer) []string {
	var out []string
	for _, r := range o.presence {
		if r.Presence.RequiredIn(o.ID, a) {
			out = append(out, r.Field)
		}
	}
	return out
}

// PresenceRules returns the IDs of the presence rules an answer of this operation may be judged on: those that
// require their member of some answer.
func (o *Operation) PresenceRules() []string {
	var out []string
	for _, r := range o.presence {
		if len(r.Presence.Required) > 0 {
			out = append(out, r.ID)
		}
	}
	return out
}
