package format

import (
	_ "embed"

	"github.com/lambdaconform/lambdaconform/internal/jsonschema"
)

// JSONSchema is recording.schema.json: every recording written is valid against it, and Read refuses one that
// is not.
//
//go:embed recording.schema.json
var JSONSchema []byte

var schema = jsonschema.New("recording.schema.json", "recording", "urn:lambdaconform:recording:v1", JSONSchema)

// Validate checks a document against the schema; the error lists up to five problems with their locations.
func Validate(data []byte) error { return schema.Validate(data) }
