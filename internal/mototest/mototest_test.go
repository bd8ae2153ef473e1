package mototest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lambdaconform/lambdaconform/internal/prereq"
)

func TestRequire(t *testing.T) {
	empty := t.TempDir()
	withServer := t.TempDir()
	if err := os.WriteFile(filepath.Join(withServer, Command), []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path, ci    string
		fatal, skip string
	}{
		{empty, "", "", "skipped: this test runs moto and moto_server is not on PATH"},
		{empty, "true", "moto_server is not on PATH (it ships with the machine image; install it with: pip install \"moto[server]\") (CI=true: a skip would hide it)", ""},
		{withServer, "true", "", ""},
	} {
		t.Setenv("PATH", tc.path)
		t.Setenv("CI", tc.ci)
		r := &prereq.Recorder{TB: t}
		Require(r)
		if (tc.fatal == "") != (r.FatalMsg == "") || !strings.Contains(r.FatalMsg, tc.fatal) ||
			(tc.skip == "") != (r.SkipMsg == "") || !strings.Contains(r.SkipMsg, tc.skip) {
			t.Errorf("PATH=%s CI=%q: fatal %q, skip %q; want %q, %q", tc.path, tc.ci, r.FatalMsg, r.SkipMsg, tc.fatal, tc.skip)
		}
	}
}
