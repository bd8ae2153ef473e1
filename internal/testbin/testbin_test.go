package testbin

import (
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestRun: output and exit status of a program that exits, and an error for one that cannot run or is killed.
func TestRun(t *testing.T) {
	r, err := Run(exec.Command("sh", "-c", "echo out; echo err >&2; exit 3"))
	if err != nil || r.Code != 3 || r.Stdout != "out\n" || r.Stderr != "err\n" {
		t.Errorf("%+v, %v: want exit 3 with its output", r, err)
	}
	if r, err := Run(exec.Command("sh", "-c", "true")); err != nil || r.Code != 0 {
		t.Errorf("%+v, %v: want exit 0", r, err)
	}
	if _, err := Run(exec.Command("/no/such/program")); err == nil {
		t.Error("a program that does not exist ran")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if r, err := Run(exec.CommandContext(ctx, "sleep", "10")); err == nil {
		t.Errorf("a killed program reads as exit %d", r.Code)
	}
}

// TestWaitAtMost: the status of a program that ends in time; one that does not is killed, with an error.
func TestWaitAtMost(t *testing.T) {
	cmd := exec.Command("sh", "-c", "exit 4")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if code, err := WaitAtMost(cmd, 10*time.Second); code != 4 || err != nil {
		t.Errorf("exit %d, %v: want 4", code, err)
	}
	cmd = exec.Command("sleep", "10")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, err := WaitAtMost(cmd, 100*time.Millisecond); err == nil || !strings.Contains(err.Error(), "sleep did not end within 100ms") {
		t.Errorf("error %v", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Error("the program was not killed")
	}
}
