package recording

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lambdaconform/lambdaconform/recording/format"
	"github.com/lambdaconform/lambdaconform/recording/scenario"
)

// TestDocsAreTrue: docs/recording.md lists every scenario and every placeholder kind, and the README's figures
// are the fixture's.
func TestDocsAreTrue(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "docs", "recording.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range scenario.IDs() {
		if !strings.Contains(string(doc), "| `"+id+"` |") {
			t.Errorf("docs/recording.md does not describe scenario %s", id)
		}
	}
	for _, k := range format.KindNames() {
		if !strings.Contains(string(doc), "<"+k) {
			t.Errorf("docs/recording.md does not describe placeholder <%s>", k)
		}
	}
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	rec := loadFixture(t)
	figure := fmt.Sprintf("runs %d scenarios (%d calls", len(rec.Scenarios), len(rec.Exchanges()))
	if !strings.Contains(string(readme), figure) || len(rec.Scenarios) != len(scenario.IDs()) {
		t.Errorf("README.md should say %q", figure)
	}
	if !strings.Contains(string(doc), fmt.Sprintf("(%d exchanges;", len(rec.Exchanges()))) {
		t.Errorf("docs/recording.md should give the fixture's %d exchanges", len(rec.Exchanges()))
	}
}
