package scenario

import (
	"maps"
	"slices"
	"sync"

	"github.com/lambdaconform/lambdaconform/fixtures/deploypkg"
	"github.com/lambdaconform/lambdaconform/recording/normalize"
)

// The scenarios' deployment packages are deterministic (fixtures/deploypkg): each label names a small Python
// function whose reply carries the label, so different labels are different bytes, and a label's CodeSha256 is
// known before any target answers. They are recorded as <zip:label>, <code-sha256:label>, <code-size:label>.

var packages sync.Map // label → []byte

// Package returns the package of a label.
func Package(label string) []byte {
	if p, ok := packages.Load(label); ok {
		return p.([]byte)
	}
	p, _ := packages.LoadOrStore(label, deploypkg.Handler("lambdaconform-recording/"+label))
	return p.([]byte)
}

// Packages returns every package the scenario table uses, sorted by label.
func Packages() []normalize.Package {
	seen := map[string]bool{}
	for _, sc := range All() {
		for _, st := range sc.Steps {
			for _, l := range st.packages {
				seen[l] = true
			}
		}
	}
	labels := slices.Sorted(maps.Keys(seen))
	out := make([]normalize.Package, len(labels))
	for i, l := range labels {
		out[i] = normalize.Package{Label: l, Bytes: Package(l)}
	}
	return out
}

// labelsOf lists the packages a body names.
func labelsOf(b body) []string {
	var out []string
	for _, v := range b {
		switch t := v.(type) {
		case pkg:
			out = append(out, string(t))
		case sha:
			out = append(out, string(t))
		}
	}
	return out
}
