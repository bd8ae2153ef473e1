//go:build unix

package targets

import (
	"errors"
	"os/exec"
	"runtime"
	"sync"
	"syscall"
)

// startGroup starts cmd as the leader of a new process group. Where the system can (Linux), the process is also
// killed when the runner dies without closing it: that death signal follows the thread that started the
// process, so a goroutine keeps that thread until the returned release is called.
func startGroup(cmd *exec.Cmd) (release func(), err error) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	setDeathSignal(cmd.SysProcAttr)
	started := make(chan error, 1)
	done := make(chan struct{})
	go func() {
		runtime.LockOSThread()
		err := cmd.Start()
		started <- err
		if err != nil {
			runtime.UnlockOSThread()
			return
		}
		<-done // returning while locked ends the thread; the process has been stopped by then
	}()
	if err := <-started; err != nil {
		return nil, err
	}
	var once sync.Once
	return func() { once.Do(func() { close(done) }) }, nil
}

// signalGroup sends SIGTERM (or SIGKILL) to every process of the group.
func signalGroup(pgid int, kill bool) {
	sig := syscall.SIGTERM
	if kill {
		sig = syscall.SIGKILL
	}
	_ = syscall.Kill(-pgid, sig)
}

// groupAlive reports whether any process of the group exists.
func groupAlive(pgid int) bool {
	err := syscall.Kill(-pgid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
