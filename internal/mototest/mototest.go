// Package mototest lets tests that run moto's server run for real where `moto_server` is on PATH, skip with a
// reason on a developer's machine without it, and fail under CI=true, where a missing moto_server is a broken
// set-up (the machine image ships moto 5.2.1).
package mototest

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// Command is moto's server program.
const Command = "moto_server"

// Require skips or fails t when moto_server is not on PATH.
func Require(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath(Command); err == nil {
		return
	}
	if strings.EqualFold(os.Getenv("CI"), "true") {
		t.Fatalf("CI=true requires %s on PATH for this test (it ships with the machine image; "+
			`install it with: pip install "moto[server]")`, Command)
		return
	}
	t.Skipf("skipped: this test runs moto and %s is not on PATH (install it with: pip install \"moto[server]\")", Command)
}
