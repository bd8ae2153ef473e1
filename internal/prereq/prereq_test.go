package prereq

import (
	"fmt"
	"testing"
)

// recorder is a testing.TB that records Fatalf and Skipf instead of ending the test.
type recorder struct {
	testing.TB
	fatal, skip string
}

func (r *recorder) Helper()                      {}
func (r *recorder) Fatalf(f string, args ...any) { r.fatal = fmt.Sprintf(f, args...) }
func (r *recorder) Skipf(f string, args ...any)  { r.skip = fmt.Sprintf(f, args...) }

// TestMissing: without CI a missing program skips the test; under CI=true it fails it.
func TestMissing(t *testing.T) {
	for _, tc := range []struct{ ci, fatal, skip string }{
		{"", "", "skipped: no such program"},
		{"false", "", "skipped: no such program"},
		{"true", "no such program (CI=true: a skip would hide it)", ""},
		{"TRUE", "no such program (CI=true: a skip would hide it)", ""},
	} {
		t.Setenv("CI", tc.ci)
		r := &recorder{TB: t}
		Missing(r, "no such program")
		if r.fatal != tc.fatal || r.skip != tc.skip {
			t.Errorf("CI=%q: fatal %q, skip %q; want %q, %q", tc.ci, r.fatal, r.skip, tc.fatal, tc.skip)
		}
	}
}

// TestReplaysAndChromiumWithoutThem: with an empty PATH, neither is found.
func TestReplaysAndChromiumWithoutThem(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	t.Setenv("CI", "")
	t.Setenv("LAMBDACONFORM_CHROMIUM", "")
	r := &recorder{TB: t}
	Replays(r)
	if r.skip != "skipped: replays cannot run: bash is not installed" {
		t.Errorf("replays: skip %q", r.skip)
	}
	r = &recorder{TB: t}
	if bin := Chromium(r); bin != "" || r.skip == "" {
		t.Errorf("chromium: %q, skip %q", bin, r.skip)
	}
	t.Setenv("LAMBDACONFORM_CHROMIUM", "/opt/chrome")
	if bin := Chromium(&recorder{TB: t}); bin != "/opt/chrome" {
		t.Errorf("LAMBDACONFORM_CHROMIUM: %q", bin)
	}
}
