package report

import (
	"fmt"

	"github.com/lambdaconform/lambdaconform/spec"
)

// catalogOf is the fingerprint of the profile's rule catalog (spec.Model.CatalogFingerprint), "" for a profile
// this lambdaconform does not know.
func catalogOf(profile string) string {
	m, err := spec.Load(profile)
	if err != nil {
		return ""
	}
	return m.CatalogFingerprint()
}

// Shard says which part of a split run a report holds: shard Index (1-based) of Total, as `--shard i/n` gave it.
type Shard struct {
	Index int `json:"index"`
	Total int `json:"total"`
}

// String is the shard as the command line writes it, "2/3".
func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.Index, s.Total) }
