package format

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestTokens(t *testing.T) {
	toks := Tokens("arn:aws:lambda:<region>:<account>:function:<function-name:3> <html> <timestamp:YYYY-MM-DDThh:mm:ss.sss+0000>")
	var kinds []string
	for _, tk := range toks {
		if tk.Placeholder != nil {
			kinds = append(kinds, tk.Placeholder.String())
		}
	}
	if strings.Join(kinds, " ") != "<region> <account> <function-name:3> <timestamp:YYYY-MM-DDThh:mm:ss.sss+0000>" {
		t.Errorf("placeholders %v (an unknown <html> is literal)", kinds)
	}
	if Skeleton("x <uuid:3> y <region>") != Skeleton("x <uuid:7> y <region>") || Skeleton("<uuid:1>") == Skeleton("<hash:1>") {
		t.Error("skeletons")
	}
	if p, ok := Whole("<code-size:p>"); !ok || !Kinds[p.Kind].Number || p.Arg != "p" {
		t.Errorf("Whole: %v %v", p, ok)
	}
	if _, ok := Whole("x<uuid:1>"); ok {
		t.Error("Whole accepted a string that is more than a placeholder")
	}
}

func sample() Recording {
	return Recording{Schema: SchemaVersion, Tool: "lambdaconform", ScenarioSet: "v1", Target: "t", Settings: Settings{Runtime: "python3.12"},
		Scenarios: []Scenario{{ID: "s", Title: "a <b> & c", Exchanges: []Exchange{
			{ID: "s/a", Request: &Request{Operation: "PublishVersion", Method: "POST", Path: "/p", Body: map[string]any{"z": 1, "a": "<uuid:1>"}},
				Response: &Response{Status: 201, Headers: map[string]string{"content-type": "application/json"}, Body: map[string]any{"k": json.Number("1.50")}}},
			{ID: "s/b", Condition: "in-progress", Unobserved: "too fast"},
		}}}}
}

func TestMarshalIsCanonical(t *testing.T) {
	data, err := Marshal(sample())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(`"a": "<uuid:1>",`)) || !bytes.Contains(data, []byte(`"title": "a <b> & c"`)) ||
		!bytes.Contains(data, []byte(`"k": 1.50`)) || !bytes.HasSuffix(data, []byte("}\n")) {
		t.Errorf("not canonical:\n%s", data)
	}
	rec, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := Marshal(rec)
	if !bytes.Equal(data, again) {
		t.Errorf("a round trip changes the bytes:\n%s\n%s", data, again)
	}
}

func TestParseRefuses(t *testing.T) {
	good, _ := Marshal(sample())
	for name, doc := range map[string]string{
		"not JSON":         "{",
		"no schema":        `{"tool":"lambdaconform"}`,
		"another format":   `{"schema":"lambdaconform/recording/v9"}`,
		"missing members":  `{"schema":"lambdaconform/recording/v1","tool":"lambdaconform"}`,
		"unobserved+reply": strings.Replace(string(good), `"unobserved": "too fast"`, `"unobserved": "too fast", "response": {"status": 200}`, 1),
		"bad exchange ID":  strings.Replace(string(good), `"id": "s/a"`, `"id": "S A"`, 1),
	} {
		if _, err := Parse([]byte(doc)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestMapStrings(t *testing.T) {
	out := MapStrings(sample(), func(s string) string { return strings.ReplaceAll(s, "<uuid:1>", "X") })
	if out.Scenarios[0].Exchanges[0].Request.Body.(map[string]any)["a"] != "X" {
		t.Error("request body not mapped")
	}
	if sample().Scenarios[0].Exchanges[0].Request.Body.(map[string]any)["a"] != "<uuid:1>" {
		t.Error("MapStrings changed its input")
	}
}

// TestSchema: the embedded recording.schema.json compiles and refuses an empty object.
func TestSchema(t *testing.T) {
	if err := schema.Compile(); err != nil {
		t.Fatal(err)
	}
	if err := Validate([]byte("{}")); err == nil {
		t.Error("the schema accepts an empty object")
	}
}
