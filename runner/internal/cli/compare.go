package cli

import (
	"io"
	"path/filepath"
	"strings"

	"github.com/lambdaconform/lambdaconform/runner/report"
)

const compareExamples = `  runner compare reference=ref.json moto=moto.json --html-report compare.html
  runner compare ref.json faulty.json moto.json --markdown-report compare.md   (named ref, faulty, moto)
`

// compareCommand puts the JSON reports of runs against different targets side by side: the checks × targets
// table, the disagreements first, and each target's root causes. Reports of different profiles or catalogs, and
// shards, are refused with exit 2. It exits 0 once the comparison is written, whatever the targets' verdicts.
func compareCommand(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("compare", "runner compare [flags] [NAME=]REPORT.json [NAME=]REPORT.json...", compareExamples, stderr)
	var htmlPath, mdPath string
	fs.StringVar(&htmlPath, "html-report", "", "write the comparison as a self-contained HTML page to this file")
	fs.StringVar(&mdPath, "markdown-report", "", "write the comparison as Markdown (a pull-request comment, a CI job summary) to this file")
	args, err := parseWithFiles(fs, args)
	if err != nil {
		return err
	}
	files, names := make([]string, len(args)), make([]string, len(args))
	for i, a := range args {
		files[i], names[i] = splitNamed(a)
	}
	runs, err := readReports(files, names)
	if err != nil {
		return err
	}
	c, err := report.Compare(runs)
	if err != nil {
		return usagef("%v", err)
	}
	if err := report.WriteCompareSummary(stdout, c); err != nil {
		return err
	}
	return writeOutputs(stderr, []output{
		{htmlPath, "HTML comparison", func(w io.Writer) error { return report.WriteCompareHTML(w, c) }},
		{mdPath, "Markdown comparison", func(w io.Writer) error { return report.WriteCompareMarkdown(w, c) }},
	})
}

// splitNamed reads NAME=FILE; without a name (or when what precedes "=" is a path), the name is the file's base
// name without .json.
func splitNamed(arg string) (file, name string) {
	if n, f, ok := strings.Cut(arg, "="); ok && n != "" && !strings.ContainsRune(n, filepath.Separator) {
		return f, n
	}
	return arg, strings.TrimSuffix(filepath.Base(arg), ".json")
}
