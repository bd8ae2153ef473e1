package targets

import (
	"errors"
	"strings"
	"testing"
)

// TestReaperHint: an error of testcontainers' reaper suggests the two settings that work around it; other errors
// get no hint.
func TestReaperHint(t *testing.T) {
	hint := reaperHint(errors.New("create container: creating reaper failed: failed to create container: pull access denied for testcontainers/ryuk"))
	for _, want := range []string{"TESTCONTAINERS_RYUK_DISABLED=true", "TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1"} {
		if !strings.Contains(hint, want) {
			t.Errorf("the hint lacks %s: %q", want, hint)
		}
	}
	if h := reaperHint(errors.New("image not found")); h != "" {
		t.Errorf("a hint for an unrelated error: %q", h)
	}
}
