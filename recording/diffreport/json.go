package diffreport

import (
	_ "embed"
	"encoding/json"
	"io"

	"github.com/lambdaconform/lambdaconform/internal/jsonschema"
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

var schema = jsonschema.New("diff.schema.json", "diff", "urn:lambdaconform:diff:v1", JSONSchema)

// ValidateJSON checks a JSON diff against the schema.
func ValidateJSON(data []byte) error { return schema.Validate(data) }
