package cli

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/lambdaconform/lambdaconform/fixtures/hostile"
	"github.com/lambdaconform/lambdaconform/fixtures/reference"
	"github.com/lambdaconform/lambdaconform/fixtures/variations"
	"github.com/lambdaconform/lambdaconform/spec"
	"github.com/lambdaconform/lambdaconform/suites"
)

// runOptions are the settings of one run. Each has a flag and a config-file key of the same name; flags win.
type runOptions struct {
	Config string `yaml:"-"`

	// The target: one of these, or none for the embedded reference target.
	Endpoint   string `yaml:"endpoint"`
	Image      string `yaml:"image"`
	Dockerfile string `yaml:"dockerfile"`
	Preset     string `yaml:"preset"`
	Launch     string `yaml:"launch"` // how a preset starts: auto, container or process
	// Container settings, for image, dockerfile and preset.
	Port         string        `yaml:"port"`
	Env          envList       `yaml:"env"`
	ReadyPath    string        `yaml:"ready-path"`
	StartTimeout time.Duration `yaml:"start-timeout"`
	AllowAWS     bool          `yaml:"allow-aws"`
	Variation    string        `yaml:"variation"`
	Hostile      string        `yaml:"hostile"`
	Fault        string        `yaml:"fault"`
	UpdateDelay  time.Duration `yaml:"update-delay"`
	VersionDelay time.Duration `yaml:"version-delay"`
	S3Endpoint   string        `yaml:"s3-endpoint"`

	// What runs.
	Profile        string         `yaml:"profile"`
	LabelFilter    string         `yaml:"label-filter"`
	Focus          string         `yaml:"focus"`
	Skip           string         `yaml:"skip"`
	Strict         bool           `yaml:"strict"`
	RequestTimeout time.Duration  `yaml:"request-timeout"`
	UpdateTimeout  time.Duration  `yaml:"update-timeout"`
	Region         string         `yaml:"region"`
	Role           string         `yaml:"role"`
	Runtime        string         `yaml:"runtime"`
	Prefix         string         `yaml:"prefix"`
	FunctionExtras map[string]any `yaml:"function-extras"`

	// How it is judged.
	FailOn string `yaml:"fail-on"`

	// How it runs.
	Procs      int    `yaml:"procs"`
	Shard      string `yaml:"shard"`
	ShardCosts string `yaml:"shard-costs"`
	GinkgoJSON string `yaml:"ginkgo-json-report"`

	// Reports.
	JUnit            string `yaml:"junit-report"`
	JSON             string `yaml:"json-report"`
	HTML             string `yaml:"html-report"`
	Markdown         string `yaml:"markdown-report"`
	ReplayDir        string `yaml:"replay-dir"`
	ExpectedFailures string `yaml:"expected-failures"`
	Baseline         string `yaml:"baseline"`
	Color            string `yaml:"color"`
}

// envList is a repeatable KEY=VALUE flag.
type envList []string

func (e *envList) String() string { return strings.Join(*e, ",") }
func (e *envList) Set(v string) error {
	if !strings.Contains(v, "=") {
		return fmt.Errorf("%q is not KEY=VALUE", v)
	}
	*e = append(*e, v)
	return nil
}

// Map returns the variables as a map.
func (e envList) Map() map[string]string {
	m := make(map[string]string, len(e))
	for _, kv := range e {
		k, v, _ := strings.Cut(kv, "=")
		m[k] = v
	}
	return m
}

// DefaultUpdateDelay is how long an update of the embedded reference target stays InProgress: long enough for
// the checks to see 409 ResourceConflictException, short enough to keep a run to a second or two.
const DefaultUpdateDelay = reference.DefaultUpdateDelay

// DefaultVersionDelay is how long a version of the embedded reference target created Pending stays Pending after
// the update it comes from completes: long enough for the checks to wait for it, as AWS's waiter does.
const DefaultVersionDelay = reference.DefaultVersionDelay

func defaultRunOptions() runOptions {
	return runOptions{Profile: spec.Seed2019, RequestTimeout: suites.DefaultRequestTimeout, Prefix: "lc-",
		StartTimeout: 3 * time.Minute, UpdateDelay: DefaultUpdateDelay, VersionDelay: DefaultVersionDelay,
		UpdateTimeout: 2 * time.Minute, Procs: 1, FailOn: string(spec.SeverityShould)}
}

