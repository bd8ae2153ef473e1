package htmlpage

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"html/template"
	"strings"
	"testing"
)

const tmpl = `<!doctype html><meta http-equiv="Content-Security-Policy" content="{{pageCSP}}"><style>{{pageCSS}}</style>` +
	`<p>{{.Text}}</p>{{if isURL .Link}}<a href="{{.Link}}">link</a>{{end}}{{if .Fail}}{{fail}}{{end}}<script>{{pageJS}}</script>`

var failing = template.FuncMap{"fail": func() (string, error) { return "", errors.New("boom") }}

func source(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// TestPage: the policy allows exactly the page's style and script; text is escaped; only web links are links;
// a page without a script allows none.
func TestPage(t *testing.T) {
	const css, js = "p { color: red }", "document.title = 'x';"
	p := New("test page", tmpl, css, js, failing)
	var out bytes.Buffer
	if err := p.Write(&out, map[string]any{"Text": "<script>alert(1)</script>", "Link": "javascript:alert(1)", "Fail": false}); err != nil {
		t.Fatal(err)
	}
	page := out.String()
	want := "default-src 'none'; style-src " + source(css) + "; script-src " + source(js) + "; base-uri 'none'; form-action 'none'"
	if !strings.Contains(page, `content="`+template.HTMLEscapeString(want)+`"`) {
		t.Errorf("the policy is not %q:\n%s", want, page)
	}
	if !strings.Contains(page, "<style>"+css+"</style>") || !strings.Contains(page, "<script>"+js+"</script>") {
		t.Errorf("the style or script is not inline as given:\n%s", page)
	}
	if strings.Contains(page, "<script>alert") || strings.Contains(page, "<a href") {
		t.Errorf("markup or a javascript: link reached the page:\n%s", page)
	}

	out.Reset()
	if err := New("plain", tmpl, css, "", failing).Write(&out, map[string]any{"Link": "https://example.com/x"}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "script-src") || !strings.Contains(out.String(), `<a href="https://example.com/x">`) {
		t.Errorf("a page without a script, with a web link:\n%s", out.String())
	}
}

// TestNoHalfPage: a template that fails writes nothing.
func TestNoHalfPage(t *testing.T) {
	p := New("test page", tmpl, "", "", failing)
	var out bytes.Buffer
	err := p.Write(&out, map[string]any{"Fail": true})
	if err == nil || !strings.Contains(err.Error(), "writing test page") || out.Len() != 0 {
		t.Errorf("error %v, %d bytes written", err, out.Len())
	}
}

func TestIsWebURL(t *testing.T) {
	for s, want := range map[string]bool{"https://a.example/x": true, "http://a": true, "javascript:alert(1)": false,
		"file:///etc/passwd": false, "https://": false, "tracker/LAMBDA-1": false} {
		if IsWebURL(s) != want {
			t.Errorf("IsWebURL(%q) = %v", s, !want)
		}
	}
}
