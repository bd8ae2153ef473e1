package main

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/lambdaconform/lambdaconform/fixtures/reference/image"
	"github.com/lambdaconform/lambdaconform/internal/dockertest"
)

// The container target kinds, with real containers built offline from the reference target.

func TestDockerfileTarget(t *testing.T) {
	dockertest.Require(t)
	dir := t.TempDir()
	if err := image.Build(context.Background(), dir); err != nil {
		t.Fatal(err)
	}
	r := runRunner(t, "--dockerfile", dir, "--port", image.Port)
	if r.Code != 0 {
		t.Fatalf("exit %d\n%s\n%s", r.Code, r.Stdout, r.Stderr)
	}
	t.Logf("built, started and checked the reference image in %s", r.Took.Round(time.Millisecond))
	assertNoLeftovers(t)
}

func TestImageTarget(t *testing.T) {
	dockertest.Require(t)
	dir := t.TempDir()
	if err := image.Build(context.Background(), dir); err != nil {
		t.Fatal(err)
	}
	tag := fmt.Sprintf("lambdaconform-e2e:%d", time.Now().UnixNano())
	if out, err := exec.Command("docker", "build", "-q", "--label", "org.lambdaconform.managed=true", "-t", tag, dir).CombinedOutput(); err != nil {
		t.Fatalf("docker build: %v\n%s", err, out)
	}
	defer exec.Command("docker", "rmi", "-f", tag).Run()
	r := runRunner(t, "--image", tag, "--port", image.Port, "--ready-path", "/2015-03-31/functions/")
	if r.Code != 0 {
		t.Fatalf("exit %d\n%s\n%s", r.Code, r.Stdout, r.Stderr)
	}
	if !strings.Contains(r.Stdout, tag) {
		t.Errorf("the report does not name the image:\n%s", r.Stdout)
	}
	exec.Command("docker", "rmi", "-f", tag).Run()
	assertNoLeftovers(t)
}

func assertNoLeftovers(t *testing.T) {
	t.Helper()
	if containers, images := dockertest.Leftovers(t); len(containers) > 0 || len(images) > 0 {
		t.Errorf("left behind: containers %v, images %v", containers, images)
	}
}
