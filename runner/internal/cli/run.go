package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/formatter"
	"github.com/onsi/ginkgo/v2/reporters"
	"github.com/onsi/ginkgo/v2/types"
	"github.com/onsi/gomega"

	"github.com/lambdaconform/lambdaconform/client"
	"github.com/lambdaconform/lambdaconform/runner/report"
	"github.com/lambdaconform/lambdaconform/runner/targets"
	"github.com/lambdaconform/lambdaconform/suites"
)

const runExamples = `  runner                                          all checks against the embedded reference target
  runner --endpoint http://127.0.0.1:4566         a running implementation
  runner --preset localstack                      start LocalStack (pinned image) and check it
  runner --preset moto                            start moto, create its execution role, check it
  runner --image my/lambda:1.2 --port 8080/tcp    start any image and check it
  runner --dockerfile ./build --port 8080/tcp     build an image and check it
  runner --label-filter '!evidence:unverified' skip checks that rest on unverified evidence
  runner --junit-report junit.xml                 also write JUnit XML for CI
  runner --config lambdaconform.yaml              settings from a file (flags win)
`

func runCommand(args []string, stdout, stderr io.Writer) (int, error) {
	fs := newFlagSet("run", "runner [run] [flags]", runExamples, stderr)
	o, err := parseRunOptions(args, fs)
	if err != nil {
		return ExitUsage, err
	}
	return run(o, stdout, stderr)
}

func run(o runOptions, stdout, stderr io.Writer) (code int, err error) {
	ctx := context.Background()
	s, err := startTarget(ctx, o, stderr)
	if s != nil && s.target != nil {
		defer func() {
			cctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			if cerr := s.target.Close(cctx); cerr != nil {
				fmt.Fprintf(stderr, "runner: stopping the target: %v\n", cerr)
			}
		}()
	}
	if err != nil {
		return ExitCannotRun, err
	}
	probe, err := client.New(client.Config{Endpoint: s.target.Endpoint(), Region: s.region, Credentials: s.credentials,
		Timeout: 5 * time.Second})
	if err != nil {
		return ExitUsage, usagef("%v", err)
	}
	fmt.Fprintf(stderr, "lambdaconform: checking %s against profile %s\n", s.target.Describe(), o.Profile)
	if err := targets.Probe(ctx, probe, 10*time.Second); err != nil {
		fmt.Fprintf(stderr, "runner: %v\nrunner: no check ran.\n", err)
		return ExitCannotRun, nil
	}
	role := o.Role
	if role == "" {
		role = s.role
	}
	extras := o.FunctionExtras
	if extras == nil {
		extras = s.extras
	}
	var rep report.Report
	if o.Procs > 1 {
		if rep, err = runSharded(o, s, role, extras, stderr); err != nil {
			return ExitCannotRun, err
		}
	} else {
		shard, shards, _ := shardSpec(o.Shard)
		cfg := suites.Config{Endpoint: s.target.Endpoint(), Region: s.region, Credentials: s.credentials, Profile: o.Profile,
			Role: role, Runtime: o.Runtime, Prefix: o.Prefix, RequestTimeout: o.RequestTimeout, Strict: o.Strict,
			FunctionExtras: extras, S3Endpoint: o.S3Endpoint, Shard: shard, Shards: shards}
		if err := suites.Configure(cfg); err != nil {
			return ExitUsage, usagef("%v", err)
		}
		rep = runSuites(o, s.target.Describe(), stderr)
	}
	report.WriteSummary(stdout, rep)
	if o.JUnit != "" {
		if err := writeFile(o.JUnit, func(w io.Writer) error { return report.WriteJUnit(w, rep) }); err != nil {
			return ExitCannotRun, err
		}
		fmt.Fprintf(stderr, "lambdaconform: JUnit report written to %s\n", o.JUnit)
	}
	switch {
	case rep.Summary.Failed > 0:
		return ExitNonConformant, nil
	case rep.Summary.Error > 0 || rep.Summary.Total == 0:
		return ExitCannotRun, nil
	}
	return ExitConformant, nil
}

// runSuites runs the Ginkgo tree of the suites package in this process and returns the report.
func runSuites(o runOptions, target string, stderr io.Writer) report.Report {
	suiteConfig, reporterConfig := ginkgo.GinkgoConfiguration()
	suiteConfig.LabelFilter = o.LabelFilter
	if o.Focus != "" {
		suiteConfig.FocusStrings = []string{o.Focus}
	}
	if o.Skip != "" {
		suiteConfig.SkipStrings = []string{o.Skip}
	}
	suiteConfig.Timeout = 24 * time.Hour
	reporterConfig.NoColor = true
	reporterConfig.Succinct = true
	// Ginkgo's own reporter would print dots and failures; the runner prints its own progress and summary.
	formatter.ColorableStdOut = io.Discard

	progress := newProgress(stderr)
	var final types.Report
	ginkgo.ReportBeforeSuite(func(r types.Report) { progress.start(r.PreRunStats.SpecsThatWillRun) })
	ginkgo.ReportAfterEach(func(s types.SpecReport) { progress.finished(s) })
	ginkgo.ReportAfterSuite("lambdaconform report", func(r types.Report) { final = r })

	gomega.RegisterFailHandler(ginkgo.Fail)
	ginkgo.RunSpecs(&testingT{}, "lambdaconform", suiteConfig, reporterConfig)
	progress.finish()
	if o.GinkgoJSON != "" {
		if err := reporters.GenerateJSONReport(final, o.GinkgoJSON); err != nil {
			fmt.Fprintf(stderr, "runner: writing %s: %v\n", o.GinkgoJSON, err)
		}
	}
	return report.FromGinkgo(final, target, o.Profile)
}

// testingT satisfies ginkgo.GinkgoTestingT outside `go test`.
type testingT struct{ failed bool }

func (t *testingT) Fail() { t.failed = true }

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
