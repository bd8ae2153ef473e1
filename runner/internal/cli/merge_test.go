package cli

import (
	"slices"
	"testing"
)

func TestSplitNamed(t *testing.T) {
	for arg, want := range map[string][2]string{
		"moto=reports/moto.json":     {"reports/moto.json", "moto"},
		"reports/moto.json":          {"reports/moto.json", "moto"},
		"reports/a=b.json":           {"reports/a=b.json", "a=b"},
		"=x.json":                    {"=x.json", "=x"},
		"ref=":                       {"", "ref"},
		"local stack=ls.report.json": {"ls.report.json", "local stack"},
	} {
		file, name := splitNamed(arg)
		if file != want[0] || name != want[1] {
			t.Errorf("splitNamed(%q) = %q, %q; want %q, %q", arg, file, name, want[0], want[1])
		}
	}
}

// TestParseWithFiles: flags may come before, between and after the files.
func TestParseWithFiles(t *testing.T) {
	fs := newFlagSet("merge", "", "", ioDiscard{})
	html := fs.String("html-report", "", "")
	md := fs.String("markdown-report", "", "")
	files, err := parseWithFiles(fs, []string{"a.json", "--html-report", "x.html", "b.json", "c.json", "--markdown-report=y.md"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(files, []string{"a.json", "b.json", "c.json"}) || *html != "x.html" || *md != "y.md" {
		t.Errorf("files %v, html %q, markdown %q", files, *html, *md)
	}
	if _, err := parseWithFiles(newFlagSet("merge", "", "", ioDiscard{}), []string{"a.json", "--nope"}); err == nil {
		t.Errorf("an unknown flag after a file was accepted")
	}
}
