package replay

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lambdaconform/lambdaconform/internal/prereq"
)

var scanBodies = []string{
	`{"Configuration":{"FunctionName":"f","RevisionId":"11111111-aaaa","Version":"$LATEST"},"Code":{"RevisionId":"x"}}`,
	"{\n  \"RevisionId\" : \"spaced-1234\",\n\t\"Nested\": {\"RevisionId\":\t\"tabbed-5678\"}\n}",
	`{"Description":"say \"RevisionId\": \"not-a-value\"","RevisionId":"real-value-1"}`,
	`{"Versions":[{"Version":"$LATEST","RevisionId":"r-000000001"},{"Version":"1","RevisionId":"r-000000002"}],"NextMarker":"m/+=abcdefgh"}`,
	`{"RevisionId":123,"RevisionId":"after-a-number","Escaped":"a\\b\"c"}`,
}

// TestJGetIsNthValue: the script's jget, run by awk, reads the same value nthValue does, for every key and
// occurrence of bodies with nesting, whitespace, escapes and decoys, so that the position Build records is the
// one the replay reads.
func TestJGetIsNthValue(t *testing.T) {
	if _, err := exec.LookPath("awk"); err != nil {
		prereq.Missing(t, "awk is not installed: the replay scripts read answers with it")
	}
	dir := t.TempDir()
	for i, body := range scanBodies {
		file := filepath.Join(dir, fmt.Sprintf("%d.json", i))
		if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, key := range []string{"RevisionId", "Version", "NextMarker", "Escaped", "Description", "Missing"} {
			for n := 1; n <= 3; n++ {
				want, _ := nthValue(body, key, n)
				script := helpers + fmt.Sprintf("\njget %s %s %d\n", quote(file), quote(key), n)
				out, err := exec.Command("sh", "-c", script).Output()
				if err != nil {
					t.Fatalf("jget: %v", err)
				}
				if got := strings.TrimSuffix(string(out), "\n"); got != want {
					t.Errorf("body %d, %s #%d: jget %q, nthValue %q", i, key, n, got, want)
				}
			}
		}
	}
}

// TestLocate: a value is found where jget reads it back: a header holding it, else its first member.
func TestLocate(t *testing.T) {
	header := http.Header{"X-Amz-Version-Id": {"3HL4kqtJlcpXroDTDmJ"}, "Date": {"Mon, 1 Jan"}}
	for v, want := range map[string]source{
		"r-000000001":         {key: "RevisionId", n: 1},
		"r-000000002":         {key: "RevisionId", n: 2},
		"m/+=abcdefgh":        {key: "NextMarker", n: 1},
		"3HL4kqtJlcpXroDTDmJ": {header: "X-Amz-Version-Id"},
	} {
		if got, ok := locate(scanBodies[3], header, v); !ok || got != want {
			t.Errorf("%s: %+v, want %+v", v, got, want)
		}
	}
	if got, ok := locate(scanBodies[2], nil, "not-a-value"); ok {
		t.Errorf("a decoy inside a string was taken for a member: %+v", got)
	}
	if got, ok := locate(scanBodies[4], nil, "after-a-number"); !ok || got != (source{key: "RevisionId", n: 1}) {
		t.Errorf("after a number: %+v, %v", got, ok)
	}
}

// TestLocateLargeAnswer: a value is found after tens of thousands of members (one pass: pairs).
func TestLocateLargeAnswer(t *testing.T) {
	var b strings.Builder
	b.WriteString("{")
	for i := range 40000 {
		fmt.Fprintf(&b, `"Key%d":"value-%08d",`, i%7, i)
	}
	b.WriteString(`"Last":"the-last-value"}`)
	if got, ok := locate(b.String(), nil, "the-last-value"); !ok || got != (source{key: "Last", n: 1}) {
		t.Fatalf("%+v", got)
	}
	if got, ok := locate(b.String(), nil, "value-00039999"); !ok || got != (source{key: "Key1", n: 5715}) {
		t.Fatalf("%+v", got)
	}
}
