// Package jsonschema checks documents against the project's JSON Schemas (the JSON report, the recording, the
// JSON diff): every schema is compiled once, formats asserted, and a document that does not conform gets one
// line that says what is wrong and where.
package jsonschema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// maxProblems is how many problems an error lists.
const maxProblems = 5

// Schema is one JSON Schema (draft 2020-12) embedded in the program, for documents whose "schema" member names
// their format and version.
type Schema struct {
	file, noun string
	compiled   func() (*jsonschema.Schema, error)
}

// New returns the schema held in doc; file names it in errors ("report.schema.json"), noun names a document
// that conforms ("report"), and id is the schema's URI. It is compiled on first use.
func New(file, noun, id string, doc []byte) *Schema {
	return &Schema{file: file, noun: noun, compiled: sync.OnceValues(func() (*jsonschema.Schema, error) {
		d, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
		if err != nil {
			return nil, err
		}
		c := jsonschema.NewCompiler()
		c.AssertFormat()
		if err := c.AddResource(id, d); err != nil {
			return nil, err
		}
		return c.Compile(id)
	})}
}

// Compile reports whether the embedded schema compiles.
func (s *Schema) Compile() error {
	if _, err := s.compiled(); err != nil {
		return fmt.Errorf("the embedded %s does not compile: %w", s.file, err)
	}
	return nil
}

// Read checks that a document is JSON, that its "schema" member is version, and that it is valid against the
// schema: a document of another kind or another version is told so before any detail of the schema.
func (s *Schema) Read(data []byte, version string) error {
	var head struct {
		Schema *string `json:"schema"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return fmt.Errorf("not a JSON %s: %v", s.noun, err)
	}
	switch {
	case head.Schema == nil:
		return fmt.Errorf(`not a lambdaconform %s: it has no "schema" member`, s.noun)
	case *head.Schema != version:
		return fmt.Errorf("a %s in format %q, and this lambdaconform reads %q", s.noun, *head.Schema, version)
	}
	return s.Validate(data)
}

// Validate checks a JSON document against the schema. Its error lists up to five problems, each with its
// location as a JSON pointer ("at /checks/0/outcome: …"; "at the top level: …").
func (s *Schema) Validate(data []byte) error {
	schema, err := s.compiled()
	if err != nil {
		return fmt.Errorf("the embedded %s does not compile: %w", s.file, err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("not a JSON %s: %v", s.noun, err)
	}
	err = schema.Validate(doc)
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	var problems []string
	var leaves func(e *jsonschema.ValidationError)
	leaves = func(e *jsonschema.ValidationError) {
		if len(e.Causes) > 0 {
			for _, c := range e.Causes {
				leaves(c)
			}
			return
		}
		p := fmt.Sprintf("at %s: %s", location(e.InstanceLocation), e.ErrorKind.LocalizedString(english))
		if len(problems) < maxProblems && !slices.Contains(problems, p) {
			problems = append(problems, p)
		}
	}
	leaves(ve)
	return fmt.Errorf("not a valid lambdaconform %s (%s): %s", s.noun, s.file, strings.Join(problems, "; "))
}

var english = message.NewPrinter(language.English)

// location is a JSON pointer (RFC 6901), or "the top level" for the document itself.
func location(segments []string) string {
	if len(segments) == 0 {
		return "the top level"
	}
	var b strings.Builder
	for _, seg := range segments {
		b.WriteString("/" + pointerEscaper.Replace(seg))
	}
	return b.String()
}

var pointerEscaper = strings.NewReplacer("~", "~0", "/", "~1")
