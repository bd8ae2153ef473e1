package recording

import (
	"testing"

	"github.com/lambdaconform/lambdaconform/fixtures/reference"
	"github.com/lambdaconform/lambdaconform/fixtures/variations"
	"github.com/lambdaconform/lambdaconform/recording/compare"
)

// variationDifferences are the benign variations the diff does not pass, and why. The diff is not loosened for
// them: what they change is a real difference from what AWS sends. (None today: omit-empty used to leave out
// Description "" and null error messages, which AWS sends; since issue 10 it omits only what AWS omits.)
var variationDifferences = map[string]struct {
	why  string
	each func(compare.Difference) bool // every counted difference is of this shape
}{}

// TestDiffVariations replays the reference's recording against each benign variation: none may differ in a
// way that counts. Extra members (extra-members, dunder-type) are listed and not counted, as runs accept members
// AWS does not send; with strict they count, which proves the diff sees them.
func TestDiffVariations(t *testing.T) {
	for _, v := range variations.All() {
		t.Run(v.Name, func(t *testing.T) {
			t.Parallel()
			opts := reference.Options{Region: v.Region, Account: v.Account}
			res := diffReference(t, opts, v.Wrap, false, 0)
			known, isKnown := variationDifferences[v.Name]
			counted := 0
			for _, s := range res.Scenarios {
				for _, d := range s.Differences {
					if !d.Counts() {
						continue
					}
					counted++
					if !isKnown || !known.each(d) {
						t.Errorf("%s %s %s: %s", d.Exchange, d.Kind, d.Path, d.Message)
					}
				}
			}
			if isKnown && counted == 0 {
				t.Errorf("%s no longer differs (%s): remove it from variationDifferences", v.Name, known.why)
			}
			if isKnown {
				t.Logf("%s: %d differences, as documented: %s", v.Name, counted, known.why)
			}
			if v.Name == "extra-members" || v.Name == "dunder-type" {
				if res.Summary.NotCounted == 0 {
					t.Errorf("%s: no extra member was noticed", v.Name)
				}
				strict := diffReference(t, opts, v.Wrap, true, 0)
				if strict.Summary.Counted == 0 || strict.Verdict.ExitCode != 1 {
					t.Errorf("%s with strict: %+v, want the extra members counted", v.Name, strict.Summary)
				}
			}
		})
	}
}
