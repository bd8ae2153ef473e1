package spec

import (
	"encoding/json"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestCatalogShape checks what every rule promises: an ID built from its operation, location, field and kind
// (the scheme checks, reports and faults rely on), a source with the document's wording, a known evidence level,
// and, for patterns, the anchored form of the document's text.
func TestCatalogShape(t *testing.T) {
	opID := regexp.MustCompile(`^(UpdateFunctionCode|PublishVersion)\.`)
	for _, profile := range Profiles() {
		m := MustLoad(profile)
		for _, r := range m.Rules() {
			if r.Kind == KindBehavior {
				continue
			}
			if r.Profile != profile || !opID.MatchString(r.ID) || !strings.HasPrefix(r.ID, r.Operation+".") {
				t.Errorf("%s: profile %q, operation %q", r.ID, r.Profile, r.Operation)
			}
			if want := expectedID(r); want != "" && want != r.ID {
				t.Errorf("%s: the scheme gives %s", r.ID, want)
			}
			if r.Source.Document == "" || r.Source.Quote == "" {
				t.Errorf("%s: source %+v lacks the document or its wording", r.ID, r.Source)
			}
			if !validEvidence(r.Evidence) {
				t.Errorf("%s: evidence %q", r.ID, r.Evidence)
			}
			if r.Pattern != "" {
				if aws, ok := unanchor(r.Pattern); !ok || aws != r.AWSPattern {
					t.Errorf("%s: pattern %q is not the document's %q wrapped as ^(?:...)$", r.ID, r.Pattern, r.AWSPattern)
				}
				if q := r.Source.Quote; strings.HasPrefix(q, "Pattern: ") && q != "Pattern: "+r.AWSPattern {
					t.Errorf("%s: quote %q, pattern %q", r.ID, q, r.AWSPattern)
				}
			}
			if got, ok := m.Rule(r.ID); !ok || got.ID != r.ID {
				t.Errorf("Rule(%q) does not find it", r.ID)
			}
		}
	}
}

// expectedID builds a rule's ID from its parts, or "" for the rules about whole operations.
func expectedID(r Rule) string {
	switch {
	case r.Kind == KindErrorStatus:
		return r.Operation + ".error." + r.Field + ".status"
	case r.Kind == KindMessageKey:
		return r.Operation + ".error." + r.Field + ".message-key"
	case r.Field != "":
		return r.Operation + "." + r.Location + "." + r.Field + "." + string(r.Kind)
	}
	return ""
}

func TestRulesAreCopies(t *testing.T) {
	m := MustLoad(Seed2019)
	rules := m.Rules()
	rules[0].ID = "changed"
	if m.Rules()[0].ID == "changed" {
		t.Fatal("Rules() exposes the catalog")
	}
	op := m.Operation("UpdateFunctionCode")
	op.Statuses()[0] = 999
	op.ErrorTypes(404)[0] = "changed"
	if op.Statuses()[0] == 999 || op.ErrorTypes(404)[0] == "changed" {
		t.Fatal("Statuses or ErrorTypes expose the model")
	}
	r, _ := m.Rule("UpdateFunctionCode.response.Layers[].Arn.pattern")
	_, v := r.Member("x")
	v.([]any)[0].(map[string]any)["Arn"] = "changed"
	if _, again := r.Member("x"); again.([]any)[0].(map[string]any)["Arn"] != "x" {
		t.Fatal("Member shares its values")
	}
}

// TestDocWording checks that the sentence a rule quotes for a member taken from an AWS model is that model's
// documentation of the member or of its shape (or its first sentences), HTML aside.
func TestDocWording(t *testing.T) {
	models := map[string]*botocoreDocs{}
	for profile, file := range botocoreFiles {
		models[evidenceFiles[map[string]string{Seed2019: sourceBotocore2019, AWSCurrent: sourceBotocoreCurrent}[profile]]] = loadDocs(t, file)
	}
	checked := 0
	for _, profile := range Profiles() {
		for _, r := range MustLoad(profile).Rules() {
			src, _, _ := strings.Cut(r.Source.Document, " ")
			docs := models[src]
			if r.Kind != KindType || docs == nil || r.Doc == "" || r.Location == "error" {
				continue
			}
			candidates := docs.at(r.Operation, r.Location, r.Field)
			if !containsNormalized(candidates, r.Doc) {
				t.Errorf("%s %s: doc %q is not %s's wording: %q", profile, r.ID, r.Doc, src, candidates)
			}
			checked++
		}
	}
	if checked < 40 {
		t.Fatalf("checked only %d docs", checked)
	}
}

type botocoreDocs struct {
	Operations map[string]struct {
		Input  botoRef `json:"input"`
		Output botoRef `json:"output"`
	} `json:"operations"`
	Shapes map[string]struct {
		Documentation string `json:"documentation"`
		Members       map[string]struct {
			Shape         string `json:"shape"`
			Documentation string `json:"documentation"`
		} `json:"members"`
		Member *botoRef `json:"member"`
		Value  *botoRef `json:"value"`
	} `json:"shapes"`
}

func loadDocs(t *testing.T, file string) *botocoreDocs {
	data, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	var d botocoreDocs
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatal(err)
	}
	return &d
}

