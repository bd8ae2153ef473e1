package diffreport

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/lambdaconform/lambdaconform/recording/compare"
)

// JSONSchema is diff.schema.json: every JSON diff written is valid against it.
//
//go:embed diff.schema.json
var JSONSchema []byte

type jsonResult struct {
	compare.Result
	DurationMS int64 `json:"duration_ms"`
}

// WriteJSON writes the diff as JSON (compare.SchemaVersion, diff.schema.json): what was compared, the verdict,
// the counts, the known-differences results, and every scenario with every difference and note.
func WriteJSON(w io.Writer, r compare.Result) error {
	r.Schema = compare.SchemaVersion
	for i := range r.Scenarios {
		if r.Scenarios[i].Differences == nil {
			r.Scenarios[i].Differences = []compare.Difference{}
		}
	}
	if r.Scenarios == nil {
		r.Scenarios = []compare.ScenarioResult{}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(jsonResult{Result: r, DurationMS: r.Duration.Milliseconds()})
}

var compiled = sync.OnceValues(func() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(JSONSchema))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("urn:lambdaconform:diff:v1", doc); err != nil {
		return nil, err
	}
	return c.Compile("urn:lambdaconform:diff:v1")
})

// ValidateJSON checks a JSON diff against the schema.
func ValidateJSON(data []byte) error {
	schema, err := compiled()
	if err != nil {
		return fmt.Errorf("the embedded diff schema does not compile: %w", err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("not JSON: %v", err)
	}
	err = schema.Validate(doc)
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	var problems []string
	var leaves func(e *jsonschema.ValidationError)
	leaves = func(e *jsonschema.ValidationError) {
		for _, c := range e.Causes {
			leaves(c)
		}
		if len(e.Causes) == 0 {
			p := fmt.Sprintf("at /%s: %s", strings.Join(e.InstanceLocation, "/"), e.ErrorKind.LocalizedString(printer))
			if len(problems) < 5 && !slices.Contains(problems, p) {
				problems = append(problems, p)
			}
		}
	}
	leaves(ve)
	return fmt.Errorf("not a valid diff (diff.schema.json): %s", strings.Join(problems, "; "))
}

var printer = message.NewPrinter(language.English)
