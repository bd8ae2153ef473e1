//go:build unix && !linux

package targets

import "syscall"

// setDeathSignal does nothing where the kernel offers no parent-death signal: Close stops the process.
func setDeathSignal(*syscall.SysProcAttr) {}

// groupMembers is unknown where there is no /proc.
func groupMembers(int) [][]string { return nil }

// runningMembers is unknown where there is no /proc.
func runningMembers(int) (int, bool) { return 0, false }
