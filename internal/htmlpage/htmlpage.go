// Package htmlpage makes the project's self-contained HTML pages (the run report, the comparison of runs, the
// recording diff): a template with its inline style and, for pages with filters, an inline script. The page
// loads nothing; its Content-Security-Policy allows exactly that style and that script, so that markup that
// escaped escaping could not run; links go only to web addresses; and a template that fails writes no half page.
package htmlpage

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/url"
)

// Page is a parsed page. Its template reads {{pageCSS}} inside <style>, {{pageJS}} inside <script> and
// {{pageCSP}} as the content of the Content-Security-Policy <meta>, and may test links with {{isURL}}.
type Page struct {
	name string
	tmpl *template.Template
}

// New parses a page's template with its style and script (script "" for a page without one) and funcs of its
// own. A template that does not parse is a programming error: New panics.
func New(name, tmpl, style, script string, funcs template.FuncMap) *Page {
	csp := "default-src 'none'; style-src " + hashSource(style)
	if script != "" {
		csp += "; script-src " + hashSource(script)
	}
	csp += "; base-uri 'none'; form-action 'none'"
	t := template.New(name).Funcs(template.FuncMap{
		"isURL":   IsWebURL,
		"pageCSS": func() template.CSS { return template.CSS(style) },
		"pageJS":  func() template.JS { return template.JS(script) },
		"pageCSP": func() string { return csp },
	}).Funcs(funcs)
	return &Page{name: name, tmpl: template.Must(t.Parse(tmpl))}
}

// Write executes the page with data and writes it whole, or nothing when the template fails.
func (p *Page) Write(w io.Writer, data any) error {
	var page bytes.Buffer
	if err := p.tmpl.Execute(&page, data); err != nil {
		return fmt.Errorf("writing %s: %w", p.name, err)
	}
	_, err := page.WriteTo(w)
	return err
}

// Asset reads a file of the embedded assets; a missing one is a programming error: Asset panics.
func Asset(assets fs.FS, name string) string {
	data, err := fs.ReadFile(assets, name)
	if err != nil {
		panic(err)
	}
	return string(data)
}

// IsWebURL reports whether s is an http or https address with a host: what a page may link to.
func IsWebURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// hashSource is the CSP source that allows exactly one inline style or script.
func hashSource(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}
