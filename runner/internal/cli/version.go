package cli

import (
	"fmt"
	"io"
	"runtime"

	"github.com/lambdaconform/lambdaconform/runner/report"
	"github.com/lambdaconform/lambdaconform/spec"
)

// versionCommand prints the version of lambdaconform and, for each profile, the version of the API it models,
// how many rules its catalog holds and the catalog's fingerprint, which every JSON report carries: runs whose
// fingerprints agree checked the same rules.
func versionCommand(stdout io.Writer) error {
	fmt.Fprintf(stdout, "lambdaconform %s (%s)\n", report.ToolVersion(), runtime.Version())
	for _, p := range spec.Profiles() {
		m, err := spec.Load(p)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "  profile %-12s API %s, %d rules, catalog %s\n", p, m.Doc.Info.Version, len(m.Rules()),
			m.CatalogFingerprint())
	}
	return nil
}
