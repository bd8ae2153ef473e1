package format

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// JSONSchema is recording.schema.json: every recording written is valid against it, and Read refuses one that
// is not.
//
//go:embed recording.schema.json
var JSONSchema []byte

const schemaID = "urn:lambdaconform:recording:v1"

var compiled = sync.OnceValues(func() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(JSONSchema))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(schemaID, doc); err != nil {
		return nil, err
	}
	return c.Compile(schemaID)
})

// Validate checks a document against the schema; the error lists up to five problems with their locations.
func Validate(data []byte) error {
	schema, err := compiled()
	if err != nil {
		return fmt.Errorf("the embedded recording schema does not compile: %w", err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("not a recording: %v", err)
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
		loc := "the top level"
		if len(e.InstanceLocation) > 0 {
			loc = "/" + strings.Join(e.InstanceLocation, "/")
		}
		p := fmt.Sprintf("at %s: %s", loc, e.ErrorKind.LocalizedString(printer))
		if len(problems) < 5 && !slices.Contains(problems, p) {
			problems = append(problems, p)
		}
	}
	leaves(ve)
	return fmt.Errorf("not a valid lambdaconform recording (recording.schema.json): %s", strings.Join(problems, "; "))
}

var printer = message.NewPrinter(language.English)
