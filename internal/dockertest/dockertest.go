// Package dockertest lets tests that need a Docker engine run for real where one exists, skip with a reason on
// a developer's machine without one, and fail under CI=true, where a missing engine is a broken set-up.
package dockertest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/moby/moby/client"
	tc "github.com/testcontainers/testcontainers-go"

	"github.com/lambdaconform/lambdaconform/internal/prereq"
	"github.com/lambdaconform/lambdaconform/runner/targets"
)

// Require skips or fails t when no Docker engine answers, or when testcontainers-go would try to pull its reaper
// image and none is present. When the engine is usable, t runs alone among the container tests of the machine
// until it ends, so that Leftovers sees no other test's containers.
func Require(t testing.TB) {
	t.Helper()
	err := targets.DockerAvailable(context.Background())
	if err == nil {
		err = reaperUsable()
	}
	if err == nil {
		serialize(t)
		return
	}
	prereq.Missing(t, fmt.Sprintf("this test starts containers and %v (set up Docker to run it)", err))
}

// Leftovers returns the IDs of containers and images carrying lambdaconform's labels.
func Leftovers(t testing.TB) (containers, images []string) {
	t.Helper()
	ctx := context.Background()
	cli, err := tc.NewDockerClientWithOpts(ctx)
	if err != nil {
		t.Fatalf("docker client: %v", err)
	}
	defer cli.Close()
	f := client.Filters{}
	for k, v := range targets.Labels {
		f.Add("label", k+"="+v)
	}
	cs, err := cli.ContainerList(ctx, client.ContainerListOptions{All: true, Filters: f})
	if err != nil {
		t.Fatalf("listing containers: %v", err)
	}
	for _, c := range cs.Items {
		containers = append(containers, c.ID)
	}
	is, err := cli.ImageList(ctx, client.ImageListOptions{All: true, Filters: f})
	if err != nil {
		t.Fatalf("listing images: %v", err)
	}
	for _, i := range is.Items {
		images = append(images, i.ID)
	}
	return containers, images
}

// reaperUsable reports an error when testcontainers-go would start its reaper (Ryuk) and the image is not
// present, since pulling it needs a registry this machine may not reach.
func reaperUsable() error {
	if strings.EqualFold(os.Getenv("TESTCONTAINERS_RYUK_DISABLED"), "true") {
		return nil
	}
	ctx := context.Background()
	cli, err := tc.NewDockerClientWithOpts(ctx)
	if err != nil {
		return err
	}
	defer cli.Close()
	is, err := cli.ImageList(ctx, client.ImageListOptions{Filters: client.Filters{}.Add("reference", "testcontainers/ryuk")})
	if err != nil || len(is.Items) == 0 {
		return errors.New("testcontainers-go would pull its reaper image, which is not present: set TESTCONTAINERS_RYUK_DISABLED=true " +
			"(and TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1 where containers must be reached on loopback)")
	}
	return nil
}
