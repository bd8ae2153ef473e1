package prereq

import "testing"

// TestMissing: without CI a missing program skips the test; under CI=true it fails it.
func TestMissing(t *testing.T) {
	for _, tc := range []struct{ ci, fatal, skip string }{
		{"", "", "skipped: no such program"},
		{"false", "", "skipped: no such program"},
		{"true", "no such program (CI=true: a skip would hide it)", ""},
		{"TRUE", "no such program (CI=true: a skip would hide it)", ""},
	} {
		t.Setenv("CI", tc.ci)
		r := &Recorder{TB: t}
		Missing(r, "no such program")
		if r.FatalMsg != tc.fatal || r.SkipMsg != tc.skip {
			t.Errorf("CI=%q: fatal %q, skip %q; want %q, %q", tc.ci, r.FatalMsg, r.SkipMsg, tc.fatal, tc.skip)
		}
	}
}

// TestReplaysAndChromiumWithoutThem: with an empty PATH, neither is found.
func TestReplaysAndChromiumWithoutThem(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	t.Setenv("CI", "")
	t.Setenv("LAMBDACONFORM_CHROMIUM", "")
	r := &Recorder{TB: t}
	Replays(r)
	if r.SkipMsg != "skipped: replays cannot run: bash is not installed" {
		t.Errorf("replays: skip %q", r.SkipMsg)
	}
	r = &Recorder{TB: t}
	if bin := Chromium(r); bin != "" || r.SkipMsg == "" {
		t.Errorf("chromium: %q, skip %q", bin, r.SkipMsg)
	}
	t.Setenv("LAMBDACONFORM_CHROMIUM", "/opt/chrome")
	if bin := Chromium(&Recorder{TB: t}); bin != "/opt/chrome" {
		t.Errorf("LAMBDACONFORM_CHROMIUM: %q", bin)
	}
}
