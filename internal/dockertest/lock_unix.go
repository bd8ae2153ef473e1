//go:build unix

package dockertest

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// serialize holds a lock shared by every process on the machine until t ends, so that container tests of
// different packages (go test runs packages in parallel) and of different checkouts never overlap: each one's
// check that nothing is left behind then sees its own containers only. The kernel drops the lock if the
// process dies.
func serialize(t testing.TB) {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(os.TempDir(), "lambdaconform-docker.lock"), os.O_CREATE|os.O_RDWR, 0o666)
	if err != nil {
		t.Fatalf("opening the container-test lock: %v", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		t.Fatalf("taking the container-test lock: %v", err)
	}
	t.Cleanup(func() { f.Close() }) // closing the file releases the lock
}
