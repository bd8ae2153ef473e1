package report

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/lambdaconform/lambdaconform/internal/jsonschema"
	"github.com/lambdaconform/lambdaconform/spec"
)

// JSONSchema is the JSON Schema (draft 2020-12) of the JSON report, report.schema.json.
//
//go:embed report.schema.json
var JSONSchema []byte

// wireReport is the JSON form of a Report, members in reading order: what the run was, what it decided, then
// the checks.
type wireReport struct {
	Schema     string          `json:"schema"`
	Tool       string          `json:"tool"`
	Version    string          `json:"version"`
	Target     string          `json:"target"`
	Profile    string          `json:"profile"`
	Catalog    string          `json:"catalog,omitempty"`
	Shard      *Shard          `json:"shard,omitempty"`
	Shards     int             `json:"merged_shards,omitempty"`
	Selection  Selection       `json:"selection"`
	Started    time.Time       `json:"started"`
	DurationMS int64           `json:"duration_ms"`
	FailOn     spec.Severity   `json:"fail_on,omitempty"`
	Stopped    *Stop           `json:"stopped,omitempty"`
	Verdict    Verdict         `json:"verdict"`
	Summary    Summary         `json:"summary"`
	RootCauses []RootCause     `json:"root_causes"`
	Skips      []ReasonGroup   `json:"skip_reasons,omitempty"`
	NotRuns    []ReasonGroup   `json:"not_run_reasons,omitempty"`
	Expected   *ExpectedResult `json:"expected_failures,omitempty"`
	Baseline   *BaselineDiff   `json:"baseline,omitempty"`
	Checks     []Check         `json:"checks"`
}

// MarshalJSON writes the report in the format of report.schema.json, redacted (see Redact).
func (r Report) MarshalJSON() ([]byte, error) {
	r = prepare(r)
	w := wireReport{Schema: r.Schema, Tool: r.Tool, Version: r.Version, Target: r.Target, Profile: r.Profile,
		Catalog: r.Catalog, Shard: r.Shard, Shards: r.Shards, Selection: r.Selection, Started: r.Started,
		DurationMS: r.Duration.Milliseconds(), FailOn: r.FailOn, Stopped: r.Stopped, Verdict: r.Verdict(),
		Summary: r.Summary, RootCauses: r.RootCauses(), Skips: r.Reasons(Skipped), NotRuns: r.Reasons(NotRun),
		Expected: r.Expected, Baseline: r.Baseline, Checks: make([]Check, len(r.Checks))}
	if w.RootCauses == nil {
		w.RootCauses = []RootCause{}
	}
	for i, c := range r.Checks {
		// Lists the schema requires are written as [], never null.
		if c.Labels == nil {
			c.Labels = []string{}
		}
		if c.Rules == nil {
			c.Rules = []string{}
		}
		w.Checks[i] = c
	}
	// Transcripts are full of < and >: keep them readable rather than \u003c.
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(w); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// UnmarshalJSON reads a report written by MarshalJSON. It does not validate: ReadJSON does.
func (r *Report) UnmarshalJSON(data []byte) error {
	var w wireReport
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	*r = Report{Schema: w.Schema, Tool: w.Tool, Version: w.Version, Target: w.Target, Profile: w.Profile,
		Catalog: w.Catalog, Shard: w.Shard, Shards: w.Shards, Selection: w.Selection, Started: w.Started,
		Duration: time.Duration(w.DurationMS) * time.Millisecond, FailOn: w.FailOn, Stopped: w.Stopped,
		Summary: summarize(w.Checks), Checks: w.Checks, Expected: w.Expected, Baseline: w.Baseline}
	fillSeverities(r)
	return nil
}

// WriteJSON writes the report as indented JSON (report.schema.json), one entry per check, redacted.
func WriteJSON(w io.Writer, r Report) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("writing the JSON report: %w", err)
	}
	return nil
}

// ReadJSON reads a JSON report, such as a baseline, and checks it against report.schema.json: a document that
// is not a lambdaconform report of this format gets an error that says what is wrong and where.
func ReadJSON(r io.Reader) (Report, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return Report{}, err
	}
	if err := schema.Read(data, SchemaVersion); err != nil {
		return Report{}, err
	}
	var rep Report
	if err := json.Unmarshal(data, &rep); err != nil {
		return Report{}, fmt.Errorf("not a lambdaconform report: %v", err)
	}
	return rep, nil
}

// ReadJSONFile reads a JSON report from a file; its errors name the file. The runner reports them as
// configuration errors (exit 2).
func ReadJSONFile(path string) (Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return Report{}, fmt.Errorf("reading report: %w", err)
	}
	defer f.Close()
	rep, err := ReadJSON(f)
	if err != nil {
		return Report{}, fmt.Errorf("%s: %w", path, err)
	}
	return rep, nil
}

// schema is report.schema.json, compiled once.
var schema = jsonschema.New("report.schema.json", "report", "urn:lambdaconform:report:v1", JSONSchema)
