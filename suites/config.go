package suites

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/lambdaconform/lambdaconform/client"
	"github.com/lambdaconform/lambdaconform/spec"
)

// Config is what the suites need to know about the target. Only Endpoint is required.
type Config struct {
	// Endpoint is the target's base URL, e.g. http://127.0.0.1:9000.
	Endpoint string
	// Region is the SigV4 signing region. Default us-east-1. The region and account the target reports are learned
	// from its answers, never assumed.
	Region string
	// Credentials sign requests. Default: the static test/test pair emulators accept.
	Credentials aws.CredentialsProvider
	// Profile selects the contract: spec.Seed2019 (default) or spec.AWSCurrent.
	Profile string
	// Role is the execution role of the functions the checks create. Default: a role ARN emulators accept.
	Role string
	// Runtime of the functions the checks create. Default: one the profile's Runtime list holds.
	Runtime string
	// Prefix starts the name of every function the checks create; only such functions are ever deleted.
	// Default "lc-". A random run ID follows it.
	Prefix string
	// RequestTimeout bounds one request. Default 20s (DefaultRequestTimeout).
	RequestTimeout time.Duration
	// UpdateTimeout bounds a wait for a function to leave Pending or InProgress. Default 2m.
	UpdateTimeout time.Duration
	// Strict reports response members the model does not know.
	Strict bool
	// FunctionExtras are extra CreateFunction members for the function the contract checks observe, such as
	// Layers, VpcConfig, DeadLetterConfig or KMSKeyArn, so that their rules are exercised. They must name
	// resources that exist on the target.
	FunctionExtras map[string]any
	// S3Endpoint is where the checks that take code from S3 store packages (path-style). Default: Endpoint, as
	// LocalStack, moto and the reference serve S3 there; for AWS, https://s3.<region>.amazonaws.com. "none"
	// skips those checks.
	S3Endpoint string
	// HTTPClient sends the requests. Default: a client of its own.
	HTTPClient *http.Client
	// Checks, when not nil, are the IDs of the only checks this process registers: its shard of a run split
	// between processes that run at the same time, as Shards computes it (checks that share set-up together).
	Checks []string
}

// DefaultRole is the execution role used when Config.Role is empty. Emulators accept any well-formed role.
const DefaultRole = "arn:aws:iam::123456789012:role/lambdaconform"

// DefaultRuntime returns the runtime the checks create functions with under a profile: one from the profile's
// own Runtime list, so that the functions' responses can satisfy it.
func DefaultRuntime(profile string) string {
	if profile == spec.AWSCurrent {
		return "python3.12"
	}
	return "python3.7"
}

// run is the configured state every check shares.
type run struct {
	cfg    Config
	model  *spec.Model
	client *client.Client
	s3     *client.Client  // nil when S3 checks are off
	extras map[string]any  // Config.FunctionExtras as an answer's JSON decodes, to find their members in answers
	id     string          // random per process, part of every created name
	only   map[string]bool // Config.Checks; nil for all

	setupsMu sync.Mutex
	setups   []*Check // the shared set-ups of ordered containers, whose answers other checks judge
	seq      atomic.Int64

	validated sync.Map // weak.Pointer[client.Exchange] -> []spec.Violation; weak, so answers are not kept alive
}

var current *run

var prefixRE = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9-_]{0,15}$`)

// configured says whether the run creates its observed function with a member (Config.FunctionExtras).
func (r *run) configured(member string) bool { return r.cfg.FunctionExtras[member] != nil }

// setByExtras says whether Config.FunctionExtras set a (possibly nested) response field by the same path, so that
// AWS would echo it: LoggingConfig.ApplicationLogLevel, not Layers[].Arn (layers are given as ARNs).
func (r *run) setByExtras(field string) bool { return holds(r.extras, field, false) }

// Configure sets the target and options for the checks. Call it before RunSpecs; the check tree is built from
// the profile's model when RunSpecs starts.
func Configure(cfg Config) error {
	if cfg.Endpoint == "" {
		return errors.New("suites: Config.Endpoint is required")
	}
	if cfg.Profile == "" {
		cfg.Profile = spec.Seed2019
	}
	model, err := spec.Load(cfg.Profile)
	if err != nil {
		return fmt.Errorf("suites: %w", err)
	}
	if cfg.Prefix == "" {
		cfg.Prefix = "lc-"
	}
	if !prefixRE.MatchString(cfg.Prefix) {
		return fmt.Errorf("suites: prefix %q must start with a letter and hold at most 16 letters, digits, '-' or '_'", cfg.Prefix)
	}
	if cfg.Role == "" {
		cfg.Role = DefaultRole
	}
	if cfg.Runtime == "" {
		cfg.Runtime = DefaultRuntime(cfg.Profile)
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	if cfg.UpdateTimeout <= 0 {
		cfg.UpdateTimeout = 2 * time.Minute
	}
	resetRegistry()
	cfg.HTTPClient = watchSilence(cfg) // silence.go: a target that stops answering stops the run
	c, err := client.New(client.Config{Endpoint: cfg.Endpoint, Region: cfg.Region, Credentials: cfg.Credentials,
		Timeout: cfg.RequestTimeout, HTTPClient: cfg.HTTPClient})
	if err != nil {
		return fmt.Errorf("suites: %w", err)
	}
	var s3 *client.Client
	if cfg.S3Endpoint != "none" {
		endpoint := cfg.S3Endpoint
		if endpoint == "" {
			endpoint = cfg.Endpoint
		}
		if s3, err = client.New(client.Config{Endpoint: endpoint, Region: cfg.Region, Credentials: cfg.Credentials,
			Timeout: cfg.RequestTimeout, HTTPClient: cfg.HTTPClient}); err != nil {
			return fmt.Errorf("suites: S3 endpoint: %w", err)
		}
	}
	var extras map[string]any
	if data, err := json.Marshal(cfg.FunctionExtras); err != nil {
		return fmt.Errorf("suites: FunctionExtras: %w", err)
	} else if err := json.Unmarshal(data, &extras); err != nil {
		return fmt.Errorf("suites: FunctionExtras: %w", err)
	}
	current = &run{cfg: cfg, model: model, client: c, s3: s3, extras: extras, id: RunID()}
	if cfg.Checks != nil {
		current.only = map[string]bool{}
		for _, id := range cfg.Checks {
			current.only[id] = true
		}
	}
	// The tree is built anew after each Configure (a preview, then the run).
	registry.Lock()
	registry.checks, registry.ids = nil, nil
	registry.Unlock()
	return nil
}

// configuredModel returns the model the tree is built from: the configured profile's, or seed-2019 when
// Configure was not called (the suite then fails in BeforeSuite with a message saying so).
func configuredModel() *spec.Model {
	if current != nil {
		return current.model
	}
	return spec.MustLoad(spec.Seed2019)
}

// Prefix returns the prefix of every function name this process creates, run ID included.
func Prefix() string {
	if current == nil {
		return ""
	}
	return current.cfg.Prefix + current.id + "-"
}

// RunID returns a random run ID of six hex digits that starts with a digit. A name such as lc-abcdef-5 is shaped
// like a region (the FunctionName pattern's [a-z]{2}-[a-z]+-\d), so that lc-abcdef-5:1 would be read as the
// function "1" in region lc-abcdef-5, by AWS as by the reference; a digit after the prefix rules that out.
func RunID() string {
	var b [3]byte
	_, _ = rand.Read(b[:])
	id := []byte(hex.EncodeToString(b[:]))
	id[0] = '0' + b[0]%10
	return string(id)
}
