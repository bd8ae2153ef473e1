package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/lambdaconform/lambdaconform/runner/report"
)

const mergeExamples = `  runner merge shard-1.json shard-2.json shard-3.json --html-report report.html
  runner merge shards/*.json --junit-report junit.xml --json-report report.json --markdown-report comment.md
  runner merge shards/*.json --expected-failures expected.yaml --baseline release.json
`

// mergeOptions are the settings of runner merge.
type mergeOptions struct {
	JUnit, JSON, HTML, Markdown string
	ExpectedFailures, Baseline  string
	Color                       string
}

// mergeCommand makes one report, and one verdict, from the JSON reports of the shards of a run (--shard i/n in
// separate processes or CI jobs). The exit code is the one a single run would have had; reports that do not
// belong together are refused with exit 2.
func mergeCommand(args []string, stdout, stderr io.Writer) (int, error) {
	fs := newFlagSet("merge", "runner merge [flags] SHARD.json...", mergeExamples, stderr)
	var o mergeOptions
	fs.StringVar(&o.JUnit, "junit-report", "", "write the merged report as JUnit XML to this file")
	fs.StringVar(&o.JSON, "json-report", "", "write the merged JSON report to this file")
	fs.StringVar(&o.HTML, "html-report", "", "write the merged report as a self-contained HTML page to this file")
	fs.StringVar(&o.Markdown, "markdown-report", "", "write a Markdown summary of the merged report to this file")
	fs.StringVar(&o.ExpectedFailures, "expected-failures", "", "YAML file of failures to accept, applied to the merged report")
	fs.StringVar(&o.Baseline, "baseline", "", "an earlier JSON report to compare the merged report with")
	fs.StringVar(&o.Color, "color", "auto", "colour the summary: auto, always or never")
	files, err := parseWithFiles(fs, args)
	if err != nil {
		return ExitUsage, err
	}
	switch o.Color {
	case "auto", "always", "never":
	default:
		return ExitUsage, usagef("--color %q: want auto, always or never", o.Color)
	}
	if len(files) == 0 {
		return ExitUsage, usagef("merge needs the JSON reports of the shards (runner merge shard-1.json shard-2.json ...)")
	}
	shards, err := readReports(files, nil)
	if err != nil {
		return ExitUsage, err
	}
	rep, err := report.Merge(shards)
	if err != nil {
		return ExitUsage, usagef("%v", err)
	}
	// Expected-failure entries are checked against the catalog of the shards' profile.
	inputs, err := loadReportInputs(runOptions{ExpectedFailures: o.ExpectedFailures, Baseline: o.Baseline, Profile: rep.Profile})
	if err != nil {
		return ExitUsage, err
	}
	for _, s := range shards {
		if s.Report.Expected != nil || s.Report.Baseline != nil {
			fmt.Fprintf(stderr, "lambdaconform: the shards' expected-failure and baseline results are not merged: "+
				"give --expected-failures and --baseline to merge\n")
			break
		}
	}
	fmt.Fprintf(stderr, "lambdaconform: merged %d shards of %s (profile %s): %d checks\n", rep.Shards, rep.Target, rep.Profile, len(rep.Checks))
	if inputs.expected != nil {
		report.ApplyExpected(&rep, *inputs.expected, time.Now())
	}
	if inputs.baseline != nil {
		report.ApplyBaseline(&rep, *inputs.baseline)
	}
	color := o.Color == "always" || o.Color == "auto" && isTerminal(stdout)
	if err := report.WriteSummary(stdout, rep, report.WithColor(color)); err != nil {
		return ExitCannotRun, err
	}
	if err := writeOutputs(stderr, reportOutputFiles(rep, o.JUnit, o.JSON, o.HTML, o.Markdown)); err != nil {
		return ExitCannotRun, err
	}
	return rep.Verdict().ExitCode, nil
}

// readReports reads JSON reports, each validated against report.schema.json; names[i], when given, is the name of
// files[i], else the file's path is. A file that cannot be read or is not a report is a usage error.
func readReports(files, names []string) ([]report.NamedReport, error) {
	out := make([]report.NamedReport, len(files))
	for i, f := range files {
		r, err := report.ReadJSONFile(f)
		if err != nil {
			return nil, usagef("%v", err)
		}
		out[i] = report.NamedReport{Name: f, Report: report.ResolveReplays(r, filepath.Dir(f))}
		if names != nil {
			out[i].Name = names[i]
		}
	}
	return out, nil
}

// parseWithFiles parses flags that may come before, between or after the file arguments, and returns the files.
func parseWithFiles(fs *flag.FlagSet, args []string) ([]string, error) {
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return files, nil
		}
		files, args = append(files, args[0]), args[1:]
	}
}
