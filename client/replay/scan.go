package replay

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
)

// A value a later request took from an earlier answer is read again from that answer when the replay runs, with
// POSIX tools only: the script's jget reads "the n-th string value of key K" from a JSON text, and hget a header.
// nthValue is jget in Go, step for step, so that the position Build chooses is the one the script reads.

// nthValue returns the n-th (1-based) string value of key in a JSON text: the characters between the quotes
// after the n-th "key" that a colon and an opening quote follow, escapes kept as written.
func nthValue(body, key string, n int) (string, bool) {
	quoted := `"` + key + `"`
	s := body
	k := 0
	for {
		i := strings.Index(s, quoted)
		if i < 0 {
			return "", false
		}
		s = s[i+len(quoted):]
		rest, ok := afterColonQuote(s)
		if !ok {
			continue
		}
		k++
		if k < n {
			continue
		}
		var v strings.Builder
		for len(rest) > 0 {
			c := rest[0]
			if c == '\\' {
				end := min(2, len(rest))
				v.WriteString(rest[:end])
				rest = rest[end:]
				continue
			}
			if c == '"' {
				break
			}
			v.WriteByte(c)
			rest = rest[1:]
		}
		return v.String(), true
	}
}

// afterColonQuote matches the awk expression /^[ \t\r\n]*:[ \t\r\n]*"/ and returns what follows it.
func afterColonQuote(s string) (string, bool) {
	s = strings.TrimLeft(s, " \t\r\n")
	if !strings.HasPrefix(s, ":") {
		return "", false
	}
	s = strings.TrimLeft(s[1:], " \t\r\n")
	if !strings.HasPrefix(s, `"`) {
		return "", false
	}
	return s[1:], true
}

// jsonKey finds the members whose value is a string, in the order jget meets them.
var jsonKey = regexp.MustCompile(`"([A-Za-z0-9_.$-]{1,64})"[ \t\r\n]*:[ \t\r\n]*"`)

// pair is a member with a string value, and which of its key's string values it is, from 1.
type pair struct {
	key, value string
	n          int
}

// pairs returns the members of a JSON text whose value is a string, in order, in one pass.
func pairs(text string) []pair {
	var out []pair
	count := map[string]int{}
	for _, m := range jsonKey.FindAllStringSubmatchIndex(text, -1) {
		key := text[m[2]:m[3]]
		count[key]++
		rest := text[m[1]:]
		end := 0
		for end < len(rest) && rest[end] != '"' {
			if rest[end] == '\\' {
				end++
			}
			end++
		}
		out = append(out, pair{key: key, value: rest[:min(end, len(rest))], n: count[key]})
	}
	return out
}

// source is where in an answer a value can be read again: the n-th string value of a JSON key, or a header.
type source struct {
	header string // a response header's name, or
	key    string // a JSON member's name
	n      int    // and which of its string values, from 1
}

// locate finds where an answer holds a value so that the script reads it back: a header holding exactly the
// value, else the first member whose string value it is (as jget would read it).
func locate(body string, header http.Header, v string) (source, bool) {
	names := make([]string, 0, len(header))
	for name := range header {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if vs := header[name]; len(vs) == 1 && vs[0] == v {
			return source{header: name}, true
		}
	}
	if !strings.Contains(body, v) {
		return source{}, false
	}
	for _, p := range pairs(body) {
		if p.value == v {
			if got, ok := nthValue(body, p.key, p.n); ok && got == v {
				return source{key: p.key, n: p.n}, true
			}
		}
	}
	return source{}, false
}

// plainValue are the values that can be threaded from an answer to a later request: long enough not to be met
// by chance (not "1" or "Active"), and made of characters that JSON and shells write as they are.
var plainValue = regexp.MustCompile(`^[A-Za-z0-9._~+/=:-]{8,256}$`)

func plain(v string) bool { return plainValue.MatchString(v) }
