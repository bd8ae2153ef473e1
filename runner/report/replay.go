package report

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/lambdaconform/lambdaconform/client/replay"
)

// A failed check carries the replay of the whole check (client/replay): WriteReplays writes each as a directory
// holding replay.sh and the request bodies it sends, and every output links the check to its script.

// ReplayDir is the default directory of a run's replays: the report's path without its extension, plus
// ".replay" (conformance.json: conformance.replay).
func ReplayDir(reportPath string) string {
	return strings.TrimSuffix(reportPath, filepath.Ext(reportPath)) + ".replay"
}

// WriteReplays writes the replay of every failed check that has one to dir/<check>/ and records the script's
// path in the check (Check.Replay). Scripts and text bodies are redacted like every output; the scripts hold no
// credentials. It returns how many replays it wrote.
func WriteReplays(r *Report, dir string) (int, error) {
	x := newRedactor(r.secrets)
	n := 0
	used := map[string]bool{}
	for i := range r.Checks {
		c := &r.Checks[i]
		if c.Outcome != Failed || c.Plan == nil {
			continue
		}
		name := replayDirName(c.ID, used)
		checkDir := filepath.Join(dir, name)
		if err := os.MkdirAll(checkDir, 0o755); err != nil {
			return n, fmt.Errorf("writing the replay of %s: %w", c.ID, err)
		}
		for file, data := range c.Plan.Files() {
			mode := os.FileMode(0o644)
			if file == replay.ScriptName {
				mode = 0o755
			}
			if isRedactable(data) {
				data = []byte(x.text(string(data)))
			}
			if err := os.WriteFile(filepath.Join(checkDir, file), data, mode); err != nil {
				return n, fmt.Errorf("writing the replay of %s: %w", c.ID, err)
			}
		}
		c.Replay = filepath.Join(checkDir, replay.ScriptName)
		n++
	}
	return n, nil
}

// replayDirName is a check's directory: its ID with characters file systems or shells dislike replaced, made
// unique.
func replayDirName(id string, used map[string]bool) string {
	name := strings.Map(func(r rune) rune {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune(".-_", r)) {
			return r
		}
		return '_'
	}, id)
	base := name
	for i := 2; used[name]; i++ {
		name = fmt.Sprintf("%s-%d", base, i)
	}
	used[name] = true
	return name
}

func isRedactable(data []byte) bool {
	s := string(data)
	return strings.ToValidUTF8(s, "") == s && !strings.ContainsRune(s, 0)
}

// ResolveReplays returns a report read from dir with its checks' replay paths, which are relative to the report,
// made absolute, so that LinkReplays can point to them from wherever a merged report is written.
func ResolveReplays(r Report, dir string) Report {
	checks := make([]Check, len(r.Checks))
	copy(checks, r.Checks)
	for i := range checks {
		if p := checks[i].Replay; p != "" && !filepath.IsAbs(filepath.FromSlash(p)) {
			if abs, err := filepath.Abs(filepath.Join(dir, filepath.FromSlash(p))); err == nil {
				checks[i].Replay = abs
			}
		}
	}
	r.Checks = checks
	return r
}

// LinkReplays returns the report with each check's replay path relative to dir, the directory of the output that
// links to it, with forward slashes (an HTML page's links and a CI artifact's paths work alike).
func LinkReplays(r Report, dir string) Report {
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return r
	}
	checks := make([]Check, len(r.Checks))
	copy(checks, r.Checks)
	for i := range checks {
		if checks[i].Replay == "" {
			continue
		}
		abs, err := filepath.Abs(checks[i].Replay)
		if err != nil {
			continue
		}
		if rel, err := filepath.Rel(absDir, abs); err == nil {
			checks[i].Replay = filepath.ToSlash(rel)
		}
	}
	r.Checks = checks
	return r
}
