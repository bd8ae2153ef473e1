package spec

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The evidence a rule rests on is readable in the repository: every rule's Source.Document names a file of this
// module, and the place in it. A behaviour rule (or a recorded constraint) cites sections of docs/aws-behavior.md,
// which must be headings there; a model rule cites a line of a seed page that holds its quote, a shape (or a
// shape's member) of an extracted botocore model in spec/testdata, or the OpenAPI document.
func TestEverySourceResolves(t *testing.T) {
	r := newSourceResolver(t, "..")
	for _, profile := range Profiles() {
		for _, rule := range MustLoad(profile).Rules() {
			if err := r.resolve(rule.Source); err != nil {
				t.Errorf("%s %s: source %q: %v", profile, rule.ID, rule.Source.Document, err)
			}
		}
	}
}

// A resolver refuses what does not resolve, so that the test above can fail.
func TestSourceResolverRefuses(t *testing.T) {
	r := newSourceResolver(t, "..")
	for _, s := range []Source{
		{Document: "shared/reference/lambda-behavior.md §4.1"},
		{Document: "../shared/reference/lambda-behavior.md §4.1"},
		{Document: BehaviorDocument + " §99.1"},
		{Document: BehaviorDocument + " seed UpdateFunctionCode, §4.6"},
		{Document: BehaviorDocument},
		{Document: "spec/testdata/botocore-2019.json shape NoSuchShape"},
		{Document: "spec/testdata/botocore-2019.json shape ResourceNotFoundException.NoSuchMember"},
		{Document: "botocore-2019 shape Layer"},
		{Document: "spec/seeds/UpdateFunctionCode.txt", Line: 100000, Quote: "x"},
		{Document: "spec/seeds/UpdateFunctionCode.txt", Line: 1, Quote: "not on line 1"},
		{Document: "spec/no-such-file.yaml"},
	} {
		if err := r.resolve(s); err == nil {
			t.Errorf("%+v resolved", s)
		}
	}
	for _, s := range []Source{
		{Document: BehaviorDocument + " §4.1, §6.4"},
		{Document: BehaviorDocument + " §9"},
		{Document: "spec/testdata/botocore-current.json shape ResourceNotFoundException.Message"},
		{Document: "spec/lambda.openapi.yaml"},
	} {
		if err := r.resolve(s); err != nil {
			t.Errorf("%+v: %v", s, err)
		}
	}
}

// sourceResolver checks sources against the files of the module at root.
type sourceResolver struct {
	root     string
	sections map[string]bool                      // the § headings of the behaviour document
	shapes   map[string]map[string]map[string]any // model file -> shape -> its definition
	lines    map[string][]string                  // seed page -> its lines
}

var sectionHeading = regexp.MustCompile(`^#{2,3} (§[0-9]+(?:\.[0-9]+)?) `)

func newSourceResolver(t *testing.T, root string) *sourceResolver {
	t.Helper()
	r := &sourceResolver{root: root, sections: map[string]bool{}, shapes: map[string]map[string]map[string]any{},
		lines: map[string][]string{}}
	data, err := os.ReadFile(filepath.Join(root, BehaviorDocument))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if m := sectionHeading.FindStringSubmatch(line); m != nil {
			r.sections[m[1]] = true
		}
	}
	if len(r.sections) < 40 {
		t.Fatalf("%s has %d § headings", BehaviorDocument, len(r.sections))
	}
	for _, file := range evidenceFiles {
		if !strings.HasSuffix(file, ".json") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(root, file))
		if err != nil {
			t.Fatal(err)
		}
		var model struct {
			Shapes map[string]map[string]any `json:"shapes"`
		}
		if err := json.Unmarshal(data, &model); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		r.shapes[file] = model.Shapes
	}
	return r
}

// resolve returns why a source does not resolve, or nil.
func (r *sourceResolver) resolve(s Source) error {
	file, place, _ := strings.Cut(s.Document, " ")
	if strings.Contains(file, "..") || filepath.IsAbs(file) {
		return fmt.Errorf("%s is outside the repository", file)
	}
	if _, err := os.Stat(filepath.Join(r.root, file)); err != nil {
		return err
	}
	switch {
	case file == BehaviorDocument:
		if place == "" {
			return fmt.Errorf("no section")
		}
		for _, section := range strings.Split(place, ", ") {
			if !r.sections[section] {
				return fmt.Errorf("%s has no heading %q", file, section)
			}
		}
	case r.shapes[file] != nil:
		ref, ok := strings.CutPrefix(place, "shape ")
		if !ok {
			return fmt.Errorf("a model source names a shape: %q", place)
		}
		name, member, _ := strings.Cut(ref, ".")
		shape, ok := r.shapes[file][name]
		if !ok {
			return fmt.Errorf("%s has no shape %s", file, name)
		}
		if members, _ := shape["members"].(map[string]any); member != "" && members[member] == nil {
			return fmt.Errorf("shape %s of %s has no member %s", name, file, member)
		}
	case strings.HasPrefix(file, "spec/seeds/"):
		lines, ok := r.lines[file]
		if !ok {
			data, err := os.ReadFile(filepath.Join(r.root, file))
			if err != nil {
				return err
			}
			lines = strings.Split(string(data), "\n")
			r.lines[file] = lines
		}
		if place != "" || s.Line < 1 || s.Line > len(lines) || !strings.Contains(lines[s.Line-1], s.Quote) {
			return fmt.Errorf("line %d does not hold %q", s.Line, s.Quote)
		}
	case file == "spec/lambda.openapi.yaml" && place == "":
	default:
		return fmt.Errorf("not a document rules may cite")
	}
	return nil
}
