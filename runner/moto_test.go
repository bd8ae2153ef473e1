//go:build unix

package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/lambdaconform/lambdaconform/internal/lambdatest"
	"github.com/lambdaconform/lambdaconform/internal/mototest"
	"github.com/lambdaconform/lambdaconform/internal/testbin"
)

// These tests run the built runner against the machine's moto_server, as users do.

const motoList = "../conformance/moto/expected-failures.yaml"

var motoFirstLine = regexp.MustCompile(`^lambdaconform: moto (\d+\.\d+\.\d+) started as a local process: moto_server from PATH \(/[^)]+\), process group (\d+), at http://127\.0\.0\.1:(\d+)$`)

// TestPresetMoto runs `runner --preset moto` as a user would on this machine: moto's image cannot be pulled, so
// moto_server from PATH runs; the first line says so with moto's version; the run is accepted with moto's
// divergence list; and nothing is left running.
func TestPresetMoto(t *testing.T) {
	mototest.Require(t)
	r := runRunner(t, "--preset", "moto", "--expected-failures", motoList)
	first, rest, _ := strings.Cut(r.Stderr, "\n")
	if strings.Contains(first, "from the Docker image") {
		t.Skipf("Docker provides moto's image on this machine, so the preset ran it in a container: %s", first)
	}
	m := motoFirstLine.FindStringSubmatch(first)
	if m == nil {
		t.Fatalf("the first line does not say how moto was started and which version runs: %q\n%s", first, r.Stderr)
	}
	if !strings.HasPrefix(rest, "lambdaconform: not in Docker, because ") {
		t.Errorf("the second line does not say why Docker was not used:\n%s", r.Stderr)
	}
	if r.Code != 0 || !strings.Contains(r.Stdout, "ACCEPTED") || !strings.Contains(r.Stdout, "moto "+m[1]) {
		t.Errorf("exit %d, want 0, ACCEPTED and the target named with its version\n%s\n%s", r.Code, r.Stdout, r.Stderr)
	}
	assertMotoGone(t, m[2], m[3])
}

// TestPresetMotoInterrupted sends Ctrl-C (SIGINT to the runner's process group, as a terminal does) while the
// checks run against moto started from PATH: the runner cleans up, exits 3, and leaves no moto_server process
// or container behind.
func TestPresetMotoInterrupted(t *testing.T) {
	mototest.Require(t)
	// With moto's divergence list, the failures before the interrupt are expected and the verdict is the
	// interrupt's: incomplete, exit 3 (a failure that counts would make it exit 1).
	cmd := exec.Command(runnerBin, "--preset", "moto", "--launch", "process", "--expected-failures", motoList)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // its own group, which the test interrupts like a terminal
	first, done := startAndInterrupt(t, cmd, afterFailures(5), func() {
		if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGINT); err != nil {
			t.Fatal(err)
		}
	})
	if code := <-done; code != 3 {
		t.Errorf("exit %d after the interrupt, want 3", code)
	}
	m := motoFirstLine.FindStringSubmatch(first)
	if m == nil {
		t.Fatalf("first line %q", first)
	}
	assertMotoGone(t, m[2], m[3])
}

// TestPresetMotoRunnerKilled kills the runner outright (SIGKILL: no cleanup can run): moto dies with it.
func TestPresetMotoRunnerKilled(t *testing.T) {
	mototest.Require(t)
	if runtime.GOOS != "linux" {
		t.Skip("only Linux kills a child when its parent dies (PR_SET_PDEATHSIG)")
	}
	cmd := exec.Command(runnerBin, "--preset", "moto", "--launch", "process")
	first, done := startAndInterrupt(t, cmd, func(line string) bool { return strings.HasPrefix(line, "lambdaconform: running ") }, func() {
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
	})
	<-done
	m := motoFirstLine.FindStringSubmatch(first)
	if m == nil {
		t.Fatalf("first line %q", first)
	}
	deadline := time.Now().Add(10 * time.Second)
	for groupRuns(m[2]) && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	assertMotoGone(t, m[2], m[3])
}

