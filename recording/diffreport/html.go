package diffreport

import (
	"embed"
	"html/template"
	"io"
	"strings"
	"time"

	"github.com/lambdaconform/lambdaconform/internal/htmlpage"
	"github.com/lambdaconform/lambdaconform/recording/compare"
)

//go:embed assets
var assets embed.FS

// The diff's page and its style; it has no script (see htmlpage: it loads nothing).
var page = htmlpage.New("the HTML diff", htmlpage.Asset(assets, "assets/diff.html"), htmlpage.Asset(assets, "assets/diff.css"), "",
	template.FuncMap{
		"join":   func(s []string) string { return strings.Join(s, ", ") },
		"counts": countOf,
		"class":  rowClass,
		"status": status,
	})

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
}

// WriteHTML writes the diff as one self-contained page: the verdict, the counts, the differences that count by
// path, the known-differences results, then every scenario (those with counted differences or that stopped
// open) with every difference and note. It loads nothing; everything is escaped.
func WriteHTML(w io.Writer, r compare.Result) error {
	return page.Write(w, htmlPage{R: r, Started: r.Started.UTC().Format(time.RFC3339), Duration: r.Duration.Round(time.Millisecond),
		Rollup: rollup(r, counted)})
}
