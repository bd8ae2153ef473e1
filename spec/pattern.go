package spec

import (
	"fmt"
	"regexp"
	"sync"
	"time"

	"github.com/dlclark/regexp2"
	"github.com/getkin/kin-openapi/openapi3"
)

// patternTimeout bounds one match of a backtracking pattern, so that no response can hang validation.
const patternTimeout = 50 * time.Millisecond

// CompilePattern compiles a model pattern. Go's RE2 engine is used wherever it can compile the pattern; the few
// AWS patterns it cannot (S3Bucket's lookbehind `(?<!\.)`) are compiled with regexp2, a backtracking engine,
// with a bounded match time. No pattern is ever dropped.
func CompilePattern(expr string) (openapi3.RegexMatcher, error) {
	if m, ok := compiled.Load(expr); ok {
		return m.(openapi3.RegexMatcher), nil
	}
	m, err := compilePattern(expr)
	if err == nil {
		compiled.Store(expr, m)
	}
	return m, err
}

// compiled caches compiled patterns by their text; a pattern means the same wherever it appears.
var compiled sync.Map

func compilePattern(expr string) (openapi3.RegexMatcher, error) {
	if re, err := regexp.Compile(expr); err == nil {
		return re, nil
	}
	re, err := regexp2.Compile(expr, regexp2.None)
	if err != nil {
		return nil, fmt.Errorf("pattern %q compiles with neither RE2 nor regexp2: %w", expr, err)
	}
	re.MatchTimeout = patternTimeout
	return backtracking{re}, nil
}

// backtracking adapts regexp2 to kin-openapi's RegexMatcher. A match that times out counts as no match.
type backtracking struct{ re *regexp2.Regexp }

func (b backtracking) MatchString(s string) bool {
	ok, err := b.re.MatchString(s)
	return err == nil && ok
}

// FullMatch reports whether s matches expr as AWS applies it, to the whole value.
func FullMatch(expr, s string) (bool, error) {
	m, err := CompilePattern("^(?:" + expr + ")$")
	if err != nil {
		return false, err
	}
	return m.MatchString(s), nil
}
