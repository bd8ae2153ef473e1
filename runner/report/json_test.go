package report

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// fullReport is the sample with everything a report can carry: a selection, expected failures and a baseline.
func fullReport(t *testing.T) Report {
	t.Helper()
	r := sampleReport()
	r.Selection = Selection{LabelFilter: "!evidence: {unverified}", Focus: []string{"PublishVersion"}, Skip: []string{"slow"}}
	e, err := ParseExpected("expected.yaml", []byte(expectedYAML))
	if err != nil {
		t.Fatal(err)
	}
	ApplyExpected(&r, e, time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC))
	then := withOutcome(sampleReport(), "contract.PublishVersion.status-201", Passed)
	then = withOutcome(then, "contract.UpdateFunctionCode.status-200", Failed)
	then.Checks = append(then.Checks, Check{ID: "interop.PublishVersion.removed", Outcome: Failed})
	ApplyBaseline(&r, then)
	return r
}

// TestJSONMatchesSchema validates written reports against report.schema.json: a report with every member, one
// with none of the optional ones, and one with no check.
func TestJSONMatchesSchema(t *testing.T) {
	divergences := sampleReport()
	ApplyExpected(&divergences, Expected{File: "moto.yaml", Entries: []ExpectedEntry{
		{Index: 1, Rule: "PublishVersion.status.201", Check: "contract.PublishVersion.status-201", Reason: "r",
			Evidence: "docs/aws-behavior.md §3", Severity: "must", Link: "https://example.com/1", Profiles: []string{"seed-2019"}},
		{Index: 2, Rule: "PublishVersion.status.documented", Reason: "r", Severity: "should", Profiles: []string{"aws-current"}},
	}}, time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC))
	for name, r := range map[string]Report{"full": fullReport(t), "plain": sampleReport(), "empty": {}, "divergences": divergences} {
		var buf bytes.Buffer
		if err := WriteJSON(&buf, r); err != nil {
			t.Fatal(err)
		}
		if err := schema.Validate(buf.Bytes()); err != nil {
			t.Errorf("%s report: %v\n(report.schema.json must document every member the writer emits)", name, err)
		}
	}
}

func TestJSONRoundTrip(t *testing.T) {
	r := fullReport(t)
	var buf bytes.Buffer
	if err := WriteJSON(&buf, r); err != nil {
		t.Fatal(err)
	}
	back, err := ReadJSON(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	want := prepare(r)
	if !reflect.DeepEqual(back, want) {
		a, _ := json.MarshalIndent(back, "", " ")
		b, _ := json.MarshalIndent(want, "", " ")
		t.Errorf("the report changed on a round trip:\n%s\nwant\n%s", a, b)
	}
	var doc map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	verdict := doc["verdict"].(map[string]any)
	if verdict["status"] != "not-conformant" || verdict["exit_code"] != 1.0 || doc["duration_ms"] != 1500.0 {
		t.Errorf("verdict %v, duration %v", verdict, doc["duration_ms"])
	}
	check := doc["checks"].([]any)[0].(map[string]any)
	for _, key := range []string{"id", "title", "operation", "family", "evidence", "labels", "rules", "failed_rules",
		"outcome", "message", "reason", "duration_ms", "calls", "expected", "baseline"} {
		if _, ok := check[key]; !ok {
			t.Errorf("the failed check has no %q member: %v", key, check)
		}
	}
	call := check["calls"].([]any)[0].(map[string]any)
	if !strings.Contains(call["transcript"].(string), "< 200 OK") || !strings.HasPrefix(call["curl"].(string), "curl ") {
		t.Errorf("call %v", call)
	}
}

func TestReadJSONErrors(t *testing.T) {
	valid := func(edit func(map[string]any)) string {
		var buf bytes.Buffer
		if err := WriteJSON(&buf, sampleReport()); err != nil {
			t.Fatal(err)
		}
		var doc map[string]any
		if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		edit(doc)
		out, _ := json.Marshal(doc)
		return string(out)
	}
	for _, tc := range []struct{ name, doc, want string }{
		{"not JSON", "<testsuites/>", "not a JSON report"},
		{"truncated", `{"schema": "lambdaconform/report/v1", "checks": [`, "not a JSON report"},
		{"another document", `{"name": "something else"}`, `not a lambdaconform report: it has no "schema" member`},
		{"another version", `{"schema": "lambdaconform/report/v2"}`, `a report in format "lambdaconform/report/v2", and this lambdaconform reads "lambdaconform/report/v1"`},
		{"bad outcome", valid(func(d map[string]any) { d["checks"].([]any)[0].(map[string]any)["outcome"] = "exploded" }),
			"not a valid lambdaconform report (report.schema.json): at /checks/0/outcome: value must be one of"},
		{"missing member", valid(func(d map[string]any) { delete(d, "checks") }), "at the top level: missing property 'checks'"},
		{"unknown member", valid(func(d map[string]any) { d["extra"] = 1 }), "additional properties 'extra' not allowed"},
	} {
		_, err := ReadJSON(strings.NewReader(tc.doc))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want it to contain %q", tc.name, err, tc.want)
		}
	}
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.json")
	if _, err := ReadJSONFile(missing); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("missing file: %v", err)
	}
	junk := filepath.Join(dir, "junk.json")
	writeFile(t, junk, []byte("{}"))
	if _, err := ReadJSONFile(junk); err == nil || !strings.HasPrefix(err.Error(), junk+": ") {
		t.Errorf("a file that is not a report: %v", err)
	}
}

// TestSchemaCompiles: the embedded report.schema.json compiles, formats asserted.
func TestSchemaCompiles(t *testing.T) {
	if err := schema.Compile(); err != nil {
		t.Fatal(err)
	}
}