// bindRunFlags declares the run flags on fs, writing into o.
func bindRunFlags(fs *flag.FlagSet, o *runOptions) {
	fs.StringVar(&o.Config, "config", "", "read settings from this YAML file (flags win)")
	fs.StringVar(&o.Endpoint, "endpoint", o.Endpoint, "base URL of a running implementation (default: the embedded reference target)")
	fs.StringVar(&o.Image, "image", o.Image, "start this Docker image as the target (with --port)")
	fs.StringVar(&o.Dockerfile, "dockerfile", o.Dockerfile, "build the Dockerfile in this directory and start it as the target (with --port)")
	fs.StringVar(&o.Preset, "preset", o.Preset, "start a known emulator: "+strings.Join(presetNames(), ", "))
	fs.StringVar(&o.Launch, "launch", o.Launch, "how --preset starts its emulator: auto (its image when Docker can provide it, else its server from PATH), container or process")
	fs.StringVar(&o.Port, "port", o.Port, "container port of the Lambda API, e.g. 8080/tcp")
	fs.Var(&o.Env, "env", "KEY=VALUE for the container's environment (repeatable)")
	fs.StringVar(&o.ReadyPath, "ready-path", o.ReadyPath, "HTTP path that answers once the container is ready")
	fs.DurationVar(&o.StartTimeout, "start-timeout", o.StartTimeout, "bound on building, pulling and starting a container")
	fs.StringVar(&o.Variation, "variation", o.Variation, "answer with a benign variation of the embedded reference target: "+strings.Join(variations.Names(), ", "))
	fs.StringVar(&o.Fault, "fault", o.Fault, "run the embedded reference target with this named fault, or several separated by commas (see `runner faults`)")
	fs.DurationVar(&o.UpdateDelay, "update-delay", o.UpdateDelay, "how long an update of the embedded reference target stays InProgress")
	fs.DurationVar(&o.VersionDelay, "version-delay", o.VersionDelay, "how long a version of the embedded reference target created Pending stays Pending after its update")
	fs.StringVar(&o.Hostile, "hostile", o.Hostile, "answer the operations under test with a hostile behaviour of the embedded reference target: "+strings.Join(hostile.Names(), ", "))
	fs.BoolVar(&o.AllowAWS, "allow-aws", o.AllowAWS, "allow an endpoint on an AWS domain (the checks create and delete functions)")
	fs.StringVar(&o.S3Endpoint, "s3-endpoint", o.S3Endpoint, `S3 endpoint for the S3-sourced code checks (default: the target's; "none" skips them)`)
	fs.StringVar(&o.Profile, "profile", o.Profile, "contract profile: "+strings.Join(spec.Profiles(), " or "))
	fs.StringVar(&o.LabelFilter, "label-filter", o.LabelFilter, "run only checks whose labels match this Ginkgo label query")
	fs.StringVar(&o.Focus, "focus", o.Focus, "run only checks whose text or ID matches this regular expression")
	fs.StringVar(&o.Skip, "skip", o.Skip, "skip checks whose text or ID matches this regular expression")
	fs.BoolVar(&o.Strict, "strict", o.Strict, "report response members the model does not know")
	fs.DurationVar(&o.RequestTimeout, "request-timeout", o.RequestTimeout, fmt.Sprintf("bound on one request; after %d calls without an answer the run stops", suites.SilentCalls))
	fs.DurationVar(&o.UpdateTimeout, "update-timeout", o.UpdateTimeout, "bound on a wait for a function or version to leave Pending or InProgress")
	fs.StringVar(&o.Region, "region", o.Region, "SigV4 signing region (default: the AWS configuration's, else us-east-1)")
	fs.StringVar(&o.Role, "role", o.Role, "execution role ARN for the functions the checks create")
	fs.StringVar(&o.Runtime, "runtime", o.Runtime, "runtime of the functions the checks create (default: from the profile)")
	fs.StringVar(&o.Prefix, "prefix", o.Prefix, "prefix of every function the run creates; only such functions are deleted")
	fs.StringVar(&o.FailOn, "fail-on", o.FailOn, "which failures fail the run: should (every failure, the default) or must (must failures only)")
	fs.IntVar(&o.Procs, "procs", o.Procs, "run the checks in this many processes, 1 to 64 (for slow targets)")
	fs.StringVar(&o.Shard, "shard", o.Shard, "run only shard i/n of the checks (for splitting a run across CI jobs)")
	fs.StringVar(&o.ShardCosts, "shard-costs", o.ShardCosts, "balance --procs and --shard by the check durations of this earlier JSON report (default: the committed cost table)")
	fs.StringVar(&o.GinkgoJSON, "ginkgo-json-report", o.GinkgoJSON, "also write Ginkgo's own JSON report to this file")
	fs.StringVar(&o.JUnit, "junit-report", o.JUnit, "write JUnit XML to this file")
	fs.StringVar(&o.JSON, "json-report", o.JSON, "write the JSON report (runner/report/report.schema.json) to this file")
	fs.StringVar(&o.HTML, "html-report", o.HTML, "write a self-contained HTML report to this file")
	fs.StringVar(&o.Markdown, "markdown-report", o.Markdown, "write a Markdown summary, fit for a pull-request comment, to this file")
	fs.StringVar(&o.ReplayDir, "replay-dir", o.ReplayDir, `write each failed check's replay script here (default: beside the JSON, HTML or JUnit report, as <report>.replay; "none": none)`)
	fs.StringVar(&o.ExpectedFailures, "expected-failures", o.ExpectedFailures, "YAML file of failures to accept (check or rule, reason, link, expires)")
	fs.StringVar(&o.Baseline, "baseline", o.Baseline, "an earlier JSON report: new failures fail the run, fixed checks are listed")
	fs.StringVar(&o.Color, "color", "auto", "colour the summary: auto, always or never")
}

