package cli

import (
	"context"
	"os"
	"sort"

	"github.com/lambdaconform/lambdaconform/client"
)

// preset is a known emulator: a pinned image, its port and readiness check, and the set-up it needs before the
// checks can create functions.
type preset struct {
	Image     string
	Port      string
	ReadyPath string
	Env       map[string]string
	PassEnv   []string // variables passed through from the runner's environment when set
	Binds     []string
	// Setup prepares the emulator and returns the execution role to use ("" for the default).
	Setup func(ctx context.Context, c *client.Client) (role string, err error)
	Note  string
	// Process, when set, is how the emulator runs without Docker: a server program on PATH (see launch.go).
	Process *processForm
}

// presets are tested by their configuration here (no image can be pulled on the project's machines) and run for
// real wherever users have a registry.
var presets = map[string]preset{
	// LocalStack's community image: 4.14.0 is the last tag that starts without LOCALSTACK_AUTH_TOKEN (since
	// March 2026 `latest` needs one). Override with --image; the token is passed through when set. Lambda in
	// LocalStack needs the Docker socket.
	"localstack": {
		Image:     "localstack/localstack:4.14.0",
		Port:      "4566/tcp",
		ReadyPath: "/_localstack/health",
		Env:       map[string]string{"SERVICES": "lambda,s3,iam"},
		PassEnv:   []string{"LOCALSTACK_AUTH_TOKEN"},
		Binds:     []string{"/var/run/docker.sock:/var/run/docker.sock"},
		Note:      "LocalStack accepts any role ARN",
	},
	// moto's server mode routes by the SigV4 service in Authorization, and refuses CreateFunction until the
	// execution role exists in its IAM: the set-up creates it through IAM's query API at the same endpoint.
	"moto": {
		Image:     "motoserver/moto:5.1.22",
		Port:      "5000/tcp",
		ReadyPath: "/moto-api/",
		Setup:     createIAMRole,
		Note:      "the set-up creates the execution role in moto's IAM",
		Process:   motoServer,
	},
}

func presetNames() []string {
	names := make([]string, 0, len(presets))
	for n := range presets {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// env returns the preset's environment with the pass-through variables that are set, and the user's on top.
func (p preset) env(user map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range p.Env {
		out[k] = v
	}
	for _, k := range p.PassEnv {
		if v, ok := os.LookupEnv(k); ok {
			out[k] = v
		}
	}
	for k, v := range user {
		out[k] = v
	}
	return out
}

// roleName is the execution role the moto set-up creates.
const roleName = "lambdaconform"

// createIAMRole creates the execution role through IAM's query API at the emulator's endpoint (an existing role
// is reused) and returns its ARN.
func createIAMRole(ctx context.Context, c *client.Client) (string, error) {
	return c.EnsureRole(ctx, roleName, client.LambdaTrustPolicy)
}
