package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

const model = `{
 "metadata": {"protocol": "rest-json"},
 "operations": {
  "Op": {"input": {"shape": "In"}, "output": {"shape": "Out"}, "errors": [{"shape": "Oops"}]},
  "Other": {"input": {"shape": "Unrelated"}}
 },
 "shapes": {
  "In": {"type": "structure", "members": {"A": {"shape": "Str"}}},
  "Out": {"type": "structure", "members": {"L": {"shape": "List"}, "M": {"shape": "Map"}}},
  "List": {"type": "list", "member": {"shape": "Str"}},
  "Map": {"type": "map", "key": {"shape": "Key"}, "value": {"shape": "Str"}},
  "Key": {"type": "string", "pattern": "[a-z]+"},
  "Str": {"type": "string", "max": 3},
  "Oops": {"type": "structure", "members": {"message": {"shape": "Str"}}, "error": {"httpStatusCode": 400}},
  "Unrelated": {"type": "string"}
 }
}`

func TestExtract(t *testing.T) {
	out, err := Extract([]byte(model), "m.json", []string{"Op"})
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Operations map[string]any `json:"operations"`
		Shapes     map[string]any `json:"shapes"`
		From       map[string]any `json:"extractedFrom"`
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	var shapes []string
	for s := range got.Shapes {
		shapes = append(shapes, s)
	}
	slices.Sort(shapes)
	if want := []string{"In", "Key", "List", "Map", "Oops", "Out", "Str"}; !slices.Equal(shapes, want) {
		t.Errorf("shapes %v, want the closure %v", shapes, want)
	}
	if _, ok := got.Operations["Other"]; ok || len(got.Operations) != 1 {
		t.Errorf("operations %v, want only Op", got.Operations)
	}
	if got.From["file"] != "m.json" || got.From["sha256"] == "" {
		t.Errorf("provenance %v", got.From)
	}
	again, _ := Extract([]byte(model), "m.json", []string{"Op"})
	if !bytes.Equal(out, again) {
		t.Error("the extract is not deterministic")
	}
	if _, err := Extract([]byte(model), "m.json", []string{"Missing"}); err == nil {
		t.Error("no error for a missing operation")
	}
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	models, out := filepath.Join(dir, "models"), filepath.Join(dir, "out")
	for _, d := range []string{models, out} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	doc := `{"metadata":{},"operations":{"PublishVersion":{},"UpdateFunctionCode":{}},"shapes":{}}`
	for _, s := range sources {
		if err := os.WriteFile(filepath.Join(models, s.model), []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var sink bytes.Buffer
	if code := run([]string{"-models", models, "-out", out, "-check"}, &sink, &sink); code != 1 {
		t.Fatalf("-check with no extracts: exit %d, want 1", code)
	}
	if code := run([]string{"-models", models, "-out", out}, &sink, &sink); code != 0 {
		t.Fatalf("extract: exit %d\n%s", code, sink.String())
	}
	if code := run([]string{"-models", models, "-out", out, "-check"}, &sink, &sink); code != 0 {
		t.Fatalf("-check after extracting: exit %d\n%s", code, sink.String())
	}
}