// parseRunOptions reads the config file named by --config, then applies the flags that were set on top of it.
func parseRunOptions(args []string, fs *flag.FlagSet) (runOptions, error) {
	o := defaultRunOptions()
	bindRunFlags(fs, &o)
	if err := parse(fs, args); err != nil {
		return o, err
	}
	if o.Config != "" {
		fromFile := defaultRunOptions()
		if err := loadConfigFile(o.Config, &fromFile); err != nil {
			return o, err
		}
		fromFile.Config = o.Config
		// Re-apply the flags the user set, so that they win over the file.
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		flags := newFlagSet("run", "", "", ioDiscard{})
		bindRunFlags(flags, &fromFile)
		var again []string
		fs.Visit(func(f *flag.Flag) {
			if f.Name == "env" {
				return
			}
			again = append(again, "--"+f.Name+"="+f.Value.String())
		})
		if err := flags.Parse(again); err != nil {
			return o, usagef("%v", err)
		}
		if set["env"] {
			fromFile.Env = append(fromFile.Env, o.Env...)
		}
		o = fromFile
	}
	return o, o.validate()
}

// loadConfigFile reads a YAML config file strictly: an unknown key is refused with the list of the known ones, a
// value of the wrong type names its key, and relative paths are resolved from the file's directory.
func loadConfigFile(path string, o *runOptions) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return usagef("config file: %v", err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return usagef("config file %s: not valid YAML: %s", path, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil // an empty file changes nothing
	}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode {
		return usagef("config file %s (line %d): want settings as key: value lines", path, top.Line)
	}
	fields, keys := configFields(o)
	seen := map[string]bool{}
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		f, ok := fields[k.Value]
		switch {
		case !ok:
			return usagef("config file %s (line %d): unknown key %q; the keys are %s", path, k.Line, k.Value, strings.Join(keys, ", "))
		case seen[k.Value]:
			return usagef("config file %s (line %d): key %q appears twice", path, k.Line, k.Value)
		}
		seen[k.Value] = true
		want := wantOf(f.Type())
		// yaml decodes a bare number into a duration as nanoseconds: a duration must be written with its unit.
		if f.Type() == reflect.TypeOf(time.Duration(0)) && v.Tag != "!!str" {
			return usagef("config file %s (line %d): %s: want %s, got %q", path, v.Line, k.Value, want, v.Value)
		}
		if err := v.Decode(f.Addr().Interface()); err != nil {
			return usagef("config file %s (line %d): %s: want %s, got %q", path, v.Line, k.Value, want, v.Value)
		}
	}
	for _, kv := range o.Env {
		if !strings.Contains(kv, "=") {
			return usagef("config file %s: env: %q is not KEY=VALUE", path, kv)
		}
	}
	dir := filepath.Dir(path)
	for _, p := range []*string{&o.Dockerfile, &o.JUnit, &o.JSON, &o.HTML, &o.Markdown, &o.ExpectedFailures, &o.Baseline, &o.GinkgoJSON} {
		if *p != "" && !filepath.IsAbs(*p) {
			*p = filepath.Join(dir, *p)
		}
	}
	return nil
}

// configFields maps each config-file key to its field in o, and lists the keys in order.
func configFields(o *runOptions) (map[string]reflect.Value, []string) {
	v := reflect.ValueOf(o).Elem()
	fields := map[string]reflect.Value{}
	var keys []string
	for i := range v.NumField() {
		key, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("yaml"), ",")
		if key == "" || key == "-" {
			continue
		}
		fields[key] = v.Field(i)
		keys = append(keys, key)
	}
	sort.Strings(keys)
	return fields, keys
}

// wantOf says what a config value of type t looks like.
func wantOf(t reflect.Type) string {
	switch {
	case t == reflect.TypeOf(time.Duration(0)):
		return "a duration such as 30s or 2m"
	case t.Kind() == reflect.Bool:
		return "true or false"
	case t.Kind() == reflect.Int:
		return "a whole number"
	case t.Kind() == reflect.Slice:
		return "a list of KEY=VALUE"
	case t.Kind() == reflect.Map:
		return "a mapping of CreateFunction members"
	}
	return "a single value"
}

