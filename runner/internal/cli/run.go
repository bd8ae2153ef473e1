package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/formatter"
	"github.com/onsi/ginkgo/v2/reporters"
	"github.com/onsi/ginkgo/v2/types"
	"github.com/onsi/gomega"

	"github.com/lambdaconform/lambdaconform/client"
	"github.com/lambdaconform/lambdaconform/runner/report"
	"github.com/lambdaconform/lambdaconform/runner/targets"
	"github.com/lambdaconform/lambdaconform/spec"
	"github.com/lambdaconform/lambdaconform/suites"
)

const runExamples = `  runner                                          all checks against the embedded reference target
  runner --endpoint http://127.0.0.1:4566         a running implementation
  runner --preset localstack                      start LocalStack (pinned image) and check it
  runner --preset moto                            start moto (its image, else moto_server from PATH), create its execution role, check it
  runner --preset moto --launch process           start moto_server from PATH, whatever Docker can do
  runner --image my/lambda:1.2 --port 8080/tcp    start any image and check it
  runner --dockerfile ./build --port 8080/tcp     build an image and check it
  runner --label-filter '!evidence:unverified' skip checks that rest on unverified evidence
  runner --junit-report junit.xml                 also write JUnit XML for CI
  runner --fail-on must                           only must failures fail the run (should failures are listed)
  runner --config lambdaconform.yaml              settings from a file (flags win)
`

func runCommand(args []string, stdout, stderr io.Writer) (int, error) {
	fs := newFlagSet("run", "runner [run] [flags]", runExamples, stderr)
	usage := fs.Usage
	fs.Usage = func() { // runner --help: the commands first, then the flags of run
		fmt.Fprint(stderr, topUsage+"\n")
		usage()
	}
	o, err := parseRunOptions(args, fs)
	if err != nil {
		return ExitUsage, err
	}
	return run(o, stdout, stderr)
}

func run(o runOptions, stdout, stderr io.Writer) (code int, err error) {
	inputs, err := loadReportInputs(o)
	if err != nil {
		return ExitUsage, err
	}
	// An interrupt while the target starts or is probed stops that, and the run still writes its reports; Ginkgo
	// (or the shards) handle interrupts during the checks. Listening for the whole run also keeps an interrupt from
	// killing the runner before it has stopped what it started.
	ctx, stopListening := interruptible(context.Background())
	defer stopListening()
	startedAt := time.Now()
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
	if err == nil && ctx.Err() != nil {
		err = errors.New("interrupted")
	}
	if err != nil {
		var ue usageError
		if errors.As(err, &ue) {
			return ExitUsage, err
		}
		stop := report.Stop{Cause: report.StopTargetFailed, Reason: "the target could not be started: " + err.Error()}
		if ctx.Err() != nil {
			stop = report.Stop{Cause: report.StopInterrupted, Reason: "the run was interrupted while the target started"}
		}
		return stoppedBeforeChecks(ctx, o, s, targetName(o, s), stop, startedAt, inputs, stdout, stderr)
	}
	probe, err := client.New(client.Config{Endpoint: s.target.Endpoint(), Region: s.region, Credentials: s.credentials,
		Timeout: 5 * time.Second})
	if err != nil {
		return ExitUsage, usagef("%v", err)
	}
	fmt.Fprintf(stderr, "lambdaconform: checking %s against profile %s\n", s.target.Describe(), o.Profile)
	if err := targets.Probe(ctx, probe, 10*time.Second); err != nil {
		stop := report.Stop{Cause: report.StopUnreachable, Reason: err.Error()}
		if ctx.Err() != nil {
			stop = report.Stop{Cause: report.StopInterrupted, Reason: "the run was interrupted while it reached the target"}
		}
		return stoppedBeforeChecks(ctx, o, s, s.target.Describe(), stop, startedAt, inputs, stdout, stderr)
	}
	learnReference(ctx, s, o, stderr)
	role := o.Role
	if role == "" {
		role = s.role
	}
	extras := o.FunctionExtras
	if extras == nil {
		extras = s.extras
	}
	var rep report.Report
	shard, shards, _ := shardSpec(o.Shard)
	if o.Procs > 1 {
		if rep, err = runSharded(o, s, role, extras, stderr); err != nil {
			return ExitCannotRun, err
		}
	} else {
		cfg := suites.Config{Endpoint: s.target.Endpoint(), Region: s.region, Credentials: s.credentials, Profile: o.Profile,
			Role: role, Runtime: o.Runtime, Prefix: o.Prefix, RequestTimeout: o.RequestTimeout, UpdateTimeout: o.UpdateTimeout, Strict: o.Strict,
			FunctionExtras: extras, S3Endpoint: o.S3Endpoint}
		if shards > 1 {
			if cfg.Checks, err = shardChecks(o, cfg, shard, shards, stderr); err != nil {
				return ExitUsage, err
			}
		}
		if err := suites.Configure(cfg); err != nil {
			return ExitUsage, usagef("%v", err)
		}
		rep = runSuites(o, s.target.Describe(), stderr)
	}
	if rep.Stopped != nil {
		fmt.Fprintf(stderr, "runner: the run stopped (%s): %s\n", rep.Stopped.Cause, rep.Stopped.Reason)
	}
	identify(&rep, o)
	return finish(context.Background(), o, s, rep, inputs, stdout, stderr)
}

