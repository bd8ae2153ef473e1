package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/formatter"
	"github.com/onsi/ginkgo/v2/types"
	"github.com/onsi/gomega"

	"github.com/lambdaconform/lambdaconform/client"
	"github.com/lambdaconform/lambdaconform/fixtures/reference"
	"github.com/lambdaconform/lambdaconform/runner/report"
	"github.com/lambdaconform/lambdaconform/runner/targets"
	"github.com/lambdaconform/lambdaconform/spec"
	"github.com/lambdaconform/lambdaconform/suites"
)

const runExamples = `  runner                                        all checks against the embedded reference target
  runner --endpoint http://127.0.0.1:4566       a running implementation (LocalStack's port)
  runner --junit-report conformance.xml         also write JUnit XML for CI
  runner --label-filter 'family: {semantics}'   only the semantics checks
`

// runOptions are the settings of one run.
type runOptions struct {
	endpoint       string
	profile        string
	junit          string
	labelFilter    string
	focus          string
	skip           string
	requestTimeout time.Duration
	region         string
	role           string
	runtime        string
	prefix         string
	strict         bool
}

func runCommand(args []string, stdout, stderr io.Writer) (int, error) {
	var o runOptions
	fs := newFlagSet("run", "runner [run] [flags]", runExamples, stderr)
	fs.StringVar(&o.endpoint, "endpoint", "", "base URL of a running implementation (default: the embedded reference target)")
	fs.StringVar(&o.profile, "profile", spec.Seed2019, "contract profile: seed-2019 or aws-current")
	fs.StringVar(&o.junit, "junit-report", "", "write JUnit XML to this file")
	fs.StringVar(&o.labelFilter, "label-filter", "", "run only checks whose labels match this Ginkgo label query")
	fs.StringVar(&o.focus, "focus", "", "run only checks whose text or ID matches this regular expression")
	fs.StringVar(&o.skip, "skip", "", "skip checks whose text or ID matches this regular expression")
	fs.DurationVar(&o.requestTimeout, "request-timeout", 30*time.Second, "bound on one request")
	fs.StringVar(&o.region, "region", "us-east-1", "SigV4 signing region")
	fs.StringVar(&o.role, "role", "", "execution role ARN for the functions the checks create")
	fs.StringVar(&o.runtime, "runtime", "", "runtime of the functions the checks create (default: from the profile)")
	fs.StringVar(&o.prefix, "prefix", "lc-", "prefix of every function name the run creates")
	fs.BoolVar(&o.strict, "strict", false, "report response members the model does not know")
	if err := parse(fs, args); err != nil {
		return ExitUsage, err
	}
	if _, err := spec.Load(o.profile); err != nil {
		return ExitUsage, usagef("%v", err)
	}
	return run(o, stdout, stderr)
}

func run(o runOptions, stdout, stderr io.Writer) (int, error) {
	ctx := context.Background()
	target, extras, err := startTarget(o)
	if err != nil {
		return ExitCannotRun, err
	}
	defer func() {
		cctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := target.Close(cctx); err != nil {
			fmt.Fprintf(stderr, "runner: stopping the target: %v\n", err)
		}
	}()
	probe, err := client.New(client.Config{Endpoint: target.Endpoint(), Region: o.region, Timeout: 5 * time.Second})
	if err != nil {
		return ExitUsage, usagef("%v", err)
	}
	fmt.Fprintf(stderr, "lambdaconform: checking %s against profile %s\n", target.Describe(), o.profile)
	if err := targets.Probe(ctx, probe, 10*time.Second); err != nil {
		fmt.Fprintf(stderr, "runner: %v\nrunner: no check ran.\n", err)
		return ExitCannotRun, nil
	}
	cfg := suites.Config{Endpoint: target.Endpoint(), Region: o.region, Profile: o.profile, Role: o.role,
		Runtime: o.runtime, Prefix: o.prefix, RequestTimeout: o.requestTimeout, Strict: o.strict, FunctionExtras: extras}
	if err := suites.Configure(cfg); err != nil {
		return ExitUsage, usagef("%v", err)
	}
	rep := runSuites(o, target.Describe(), stderr)
	report.WriteSummary(stdout, rep)
	if o.junit != "" {
		if err := writeFile(o.junit, func(w io.Writer) error { return report.WriteJUnit(w, rep) }); err != nil {
			return ExitCannotRun, err
		}
		fmt.Fprintf(stderr, "lambdaconform: JUnit report written to %s\n", o.junit)
	}
	switch {
	case rep.Summary.Failed > 0:
		return ExitNonConformant, nil
	case rep.Summary.Error > 0 || rep.Summary.Total == 0:
		return ExitCannotRun, nil
	}
	return ExitConformant, nil
}

// startTarget starts or reaches the target; for the in-process reference it also returns the CreateFunction
// extras that make every optional response member appear.
func startTarget(o runOptions) (targets.Target, map[string]any, error) {
	if o.endpoint != "" {
		t, err := targets.NewRemote(o.endpoint)
		if err != nil {
			return nil, nil, usagef("%v", err)
		}
		return t, nil, nil
	}
	t, err := targets.StartInProcess(reference.Options{})
	if err != nil {
		return nil, nil, err
	}
	return t, t.Server.FunctionExtras(), nil
}

// runSuites runs the Ginkgo tree of the suites package in this process and returns the report.
func runSuites(o runOptions, target string, stderr io.Writer) report.Report {
	suiteConfig, reporterConfig := ginkgo.GinkgoConfiguration()
	suiteConfig.LabelFilter = o.labelFilter
	if o.focus != "" {
		suiteConfig.FocusStrings = []string{o.focus}
	}
	if o.skip != "" {
		suiteConfig.SkipStrings = []string{o.skip}
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
	return report.FromGinkgo(final, target, o.profile)
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
