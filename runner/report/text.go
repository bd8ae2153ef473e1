package report

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// firstLine is the first non-blank line of s, whole: writers shorten it for display, after redaction, so that a
// secret is never cut in two and half of it shown.
func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = strings.TrimSpace(s[:i])
	}
	return s
}

// compact puts a multi-line message on one line.
func compact(msg string) string {
	return strings.Join(strings.Fields(msg), " ")
}

// clip shortens s to at most n runes, ending it with "…" when it was cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimRight(string(r[:n-1]), " ") + "…"
}

// printable makes text from the target safe for a terminal or Markdown: control characters (escape sequences
// could rewrite the screen) become U+FFFD; newlines and tabs stay when keepLines is set, else become spaces.
func printable(s string, keepLines bool) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			if keepLines {
				return r
			}
			return ' '
		case unicode.IsControl(r), r == '\u2028', r == '\u2029',
			unicode.Is(unicode.Bidi_Control, r):
			return '\uFFFD'
		}
		return r
	}, s)
}

// wrap breaks s into lines of at most width runes at spaces (a longer word gets a line of its own).
func wrap(s string, width int) []string {
	var lines []string
	var line strings.Builder
	n := 0
	for _, word := range strings.Fields(s) {
		w := utf8.RuneCountInString(word)
		if n > 0 && n+1+w > width {
			lines = append(lines, line.String())
			line.Reset()
			n = 0
		}
		if n > 0 {
			line.WriteByte(' ')
			n++
		}
		line.WriteString(word)
		n += w
	}
	if n > 0 {
		lines = append(lines, line.String())
	}
	return lines
}
