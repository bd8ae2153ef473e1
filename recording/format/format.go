// Package format is the file format of a recording: one JSON document, versioned (SchemaVersion), described by
// a JSON Schema (recording.schema.json), written with stable ordering so that recording the same target twice
// gives byte-identical files and a recording can be reviewed in a pull request, one exchange per block.
package format

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
)

// SchemaVersion names this format; a change that breaks readers changes it.
const SchemaVersion = "lambdaconform/recording/v1"

// Recording is what one target answered to the scenarios, normalised.
type Recording struct {
	// Schema is SchemaVersion.
	Schema string `json:"schema"`
	// Tool is "lambdaconform".
	Tool string `json:"tool"`
	// ScenarioSet names the version of the scenario table that made the recording; a diff replays only a
	// recording of the same set.
	ScenarioSet string `json:"scenario_set"`
	// Target says what was recorded: an endpoint without loopback ports, an image, or the reference target.
	Target string `json:"target"`
	// Settings are the inputs of the run that appear in the answers and must be the same when replaying.
	Settings Settings `json:"settings"`
	// Scenarios, in the order of the scenario table.
	Scenarios []Scenario `json:"scenarios"`
}

// Settings are the run's inputs that a replay must reuse.
type Settings struct {
	// Runtime of the functions the scenarios create.
	Runtime string `json:"runtime"`
}

// Scenario is one scenario's exchanges, in the order they were made.
type Scenario struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// Error says why the scenario stopped before its end: a set-up call (CreateFunction, a wait, an S3 call) was
	// refused. The exchanges up to it are kept.
	Error     string     `json:"error,omitempty"`
	Exchanges []Exchange `json:"exchanges"`
}

// Exchange is one call and its answer, normalised.
type Exchange struct {
	// ID is "<scenario>/<step>", stable across recordings.
	ID string `json:"id"`
	// Condition, when set, says the exchange exists only when the target shows a transient state:
	// "in-progress" for calls made while an update is in progress.
	Condition string `json:"condition,omitempty"`
	// Unobserved, when set, says why the target could not show this exchange (it completed every update before
	// the next call arrived, for instance); Request and Response are then absent.
	Unobserved string    `json:"unobserved,omitempty"`
	Request    *Request  `json:"request,omitempty"`
	Response   *Response `json:"response,omitempty"`
}

// Request is what was sent, normalised. Headers are not recorded: they carry credentials and signatures.
type Request struct {
	// Operation is the API operation, "s3:<Operation>" for S3 calls.
	Operation string `json:"operation"`
	Method    string `json:"method"`
	// Path is the URL path from the endpoint's root, unescaped.
	Path  string            `json:"path"`
	Query map[string]string `json:"query,omitempty"`
	// Body is a JSON body; Text a body that is not JSON (a placeholder for binary bodies).
	Body any    `json:"body,omitempty"`
	Text string `json:"text,omitempty"`
}

// Response is what came back, normalised.
type Response struct {
	// Status is the HTTP status; 0 when no answer arrived (refused, reset, timed out).
	Status int `json:"status"`
	// Headers holds only the headers that matter, by lower-case name: content-type (the media type, without
	// parameters), x-amzn-errortype (sanitised: what is before ':', after '#'), and for S3 x-amz-version-id.
	Headers map[string]string `json:"headers,omitempty"`
	// Body is a JSON body; Text a body that is not JSON. S3 bodies are not recorded.
	Body any    `json:"body,omitempty"`
	Text string `json:"text,omitempty"`
}

// Marshal writes a recording in its canonical form: indented with two spaces, object members sorted by name
// (JSON bodies) or in declaration order (the format's own members), no HTML escaping (placeholders keep their
// angle brackets), and a final newline.
func Marshal(r Recording) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return nil, fmt.Errorf("encoding the recording: %w", err)
	}
	return b.Bytes(), nil
}

// Write writes the canonical form to w.
func Write(w io.Writer, r Recording) error {
	data, err := Marshal(r)
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// Read reads a recording, validated against the schema; numbers in bodies keep their text (json.Number).
func Read(r io.Reader) (Recording, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return Recording{}, err
	}
	return Parse(data)
}

// Parse reads a recording from its bytes, validated against the schema.
func Parse(data []byte) (Recording, error) {
	if err := schema.Read(data, SchemaVersion); err != nil {
		return Recording{}, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var rec Recording
	if err := dec.Decode(&rec); err != nil {
		return Recording{}, fmt.Errorf("not a lambdaconform recording: %v", err)
	}
	return rec, nil
}

// ReadFile reads a recording from a file; its errors name the file.
func ReadFile(path string) (Recording, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Recording{}, fmt.Errorf("reading the recording: %w", err)
	}
	rec, err := Parse(data)
	if err != nil {
		return Recording{}, fmt.Errorf("%s: %w", path, err)
	}
	return rec, nil
}

// Exchanges returns every exchange of the recording, in order.
func (r Recording) Exchanges() []Exchange {
	var out []Exchange
	for _, s := range r.Scenarios {
		out = append(out, s.Exchanges...)
	}
	return out
}

// MapStrings returns a copy of r with f applied to every string a target or a run could have put in it: paths,
// query values, bodies, texts, headers, errors and the target's description.
func MapStrings(r Recording, f func(string) string) Recording {
	out := r
	out.Target = f(r.Target)
	out.Scenarios = make([]Scenario, len(r.Scenarios))
	for i, s := range r.Scenarios {
		s.Error = f(s.Error)
		ex := make([]Exchange, len(s.Exchanges))
		for j, e := range s.Exchanges {
			e.Unobserved = f(e.Unobserved)
			if e.Request != nil {
				q := *e.Request
				q.Path, q.Text, q.Body = f(q.Path), f(q.Text), mapValue(q.Body, f)
				q.Query = mapStrings(q.Query, f)
				e.Request = &q
			}
			if e.Response != nil {
				p := *e.Response
				p.Text, p.Body = f(p.Text), mapValue(p.Body, f)
				p.Headers = mapStrings(p.Headers, f)
				e.Response = &p
			}
			ex[j] = e
		}
		s.Exchanges = ex
		out.Scenarios[i] = s
	}
	return out
}

func mapStrings(m map[string]string, f func(string) string) map[string]string {
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = f(v)
	}
	return out
}

func mapValue(v any, f func(string) string) any {
	switch t := v.(type) {
	case string:
		return f(t)
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, x := range t {
			out[k] = mapValue(x, f)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, x := range t {
			out[i] = mapValue(x, f)
		}
		return out
	}
	return v
}
