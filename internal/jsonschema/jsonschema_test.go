package jsonschema

import (
	"strings"
	"testing"
)

var sample = New("sample.schema.json", "sample", "urn:test:sample", []byte(`{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "required": ["name"],
  "additionalProperties": false,
  "properties": {
    "schema": {"const": "sample/v1"},
    "name": {"type": "string"},
    "day": {"type": "string", "format": "date"},
    "a/b~c": {"type": "integer"},
    "list": {"type": "array", "items": {"type": "integer"}}
  }
}`))

// TestValidate: a conforming document passes; each problem is named at its JSON pointer, formats are asserted,
// and the error names the schema's file and says what the document is not.
func TestValidate(t *testing.T) {
	if err := sample.Compile(); err != nil {
		t.Fatal(err)
	}
	if err := sample.Validate([]byte(`{"name": "x", "day": "2026-01-31", "list": [1, 2]}`)); err != nil {
		t.Fatalf("a valid document: %v", err)
	}
	for _, tc := range []struct{ doc, want string }{
		{`{`, "not a JSON sample: "},
		{`{}`, "not a valid lambdaconform sample (sample.schema.json): at the top level: missing property 'name'"},
		{`{"name": "x", "day": "31/01/2026"}`, "at /day: "},
		{`{"name": "x", "a/b~c": "one"}`, "at /a~1b~0c: got string, want integer"},
		{`{"name": "x", "list": [1, "two"]}`, "at /list/1: got string, want integer"},
	} {
		err := sample.Validate([]byte(tc.doc))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want it to contain %q", tc.doc, err, tc.want)
		}
	}
}

// TestRead: the document's format and version are checked before the schema.
func TestRead(t *testing.T) {
	if err := sample.Read([]byte(`{"schema": "sample/v1", "name": "x"}`), "sample/v1"); err != nil {
		t.Fatalf("a valid document: %v", err)
	}
	for _, tc := range []struct{ doc, want string }{
		{`<xml/>`, "not a JSON sample: "},
		{`{"name": "x"}`, `not a lambdaconform sample: it has no "schema" member`},
		{`{"schema": "sample/v2"}`, `a sample in format "sample/v2", and this lambdaconform reads "sample/v1"`},
		{`{"schema": "sample/v1"}`, "not a valid lambdaconform sample (sample.schema.json): at the top level: missing property 'name'"},
	} {
		if err := sample.Read([]byte(tc.doc), "sample/v1"); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want it to contain %q", tc.doc, err, tc.want)
		}
	}
}

// TestAtMostFiveProblems: a document wrong in many places gets five problems, each once.
func TestAtMostFiveProblems(t *testing.T) {
	err := sample.Validate([]byte(`{"name": 1, "list": ["a", "b", "c", "d", "e", "f", "g"]}`))
	if err == nil {
		t.Fatal("an invalid document passed")
	}
	if n := strings.Count(err.Error(), "at /"); n != maxProblems {
		t.Errorf("%d problems listed, want %d: %v", n, maxProblems, err)
	}
}

// TestABrokenSchema: a schema that does not compile is an error on every use, never a pass.
func TestABrokenSchema(t *testing.T) {
	broken := New("broken.schema.json", "broken", "urn:test:broken", []byte(`{"type": 7}`))
	if err := broken.Compile(); err == nil || !strings.Contains(err.Error(), "the embedded broken.schema.json does not compile") {
		t.Errorf("Compile: %v", err)
	}
	if err := broken.Validate([]byte(`{}`)); err == nil {
		t.Error("a document passed a schema that does not compile")
	}
}
