package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
)

// Operations are the operations whose shapes are extracted.
var Operations = []string{"PublishVersion", "UpdateFunctionCode"}

// Extract returns, as indented JSON, the given operations of a botocore service model and the closure of the
// shapes they use, with the model's metadata and where the extract comes from. The output is deterministic.
func Extract(model []byte, name string, ops []string) ([]byte, error) {
	var m struct {
		Metadata   map[string]any            `json:"metadata"`
		Operations map[string]map[string]any `json:"operations"`
		Shapes     map[string]map[string]any `json:"shapes"`
	}
	if err := json.Unmarshal(model, &m); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(model)
	out := map[string]any{
		"extractedFrom": map[string]any{
			"file": name, "bytes": len(model), "sha256": hex.EncodeToString(sum[:]),
			"command": "go run ./spec/internal/modelextract -models DIR",
		},
		"metadata": m.Metadata,
	}
	operations := map[string]any{}
	shapes := map[string]any{}
	var visit func(name string) error
	visit = func(name string) error {
		if _, done := shapes[name]; done {
			return nil
		}
		s, ok := m.Shapes[name]
		if !ok {
			return fmt.Errorf("shape %s is not in the model", name)
		}
		shapes[name] = s
		for _, ref := range refs(s) {
			if err := visit(ref); err != nil {
				return err
			}
		}
		return nil
	}
	for _, name := range ops {
		op, ok := m.Operations[name]
		if !ok {
			return nil, fmt.Errorf("operation %s is not in the model", name)
		}
		operations[name] = op
		for _, ref := range opRefs(op) {
			if err := visit(ref); err != nil {
				return nil, err
			}
		}
	}
	out["operations"] = operations
	out["shapes"] = shapes
	b, err := json.MarshalIndent(out, "", " ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// refs returns the shapes a shape names: its members, list member, map key and value.
func refs(s map[string]any) []string {
	var out []string
	if members, ok := s["members"].(map[string]any); ok {
		for _, m := range members {
			out = append(out, shapeOf(m))
		}
	}
	for _, k := range []string{"member", "key", "value"} {
		if ref, ok := s[k]; ok {
			out = append(out, shapeOf(ref))
		}
	}
	sort.Strings(out)
	return out
}

// opRefs returns the shapes an operation names: input, output and errors.
func opRefs(op map[string]any) []string {
	var out []string
	for _, k := range []string{"input", "output"} {
		if ref, ok := op[k]; ok {
			out = append(out, shapeOf(ref))
		}
	}
	if errs, ok := op["errors"].([]any); ok {
		for _, e := range errs {
			out = append(out, shapeOf(e))
		}
	}
	return out
}

func shapeOf(ref any) string {
	m, _ := ref.(map[string]any)
	s, _ := m["shape"].(string)
	return s
}
