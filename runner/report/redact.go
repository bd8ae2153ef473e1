package report

import (
	"encoding/json"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strings"
)

// Redacted replaces every secret in every output.
const Redacted = "<redacted>"

// MinSecretLength is the shortest value Redact accepts as a secret: shorter ones, such as the emulators' "test"
// credentials, are not secret and would blank out ordinary words.
const MinSecretLength = 8

// Redact removes secrets from every text of the report, now and in every output written later: the values given
// (the secret access key and session token in use, for example) wherever they appear, and whatever looks like a
// secret whatever the values: Authorization, X-Amz-Security-Token and cookie headers, SigV4 signatures,
// presigned-URL credentials, passwords in URLs, and secret or token fields in JSON and environment assignments.
// Values shorter than MinSecretLength are ignored. The client already redacts what it records; this is the
// second line of defence, and every writer applies it again, so an output never depends on this call alone.
func (r *Report) Redact(secrets ...string) {
	for _, s := range secrets {
		if len(s) >= MinSecretLength && !slices.Contains(r.secrets, s) {
			r.secrets = append(r.secrets, s)
		}
	}
	*r = redacted(*r)
}

// redacted returns a deep copy of r with secrets removed from every string in it.
func redacted(r Report) Report {
	x := newRedactor(r.secrets)
	return x.copy(reflect.ValueOf(r)).Interface().(Report)
}

// redactor removes secrets from texts. It remembers the texts it has redacted: the checks of a run share many
// transcripts.
type redactor struct {
	secrets []string
	done    map[string]string
}

// newRedactor expands each secret into the forms it takes once encoded in a URL or JSON.
func newRedactor(secrets []string) redactor {
	x := redactor{done: map[string]string{}}
	for _, s := range secrets {
		q, _ := json.Marshal(s)
		for _, form := range []string{s, url.QueryEscape(s), url.PathEscape(s), string(q[1 : len(q)-1])} {
			if !slices.Contains(x.secrets, form) {
				x.secrets = append(x.secrets, form)
			}
		}
	}
	// Longest first, so that a secret containing another is replaced whole.
	slices.SortFunc(x.secrets, func(a, b string) int { return len(b) - len(a) })
	return x
}

// secretPatterns find secrets by their shape; each keeps the name and replaces the value.
// Each pattern runs only on texts that hold one of its hints (in lower case), which every match must contain.
var secretPatterns = []struct {
	re    *regexp.Regexp
	with  string
	hints []string
}{
	// Header lines and "Name: value" in text: the whole value, to the end of the line.
	{regexp.MustCompile(`(?i)\b((?:proxy-)?authorization|x-amz-security-token|set-cookie|cookie)(\s*:[ \t]*)[^\r\n]+`), "${1}${2}" + Redacted,
		[]string{"authorization", "security-token", "cookie"}},
	// JSON members whose name says secret.
	{regexp.MustCompile(`(?i)("(?:authorization|x-amz-security-token|(?:aws_?)?secret_?access_?key|(?:aws_?)?session_?token|security_?token|password)"\s*:\s*)"(?:[^"\\]|\\.)*"`), `${1}"` + Redacted + `"`,
		[]string{"authorization", "token", "secret", "password"}},
	// Environment assignments and configuration files.
	{regexp.MustCompile(`(?i)\b(aws_secret_access_key|aws_session_token|aws_security_token)(\s*=\s*)['"]?[^\s'"]+['"]?`), "${1}${2}" + Redacted,
		[]string{"aws_se"}},
	// SigV4 signatures anywhere, and presigned-URL parameters.
	{regexp.MustCompile(`(?i)\b(Signature=)[0-9a-f]{16,}`), "${1}" + Redacted, []string{"signature="}},
	{regexp.MustCompile(`(?i)\b(X-Amz-(?:Signature|Security-Token|Credential)=)[^&\s"'#]+`), "${1}" + Redacted, []string{"x-amz-"}},
	// Passwords in URLs.
	{regexp.MustCompile(`(?i)\b([a-z][a-z0-9+.-]*://[^/\s:@]*:)[^/\s@]+@`), "${1}" + Redacted + "@", []string{"@"}},
}

// text removes secrets from one string.
func (x redactor) text(s string) string {
	if out, ok := x.done[s]; ok {
		return out
	}
	in := s
	s = strings.ToValidUTF8(s, "\uFFFD") // every output is text, whatever bytes the target sent
	for _, secret := range x.secrets {
		s = strings.ReplaceAll(s, secret, Redacted)
	}
	lower := strings.ToLower(s)
	for _, p := range secretPatterns {
		if containsAny(lower, p.hints) {
			s = p.re.ReplaceAllString(s, p.with)
		}
	}
	if x.done != nil {
		x.done[in] = s
	}
	return s
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// copy returns a deep copy of v with text applied to every string, however deep: a field added to the report
// later is redacted without anyone remembering to.
func (x redactor) copy(v reflect.Value) reflect.Value {
	switch v.Kind() {
	case reflect.String:
		n := reflect.New(v.Type()).Elem()
		n.SetString(x.text(v.String()))
		return n
	case reflect.Struct:
		n := reflect.New(v.Type()).Elem()
		n.Set(v)
		for i := range v.NumField() {
			if n.Field(i).CanSet() {
				n.Field(i).Set(x.copy(v.Field(i)))
			}
		}
		return n
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		if v.Type().Elem().Kind() == reflect.Uint8 { // bytes are data, not text: copied as they are, at once
			return reflect.ValueOf(slices.Clone(v.Bytes())).Convert(v.Type())
		}
		n := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := range v.Len() {
			n.Index(i).Set(x.copy(v.Index(i)))
		}
		return n
	case reflect.Array:
		n := reflect.New(v.Type()).Elem()
		for i := range v.Len() {
			n.Index(i).Set(x.copy(v.Index(i)))
		}
		return n
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return v
		}
		inner := x.copy(v.Elem())
		if v.Kind() == reflect.Interface {
			n := reflect.New(v.Type()).Elem()
			n.Set(inner)
			return n
		}
		n := reflect.New(v.Type().Elem())
		n.Elem().Set(inner)
		return n
	case reflect.Map:
		if v.IsNil() {
			return v
		}
		n := reflect.MakeMapWithSize(v.Type(), v.Len())
		for it := v.MapRange(); it.Next(); {
			n.SetMapIndex(x.copy(it.Key()), x.copy(it.Value()))
		}
		return n
	}
	return v
}
