package compare

import (
	"errors"
	"fmt"
	"os"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/lambdaconform/lambdaconform/internal/entrylist"
)

// Known is a known-differences file: differences a vendor accepts, each with a reason, in the spirit of the
// expected-failures file of runs.
//
//   - path: $..RuntimeVersionConfig          # a JSON path: the member and everything under it
//     reason: we do not report runtime versions yet
//   - exchange: lifecycle/publish-unchanged   # optional: an exchange ID, or a pattern (* matches within a segment)
//     path: $.RevisionId
//     kind: identity                          # optional: one kind of difference
//     reason: our RevisionIds change on every publish
//     link: https://tracker.example/LAMBDA-7
//     expires: 2026-12-31                     # optional: the entry holds through this day
//
// A path is "status", "headers.<name>", "body", "exchange", or a JSON path: $ then .Member, ["member"], [N] or
// [*] for an index, .* for any member, and .. for any depth ($..RevisionId matches RevisionId anywhere). A
// pattern matches a difference's path and everything below it.
type Known struct {
	File    string
	Entries []KnownEntry
}

// KnownEntry is one entry.
type KnownEntry struct {
	Index    int    `json:"index"` // 1-based position in the file
	Exchange string `json:"exchange,omitempty"`
	Path     string `json:"path"`
	Kind     Kind   `json:"kind,omitempty"`
	Reason   string `json:"reason"`
	Link     string `json:"link,omitempty"`
	Expires  string `json:"expires,omitempty"`

	segments []string
}

// KnownMatch is the entry that accepted a difference.
type KnownMatch struct {
	KnownEntry
	Expired bool `json:"expired,omitempty"` // the entry has expired: the difference counts again
}

// KnownResult is what applying a known-differences file found.
type KnownResult struct {
	File    string        `json:"file"`
	Date    string        `json:"date"`
	Entries []KnownStatus `json:"entries"`
}

// KnownStatus is how one entry fared: matched (with how many differences), expired, or stale (it matched none:
// the target no longer differs there, or the exchange was not compared).
type KnownStatus struct {
	KnownEntry
	Status  string `json:"status"`
	Matched int    `json:"matched"`
	Note    string `json:"note,omitempty"`
}

// LoadKnown reads and checks a known-differences file; its errors name the file, and the entry and line of a
// bad entry (the runner reports them as usage errors, exit 2).
func LoadKnown(file string) (Known, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return Known{}, fmt.Errorf("known-differences file: %w", err)
	}
	return ParseKnown(file, data)
}

// ParseKnown parses a known-differences file's content; name is used in errors.
func ParseKnown(name string, data []byte) (Known, error) {
	out := Known{File: name}
	err := knownFormat.Parse(name, data, func(raw entrylist.Entry) error {
		e, err := parseKnownEntry(raw)
		out.Entries = append(out.Entries, e)
		return err
	})
	if err != nil {
		return Known{File: name}, err
	}
	return out, nil
}

var knownFormat = entrylist.Format{
	Keys:    []string{"exchange", "path", "kind", "reason", "link", "expires"},
	Shape:   "- path: ... reason: ...",
	Mapping: "path and reason, and optionally exchange, kind, link and expires",
}

func parseKnownEntry(raw entrylist.Entry) (KnownEntry, error) {
	v := raw.Values
	e := KnownEntry{Index: raw.Index, Exchange: v["exchange"], Path: v["path"], Kind: Kind(v["kind"]), Reason: v["reason"],
		Link: v["link"], Expires: v["expires"]}
	if e.Exchange != "" {
		if _, err := path.Match(e.Exchange, ""); err != nil {
			return e, fmt.Errorf("exchange %q is not a valid pattern: %v", e.Exchange, err)
		}
	}
	if e.Kind != "" && !slices.Contains(Kinds, e.Kind) {
		return e, fmt.Errorf("kind %q is not one of %v", e.Kind, Kinds)
	}
	if e.Path == "" {
		return e, errors.New("path is required: the JSON path (or status, headers.<name>, body, exchange) of what differs")
	}
	segs, err := parsePath(e.Path)
	if err != nil {
		return e, fmt.Errorf("path %q: %v", e.Path, err)
	}
	e.segments = segs
	if e.Reason == "" {
		return e, errors.New("reason is required: say why the difference is accepted")
	}
	return e, nil
}

var (
	pathSegRE = regexp.MustCompile(`^(?:\.\.|\.(\*|[A-Za-z0-9_$-]+)|\[(\*|\d+)\]|\[("(?:[^"\\]|\\.)*")\])`)
	nonBody   = []string{"status", "body", "exchange"}
)