// at returns the documentation of the member at a field path and of its shape.
func (d *botocoreDocs) at(op, loc, field string) []string {
	shape := d.Operations[op].Output.Shape
	if loc == "request" {
		shape = d.Operations[op].Input.Shape
	}
	var docs []string
	for _, step := range strings.Split(field, ".") {
		name := strings.TrimRight(step, "[]{}")
		m, ok := d.Shapes[shape].Members[name]
		if !ok {
			return nil
		}
		docs = []string{m.Documentation, d.Shapes[m.Shape].Documentation}
		shape = m.Shape
		for suffix := step[len(name):]; suffix != ""; suffix = suffix[2:] {
			ref := d.Shapes[shape].Member
			if suffix[:2] == "{}" {
				ref = d.Shapes[shape].Value
			}
			shape = ref.Shape
			docs = []string{d.Shapes[shape].Documentation}
		}
	}
	return docs
}

var tags = regexp.MustCompile(`<[^>]*>`)

func normalizeDoc(s string) string {
	return strings.Join(strings.Fields(html.UnescapeString(tags.ReplaceAllString(s, ""))), " ")
}

// containsNormalized reports whether doc is one of the candidate documentations, or their first sentences.
func containsNormalized(candidates []string, doc string) bool {
	doc = strings.Join(strings.Fields(doc), " ")
	for _, c := range candidates {
		if c := normalizeDoc(c); c == doc || strings.HasPrefix(c, doc+" ") && strings.HasSuffix(doc, ".") {
			return true
		}
	}
	return false
}

// TestSeverity: each rule is must (a client or a behaviour breaks: statuses, error types, presence, semantics)
// or should (a wire detail the AWS SDKs tolerate); a behaviour rule is one or the other, never both.
func TestSeverity(t *testing.T) {
	for _, profile := range Profiles() {
		m := MustLoad(profile)
		for _, r := range m.Rules() {
			want := SeverityMust
			switch {
			case r.Kind == KindMessageKey, r.Kind == KindContentType, r.Kind == KindUnknownMember:
				want = SeverityShould
			case r.ID == "behavior.error.content-type", r.ID == "behavior.error.type-user":
				want = SeverityShould // SDKs read the type from x-amzn-ErrorType, whatever the body's Type says
			}
			if r.Severity != want {
				t.Errorf("%s %s: severity %q, want %q", profile, r.ID, r.Severity, want)
			}
		}
		if w, _ := m.Rule("behavior.error.wire-format"); strings.Contains(w.Value, "Content-Type application/json") {
			t.Errorf("behavior.error.wire-format still holds the content type, a should: %s", w.Value)
		}
	}
}
