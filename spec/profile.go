package spec

import (
	"encoding/json"
	"fmt"

	"go.yaml.in/yaml/v3"
)

// profilePatches maps a profile to the JSON merge patches (RFC 7386) applied, in order, over
// lambda.openapi.yaml. A patch is written in YAML like the base document; an object merges member by member, any
// other value (a list included) replaces the base's, and null deletes the member.
var profilePatches = map[string][]string{
	Seed2019:   nil,
	AWSCurrent: {"profiles/aws-current.yaml", "profiles/aws-current-members.yaml"},
}

// profileDocument returns the OpenAPI document of a profile, as JSON: the base with the profile's patches applied.
func profileDocument(profile string) ([]byte, error) {
	base, err := files.ReadFile("lambda.openapi.yaml")
	if err != nil {
		return nil, err
	}
	patches := make([][]byte, 0, len(profilePatches[profile]))
	for _, name := range profilePatches[profile] {
		p, err := files.ReadFile(name)
		if err != nil {
			return nil, err
		}
		patches = append(patches, p)
	}
	return patchDocument(base, patches...)
}

// patchDocument applies merge patches, written in YAML, to a YAML document and returns the result as JSON.
func patchDocument(base []byte, patches ...[]byte) ([]byte, error) {
	doc, err := yamlValue(base)
	if err != nil {
		return nil, fmt.Errorf("base document: %w", err)
	}
	for i, p := range patches {
		patch, err := yamlValue(p)
		if err != nil {
			return nil, fmt.Errorf("patch %d: %w", i+1, err)
		}
		doc = mergePatch(doc, patch)
	}
	return json.Marshal(doc)
}

// mergePatch applies an RFC 7386 merge patch to target and returns the result. target is modified in place where
// both are objects.
func mergePatch(target, patch any) any {
	p, ok := patch.(map[string]any)
	if !ok {
		return patch
	}
	t, ok := target.(map[string]any)
	if !ok {
		t = map[string]any{}
	}
	for k, v := range p {
		if v == nil {
			delete(t, k)
			continue
		}
		t[k] = mergePatch(t[k], v)
	}
	return t
}

// yamlValue decodes YAML into JSON-compatible values. Mapping keys must be strings (status codes are quoted), so
// that the document means the same as JSON.
func yamlValue(data []byte) (any, error) {
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		return nil, err
	}
	if err := checkKeys(v, ""); err != nil {
		return nil, err
	}
	return v, nil
}

func checkKeys(v any, path string) error {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			if err := checkKeys(e, path+"/"+k); err != nil {
				return err
			}
		}
	case []any:
		for i, e := range t {
			if err := checkKeys(e, fmt.Sprintf("%s/%d", path, i)); err != nil {
				return err
			}
		}
	case map[any]any:
		return fmt.Errorf("%s: mapping keys must be strings (quote status codes)", path)
	}
	return nil
}
