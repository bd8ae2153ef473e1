package targets_test

import (
	"context"
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/lambdaconform/lambdaconform/fixtures/reference/image"
	"github.com/lambdaconform/lambdaconform/internal/dockertest"
	"github.com/lambdaconform/lambdaconform/runner/targets"
	"github.com/lambdaconform/lambdaconform/suites"
)

// TestReferenceImage builds the reference target as a static binary, builds its FROM scratch image with
// testcontainers-go, starts it, runs every check against it, and proves that no container or image is left.
func TestReferenceImage(t *testing.T) {
	dockertest.Require(t)
	ctx := context.Background()
	dir := t.TempDir()
	if err := image.Build(ctx, dir); err != nil {
		t.Fatal(err)
	}
	c, err := targets.StartContainer(ctx, targets.ContainerOptions{Dockerfile: dir, Port: image.Port, Name: "reference image"})
	if err != nil {
		t.Fatal(err)
	}
	closed := false
	defer func() {
		if !closed {
			_ = c.Close(context.Background())
		}
	}()
	if err := suites.Configure(suites.Config{Endpoint: c.Endpoint(), RequestTimeout: 10 * time.Second}); err != nil {
		t.Fatal(err)
	}
	// The leftover detector must see the running container and its image, or its verdict below means nothing.
	if containers, images := dockertest.Leftovers(t); len(containers) == 0 || len(images) == 0 {
		t.Fatalf("the labels do not mark the running target: containers %v, images %v", containers, images)
	}
	RegisterFailHandler(Fail)
	passed := RunSpecs(t, "lambdaconform against the reference image")
	if err := c.Close(ctx); err != nil {
		t.Errorf("stopping the container: %v", err)
	}
	closed = true
	if !passed {
		return
	}
	containers, images := dockertest.Leftovers(t)
	if len(containers) > 0 || len(images) > 0 {
		t.Errorf("left behind: containers %v, images %v", containers, images)
	}
}
