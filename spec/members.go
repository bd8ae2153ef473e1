package spec

import (
	"sort"
	"strings"
)

// broken returns the IDs of the rules of a member, and of its items, values and properties, that v breaks,
// leaving out the rule except. Required members of objects count as rules.
func (m *Model) broken(f *member, v any, except string) []string {
	if f == nil {
		return nil
	}
	var out []string
	for _, id := range f.rules {
		r := m.rules[m.ruleIdx[id]]
		if id == except {
			continue
		}
		if r.Kind == KindRequired {
			continue // judged on the parent object, below
		}
		if r.check != nil && !r.check(v) {
			out = append(out, id)
		}
	}
	child := func(suffix string) *member { return m.members[memberKey(f.op, f.loc, f.field+suffix)] }
	switch t := v.(type) {
	case []any:
		if item := child("[]"); item != nil {
			for _, it := range t {
				out = append(out, m.broken(item, it, except)...)
			}
		}
	case map[string]any:
		if values := child("{}"); values != nil {
			for _, it := range t {
				out = append(out, m.broken(values, it, except)...)
			}
			break
		}
		for name := range f.schema.Properties {
			prop := child(m.sep(f) + name)
			val, present := t[name]
			if !present {
				if id := prop.requiredRule(); id != "" && id != except {
					out = append(out, id)
				}
				continue
			}
			out = append(out, m.broken(prop, val, except)...)
		}
	}
	return dedupe(out)
}

// fits reports whether v satisfies every rule of the member except one.
func (m *Model) fits(f *member, v any, except string) bool { return len(m.broken(f, v, except)) == 0 }

// sep is what joins a member's field path and its properties' names.
func (m *Model) sep(f *member) string {
	if f.field == "" {
		return ""
	}
	return "."
}

func (f *member) requiredRule() string {
	if f == nil {
		return ""
	}
	for _, id := range f.rules {
		if strings.HasSuffix(id, "."+string(KindRequired)) {
			return id
		}
	}
	return ""
}

// validValues returns values that satisfy every rule of a member, simplest first.
func (m *Model) validValues(f *member) []any {
	if f == nil {
		return nil
	}
	if f.valid == nil {
		f.valid = m.findValidValues(f)
	}
	return f.valid
}

func (m *Model) findValidValues(f *member) []any {
	s := f.schema
	var cands []any
	cands = append(cands, f.x.Examples.Valid...)
	for _, e := range s.Enum {
		cands = append(cands, e)
	}
	switch {
	case s.Type.Is("string") && s.Format == "byte":
		cands = append(cands, "UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==") // an empty zip archive
	case s.Type.Is("string"):
		n := int(s.MinLength)
		if n == 0 {
			n = 1
		}
		cands = append(cands, anys(m.stringsOfLength(f, n))...)
	case s.Type.Is("integer"):
		if s.Min != nil {
			cands = append(cands, int64(*s.Min))
		}
		if s.Max != nil {
			cands = append(cands, int64(*s.Max))
		}
		cands = append(cands, int64(1))
	case s.Type.Is("number"):
		if s.Min != nil {
			cands = append(cands, *s.Min)
		}
		cands = append(cands, 1.5)
	case s.Type.Is("boolean"):
		cands = append(cands, true, false)
	case s.Type.Is("array"):
		var items []any
		for _, it := range m.validValues(m.members[memberKey(f.op, f.loc, f.field+"[]")]) {
			items = append(items, it)
			cands = append(cands, []any{it})
		}
		cands = append([]any{[]any{}}, cands...)
	case s.Type.Is("object"):
		cands = append(cands, m.objectWith(f, "", nil))
	}
	out := []any{} // not nil: the result is cached
	for _, c := range cands {
		if m.fits(f, c, "") {
			out = append(out, c)
		}
	}
	return out
}

// objectWith returns an object for member f that holds v under name (when name is set) and a valid value under
// every other required property.
func (m *Model) objectWith(f *member, name string, v any) map[string]any {
	obj := map[string]any{}
	if name != "" {
		obj[name] = v
	}
	if f == nil {
		return obj
	}
	for _, req := range f.schema.Required {
		if req == name {
			continue
		}
		if vals := m.validValues(m.members[memberKey(f.op, f.loc, f.field+m.sep(f)+req)]); len(vals) > 0 {
			obj[req] = vals[0]
		}
	}
	return obj
}

// placer returns the function behind Rule.Member for a member: it wraps a value in the lists, maps and objects
// between the top of the body and the member. Field paths look like Layers[].Arn or Environment.Variables{}; an
// error rule's field starts with its error type.
func (m *Model) placer(f *member) func(any) (string, any) {
	prefix, rest := "", f.field
	if f.loc == "error" {
		typ, member, _ := strings.Cut(f.field, ".")
		prefix, rest = typ+".", member
	}
	steps := strings.Split(rest, ".")
	lookup := func(path string) *member { return m.members[memberKey(f.op, f.loc, prefix+path)] }
	return func(v any) (string, any) {
		for i := len(steps) - 1; ; i-- {
			path := strings.Join(steps[:i+1], ".")
			name := steps[i]
			for strings.HasSuffix(name, "[]") || strings.HasSuffix(name, "{}") {
				suffix := name[len(name)-2:]
				name, path = name[:len(name)-2], path[:len(path)-2]
				if suffix == "[]" {
					v = []any{v}
				} else {
					v = map[string]any{m.mapKey(lookup(path)): v}
				}
			}
			if i == 0 {
				return name, v
			}
			v = m.objectWith(lookup(strings.Join(steps[:i], ".")), name, v)
		}
	}
}

// mapKey returns a key that the member's key pattern accepts.
func (m *Model) mapKey(f *member) string {
	if f != nil && len(f.x.KeyExamples.Valid) > 0 {
		if k, ok := f.x.KeyExamples.Valid[0].(string); ok {
			return k
		}
	}
	return "KEY"
}

func dedupe(list []string) []string {
	if len(list) < 2 {
		return list
	}
	sort.Strings(list)
	out := list[:1]
	for _, s := range list[1:] {
		if s != out[len(out)-1] {
			out = append(out, s)
		}
	}
	return out
}
