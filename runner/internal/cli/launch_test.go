//go:build unix

package cli

import (
	"bytes"
	"context"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/lambdaconform/lambdaconform/internal/mototest"
	"github.com/lambdaconform/lambdaconform/runner/targets"
)

// noDocker makes the auto launch find no Docker image for the rest of the test.
func noDocker(t *testing.T) {
	t.Helper()
	saved := imageAvailable
	imageAvailable = func(context.Context, string) error { return errors.New("no Docker engine (the test says so)") }
	t.Cleanup(func() { imageAvailable = saved })
}

// TestAutoLaunchWithNothingInstalled: no image and no moto_server gives exit 3 and says what to install.
func TestAutoLaunchWithNothingInstalled(t *testing.T) {
	noDocker(t)
	t.Setenv("PATH", t.TempDir())
	var stderr bytes.Buffer
	code := Main([]string{"--preset", "moto"}, io.Discard, &stderr)
	want := `cannot start moto: Docker cannot provide motoserver/moto:5.1.22 (no Docker engine (the test says so)), ` +
		`and moto_server is not on PATH. Install one of them: Docker with access to the image, or pip install "moto[server]"`
	if code != ExitCannotRun || !strings.Contains(stderr.String(), want) {
		t.Errorf("exit %d, message %q; want %d and %q", code, stderr.String(), ExitCannotRun, want)
	}
	stderr.Reset()
	code = Main([]string{"--preset", "moto", "--launch", "process"}, io.Discard, &stderr)
	if code != ExitCannotRun || !strings.Contains(stderr.String(), `moto_server is not on PATH`) ||
		!strings.Contains(stderr.String(), `Install it: pip install "moto[server]"`) {
		t.Errorf("--launch process: exit %d, message %q", code, stderr.String())
	}
}

var firstLine = regexp.MustCompile(`^lambdaconform: moto (\d+\.\d+\.\d+) started as a local process: moto_server from PATH \(/[^)]+\), process group (\d+), at http://127\.0\.0\.1:\d+\n`)

// TestAutoLaunchFallsBackToProcess: when Docker cannot provide the image, moto_server from PATH is started; the
// first line says so with moto's version, the second why Docker was not used; Close stops it.
func TestAutoLaunchFallsBackToProcess(t *testing.T) {
	mototest.Require(t)
	noDocker(t)
	var log bytes.Buffer
	o := defaultRunOptions()
	o.Preset = "moto"
	tgt, err := startPreset(context.Background(), o, &log)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(log.String(), "\n")
	m := firstLine.FindStringSubmatch(lines[0])
	if m == nil || len(lines) < 2 || !strings.HasPrefix(lines[1], "lambdaconform: not in Docker, because no Docker engine (the test says so)") {
		t.Errorf("the run's first lines:\n%s", log.String())
	}
	if !strings.Contains(tgt.Describe(), "moto "+m[1]) {
		t.Errorf("the report's target does not name moto's version: %s", tgt.Describe())
	}
	pgid, _ := strconv.Atoi(m[2])
	if err := syscall.Kill(-pgid, 0); err != nil {
		t.Fatalf("moto's process group %d does not run: %v", pgid, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := tgt.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Kill(-pgid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("moto's process group %d is still there after Close (%v)", pgid, err)
	}
	if _, ok := tgt.(described).Target.(*targets.Process); !ok {
		t.Errorf("the target is %T, want a process", tgt)
	}
}
