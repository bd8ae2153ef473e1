package diffreport

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/lambdaconform/lambdaconform/recording/compare"
)

//go:embed assets/diff.html assets/diff.css
var assets embed.FS

// The page and its style, read once. The Content-Security-Policy allows exactly this style and nothing else:
// no script, no request leaves the page.
var (
	pageCSS  = mustAsset("assets/diff.css")
	pageCSP  = "default-src 'none'; style-src " + hashSource(pageCSS) + "; base-uri 'none'; form-action 'none'"
	pageTmpl = template.Must(template.New("diff.html").Funcs(template.FuncMap{
		"join":   func(s []string) string { return strings.Join(s, ", ") },
		"counts": countOf,
		"class":  rowClass,
		"status": status,
		"isURL":  isWebURL,
	}).Parse(mustAsset("assets/diff.html")))
)

func mustAsset(name string) string {
	data, err := assets.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return string(data)
}

func hashSource(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

func isWebURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

func countOf(ds []compare.Difference) int {
	n := 0
	for _, d := range ds {
		if d.Counts() {
			n++
		}
	}
	return n
}

func rowClass(d compare.Difference) string {
	switch status(d) {
	case "counts":
		return "counts"
	case "known":
		return "known"
	}
	return "notcounted"
}

type htmlPage struct {
	R        compare.Result
	Started  string
	Duration time.Duration
	Rollup   []pathClass
	CSS      template.CSS
	CSP      string
}

// WriteHTML writes the diff as one self-contained page: the verdict, the counts, the differences that count by
// path, the known-differences results, then every scenario (those with counted differences or that stopped
// open) with every difference and note. It loads nothing; everything is escaped.
func WriteHTML(w io.Writer, r compare.Result) error {
	var page bytes.Buffer
	p := htmlPage{R: r, Started: r.Started.UTC().Format(time.RFC3339), Duration: r.Duration.Round(time.Millisecond),
		Rollup: rollup(r, counted), CSS: template.CSS(pageCSS), CSP: pageCSP}
	if err := pageTmpl.Execute(&page, p); err != nil {
		return fmt.Errorf("writing the HTML diff: %w", err)
	}
	_, err := page.WriteTo(w)
	return err
}
