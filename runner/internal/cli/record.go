package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/lambdaconform/lambdaconform/client"
	"github.com/lambdaconform/lambdaconform/recording"
	"github.com/lambdaconform/lambdaconform/recording/format"
	"github.com/lambdaconform/lambdaconform/recording/scenario"
	"github.com/lambdaconform/lambdaconform/runner/report"
	"github.com/lambdaconform/lambdaconform/runner/targets"
	"github.com/lambdaconform/lambdaconform/suites"
)

// The record and diff commands share how they reach a target with runs (startTarget), and add what a recording
// needs.

const recordExamples = `  runner record --output reference.json                      record the embedded reference target
  runner record --endpoint https://lambda.us-east-1.amazonaws.com --allow-aws \
      --role arn:aws:iam::123456789012:role/lambda-basic --output aws.json   record AWS once
  runner record --endpoint http://127.0.0.1:5000 --role ARN --output moto.json
  runner record --scenarios lifecycle,revisions --output part.json          some scenarios only
`

// recordOptions are the settings of record and diff.
type recordOptions struct {
	target    runOptions
	output    string
	scenarios string
	parallel  int
}

// bindRecordFlags declares the flags record and diff share: the target, as for runs, and the scenario settings.
func bindRecordFlags(fs *flag.FlagSet, o *recordOptions) {
	t := &o.target
	fs.StringVar(&t.Endpoint, "endpoint", t.Endpoint, "base URL of a running implementation (default: the embedded reference target)")
	fs.StringVar(&t.Image, "image", t.Image, "start this Docker image as the target (with --port)")
	fs.StringVar(&t.Dockerfile, "dockerfile", t.Dockerfile, "build the Dockerfile in this directory and start it as the target (with --port)")
	fs.StringVar(&t.Preset, "preset", t.Preset, "start a known emulator: "+strings.Join(presetNames(), ", "))
	fs.StringVar(&t.Port, "port", t.Port, "container port of the Lambda API, e.g. 8080/tcp")
	fs.Var(&t.Env, "env", "KEY=VALUE for the container's environment (repeatable)")
	fs.StringVar(&t.ReadyPath, "ready-path", t.ReadyPath, "HTTP path that answers once the container is ready")
	fs.DurationVar(&t.StartTimeout, "start-timeout", t.StartTimeout, "bound on building, pulling and starting a container")
	fs.BoolVar(&t.AllowAWS, "allow-aws", t.AllowAWS, "allow an endpoint on an AWS domain (the scenarios create and delete functions)")
	fs.StringVar(&t.Variation, "variation", t.Variation, "answer with a benign variation of the embedded reference target")
	fs.StringVar(&t.Fault, "fault", t.Fault, "run the embedded reference target with this named fault (runner faults lists them)")
	fs.DurationVar(&t.UpdateDelay, "update-delay", t.UpdateDelay, "how long an update of the embedded reference target stays InProgress")
	fs.DurationVar(&t.VersionDelay, "version-delay", t.VersionDelay, "how long a version of the embedded reference target created Pending stays Pending after its update")
	fs.StringVar(&t.S3Endpoint, "s3-endpoint", t.S3Endpoint, `S3 endpoint for the S3 scenarios (default: the target's, or S3 of the region for AWS; "none" records them as unobserved)`)
	fs.StringVar(&t.Region, "region", t.Region, "SigV4 signing region (default: the AWS configuration's, else us-east-1)")
	fs.StringVar(&t.Role, "role", t.Role, "execution role ARN for the functions the scenarios create (required for AWS)")
	fs.StringVar(&t.Prefix, "prefix", t.Prefix, "prefix of every function and bucket the scenarios create; only such names are deleted")
	fs.DurationVar(&t.RequestTimeout, "request-timeout", t.RequestTimeout, "bound on one request")
	fs.DurationVar(&t.UpdateTimeout, "update-timeout", t.UpdateTimeout, "bound on one wait for a function or version to leave Pending or InProgress")
	fs.IntVar(&o.parallel, "parallel", o.parallel, "how many scenarios run at once")
	fs.StringVar(&o.scenarios, "scenarios", o.scenarios, "comma-separated scenarios to run (default: all): "+strings.Join(scenario.IDs(), ", "))
}

