package replay

import (
	"net/http"
	"regexp"
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

// jsonKey finds the names of members whose value is a string.
var jsonKey = regexp.MustCompile(`"([A-Za-z0-9_.$-]{1,64})"[ \t\r\n]*:[ \t\r\n]*"`)

// source is where in an answer a value can be read again: the n-th string value of a JSON key, or a header.
type source struct {
	header string // a response header's name, or
	key    string // a JSON member's name
	n      int    // and which of its string values, from 1
}

// valuesOf returns the plain values of an answer (see plain) with where each can be read again; a value found in
// several places keeps the first.
func valuesOf(body []byte, header http.Header) map[string]source {
	out := map[string]source{}
	text := string(body)
	seen := map[string]bool{}
	for _, m := range jsonKey.FindAllStringSubmatch(text, -1) {
		key := m[1]
		if seen[key] {
			continue
		}
		seen[key] = true
		for n := 1; n <= 1000; n++ {
			v, ok := nthValue(text, key, n)
			if !ok {
				break
			}
			if _, dup := out[v]; !dup && plain(v) {
				out[v] = source{key: key, n: n}
			}
		}
	}
	for name, vs := range header {
		if len(vs) == 1 && plain(vs[0]) {
			if _, dup := out[vs[0]]; !dup {
				out[vs[0]] = source{header: name}
			}
		}
	}
	return out
}

// plainValue are the values that can be threaded from an answer to a later request: long enough not to be met
// by chance (not "1" or "Active"), and made of characters that JSON and shells write as they are.
var plainValue = regexp.MustCompile(`^[A-Za-z0-9._~+/=:-]{8,256}$`)

func plain(v string) bool { return plainValue.MatchString(v) }
