// Package testbin builds the runner for the tests and tools that run it as users do, and runs programs to their
// end, within a bound, keeping their output and exit status.
package testbin

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// RunnerPackage is the runner command.
const RunnerPackage = "github.com/lambdaconform/lambdaconform/runner"

// BuildRunner builds the runner into dir, static (CGO_ENABLED=0) as the CI examples build it, and returns the
// binary's path. It works from any directory of the module.
func BuildRunner(dir string) (string, error) {
	bin := filepath.Join(dir, "runner")
	cmd := exec.Command("go", "build", "-o", bin, RunnerPackage)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("building the runner: %v\n%s", err, stderr.String())
	}
	return bin, nil
}

// Main is the TestMain of a package whose tests run the runner: it builds the runner once into *bin, runs the
// tests and removes the binary.
func Main(m *testing.M, bin *string) {
	dir, err := os.MkdirTemp("", "lambdaconform-runner-")
	if err == nil {
		*bin, err = BuildRunner(dir)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.RemoveAll(dir)
		os.Exit(2)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// Result is how a program ended.
type Result struct {
	Code           int // its exit status
	Stdout, Stderr string
	Took           time.Duration
}

// Run runs cmd to its end, its output kept unless cmd.Stdout or cmd.Stderr is already set. The error says that
// the program could not run or did not exit (killed by a signal, for one); an exit status is no error.
func Run(cmd *exec.Cmd) (Result, error) {
	var stdout, stderr bytes.Buffer
	if cmd.Stdout == nil {
		cmd.Stdout = &stdout
	}
	if cmd.Stderr == nil {
		cmd.Stderr = &stderr
	}
	start := time.Now()
	code, err := ExitCode(cmd.Run())
	return Result{Code: code, Stdout: stdout.String(), Stderr: stderr.String(), Took: time.Since(start)}, err
}

// ExitCode is the exit status that the error of cmd.Run or cmd.Wait stands for: 0 for nil, the status of a
// program that exited, and an error when the program could not run or did not exit.
func ExitCode(err error) (int, error) {
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0, nil
	case errors.As(err, &exit) && exit.Exited():
		return exit.ExitCode(), nil
	}
	return -1, err
}

// WaitAtMost waits for a started cmd to end and returns its exit status; a program still running after limit
// is killed, and the error says so.
func WaitAtMost(cmd *exec.Cmd, limit time.Duration) (int, error) {
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return ExitCode(err)
	case <-time.After(limit):
		_ = cmd.Process.Kill()
		<-done
		return -1, fmt.Errorf("%s did not end within %s", filepath.Base(cmd.Path), limit)
	}
}
