package spec

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/dlclark/regexp2"
	"github.com/getkin/kin-openapi/openapi3"
)

// patternTimeout bounds one match of a backtracking pattern, so that no response can hang validation.
const patternTimeout = 50 * time.Millisecond

// CompilePattern compiles a model pattern with the meaning AWS gives it: Java's regular expressions, applied
// by matches() to the whole value. Go's RE2 engine is used wherever it can compile the pattern; the few AWS
// patterns it cannot (S3Bucket's lookbehind `(?<!\.)`) are compiled with regexp2, a backtracking engine, with a
// bounded match time. No pattern is ever dropped. Where Java and Go differ on the same text, Java wins (see
// javaSemantics).
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
	if re, err := regexp.Compile(javaSemantics(expr, `\x{85}\x{2028}\x{2029}`)); err == nil {
		return re, nil
	}
	// regexp2's $ also matches before a final newline, like Java's; the anchors that wrap every model pattern
	// become \A and \z, so that the whole value must match, as with Java's matches().
	expr2 := javaSemantics(expr, `\u0085\u2028\u2029`)
	if inner, ok := unanchor(expr2); ok {
		expr2 = `\A(?:` + inner + `)\z`
	}
	re, err := regexp2.Compile(expr2, regexp2.RE2)
	if err != nil {
		return nil, fmt.Errorf("pattern %q compiles with neither RE2 nor regexp2: %w", expr, err)
	}
	re.MatchTimeout = patternTimeout
	return backtracking{re}, nil
}

// javaSemantics rewrites the two constructs whose meaning differs between Java and Go on the same text: '.',
// which in Java excludes every line terminator (\n, \r, U+0085, U+2028, U+2029) and in Go only \n; and \s, which
// in Java also holds the vertical tab. Everything else in AWS's patterns means the same in both (\d and \w are
// ASCII in both; $ and ^ behave alike under a whole-value match). nel holds the three non-ASCII terminators in
// the target engine's syntax.
func javaSemantics(expr, nel string) string {
	const space = `\t\n\x0B\f\r `
	var b strings.Builder
	inClass := false
	for i := 0; i < len(expr); i++ {
		c := expr[i]
		switch {
		case c == '\\' && i+1 < len(expr):
			next := expr[i+1]
			i++
			switch {
			case next == 's' && inClass:
				b.WriteString(space)
			case next == 's':
				b.WriteString("[" + space + "]")
			case next == 'S' && !inClass:
				b.WriteString("[^" + space + "]")
			default:
				b.WriteByte('\\')
				b.WriteByte(next)
			}
		case c == '[' && !inClass:
			inClass = true
			b.WriteByte(c)
			if strings.HasPrefix(expr[i+1:], "^") {
				b.WriteByte('^')
				i++
			}
			if strings.HasPrefix(expr[i+1:], "]") {
				b.WriteString(`\]`) // a leading ] is a literal
				i++
			}
		case c == ']' && inClass:
			inClass = false
			b.WriteByte(c)
		case c == '.' && !inClass:
			b.WriteString(`[^\n\r` + nel + `]`)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// backtracking adapts regexp2 to kin-openapi's RegexMatcher. A match that times out counts as no match.
type backtracking struct{ re *regexp2.Regexp }

func (b backtracking) MatchString(s string) bool {
	ok, err := b.re.MatchString(s)
	return err == nil && ok
}

// FullMatch reports whether s matches expr as AWS applies it, to the whole value.
func FullMatch(expr, s string) (bool, error) {
	m, err := CompilePattern(anchor(expr))
	if err != nil {
		return false, err
	}
	return m.MatchString(s), nil
}