// identify records what runner merge needs to put the shards of a run back together, and to refuse what does not
// belong.
func identify(rep *report.Report, o runOptions) {
	rep.Selection.Strict = o.Strict
	if shard, shards, _ := shardSpec(o.Shard); shards > 0 {
		rep.Shard = &report.Shard{Index: shard + 1, Total: shards}
	}
}

// targetName names the target in a report when it could not be started.
func targetName(o runOptions, s *started) string {
	switch {
	case s != nil && s.target != nil:
		return s.target.Describe()
	case o.Endpoint != "":
		return o.Endpoint
	case o.Preset != "":
		return o.Preset
	case o.Image != "":
		return o.Image
	case o.Dockerfile != "":
		return "the image built from " + o.Dockerfile
	}
	return "the embedded reference target"
}

// stoppedBeforeChecks reports a run that stopped before any check ran: every check the run selected is not run,
// with the reason, and every report asked for is written.
func stoppedBeforeChecks(ctx context.Context, o runOptions, s *started, target string, stop report.Stop, startedAt time.Time,
	in reportInputs, stdout, stderr io.Writer) (int, error) {
	fmt.Fprintf(stderr, "runner: %s\nrunner: no check ran.\n", stop.Reason)
	var checks []string
	if shard, shards, _ := shardSpec(o.Shard); shards > 1 {
		plan, err := planShards(o, suites.Config{Endpoint: placeholderEndpoint, Profile: o.Profile}, shards)
		if err != nil {
			return ExitCannotRun, err
		}
		checks = plan.shards[shard]
	}
	preview, err := previewChecks(o.Profile, selectionConfig(o), checks)
	if err != nil {
		return ExitCannotRun, err
	}
	rep := report.FromPreview(preview, target, o.Profile, stop)
	rep.Started, rep.Duration = startedAt, time.Since(startedAt)
	identify(&rep, o)
	return finish(ctx, o, s, rep, in, stdout, stderr)
}

// interruptible returns a context that an interrupt (SIGINT, SIGTERM) cancels, and a function that stops
// listening. While it listens, interrupts no longer end the process.
func interruptible(parent context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancel(parent)
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case <-signals:
			cancel()
		case <-done:
		}
	}()
	return ctx, func() {
		signal.Stop(signals)
		close(done)
		cancel()
	}
}

// reportInputs are the files a run's report is judged against.
type reportInputs struct {
	expected *report.Expected
	baseline *report.Report
}

// loadReportInputs reads the expected-failures file and the baseline before anything starts, so that a bad
// file is a usage error, not a wasted run. Every check and rule an expected-failures entry names must exist in
// the profile's catalog: a typo would silently cover nothing.
func loadReportInputs(o runOptions) (reportInputs, error) {
	var in reportInputs
	if o.ExpectedFailures != "" {
		e, err := report.LoadExpected(o.ExpectedFailures)
		if err != nil {
			return in, usagef("%v", err)
		}
		if _, err := spec.Load(o.Profile); err != nil {
			return in, usagef("%v", err)
		}
		checks := map[string]map[string]bool{}
		for _, p := range spec.Profiles() {
			if checks[p], err = catalogChecks(p); err != nil {
				return in, err
			}
		}
		checkExists := func(p, id string) bool { return checks[p][id] }
		if err := e.CheckIDs(o.Profile, checkExists, func(p, id string) bool { return ruleExists(p)(id) }); err != nil {
			return in, usagef("%v", err)
		}
		in.expected = &e
	}
	if o.Baseline != "" {
		b, err := report.ReadJSONFile(o.Baseline)
		if err != nil {
			return in, usagef("%v", err)
		}
		in.baseline = &b
	}
	return in, nil
}

// finish judges the report against expected failures and the baseline, redacts it, writes every output and
// returns the exit code of its verdict. A report that cannot be written does not stop the others; it makes a
// run that would exit 0 exit 3.
func finish(ctx context.Context, o runOptions, s *started, rep report.Report, in reportInputs, stdout, stderr io.Writer) (int, error) {
	rep.FailOn = spec.Severity(o.FailOn)
	if in.expected != nil {
		report.ApplyExpected(&rep, *in.expected, time.Now())
	}
	if in.baseline != nil {
		report.ApplyBaseline(&rep, *in.baseline)
	}
	if s != nil && s.credentials != nil {
		// Not cancelled by an interrupt: the credentials in use are redacted from every report whatever happened.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		if creds, err := s.credentials.Retrieve(rctx); err == nil {
			rep.Redact(creds.AccessKeyID, creds.SecretAccessKey, creds.SessionToken)
		}
	}
	if err := writeReplays(o, &rep, stderr); err != nil {
		return ExitCannotRun, err
	}
	color := o.Color == "always" || o.Color == "auto" && isTerminal(stdout)
	if err := report.WriteSummary(stdout, rep, report.WithColor(color)); err != nil {
		return ExitCannotRun, err
	}
	err := writeOutputs(stderr, reportOutputFiles(rep, o.JUnit, o.JSON, o.HTML, o.Markdown))
	code := rep.Verdict().ExitCode
	if err != nil && code == ExitConformant {
		return ExitCannotRun, err
	}
	return code, nil
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// runSuites runs the Ginkgo tree of the suites package in this process and returns the report.
func runSuites(o runOptions, target string, stderr io.Writer) report.Report {
	_, reporterConfig := ginkgo.GinkgoConfiguration()
	suiteConfig := selectionConfig(o)
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
	ginkgo.RunSpecs(&testingT{}, suiteDescription, suiteConfig, reporterConfig)
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
