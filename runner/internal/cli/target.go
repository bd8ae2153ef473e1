package cli

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/feature/ec2/imds"
	tclog "github.com/testcontainers/testcontainers-go/log"

	"github.com/lambdaconform/lambdaconform/client"
	"github.com/lambdaconform/lambdaconform/fixtures/hostile"
	"github.com/lambdaconform/lambdaconform/fixtures/reference"
	"github.com/lambdaconform/lambdaconform/fixtures/variations"
	"github.com/lambdaconform/lambdaconform/runner/targets"
)

// started is a target ready for the checks, with what the run learned while starting it.
type started struct {
	target      targets.Target
	extras      map[string]any // CreateFunction extras that make optional members appear (reference only)
	role        string         // execution role the target needs ("" for the default)
	credentials aws.CredentialsProvider
	region      string
}

// startTarget starts or reaches the target the options name, with credentials and region resolved. The caller
// closes the target, also on error when it is not nil.
func startTarget(ctx context.Context, o runOptions, log io.Writer) (*started, error) {
	s := &started{}
	// testcontainers-go narrates every step on stderr; the runner says what matters itself, and errors carry the
	// cause.
	tclog.SetDefault(tclog.NewNoopLogger())
	switch {
	case o.Endpoint != "":
		t, err := targets.NewRemote(o.Endpoint)
		if err != nil {
			return nil, usagef("%v", err)
		}
		if isAWS(t.Endpoint()) && !o.AllowAWS {
			return nil, usagef("%s is an AWS endpoint: the checks create and delete functions there; "+
				"pass --allow-aws if that is what you want", t.Endpoint())
		}
		s.target = t
	case o.Preset != "":
		t, err := startPreset(ctx, o, log)
		if err != nil {
			return nil, err
		}
		s.target = t
	case o.Image != "" || o.Dockerfile != "":
		what := o.Image
		if o.Dockerfile != "" {
			what = "the image built from " + o.Dockerfile
		}
		fmt.Fprintf(log, "lambdaconform: starting %s\n", what)
		t, err := targets.StartContainer(ctx, targets.ContainerOptions{Image: o.Image, Dockerfile: o.Dockerfile, Port: o.Port,
			ReadyPath: o.ReadyPath, Env: o.Env.Map(), StartTime: o.StartTimeout})
		if err != nil {
			return nil, err
		}
		s.target = t
	default:
		v, err := referenceVariant(o)
		if err != nil {
			return nil, err
		}
		t, err := targets.StartInProcess(v.options, v.wrap)
		if err != nil {
			return nil, err
		}
		t.Variant = v.name
		s.target, s.extras = t, t.Server.FunctionExtras()
	}
	if err := s.resolveCredentials(ctx, o); err != nil {
		return s, err
	}
	if o.Preset != "" && presets[o.Preset].Setup != nil {
		c, err := client.New(client.Config{Endpoint: s.target.Endpoint(), Region: s.region, Credentials: s.credentials,
			Timeout: o.RequestTimeout})
		if err != nil {
			return s, err
		}
		if s.role, err = presets[o.Preset].Setup(ctx, c); err != nil {
			return s, fmt.Errorf("setting up %s: %w", o.Preset, err)
		}
	}
	return s, nil
}

// resolveCredentials signs with the standard AWS credential chain (environment, shared config and profiles;
// never the EC2 metadata service) and falls back to test/test and us-east-1 for endpoints that are not AWS.
func (s *started) resolveCredentials(ctx context.Context, o runOptions) error {
	aws := isAWS(s.target.Endpoint())
	opts := []func(*awsconfig.LoadOptions) error{awsconfig.WithEC2IMDSClientEnableState(imds.ClientDisabled)}
	if o.Region != "" {
		opts = append(opts, awsconfig.WithRegion(o.Region))
	}
	cfg, err := awsconfig.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return usagef("reading the AWS configuration: %v", err)
	}
	s.region = cfg.Region
	if s.region == "" {
		s.region = regionOf(s.target.Endpoint())
	}
	rctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if _, err := cfg.Credentials.Retrieve(rctx); err == nil {
		s.credentials = cfg.Credentials
		return nil
	} else if aws {
		return usagef("no AWS credentials for %s: %v", s.target.Endpoint(), err)
	}
	s.credentials = credentials.NewStaticCredentialsProvider("test", "test", "")
	return nil
}

// isAWS reports whether an endpoint is on an AWS domain.
func isAWS(endpoint string) bool {
	u, err := url.Parse(endpoint)
	if err != nil {
		return false
	}
	host := strings.ToLower(u.Hostname())
	for _, suffix := range []string{".amazonaws.com", ".amazonaws.com.cn", ".api.aws", ".on.aws"} {
		if strings.HasSuffix(host, suffix) || host == strings.TrimPrefix(suffix, ".") {
			return true
		}
	}
	return false
}

// regionOf returns the region in an AWS endpoint such as lambda.eu-west-1.amazonaws.com, or us-east-1.
func regionOf(endpoint string) string {
	u, err := url.Parse(endpoint)
	if err == nil && isAWS(endpoint) {
		parts := strings.Split(u.Hostname(), ".")
		if len(parts) > 2 && strings.Count(parts[1], "-") >= 2 {
			return parts[1]
		}
	}
	return "us-east-1"
}

// variant is how the embedded reference target is started: conformant, with a benign variation, or hostile.
type variant struct {
	options reference.Options
	wrap    func(http.Handler) http.Handler
	name    string // "fault NAME", "variation NAME" or "hostile NAME"; "" for the conformant reference
}

func referenceVariant(o runOptions) (variant, error) {
	v, err := referenceVariantOf(o)
	v.options.UpdateDelay, v.options.VersionDelay = o.UpdateDelay, o.VersionDelay
	return v, err
}

func referenceVariantOf(o runOptions) (variant, error) {
	switch {
	case o.Fault != "":
		if _, err := reference.ParseFaults(o.Fault); err != nil {
			return variant{}, usagef("%v", err)
		}
		return variant{options: reference.Options{Fault: o.Fault}, name: "fault " + o.Fault}, nil
	case o.Variation != "":
		v, err := variations.Get(o.Variation)
		if err != nil {
			return variant{}, usagef("%v", err)
		}
		return variant{reference.Options{Region: v.Region, Account: v.Account}, v.Wrap, "variation " + o.Variation}, nil
	case o.Hostile != "":
		h, err := hostile.Get(o.Hostile)
		if err != nil {
			return variant{}, usagef("%v", err)
		}
		return variant{reference.Options{}, h.Wrap, "hostile " + o.Hostile}, nil
	}
	return variant{}, nil
}
