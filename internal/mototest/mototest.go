// Package mototest lets tests that run moto's server run for real where `moto_server` is on PATH, skip with a
// reason on a developer's machine without it, and fail under CI=true, where a missing moto_server is a broken
// set-up (the machine image ships moto 5.2.1).
package mototest

import (
	"context"
	"os/exec"
	"testing"
	"time"

	"github.com/lambdaconform/lambdaconform/client"
	"github.com/lambdaconform/lambdaconform/internal/prereq"
	"github.com/lambdaconform/lambdaconform/runner/targets"
)

// Command is moto's server program.
const Command = "moto_server"

// Require skips or fails t when moto_server is not on PATH.
func Require(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath(Command); err != nil {
		prereq.Missing(t, `this test runs moto and `+Command+` is not on PATH (it ships with the machine image; `+
			`install it with: pip install "moto[server]")`)
	}
}

// Start starts the machine's moto_server on a free loopback port (after Require), creates the execution role
// in moto's IAM, and returns moto's endpoint and the role's ARN. moto, with everything it started, stops when
// the test ends.
func Start(t testing.TB) (endpoint, role string) {
	t.Helper()
	Require(t)
	ctx := context.Background()
	moto, err := targets.StartProcess(ctx, targets.ProcessOptions{Command: Command,
		Args: func(host, port string) []string { return []string{"-H", host, "-p", port} }, ReadyPath: "/moto-api/"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = moto.Close(context.Background()) })
	c, err := client.New(client.Config{Endpoint: moto.Endpoint(), Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if role, err = c.EnsureRole(ctx, "lambdaconform", client.LambdaTrustPolicy); err != nil {
		t.Fatalf("moto at %s: %v", moto.Endpoint(), err)
	}
	return moto.Endpoint(), role
}