// TestInterruptedRunAgainstMotoDeletesItsFunctions interrupts a run against a moto_server the test started
// itself, so that moto outlives the runner: every function the run created has been deleted.
func TestInterruptedRunAgainstMotoDeletesItsFunctions(t *testing.T) {
	moto, role := mototest.Start(t)
	report := filepath.Join(t.TempDir(), "r.json")
	cmd := exec.Command(runnerBin, "--endpoint", moto, "--role", role, "--json-report", report, "--expected-failures", motoList)
	_, done := startAndInterrupt(t, cmd, afterFailures(5), func() {
		if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
			t.Fatal(err)
		}
	})
	if code := <-done; code != 3 {
		t.Errorf("exit %d after the interrupt, want 3", code)
	}
	var rep struct {
		Summary struct{ Passed, Failed int } `json:"summary"`
	}
	data, _ := os.ReadFile(report)
	if err := json.Unmarshal(data, &rep); err != nil || rep.Summary.Passed+rep.Summary.Failed == 0 {
		t.Fatalf("no check judged moto before the interrupt (%v), so no function was created and the test proves nothing", err)
	}
	lambdatest.AssertNoLeftovers(t, moto, "the interrupted run")
	t.Logf("%d checks judged moto before the interrupt; no function left", rep.Summary.Passed+rep.Summary.Failed)
}

// afterFailures is true from the nth failure the runner prints on: by then checks have created functions.
func afterFailures(n int) func(string) bool {
	seen := 0
	return func(line string) bool {
		if strings.HasPrefix(line, "  ✗ ") {
			seen++
		}
		return seen >= n
	}
}

// startAndInterrupt starts cmd, reads its stderr until a line satisfies when, then calls act. It returns the
// first line and a channel that gets the exit code; the process is killed if it has not ended within 60s.
func startAndInterrupt(t *testing.T, cmd *exec.Cmd, when func(string) bool, act func()) (string, <-chan int) {
	t.Helper()
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(pipe)
	var first string
	acted := false
	for lines.Scan() {
		if first == "" {
			first = lines.Text()
		}
		if when(lines.Text()) {
			act()
			acted = true
			break
		}
	}
	go io.Copy(io.Discard, pipe)
	if !acted {
		code, _ := testbin.WaitAtMost(cmd, 10*time.Second)
		t.Fatalf("the run ended (exit %d) before the moment to interrupt it (first line %q)", code, first)
	}
	done := make(chan int, 1)
	go func() {
		code, err := testbin.WaitAtMost(cmd, 60*time.Second)
		var killed *exec.ExitError // a runner the test kills ends by a signal: exit -1, no error
		if err != nil && !errors.As(err, &killed) {
			t.Error(err)
		}
		done <- code
	}()
	return first, done
}

// assertMotoGone checks that moto's process group is gone and that no moto_server listens on its port.
func assertMotoGone(t *testing.T, pgid, port string) {
	t.Helper()
	if groupRuns(pgid) {
		t.Errorf("moto's process group %s is still running", pgid)
	}
	procs, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	for _, p := range procs {
		data, err := os.ReadFile(p)
		args := strings.Split(strings.TrimRight(string(data), "\x00"), "\x00")
		if err == nil && strings.Contains(string(data), "moto_server") && containsPair(args, "-p", port) {
			t.Errorf("a moto_server on port %s is still running: %s", port, strings.Join(args, " "))
		}
	}
	// Other tests may run containers of their own meanwhile: look for moto's.
	out, err := exec.Command("docker", "ps", "-a", "--filter", "label=org.lambdaconform.managed=true", "--format", "{{.ID}} {{.Image}}").Output()
	if err == nil && strings.Contains(string(out), "moto") {
		t.Errorf("moto containers left behind: %s", out)
	}
}

func containsPair(args []string, a, b string) bool {
	for i := 0; i+1 < len(args); i++ {
		if args[i] == a && args[i+1] == b {
			return true
		}
	}
	return false
}

// groupRuns reports whether a process group has a running (not zombie) member.
func groupRuns(pgid string) bool {
	n, _ := strconv.Atoi(pgid)
	if err := syscall.Kill(-n, 0); err != nil {
		return false
	}
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, s := range stats {
		data, err := os.ReadFile(s)
		i := strings.LastIndexByte(string(data), ')')
		if err != nil || i < 0 {
			continue
		}
		f := strings.Fields(string(data[i+1:]))
		if len(f) > 2 && f[2] == pgid && f[0] != "Z" {
			return true
		}
	}
	return false
}