func defaultRecordOptions() recordOptions {
	return recordOptions{target: defaultRunOptions(), parallel: 4}
}

// validate checks the shared settings.
func (o *recordOptions) validate() error {
	if err := o.target.validate(); err != nil {
		return err
	}
	if o.parallel < 1 || o.parallel > 32 {
		return usagef("--parallel takes 1 to 32")
	}
	if _, err := scenario.Select(o.scenarioList()); err != nil {
		return usagef("--scenarios: %v", err)
	}
	if o.target.Endpoint != "" && isAWS(o.target.Endpoint) && o.target.Role == "" {
		return usagef("--role is required for AWS: the execution role of the functions the scenarios create")
	}
	return nil
}

func (o *recordOptions) scenarioList() []string {
	var out []string
	for _, s := range strings.Split(o.scenarios, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func recordCommand(args []string, stdout, stderr io.Writer) (int, error) {
	fs := newFlagSet("record", "runner record [flags] --output FILE", recordExamples, stderr)
	o := defaultRecordOptions()
	bindRecordFlags(fs, &o)
	fs.StringVar(&o.output, "output", "", `write the recording to this file ("-" for stdout)`)
	if err := parse(fs, args); err != nil {
		return ExitUsage, err
	}
	if o.output == "" {
		return ExitUsage, usagef("--output FILE is required: where the recording goes (\"-\" for stdout)")
	}
	if err := o.validate(); err != nil {
		return ExitUsage, err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var rec format.Recording
	code, err := withTarget(ctx, o, stderr, func(cfg recording.Config) (int, error) {
		fmt.Fprintf(stderr, "lambdaconform: recording %s (%s)\n", cfg.Target, plural(len(scenariosOf(o)), "scenario"))
		var err error
		rec, err = recording.Record(ctx, cfg)
		return ExitConformant, err
	})
	if err != nil || code != ExitConformant {
		return code, err
	}
	if ctx.Err() != nil {
		return ExitCannotRun, fmt.Errorf("interrupted: no recording written")
	}
	if o.output == "-" {
		err = format.Write(stdout, rec)
	} else {
		err = writeFile(o.output, func(w io.Writer) error { return format.Write(w, rec) })
	}
	if err != nil {
		return ExitCannotRun, err
	}
	exchanges, stopped := 0, 0
	for _, s := range rec.Scenarios {
		exchanges += len(s.Exchanges)
		if s.Error != "" {
			stopped++
			fmt.Fprintf(stderr, "runner: scenario %s stopped: %s\n", s.ID, s.Error)
		}
	}
	if o.output != "-" {
		fmt.Fprintf(stderr, "lambdaconform: %d exchanges of %s written to %s\n", exchanges, plural(len(rec.Scenarios), "scenario"), o.output)
	}
	if stopped > 0 {
		return ExitCannotRun, fmt.Errorf("%s could not run to the end: the recording is incomplete", plural(stopped, "scenario"))
	}
	return ExitConformant, nil
}

// awsS3Host matches AWS's S3 endpoints: s3.amazonaws.com and s3.<region>.amazonaws.com (or s3-<region>).
var awsS3Host = regexp.MustCompile(`^s3([.-][a-z0-9-]+)?\.amazonaws\.com$`)

// s3In returns the S3 client for buckets in a region: on AWS, whose S3 serves a region's buckets only at that
// region's endpoint, s3.<region>.amazonaws.com signed for the region; anywhere else the one S3 client.
func s3In(s3 *client.Client, s *started, o recordOptions, hc *http.Client) func(string) *client.Client {
	return func(region string) *client.Client {
		if s3 == nil {
			return nil
		}
		u, err := url.Parse(s3.Endpoint())
		if err != nil || !awsS3Host.MatchString(u.Hostname()) {
			return s3
		}
		c, err := client.New(client.Config{Endpoint: "https://s3." + region + ".amazonaws.com", Region: region,
			Credentials: s.credentials, Timeout: o.target.RequestTimeout, HTTPClient: hc})
		if err != nil {
			return s3
		}
		return c
	}
}

func scenariosOf(o recordOptions) []scenario.Scenario {
	list, _ := scenario.Select(o.scenarioList())
	return list
}

func plural(n int, one string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %ss", n, one)
}

// withTarget starts or reaches the target, checks that it answers, and runs fn with a recording configuration
// for it; the target is stopped afterwards whatever happens.
func withTarget(ctx context.Context, o recordOptions, stderr io.Writer, fn func(recording.Config) (int, error)) (int, error) {
	s, err := startTarget(ctx, o.target, stderr)
	// The clients share one transport, whose idle connections are closed before the target stops: a connection
	// the target never saw a request on would hold an in-process target's shutdown for 5 seconds.
	hc := &http.Client{Transport: &http.Transport{Proxy: nil, MaxIdleConnsPerHost: 16}}
	if s != nil && s.target != nil {
		defer func() {
			hc.CloseIdleConnections()
			cctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			if cerr := s.target.Close(cctx); cerr != nil {
				fmt.Fprintf(stderr, "runner: stopping the target: %v\n", cerr)
			}
		}()
	}
	if err != nil {
		var ue usageError
		if errors.As(err, &ue) {
			return ExitUsage, err
		}
		return ExitCannotRun, err
	}
	lambda, err := client.New(client.Config{Endpoint: s.target.Endpoint(), Region: s.region, Credentials: s.credentials,
		Timeout: o.target.RequestTimeout, HTTPClient: hc})
	if err != nil {
		return ExitUsage, usagef("%v", err)
	}
	if err := targets.Probe(ctx, lambda, 10*time.Second); err != nil {
		return ExitCannotRun, err
	}
	var s3 *client.Client
	if o.target.S3Endpoint != "none" {
		endpoint := o.target.S3Endpoint
		if endpoint == "" {
			endpoint = s.target.Endpoint()
			if isAWS(endpoint) {
				endpoint = "https://s3." + s.region + ".amazonaws.com"
			}
		}
		if s3, err = client.New(client.Config{Endpoint: endpoint, Region: s.region, Credentials: s.credentials,
			Timeout: o.target.RequestTimeout, HTTPClient: hc}); err != nil {
			return ExitUsage, usagef("--s3-endpoint: %v", err)
		}
	}
	role := o.target.Role
	if role == "" {
		role = s.role
	}
	if role == "" {
		role = suites.DefaultRole
	}
	var secrets []string
	if creds, err := s.credentials.Retrieve(ctx); err == nil {
		secrets = []string{creds.AccessKeyID, creds.SecretAccessKey, creds.SessionToken}
	}
	var mu sync.Mutex // scenarios end in goroutines of their own
	cfg := recording.Config{Lambda: lambda, S3: s3, Role: role, Prefix: o.target.Prefix, Target: s.target.Describe(),
		Scenarios: o.scenarioList(), Redact: report.TextRedactor(secrets...),
		Run: scenario.Config{UpdateTimeout: o.target.UpdateTimeout, Parallel: o.parallel, S3In: s3In(s3, s, o, hc), Progress: func(r *scenario.ScenarioResult) {
			mu.Lock()
			defer mu.Unlock()
			if r.Error != "" {
				fmt.Fprintf(stderr, "  %-22s %3d calls, stopped: %s\n", r.Scenario.ID, len(r.Calls), r.Error)
				return
			}
			fmt.Fprintf(stderr, "  %-22s %3d calls\n", r.Scenario.ID, len(r.Calls))
		}}}
	return fn(cfg)
}
