// Package prereq is how a test that needs a program of the machine (Chromium, curl, moto_server, a Docker
// engine) goes without it: skipped with the reason on a developer's machine, failed under CI=true, where
// .ci/run installs what it needs and a skip would hide a broken set-up.
package prereq

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// InCI reports whether the tests run in CI (CI=true).
func InCI() bool { return strings.EqualFold(os.Getenv("CI"), "true") }

// Missing skips t, or fails it under CI=true, saying what is missing and how to get it.
func Missing(t testing.TB, what string) {
	t.Helper()
	if InCI() {
		t.Fatalf("%s (CI=true: a skip would hide it)", what)
		return
	}
	t.Skipf("skipped: %s", what)
}

// Replays is Missing unless what the replay scripts of failed checks need is here: bash, the POSIX tools they
// read answers with (awk, od, tr, cut) and a curl with --aws-sigv4 (curl 7.75 or newer).
func Replays(t testing.TB) {
	t.Helper()
	for _, tool := range []string{"bash", "awk", "od", "tr", "cut"} {
		if _, err := exec.LookPath(tool); err != nil {
			Missing(t, "replays cannot run: "+tool+" is not installed")
			return
		}
	}
	if out, err := exec.Command("curl", "--help", "all").Output(); err != nil || !strings.Contains(string(out), "--aws-sigv4") {
		Missing(t, "replays cannot run: no curl with --aws-sigv4 (curl 7.75 or newer has it)")
	}
}

// Chromium returns a Chromium or Chrome binary, $LAMBDACONFORM_CHROMIUM first, else the usual names on PATH;
// without one it is Missing.
func Chromium(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("LAMBDACONFORM_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	Missing(t, "no Chromium on this machine (tried $LAMBDACONFORM_CHROMIUM, chromium, chromium-browser, google-chrome): "+
		"install it (apt-get install chromium; .ci/run does) or set LAMBDACONFORM_CHROMIUM")
	return ""
}

// Recorder is a testing.TB that records Fatalf and Skipf instead of ending the test: the tests of Missing and
// of the helpers built on it read what a missing program would have done.
type Recorder struct {
	testing.TB
	FatalMsg, SkipMsg string
}

func (r *Recorder) Helper()                      {}
func (r *Recorder) Fatalf(f string, args ...any) { r.FatalMsg = fmt.Sprintf(f, args...) }
func (r *Recorder) Skipf(f string, args ...any)  { r.SkipMsg = fmt.Sprintf(f, args...) }
