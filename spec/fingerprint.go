package spec

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
)

// CatalogFingerprint identifies the profile's rule catalog: "sha256:" and the first 16 hex digits of the
// SHA-256 of the catalog's JSON (Rules in their stable order, every exported member: IDs, constraints, evidence,
// severity, sources and wording). Runs judged against catalogs with the same fingerprint applied the same rules;
// reports carry it so that the shards of one run are merged, and runs against different targets compared, only
// when they were judged alike. Any change to any rule changes it.
func (m *Model) CatalogFingerprint() string { return m.fingerprint }

// catalogFingerprint hashes a catalog. encoding/json writes struct members in declaration order and map keys
// sorted, so the same rules always give the same bytes.
func catalogFingerprint(rules []Rule) (string, error) {
	data, err := json.Marshal(rules)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(data)
	return "sha256:" + hex.EncodeToString(sum[:8]), nil
}