// parsePath splits a path into segments: "..", "name", "[N]", "[*]", "*"; non-body paths are one segment.
func parsePath(p string) ([]string, error) {
	if slices.Contains(nonBody, p) || strings.HasPrefix(p, "headers.") && len(p) > len("headers.") {
		return []string{p}, nil
	}
	if !strings.HasPrefix(p, "$") {
		return nil, errors.New(`not a path: start with $ (a JSON path), or use status, headers.<name>, body or exchange`)
	}
	segs := []string{"$"}
	rest := p[1:]
	for rest != "" {
		m := pathSegRE.FindStringSubmatch(rest)
		if m == nil {
			return nil, fmt.Errorf("cannot read %q", rest)
		}
		switch {
		case m[0] == "..":
			if strings.HasPrefix(rest[2:], ".") || rest[2:] == "" {
				return nil, errors.New(`".." must be followed by a member name`)
			}
			segs = append(segs, "..")
			rest = "." + rest[2:]
			continue
		case m[1] != "":
			segs = append(segs, m[1])
		case m[2] != "":
			segs = append(segs, "["+m[2]+"]")
		default:
			name, err := strconv.Unquote(m[3])
			if err != nil {
				return nil, err
			}
			segs = append(segs, name)
		}
		rest = rest[len(m[0]):]
	}
	return segs, nil
}

// matches reports whether the entry's pattern covers a difference's path: the path itself or below it.
func matchPath(pattern, p []string) bool {
	if len(pattern) == 0 {
		return true // the pattern is a prefix of the path
	}
	if pattern[0] == ".." {
		for i := range p {
			if matchPath(pattern[1:], p[i:]) {
				return true
			}
		}
		return false
	}
	if len(p) == 0 {
		return false
	}
	switch pat, seg := pattern[0], p[0]; {
	case pat == seg:
	case pat == "*" && !strings.HasPrefix(seg, "["):
	case pat == "[*]" && strings.HasPrefix(seg, "["):
	default:
		return false
	}
	return matchPath(pattern[1:], p[1:])
}

func (e KnownEntry) expiredOn(today time.Time) bool { return entrylist.Expired(e.Expires, today) }

// NewKnownEntry makes an entry as a file would hold it.
func NewKnownEntry(exchange, path string, kind Kind, reason string) (KnownEntry, error) {
	segs, err := parsePath(path)
	if err != nil {
		return KnownEntry{}, fmt.Errorf("path %q: %v", path, err)
	}
	return KnownEntry{Exchange: exchange, Path: path, Kind: kind, Reason: reason, segments: segs}, nil
}

// Covers reports whether the entry accepts a difference: same kind (when it names one), an exchange its pattern
// matches (when it has one), and a path at or below its path.
func (e KnownEntry) Covers(d Difference) bool {
	if e.Kind != "" && e.Kind != d.Kind {
		return false
	}
	if e.Exchange != "" {
		if ok, _ := path.Match(e.Exchange, d.Exchange); !ok {
			return false
		}
	}
	segs, err := parsePath(d.Path)
	return err == nil && matchPath(e.segments, segs)
}

// ApplyKnown marks the differences the entries accept, as of today: the first unexpired entry that covers a
// difference accepts it (it no longer counts); an expired one is noted and the difference counts again.
func ApplyKnown(results []ScenarioResult, k Known, today time.Time) KnownResult {
	status := make([]KnownStatus, len(k.Entries))
	for i, e := range k.Entries {
		status[i] = KnownStatus{KnownEntry: e}
	}
	for si := range results {
		for di := range results[si].Differences {
			d := &results[si].Differences[di]
			d.Known = nil
			for i, e := range k.Entries {
				if !e.Covers(*d) {
					continue
				}
				status[i].Matched++
				if d.Known == nil || d.Known.Expired && !e.expiredOn(today) {
					d.Known = &KnownMatch{KnownEntry: e, Expired: e.expiredOn(today)}
				}
			}
		}
	}
	for i := range status {
		s := &status[i]
		switch {
		case s.expiredOn(today):
			s.Status, s.Note = "expired", fmt.Sprintf("expired on %s: the differences it matches count again", s.Expires)
		case s.Matched > 0:
			s.Status = "matched"
		default:
			s.Status, s.Note = "stale", "it matched no difference: the target no longer differs there, or the exchange was not compared"
		}
	}
	return KnownResult{File: k.File, Date: today.Format(time.DateOnly), Entries: status}
}

// Counts reports whether a difference counts against the target, after known differences.
func (d Difference) Counts() bool { return d.Counted && (d.Known == nil || d.Known.Expired) }
