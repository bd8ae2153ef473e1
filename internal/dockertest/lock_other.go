//go:build !unix

package dockertest

import "testing"

// serialize does nothing where flock(2) does not exist; container tests may then overlap.
func serialize(testing.TB) {}
