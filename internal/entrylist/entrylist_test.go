package entrylist

import (
	"errors"
	"strings"
	"testing"
	"time"
)

var format = Format{Keys: []string{"name", "reason", "tags", "expires"}, Lists: []string{"tags"},
	Shape: "- name: ... reason: ...", Mapping: "name and reason, and optionally tags and expires"}

// TestParse: the entries in order with their positions, single values trimmed, list keys as lists (one value
// too), and an empty file with none.
func TestParse(t *testing.T) {
	var got []Entry
	err := format.Parse("f.yaml", []byte("# accepted\n- name: a\n  reason: ' because '\n  tags: [x, y]\n- name: b\n  reason: r\n  tags: z\n  expires: 2026-12-31\n"),
		func(e Entry) error { got = append(got, e); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Index != 1 || got[0].Line != 2 || got[0].Values["reason"] != "because" || len(got[0].Lists["tags"]) != 2 ||
		got[1].Index != 2 || got[1].Line != 5 || got[1].Lists["tags"][0].Value != "z" || got[1].Values["expires"] != "2026-12-31" {
		t.Errorf("entries %+v", got)
	}
	if err := format.Parse("empty.yaml", []byte("# nothing yet\n"), func(Entry) error { t.Error("an entry in an empty file"); return nil }); err != nil {
		t.Error(err)
	}
}

// TestParseErrors: each mistake is named with the file, the entry and its line.
func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"- name: [a\n", "f.yaml: not valid YAML: "},
		{"name: a\n", "f.yaml (line 1): the file must be a list of entries (- name: ... reason: ...)"},
		{"- a\n", "f.yaml: entry 1 (line 1): an entry must be a mapping with name and reason, and optionally tags and expires"},
		{"- name: a\n- nmae: b\n", `f.yaml: entry 2 (line 2): unknown key "nmae" (the keys are name, reason, tags, expires)`},
		{"- name: a\n  name: b\n", `entry 1 (line 1): key "name" appears twice`},
		{"- name: [a]\n", "entry 1 (line 1): name must be a single value, not a list or mapping"},
		{"- name: ' '\n", "entry 1 (line 1): name is empty"},
		{"- name: a\n  expires: 2026-02-30\n", `entry 1 (line 1): expires "2026-02-30" is not a date (YYYY-MM-DD)`},
		{"- name: a\n  reason: r\n- name: bad\n", "f.yaml: entry 2 (line 3): the entry's own check"},
	} {
		err := format.Parse("f.yaml", []byte(tc.yaml), func(e Entry) error {
			if e.Values["name"] == "bad" {
				return errors.New("the entry's own check")
			}
			return nil
		})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %q", tc.yaml, err, tc.want)
		}
	}
}

func TestExpired(t *testing.T) {
	day := time.Date(2026, 6, 30, 23, 0, 0, 0, time.UTC)
	for expires, want := range map[string]bool{"": false, "2026-06-30": false, "2026-06-29": true, "2027-01-01": false} {
		if Expired(expires, day) != want {
			t.Errorf("Expired(%q) on %s = %v", expires, day.Format(time.DateOnly), !want)
		}
	}
}
