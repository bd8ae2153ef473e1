package spec

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The drift test's view of AWS's botocore models, read from the extracts in testdata (see
// spec/internal/modelextract): it turns each into facts keyed like the rule IDs, so that the model's catalog and
// AWS's model can be compared constraint by constraint.

// botocoreFiles maps each profile to the model it must agree with.
var botocoreFiles = map[string]string{Seed2019: "botocore-2019.json", AWSCurrent: "botocore-current.json"}

type botocore struct {
	Operations map[string]struct {
		HTTP struct {
			ResponseCode int `json:"responseCode"`
		} `json:"http"`
		Input  botoRef   `json:"input"`
		Output botoRef   `json:"output"`
		Errors []botoRef `json:"errors"`
	} `json:"operations"`
	Shapes map[string]botoShape `json:"shapes"`
}

type botoRef struct {
	Shape        string `json:"shape"`
	Location     string `json:"location"`
	LocationName string `json:"locationName"`
}

type botoShape struct {
	Type     string             `json:"type"`
	Min      *float64           `json:"min"`
	Max      *float64           `json:"max"`
	Pattern  string             `json:"pattern"`
	Enum     []string           `json:"enum"`
	Members  map[string]botoRef `json:"members"`
	Member   *botoRef           `json:"member"`
	Key      *botoRef           `json:"key"`
	Value    *botoRef           `json:"value"`
	Required []string           `json:"required"`
	Error    *struct {
		HTTPStatusCode int `json:"httpStatusCode"`
	} `json:"error"`
}

func loadBotocore(t *testing.T, profile string) *botocore {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", botocoreFiles[profile]))
	if err != nil {
		t.Fatalf("%v (refresh with: go run ./spec/internal/modelextract)", err)
	}
	var b botocore
	if err := json.Unmarshal(data, &b); err != nil {
		t.Fatal(err)
	}
	return &b
}

// facts are constraints keyed by the ID of the rule that states them, with a comparable value.
type facts map[string]string

// awsFacts states an operation's constraints as the botocore model gives them.
func (b *botocore) facts(op string) facts {
	o := b.Operations[op]
	f := facts{fmt.Sprintf("%s.status.%d", op, o.HTTP.ResponseCode): strconv.Itoa(o.HTTP.ResponseCode)}
	byStatus := map[int][]string{}
	for _, e := range o.Errors {
		s := b.Shapes[e.Shape]
		status := s.Error.HTTPStatusCode
		byStatus[status] = append(byStatus[status], e.Shape)
		prefix := fmt.Sprintf("%s.error.%s", op, e.Shape)
		f[prefix+".status"] = strconv.Itoa(status)
		for name, m := range s.Members {
			switch {
			case m.Location == "header":
				f[fmt.Sprintf("%s.%s.header", prefix, m.LocationName)] = b.Shapes[m.Shape].Type
			case strings.EqualFold(name, "message"):
				f[prefix+".message-key"] = name
				fallthrough
			default:
				b.shapeFacts(f, prefix+"."+name, m.Shape)
			}
		}
	}
	for status, types := range byStatus {
		slices.Sort(types)
		f[fmt.Sprintf("%s.status.%d", op, status)] = strings.Join(types, " | ")
	}
	in := b.Shapes[o.Input.Shape]
	for name, m := range in.Members {
		b.shapeFacts(f, op+".request."+name, m.Shape)
		if slices.Contains(in.Required, name) && m.Location != "uri" { // a path parameter is required by the URL
			f[op+".request."+name+".required"] = "present"
		}
	}
	b.structFacts(f, op+".response", o.Output.Shape)
	return f
}

func (b *botocore) structFacts(f facts, prefix, shape string) {
	s := b.Shapes[shape]
	for name, m := range s.Members {
		b.shapeFacts(f, prefix+"."+name, m.Shape)
		if slices.Contains(s.Required, name) {
			f[prefix+"."+name+".required"] = "present"
		}
	}
}

// shapeFacts states the constraints of the value at a field, and of its members, items and map values.
func (b *botocore) shapeFacts(f facts, field, shape string) {
	s := b.Shapes[shape]
	f[field+".type"] = map[string]string{
		"string": "string", "blob": "string (base64)", "integer": "integer", "long": "integer", "double": "number",
		"float": "number", "boolean": "boolean", "structure": "object", "map": "object", "list": "array",
	}[s.Type]
	min := s.Min
	if min == nil && s.Max != nil {
		min = ptr(0.0) // a maximum alone counts from zero, as the model's minLength does
	}
	switch s.Type {
	case "string", "blob":
		if s.Min != nil || s.Max != nil {
			f[field+".length"] = bounds(min, s.Max)
		}
	case "integer", "long", "double", "float":
		if s.Min != nil || s.Max != nil {
			f[field+".range"] = bounds(s.Min, s.Max)
		}
	case "list":
		if s.Min != nil || s.Max != nil {
			f[field+".items"] = bounds(min, s.Max) + " items"
		}
		b.shapeFacts(f, field+"[]", s.Member.Shape)
	case "map":
		if k := b.Shapes[s.Key.Shape]; k.Pattern != "" {
			f[field+".key-pattern"] = k.Pattern
		}
		b.shapeFacts(f, field+"{}", s.Value.Shape)
	case "structure":
		b.structFacts(f, field, shape)
	}
	if s.Pattern != "" {
		f[field+".pattern"] = s.Pattern
	}
	if len(s.Enum) > 0 {
		f[field+".enum"] = sortedJoin(s.Enum)
	}
}

// modelFacts states an operation's constraints as the model's catalog does. Rules about the protocol rather
// than the shapes (content type, JSON body, error header, documented statuses, unknown members) have no
// counterpart in botocore and are left out.
func modelFacts(m *Model, op string) facts {
	f := facts{}
	for _, r := range m.Rules() {
		if r.Operation != op {
			continue
		}
		switch r.Kind {
		case KindContentType, KindJSON, KindErrorHeader, KindUnknownMember, KindPresence:
			continue
		case KindStatus:
			if len(r.Enum) == 0 && !strings.HasSuffix(r.ID, ".documented") {
				f[r.ID] = r.Value
			} else if len(r.Enum) > 0 {
				f[r.ID] = sortedJoin(r.Enum)
			}
		case KindPattern, KindKeyPattern:
			f[r.ID] = r.AWSPattern
		case KindEnum:
			f[r.ID] = sortedJoin(r.Enum)
		case KindRequired:
			f[r.ID] = "present"
		default:
			f[r.ID] = r.Value
		}
	}
	o := m.Operation(op)
	for _, status := range o.statuses {
		resp := o.op.Responses.Status(status).Value
		for name, h := range resp.Headers {
			if strings.EqualFold(name, "x-amzn-ErrorType") {
				continue
			}
			for _, t := range o.errorTypes[status] {
				f[fmt.Sprintf("%s.error.%s.%s.header", op, t, name)] = typeName(h.Value.Schema.Value)
			}
		}
	}
	return f
}

func sortedJoin(list []string) string {
	s := slices.Clone(list)
	slices.Sort(s)
	return strings.Join(s, " | ")
}

// absent stands for a fact one side does not state.
const absent = "(absent)"

// drift is one difference between the model and AWS's model.
type drift struct{ Key, Model, AWS string }

func (d drift) String() string { return fmt.Sprintf("%s: model %q, AWS %q", d.Key, d.Model, d.AWS) }

func compareFacts(model, aws facts) []drift {
	var out []drift
	for k, v := range model {
		if w, ok := aws[k]; !ok {
			out = append(out, drift{k, v, absent})
		} else if v != w {
			out = append(out, drift{k, v, w})
		}
	}
	for k, w := range aws {
		if _, ok := model[k]; !ok {
			out = append(out, drift{k, absent, w})
		}
	}
	slices.SortFunc(out, func(a, b drift) int { return strings.Compare(a.Key, b.Key) })
	return out
}
