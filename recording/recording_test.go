package recording

import (
	"bytes"
	"flag"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lambdaconform/lambdaconform/fixtures/reference"
	"github.com/lambdaconform/lambdaconform/recording/compare"
	"github.com/lambdaconform/lambdaconform/recording/format"
)

var update = flag.Bool("update", false, "rewrite testdata/reference.recording.json from the reference target")

// Fixture is the committed recording of the reference target: what the diff tests compare with, in place of a
// recording of AWS.
var Fixture = filepath.Join("testdata", "reference.recording.json")

func loadFixture(t testing.TB) format.Recording {
	t.Helper()
	rec, err := format.ReadFile(Fixture)
	if err != nil {
		t.Fatalf("%v (go test ./recording -run TestReferenceRecording -update writes it)", err)
	}
	return rec
}

// TestReferenceRecording records the reference target twice: both recordings must be byte-identical, valid
// against the schema, and equal to the committed fixture, so that a change to the scenarios or the
// normalisation shows in review as a change to the fixture.
func TestReferenceRecording(t *testing.T) {
	first, err := format.Marshal(recordReference(t, reference.Options{UpdateDelay: testUpdateDelay, VersionDelay: testVersionDelay}, nil, 0))
	if err != nil {
		t.Fatal(err)
	}
	second, err := format.Marshal(recordReference(t, reference.Options{UpdateDelay: testUpdateDelay, VersionDelay: testVersionDelay}, nil, 0))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, second) {
		t.Fatalf("two recordings of the same target differ:\n%s", firstDifference(first, second))
	}
	if err := format.Validate(first); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(Fixture, first, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	committed, err := os.ReadFile(Fixture)
	if err != nil {
		t.Fatalf("%v (run with -update to write it)", err)
	}
	if !bytes.Equal(first, committed) {
		t.Fatalf("the reference target's recording is not the committed %s (run with -update after checking the change):\n%s",
			Fixture, firstDifference(committed, first))
	}
	rec := loadFixture(t)
	if n := len(rec.Exchanges()); n < 100 {
		t.Errorf("the fixture holds %d exchanges; the scenarios make more than 100", n)
	}
	for _, s := range rec.Scenarios {
		if s.Error != "" {
			t.Errorf("scenario %s stopped against the reference: %s", s.ID, s.Error)
		}
		for _, e := range s.Exchanges {
			if e.Unobserved != "" {
				t.Errorf("%s was not observed against the reference (update delay %s): %s", e.ID, testUpdateDelay, e.Unobserved)
			}
		}
	}
}

// firstDifference shows the first line where two texts differ, with its number.
func firstDifference(a, b []byte) string {
	la, lb := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := range max(len(la), len(lb)) {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, x, y)
		}
	}
	return "(identical lines, different bytes)"
}

// diffReference replays the fixture against a reference target with opts and wrap; waits give up after
// waitTimeout (default 20 s).
func diffReference(t testing.TB, opts reference.Options, wrap func(h http.Handler) http.Handler, strict bool, waitTimeout time.Duration) compare.Result {
	t.Helper()
	rec := loadFixture(t)
	if opts.UpdateDelay < testUpdateDelay {
		opts.UpdateDelay = testUpdateDelay
	}
	if opts.VersionDelay == 0 {
		opts.VersionDelay = testVersionDelay
	}
	replay := recordReference(t, opts, wrap, waitTimeout)
	res := compare.Result{Scenarios: compare.Compare(rec, replay, compare.Options{Strict: strict})}
	res.Finish()
	return res
}

// TestDiffReferenceAgainstItsRecording: the reference replayed against its own recording differs nowhere.
func TestDiffReferenceAgainstItsRecording(t *testing.T) {
	res := diffReference(t, reference.Options{}, nil, true, 0)
	for _, s := range res.Scenarios {
		for _, d := range s.Differences {
			t.Errorf("%s %s %s: %s", d.Exchange, d.Kind, d.Path, d.Message)
		}
		for _, n := range s.Notes {
			t.Errorf("note at %s: %s", n.Exchange, n.Message)
		}
	}
	if res.Verdict.Status != "same" || res.Verdict.ExitCode != 0 || res.Summary.Exchanges != len(loadFixture(t).Exchanges()) {
		t.Errorf("verdict %+v, summary %+v", res.Verdict, res.Summary)
	}
}