// validate checks that the options make sense together.
func (o runOptions) validate() error {
	var targets []string
	image := o.Image
	if o.Preset != "" {
		image = "" // --image overrides a preset's pinned image
	}
	for name, v := range map[string]string{"--endpoint": o.Endpoint, "--image": image, "--dockerfile": o.Dockerfile, "--preset": o.Preset} {
		if v != "" {
			targets = append(targets, name)
		}
	}
	sort.Strings(targets)
	if len(targets) > 1 {
		return usagef("choose one target: %s were all given", strings.Join(targets, ", "))
	}
	if _, err := spec.Load(o.Profile); err != nil {
		return usagef("%v", err)
	}
	if o.Variation != "" || o.Hostile != "" || o.Fault != "" || o.UpdateDelay != DefaultUpdateDelay || o.VersionDelay != DefaultVersionDelay {
		if len(targets) > 0 {
			return usagef("--fault, --variation, --hostile, --update-delay and --version-delay apply to the embedded reference target, not to %s", targets[0])
		}
		n := 0
		for _, v := range []string{o.Variation, o.Hostile, o.Fault} {
			if v != "" {
				n++
			}
		}
		if n > 1 {
			return usagef("choose one of --fault, --variation and --hostile")
		}
	}
	if _, err := referenceVariant(o); err != nil {
		return err
	}
	if o.Preset != "" {
		if _, ok := presets[o.Preset]; !ok {
			return usagef("unknown preset %q (known: %s)", o.Preset, strings.Join(presetNames(), ", "))
		}
	}
	if err := o.validateLaunch(); err != nil {
		return err
	}
	if (image != "" || o.Dockerfile != "") && o.Port == "" {
		return usagef("--image and --dockerfile need --port, the container port of the Lambda API (e.g. 8080/tcp)")
	}
	if o.Dockerfile != "" {
		if st, err := os.Stat(o.Dockerfile); err != nil || !st.IsDir() {
			return usagef("--dockerfile %s: not a directory", o.Dockerfile)
		}
	}
	if _, _, err := shardSpec(o.Shard); err != nil {
		return err
	}
	if o.Procs < 1 || o.Procs > 64 {
		return usagef("--procs %d: want 1 to 64 processes", o.Procs)
	}
	if o.Procs > 1 && o.Shard != "" {
		return usagef("--procs %d and --shard %s cannot be combined: --shard runs one share of the checks in this process", o.Procs, o.Shard)
	}
	switch o.Color {
	case "auto", "always", "never", "":
	default:
		return usagef("--color %q: want auto, always or never", o.Color)
	}
	switch spec.Severity(o.FailOn) {
	case spec.SeverityMust, spec.SeverityShould:
	default:
		return usagef("--fail-on %q: want must or should", o.FailOn)
	}
	for _, d := range []struct {
		flag string
		v    time.Duration
	}{{"--request-timeout", o.RequestTimeout}, {"--start-timeout", o.StartTimeout}, {"--update-timeout", o.UpdateTimeout}} {
		if d.v <= 0 {
			return usagef("%s %s: want a positive duration such as 30s", d.flag, d.v)
		}
	}
	if o.UpdateDelay < 0 {
		return usagef("--update-delay %s: want zero or a positive duration", o.UpdateDelay)
	}
	if o.VersionDelay < 0 {
		return usagef("--version-delay %s: want zero or a positive duration", o.VersionDelay)
	}
	if err := validSelection(o.LabelFilter, o.Focus, o.Skip); err != nil {
		return err
	}
	if err := validSuiteSettings(o); err != nil {
		return err
	}
	return validOutputs(o)
}

// validateLaunch checks --launch: a mode, with a preset that can start that way.
func (o runOptions) validateLaunch() error {
	if o.Launch == "" {
		return nil
	}
	if !slices.Contains(launchModes, o.Launch) {
		return usagef("--launch %q: want %s", o.Launch, strings.Join(launchModes, ", "))
	}
	if o.Preset == "" {
		return usagef("--launch applies to --preset")
	}
	if o.Launch == launchProcess {
		if presets[o.Preset].Process == nil {
			return usagef("--launch process: the %s preset runs only in Docker", o.Preset)
		}
		if o.Image != "" || o.Port != "" || len(o.Env) > 0 {
			return usagef("--launch process starts %s from PATH: --image, --port and --env are for containers", presets[o.Preset].Process.Command)
		}
	}
	return nil
}

type ioDiscard struct{}

func (ioDiscard) Write(p []byte) (int, error) { return len(p), nil }
