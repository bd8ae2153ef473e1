package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"runtime"

	"github.com/lambdaconform/lambdaconform/runner/report"
	"github.com/lambdaconform/lambdaconform/spec"
)

// versionCommand prints the version of lambdaconform and, for each profile, the version of the API it models,
// how many rules its catalog holds and the catalog's digest: two runs whose digests agree checked the same rules.
func versionCommand(stdout io.Writer) error {
	fmt.Fprintf(stdout, "lambdaconform %s (%s)\n", report.ToolVersion(), runtime.Version())
	for _, p := range spec.Profiles() {
		m, err := spec.Load(p)
		if err != nil {
			return err
		}
		rules := m.Rules()
		data, err := json.Marshal(rules)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		fmt.Fprintf(stdout, "  profile %-12s API %s, %d rules, catalog %s\n", p, m.Doc.Info.Version, len(rules),
			hex.EncodeToString(sum[:6]))
	}
	return nil
}
