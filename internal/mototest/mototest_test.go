package mototest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recorder is a testing.TB that records Fatalf and Skipf instead of stopping the test.
type recorder struct {
	testing.TB
	fatal, skip string
}

func (r *recorder) Helper()                      {}
func (r *recorder) Fatalf(f string, args ...any) { r.fatal = fmt.Sprintf(f, args...) }
func (r *recorder) Skipf(f string, args ...any)  { r.skip = fmt.Sprintf(f, args...) }

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
		r := &recorder{TB: t}
		Require(r)
		if (tc.fatal == "") != (r.fatal == "") || !strings.Contains(r.fatal, tc.fatal) ||
			(tc.skip == "") != (r.skip == "") || !strings.Contains(r.skip, tc.skip) {
			t.Errorf("PATH=%s CI=%q: fatal %q, skip %q; want %q, %q", tc.path, tc.ci, r.fatal, r.skip, tc.fatal, tc.skip)
		}
	}
}
