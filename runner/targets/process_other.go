//go:build !unix

package targets

import (
	"errors"
	"os/exec"
)

var errNoGroups = errors.New("a local process target needs a Unix system (process groups)")

func startGroup(*exec.Cmd) (func(), error) { return nil, errNoGroups }
func signalGroup(int, bool)                {}
func groupAlive(int) bool                  { return false }
func groupMembers(int) [][]string          { return nil }
