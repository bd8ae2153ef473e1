// Package vendor_test is how a vendor runs lambdaconform from their own `go test`: start the implementation in
// a container with testcontainers-go, point the suites at it, run them with Ginkgo. Here the implementation is
// lambdaconform's reference image; a vendor would start their own image instead.
//
//	go test ./examples/vendor/ -ginkgo.label-filter='!evidence:unverified' -ginkgo.junit-report=junit.xml
package vendor_test

import (
	"context"
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/wait"

	"github.com/lambdaconform/lambdaconform/fixtures/reference/image"
	"github.com/lambdaconform/lambdaconform/internal/dockertest"
	"github.com/lambdaconform/lambdaconform/suites"
)

func TestLambdaConformance(t *testing.T) {
	ctx := context.Background()
	// In this repository, container tests take turns machine-wide: they build the same image, and one test's
	// cleanup must not remove it under another's build. It also skips without Docker, and fails under CI=true.
	// A vendor's own test needs neither: testcontainers.SkipIfProviderIsNotHealthy(t) is the usual guard.
	dockertest.Require(t)

	// 1. Start the implementation under test. A vendor passes their own image to testcontainers.Run.
	buildContext := t.TempDir()
	if err := image.Build(ctx, buildContext); err != nil {
		t.Fatal(err)
	}
	ctr, err := testcontainers.Run(ctx, "",
		testcontainers.WithDockerfile(testcontainers.FromDockerfile{Context: buildContext}),
		testcontainers.WithExposedPorts(image.Port),
		testcontainers.WithLabels(map[string]string{"org.lambdaconform.managed": "true"}),
		testcontainers.WithWaitStrategyAndDeadline(2*time.Minute, wait.ForListeningPort(image.Port)),
	)
	testcontainers.CleanupContainer(t, ctr) // removes the container, and the image built for it, whatever happens
	if err != nil {
		t.Fatal(err)
	}
	endpoint, err := ctr.PortEndpoint(ctx, image.Port, "http")
	if err != nil {
		t.Fatal(err)
	}

	// 2. Point the suites at it. Everything else (region, account) is learned from its answers.
	if err := suites.Configure(suites.Config{Endpoint: endpoint, RequestTimeout: 10 * time.Second}); err != nil {
		t.Fatal(err)
	}

	// 3. Run the checks as Ginkgo specs; -ginkgo.* flags filter and report as usual.
	RegisterFailHandler(Fail)
	RunSpecs(t, "Lambda control-plane conformance")
}
