// Package entrylist reads the YAML files in which users accept what they know about a target: the
// expected-failures file of runs and the known-differences file of diffs. Such a file is a list of entries, each
// a mapping of known keys to single values (lists, for the keys that allow them), and an entry may expire on a
// date. Every error names the file, and the entry and its line.
package entrylist

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Format is one kind of file.
type Format struct {
	Keys    []string // the keys an entry may hold, in the order errors list them
	Lists   []string // the keys whose value may be a list
	Shape   string   // an entry in short, for the error about a file that is no list: "- path: ... reason: ..."
	Mapping string   // what an entry holds, for the error about an entry that is no mapping
}

// Entry is one entry as written.
type Entry struct {
	Index  int                     // 1-based position in the file
	Line   int                     // where it starts
	Values map[string]string       // each single-valued key's value, trimmed and not empty
	Lists  map[string][]*yaml.Node // each list key's items: the list's, or the one value given
}

// Parse reads a file's content (name is for errors) and hands each entry to each, whose error is reported at
// that entry. A file with no entries (empty, or only comments) is no error.
func (f Format) Parse(name string, data []byte, each func(Entry) error) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("%s: not valid YAML: %v", name, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil
	}
	top := doc.Content[0]
	if top.Kind != yaml.SequenceNode {
		return fmt.Errorf("%s (line %d): the file must be a list of entries (%s)", name, top.Line, f.Shape)
	}
	for i, n := range top.Content {
		e, err := f.entry(n, i+1)
		if err == nil {
			err = each(e)
		}
		if err != nil {
			return fmt.Errorf("%s: entry %d (line %d): %w", name, i+1, n.Line, err)
		}
	}
	return nil
}

func (f Format) entry(n *yaml.Node, index int) (Entry, error) {
	e := Entry{Index: index, Line: n.Line, Values: map[string]string{}, Lists: map[string][]*yaml.Node{}}
	if n.Kind != yaml.MappingNode {
		return e, errors.New("an entry must be a mapping with " + f.Mapping)
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, v := n.Content[i].Value, n.Content[i+1]
		if !slices.Contains(f.Keys, key) {
			return e, fmt.Errorf("unknown key %q (the keys are %s)", key, strings.Join(f.Keys, ", "))
		}
		if seen[key] {
			return e, fmt.Errorf("key %q appears twice", key)
		}
		seen[key] = true
		if slices.Contains(f.Lists, key) {
			if v.Kind == yaml.SequenceNode {
				e.Lists[key] = v.Content
			} else {
				e.Lists[key] = []*yaml.Node{v}
			}
			continue
		}
		if v.Kind != yaml.ScalarNode {
			return e, fmt.Errorf("%s must be a single value, not a list or mapping", key)
		}
		val := strings.TrimSpace(v.Value)
		if val == "" {
			return e, fmt.Errorf("%s is empty", key)
		}
		e.Values[key] = val
	}
	if v, ok := e.Values["expires"]; ok {
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return e, fmt.Errorf("expires %q is not a date (YYYY-MM-DD)", v)
		}
	}
	return e, nil
}

// Expired reports whether an entry that holds through expires (YYYY-MM-DD; "" for ever) has expired on today.
func Expired(expires string, today time.Time) bool {
	return expires != "" && today.Format(time.DateOnly) > expires
}
