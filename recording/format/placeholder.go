package format

import (
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// A placeholder stands for a volatile value in a recording: <kind>, <kind:N> or <kind:label>. Placeholders
// appear as whole JSON strings or inside them (an ARN, an error message), always spelled the same way.
//
// Identity kinds are numbered in the order values are first seen within a scenario, so that equal values get
// the same placeholder and different values different ones: the first RevisionId of a scenario is <uuid:1>
// wherever it recurs. The other kinds name what they stand for.
type Placeholder struct {
	Kind string
	Arg  string // the number of an identity kind, the label of a labelled kind, "" otherwise
}

// Kind describes one kind of placeholder.
type Kind struct {
	Name        string
	Identity    bool // numbered per scenario: <kind:N>
	Labelled    bool // <kind:label>
	Number      bool // stands for a JSON number
	Description string
}

// Kinds are the placeholder kinds, by name.
var Kinds = map[string]Kind{
	"uuid":          {Identity: true, Description: "a RevisionId, or any other UUID the target generated"},
	"hash":          {Identity: true, Description: "a 64-digit hexadecimal digest the target generated (a runtime version, for instance)"},
	"function-name": {Identity: true, Description: "a function name the scenario chose, also inside ARNs, paths and messages"},
	"bucket":        {Identity: true, Description: "an S3 bucket name the scenario chose"},
	"s3-version":    {Identity: true, Description: "an S3 object version ID the target's S3 generated"},
	"code-sha256":   {Labelled: true, Description: "the CodeSha256 of one of the run's own deployment packages, by its label"},
	"code-size":     {Labelled: true, Number: true, Description: "the size in bytes of one of the run's own packages, by its label (a JSON number)"},
	"zip":           {Labelled: true, Description: "one of the run's own packages sent as ZipFile or as an S3 object, by its label"},
	"bytes":         {Labelled: true, Description: "a binary body that is none of the run's packages, by its length"},
	"timestamp":     {Labelled: true, Description: "a timestamp, labelled by its format class (digits as YYYY-MM-DD hh:mm:ss and s for fractions; the zone kept)"},
	"region":        {Description: "the target's region, learned from its ARNs"},
	"account":       {Description: "the target's account, learned from its ARNs"},
	"role":          {Description: "the execution role the scenarios create functions with"},
	"location":      {Description: "Code.Location, a presigned URL of the function's code"},
	"other-region":  {Description: "a region other than the target's, in ARNs the scenarios send"},
	"other-account": {Description: "an account other than the target's, in ARNs the scenarios send"},
}

func init() {
	for name, k := range Kinds {
		k.Name = name
		Kinds[name] = k
	}
}

// KindNames lists the kinds, sorted.
func KindNames() []string {
	return slices.Sorted(maps.Keys(Kinds))
}

// String spells the placeholder.
func (p Placeholder) String() string {
	if p.Arg == "" {
		return "<" + p.Kind + ">"
	}
	return "<" + p.Kind + ":" + p.Arg + ">"
}

// Identity reports whether the placeholder is numbered by identity.
func (p Placeholder) Identity() bool { return Kinds[p.Kind].Identity }

// Identity returns <kind:n>.
func Identity(kind string, n int) Placeholder { return Placeholder{Kind: kind, Arg: strconv.Itoa(n)} }

// Token is a piece of a string: literal text, or a placeholder.
type Token struct {
	Text        string
	Placeholder *Placeholder
}

var placeholderRE = regexp.MustCompile(`<([a-z][a-z0-9-]*)(?::([^<>\s]*))?>`)

// Tokens splits s into literal text and placeholders of known kinds; anything else that looks like one (an HTML
// tag in a target's error page) is literal.
func Tokens(s string) []Token {
	var out []Token
	last := 0
	for _, m := range placeholderRE.FindAllStringSubmatchIndex(s, -1) {
		kind := s[m[2]:m[3]]
		if _, ok := Kinds[kind]; !ok {
			continue
		}
		arg := ""
		if m[4] >= 0 {
			arg = s[m[4]:m[5]]
		}
		if m[0] > last {
			out = append(out, Token{Text: s[last:m[0]]})
		}
		out = append(out, Token{Text: s[m[0]:m[1]], Placeholder: &Placeholder{Kind: kind, Arg: arg}})
		last = m[1]
	}
	if last < len(s) {
		out = append(out, Token{Text: s[last:]})
	}
	return out
}

// Whole returns the placeholder s consists of, if it is exactly one.
func Whole(s string) (Placeholder, bool) {
	t := Tokens(s)
	if len(t) == 1 && t[0].Placeholder != nil {
		return *t[0].Placeholder, true
	}
	return Placeholder{}, false
}

// HasPlaceholder reports whether s holds a placeholder.
func HasPlaceholder(s string) bool {
	for _, t := range Tokens(s) {
		if t.Placeholder != nil {
			return true
		}
	}
	return false
}

// Skeleton is s with every identity placeholder's number blanked: two strings with the same skeleton differ at
// most in which identities they name.
func Skeleton(s string) string {
	var b strings.Builder
	for _, t := range Tokens(s) {
		if t.Placeholder != nil && t.Placeholder.Identity() {
			b.WriteString("<" + t.Placeholder.Kind + ":#>")
			continue
		}
		b.WriteString(t.Text)
	}
	return b.String()
}
