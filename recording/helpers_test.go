package recording

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/lambdaconform/lambdaconform/client"
	"github.com/lambdaconform/lambdaconform/fixtures/reference"
	"github.com/lambdaconform/lambdaconform/recording/format"
	"github.com/lambdaconform/lambdaconform/recording/scenario"
	"github.com/lambdaconform/lambdaconform/runner/targets"
)

// testUpdateDelay keeps the reference's updates InProgress long enough for the conflict scenario to meet one
// on a loaded machine, and short enough for a recording to take a second or two; versions published by an update
// stay Pending a while after it, as on AWS, so that the scenarios' version waits are exercised.
const (
	testUpdateDelay  = 60 * time.Millisecond
	testVersionDelay = 20 * time.Millisecond
)

// recordReference records an in-process reference target started with opts, wrapped by wrap; waits give up
// after waitTimeout (default 20 s).
func recordReference(t testing.TB, opts reference.Options, wrap func(http.Handler) http.Handler, waitTimeout time.Duration, only ...string) format.Recording {
	t.Helper()
	if waitTimeout <= 0 {
		waitTimeout = 20 * time.Second
	}
	target, err := targets.StartInProcess(opts, wrap)
	if err != nil {
		t.Fatal(err)
	}
	hc := &http.Client{Transport: &http.Transport{Proxy: nil}}
	defer target.Close(context.Background())
	// An idle connection the server never saw a request on would hold its Shutdown for 5 seconds.
	defer hc.CloseIdleConnections()
	c, err := client.New(client.Config{Endpoint: target.Endpoint(), Timeout: 10 * time.Second, HTTPClient: hc})
	if err != nil {
		t.Fatal(err)
	}
	rec, err := Record(context.Background(), Config{Lambda: c, S3: c, Role: "arn:aws:iam::123456789012:role/lambdaconform",
		Target: "reference target (in-process)", Scenarios: only, Run: scenario.Config{UpdateTimeout: waitTimeout}})
	if err != nil {
		t.Fatal(err)
	}
	return rec
}
