//go:build unix

package targets_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/lambdaconform/lambdaconform/runner/targets"
)

// The test binary doubles as the server a process target starts: with LC_FAKE_SERVER set it serves (or fails)
// the way that variable says, on the address given as moto_server takes it (-H host -p port).
func TestMain(m *testing.M) {
	if mode := os.Getenv("LC_FAKE_SERVER"); mode != "" {
		fakeServer(mode)
		return
	}
	os.Exit(m.Run())
}

func fakeServer(mode string) {
	fs := flag.NewFlagSet("fake", flag.ExitOnError)
	host := fs.String("H", "", "")
	port := fs.String("p", "", "")
	_ = fs.Parse(os.Args[1:])
	if mode == "fail" {
		fmt.Fprintln(os.Stderr, "fake server: cannot start (as planned)")
		os.Exit(7)
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(*host, *port))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	_ = http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if mode == "never-ready" || r.URL.Path != "/ready" {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
}

// fakeProgram puts on PATH a program named name: a shell script that starts a child of its own (as a pyenv shim
// or a wrapper may), writes that child's PID to the returned file, and execs the test binary as the server.
func fakeProgram(t *testing.T, name, mode string) (pidFile string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("process targets need a Unix system")
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	pidFile = filepath.Join(dir, "child.pid")
	script := fmt.Sprintf("#!/bin/sh\nsleep 300 &\necho $! > %q\nexec %q \"$@\"\n", pidFile, self)
	if err := os.WriteFile(filepath.Join(dir, name), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv("LC_FAKE_SERVER", mode)
	return pidFile
}

func motoArgs(host, port string) []string { return []string{"-H", host, "-p", port} }

// TestProcessTargetStopsItsWholeGroup starts a server through a wrapper that leaves a child of its own, and
// proves that Close stops the server and that child, and that the endpoint is on loopback and answered.
func TestProcessTargetStopsItsWholeGroup(t *testing.T) {
	pidFile := fakeProgram(t, "fake_server", "serve")
	p, err := targets.StartProcess(context.Background(), targets.ProcessOptions{Command: "fake_server", Args: motoArgs,
		ReadyPath: "/ready", StartTime: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(p.Endpoint(), "http://127.0.0.1:") || !strings.Contains(p.Describe(), "local process") {
		t.Errorf("endpoint %s, description %s", p.Endpoint(), p.Describe())
	}
	resp, err := http.Get(p.Endpoint() + "/ready")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("the server does not answer: %v", err)
	}
	resp.Body.Close()
	child := readPID(t, pidFile)
	if !alive(child) {
		t.Fatalf("the wrapper's child %d is not running, so the test below would prove nothing", child)
	}
	if runtime.GOOS == "linux" && len(p.Members()) < 2 {
		t.Errorf("the group's members: %v, want the server and the child", p.Members())
	}
	if err := p.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := p.Close(context.Background()); err != nil {
		t.Errorf("a second Close: %v", err)
	}
	for _, pid := range []int{p.PID(), child} {
		if alive(pid) {
			t.Errorf("process %d is still running after Close", pid)
		}
	}
	if _, err := http.Get(p.Endpoint() + "/ready"); err == nil {
		t.Errorf("the server still answers after Close")
	}
}

func TestProcessTargetErrors(t *testing.T) {
	t.Run("not installed", func(t *testing.T) {
		t.Setenv("PATH", t.TempDir())
		_, err := targets.StartProcess(context.Background(), targets.ProcessOptions{Command: "moto_server", Args: motoArgs})
		if !errors.Is(err, targets.ErrNotInstalled) || !strings.Contains(err.Error(), "moto_server is not on PATH") {
			t.Errorf("error %v", err)
		}
	})
	t.Run("exits before answering", func(t *testing.T) {
		pidFile := fakeProgram(t, "failing_server", "fail")
		_, err := targets.StartProcess(context.Background(), targets.ProcessOptions{Command: "failing_server", Args: motoArgs,
			ReadyPath: "/ready", StartTime: 30 * time.Second})
		if err == nil || !strings.Contains(err.Error(), "exited before it answered") || !strings.Contains(err.Error(), "cannot start (as planned)") {
			t.Errorf("error %v, want it to say the program exited, with its output", err)
		}
		if child := readPID(t, pidFile); alive(child) {
			t.Errorf("the failed start left process %d running", child)
		}
	})
	t.Run("never ready", func(t *testing.T) {
		pidFile := fakeProgram(t, "slow_server", "never-ready")
		start := time.Now()
		_, err := targets.StartProcess(context.Background(), targets.ProcessOptions{Command: "slow_server", Args: motoArgs,
			ReadyPath: "/ready", StartTime: 2 * time.Second})
		if err == nil || !strings.Contains(err.Error(), "did not answer on http://127.0.0.1:") {
			t.Errorf("error %v", err)
		}
		if took := time.Since(start); took > 20*time.Second {
			t.Errorf("gave up after %s, want about the 2s start time", took)
		}
		if child := readPID(t, pidFile); alive(child) {
			t.Errorf("the failed start left process %d running", child)
		}
	})
}

func readPID(t *testing.T, file string) int {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		data, err := os.ReadFile(file)
		if pid, perr := strconv.Atoi(strings.TrimSpace(string(data))); err == nil && perr == nil {
			return pid
		}
		if time.Now().After(deadline) {
			t.Fatalf("the wrapper wrote no PID to %s", file)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// alive reports whether a process runs (a zombie waiting to be reaped does not count).
func alive(pid int) bool {
	if err := syscall.Kill(pid, 0); err != nil {
		return false
	}
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return runtime.GOOS != "linux"
	}
	i := strings.LastIndexByte(string(data), ')')
	return i < 0 || !strings.HasPrefix(strings.TrimSpace(string(data[i+1:])), "Z")
}
