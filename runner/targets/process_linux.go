package targets

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// setDeathSignal has the kernel kill the process when the thread that started it ends, as it does when the
// runner dies.
func setDeathSignal(a *syscall.SysProcAttr) { a.Pdeathsig = syscall.SIGKILL }

// runningMembers counts the running (not zombie) processes of a process group.
func runningMembers(pgid int) (int, bool) { return len(groupMembers(pgid)), true }

// groupMembers returns the command lines of the running processes of a process group, read from /proc.
func groupMembers(pgid int) [][]string {
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	var out [][]string
	for _, stat := range stats {
		data, err := os.ReadFile(stat)
		if err != nil {
			continue
		}
		// pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses, so read after the last ')'.
		i := bytes.LastIndexByte(data, ')')
		if i < 0 {
			continue
		}
		fields := strings.Fields(string(data[i+1:]))
		if len(fields) < 3 || fields[0] == "Z" || fields[2] != strconv.Itoa(pgid) {
			continue
		}
		cmdline, err := os.ReadFile(filepath.Join(filepath.Dir(stat), "cmdline"))
		if err != nil || len(cmdline) == 0 {
			continue
		}
		out = append(out, strings.Split(strings.TrimRight(string(cmdline), "\x00"), "\x00"))
	}
	return out
}
