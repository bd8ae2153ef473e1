package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/lambdaconform/lambdaconform/runner/report"
)

// output is a file a command writes when its flag gives a path.
type output struct {
	path, what string
	write      func(io.Writer) error
}

// writeOutputs writes every output that has a path and says on stderr where each went. An output that cannot be
// written does not stop the others: each failure is said on stderr, and the error counts them.
func writeOutputs(stderr io.Writer, outputs []output) error {
	failed := 0
	for _, out := range outputs {
		if out.path == "" {
			continue
		}
		if err := writeFile(out.path, out.write); err != nil {
			fmt.Fprintf(stderr, "runner: %v\n", err)
			failed++
			continue
		}
		fmt.Fprintf(stderr, "lambdaconform: %s written to %s\n", out.what, out.path)
	}
	if failed > 0 {
		return fmt.Errorf("%s could not be written", plural(failed, "output"))
	}
	return nil
}

// reportOutputFiles are the reports of a run (or of merged shards) in their four formats, each linking the
// checks' replays relative to where it is written.
func reportOutputFiles(rep report.Report, junit, json, html, markdown string) []output {
	file := func(path, what string, write func(io.Writer, report.Report) error) output {
		return output{path, what, func(w io.Writer) error { return write(w, report.LinkReplays(rep, filepath.Dir(path))) }}
	}
	return []output{
		file(junit, "JUnit report", report.WriteJUnit),
		file(json, "JSON report", report.WriteJSON),
		file(html, "HTML report", report.WriteHTML),
		file(markdown, "Markdown summary", report.WriteMarkdown),
	}
}

// writeFile creates path and writes it with write.
func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return f.Close()
}
