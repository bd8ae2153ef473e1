package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/lambdaconform/lambdaconform/fixtures/reference/image"
	"github.com/lambdaconform/lambdaconform/internal/dockertest"
	"github.com/lambdaconform/lambdaconform/internal/testbin"
)

// TestServedReferenceSkipsNoMore: the reference served on its own, by `runner serve` with its documented
// (default) settings or as the image built from its Dockerfile, runs every check the in-process reference
// runs. Checks may skip only where they skip in-process too (members no created function carries, strict mode),
// in both profiles: the runner learns the served target's function extras from GET /_lambdaconform/reference,
// and the served defaults keep updates in progress long enough to meet 409.
func TestServedReferenceSkipsNoMore(t *testing.T) {
	inProcess := map[string][]string{}
	for _, profile := range []string{"seed-2019", "aws-current"} {
		inProcess[profile] = skippedChecks(t, "--profile", profile)
	}
	t.Run("serve", func(t *testing.T) {
		url, _ := startServe(t)
		for _, profile := range []string{"seed-2019", "aws-current"} {
			compareSkips(t, "runner serve ("+profile+")", inProcess[profile],
				skippedChecks(t, "--endpoint", url, "--profile", profile))
		}
	})
	t.Run("image", func(t *testing.T) {
		dockertest.Require(t)
		dir := t.TempDir()
		if err := image.Build(context.Background(), dir); err != nil {
			t.Fatal(err)
		}
		compareSkips(t, "the reference image", inProcess["seed-2019"],
			skippedChecks(t, "--dockerfile", dir, "--port", image.Port))
		assertNoLeftovers(t)
	})
}

// startServe starts `runner serve` with its default settings on a free port. stop interrupts it and returns
// how it ended (nil for exit 0); it runs when the test ends if the test has not called it.
func startServe(t *testing.T) (endpoint string, stop func() error) {
	t.Helper()
	port := freePort(t)
	serve := exec.Command(runnerBin, "serve", "--listen", "127.0.0.1:"+port)
	out, err := serve.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	stop = sync.OnceValue(func() error {
		if err := serve.Process.Signal(syscall.SIGINT); err != nil {
			return err
		}
		code, err := testbin.WaitAtMost(serve, 30*time.Second)
		if err == nil && code != 0 {
			err = fmt.Errorf("exit %d", code)
		}
		return err
	})
	t.Cleanup(func() { _ = stop() })
	lines := bufio.NewScanner(out)
	if !lines.Scan() || !strings.Contains(lines.Text(), "listening on http://127.0.0.1:"+port) {
		t.Fatalf("serve did not announce its address: %q", lines.Text())
	}
	go io.Copy(io.Discard, out)
	return "http://127.0.0.1:" + port, stop
}

// skippedChecks runs the runner, requires a conformant verdict, and returns the IDs of the checks that skipped.
func skippedChecks(t *testing.T, args ...string) []string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "report.json")
	r := runRunner(t, append([]string{"--json-report", path}, args...)...)
	if r.Code != 0 {
		t.Fatalf("runner %v: exit %d\n%s\n%s", args, r.Code, r.Stdout, r.Stderr)
	}
	var rep struct {
		Checks []struct {
			ID      string `json:"id"`
			Outcome string `json:"outcome"`
		} `json:"checks"`
	}
	data, err := os.ReadFile(path)
	if err == nil {
		err = json.Unmarshal(data, &rep)
	}
	if err != nil || len(rep.Checks) == 0 {
		t.Fatalf("runner %v: no report: %v", args, err)
	}
	var skipped []string
	for _, c := range rep.Checks {
		if c.Outcome == "skipped" {
			skipped = append(skipped, c.ID)
		}
	}
	return skipped
}

func compareSkips(t *testing.T, what string, inProcess, served []string) {
	t.Helper()
	for _, id := range served {
		if !slices.Contains(inProcess, id) {
			t.Errorf("against %s, %s skipped; in-process it runs", what, id)
		}
	}
	t.Logf("%s: %d checks skipped, %d in-process", what, len(served), len(inProcess))
}
