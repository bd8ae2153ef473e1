package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"syscall"
	"time"

	"github.com/lambdaconform/lambdaconform/recording"
	"github.com/lambdaconform/lambdaconform/recording/compare"
	"github.com/lambdaconform/lambdaconform/recording/diffreport"
	"github.com/lambdaconform/lambdaconform/recording/format"
	"github.com/lambdaconform/lambdaconform/runner/report"
)

const diffExamples = `  runner diff --recording aws.json --endpoint http://127.0.0.1:4566    replay AWS's recording against an emulator
  runner diff --recording aws.json --preset moto --known-differences known.yaml
  runner diff --recording aws.json --endpoint URL --json-report diff.json --html-report diff.html --markdown-report diff.md
  runner diff --recording aws.json --fault publish-always-new            the embedded reference with a fault
`

func diffCommand(args []string, stdout, stderr io.Writer) (int, error) {
	fs := newFlagSet("diff", "runner diff --recording FILE [flags]", diffExamples, stderr)
	o := defaultRecordOptions()
	bindRecordFlags(fs, &o)
	var recPath, knownPath, jsonPath, htmlPath, mdPath, color string
	var strict bool
	fs.StringVar(&recPath, "recording", "", "the recording to replay and compare with (required)")
	fs.StringVar(&knownPath, "known-differences", "", "YAML file of differences to accept (path, reason, and optionally exchange, kind, link, expires)")
	fs.BoolVar(&strict, "strict", false, "count extra members and headers the recording does not have")
	fs.StringVar(&jsonPath, "json-report", "", "write the diff as JSON (recording/diffreport/diff.schema.json) to this file")
	fs.StringVar(&htmlPath, "html-report", "", "write the diff as a self-contained HTML page to this file")
	fs.StringVar(&mdPath, "markdown-report", "", "write a Markdown summary, fit for a pull-request comment, to this file")
	fs.StringVar(&o.output, "output", "", "also write the target's own recording to this file")
	fs.StringVar(&color, "color", "auto", "colour the summary: auto, always or never")
	if err := parse(fs, args); err != nil {
		return ExitUsage, err
	}
	if recPath == "" {
		return ExitUsage, usagef("--recording FILE is required: the recording to compare with (make one with runner record)")
	}
	if !slices.Contains([]string{"auto", "always", "never"}, color) {
		return ExitUsage, usagef("--color %q: want auto, always or never", color)
	}
	if err := o.validate(); err != nil {
		return ExitUsage, err
	}
	rec, err := format.ReadFile(recPath)
	if err != nil {
		return ExitUsage, usagef("%v", err)
	}
	if err := recording.Check(rec); err != nil {
		return ExitUsage, usagef("%s: %v", recPath, err)
	}
	for _, s := range o.scenarioList() {
		if !slices.Contains(recording.IDs(rec), s) {
			return ExitUsage, usagef("--scenarios: %s does not hold scenario %q", recPath, s)
		}
	}
	var known *compare.Known
	if knownPath != "" {
		k, err := compare.LoadKnown(knownPath)
		if err != nil {
			return ExitUsage, usagef("%v", err)
		}
		known = &k
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	res := compare.Result{Tool: report.Tool, Version: report.ToolVersion(), Recording: recPath, RecordedTarget: rec.Target,
		Strict: strict, Started: time.Now()}
	var replay format.Recording
	var redact func(string) string
	code, err := withTarget(ctx, o, stderr, func(cfg recording.Config) (int, error) {
		res.Target, redact = cfg.Target, cfg.Redact
		fmt.Fprintf(stderr, "lambdaconform: replaying %s (%s) against %s\n", recPath, plural(len(rec.Scenarios), "scenario"), cfg.Target)
		var err error
		replay, res.Scenarios, err = recording.Diff(ctx, rec, cfg, compare.Options{Strict: strict})
		return ExitConformant, err
	})
	switch {
	case code == ExitUsage:
		return code, err
	case err != nil:
		res.Error = err.Error() // the reports say what happened
		fmt.Fprintf(stderr, "runner: %v\n", err)
	case ctx.Err() != nil:
		res.Error = "interrupted"
	}
	res.Duration = time.Since(res.Started)
	if known != nil {
		k := compare.ApplyKnown(res.Scenarios, *known, time.Now())
		res.Known = &k
	}
	res.Finish()
	if redact == nil {
		redact = report.TextRedactor()
	}
	res = res.MapStrings(redact)
	tty := color == "always" || color == "auto" && isTerminal(stdout)
	if err := diffreport.WriteSummary(stdout, res, tty); err != nil {
		return ExitCannotRun, err
	}
	outputs := []output{
		{jsonPath, "JSON diff", func(w io.Writer) error { return diffreport.WriteJSON(w, res) }},
		{htmlPath, "HTML diff", func(w io.Writer) error { return diffreport.WriteHTML(w, res) }},
		{mdPath, "Markdown summary", func(w io.Writer) error { return diffreport.WriteMarkdown(w, res) }},
	}
	if o.output != "" && replay.Schema != "" {
		outputs = append(outputs, output{o.output, "the target's recording", func(w io.Writer) error { return format.Write(w, replay) }})
	}
	if err := writeOutputs(stderr, outputs); err != nil {
		return ExitCannotRun, err
	}
	return res.Verdict.ExitCode, nil
}
