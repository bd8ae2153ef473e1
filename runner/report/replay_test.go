package report

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lambdaconform/lambdaconform/client"
	"github.com/lambdaconform/lambdaconform/client/replay"
)

// samplePlan is the replay of a check that stored a binary package in S3 and sent a body holding a secret.
func samplePlan(secret string) *replay.Plan {
	zip := []byte("PK\x03\x04\x14\x00\xff\xfe\x00 binary package")
	steps := []replay.Step{
		{Kind: replay.Call, Exchange: &client.Exchange{Operation: "PutObject", Service: "s3", Region: "us-east-1", Method: "PUT",
			URL: "http://127.0.0.1:9000/lc-abc123-2-code/f.zip", RequestHeader: http.Header{"Content-Type": {"application/octet-stream"}},
			RequestBody: zip, Status: 200, Header: http.Header{}}},
		{Kind: replay.Call, Failed: []string{"PublishVersion.status.201"}, Exchange: &client.Exchange{Operation: "PublishVersion",
			Service: "lambda", Region: "us-east-1", Method: "POST", URL: "http://127.0.0.1:9000/2015-03-31/functions/lc-abc123-1/versions",
			RequestHeader: http.Header{"Content-Type": {"application/json"}},
			RequestBody:   []byte(`{"Description":"` + secret + `"}`), Status: 200, Header: http.Header{}}},
	}
	return replay.Build(replay.Options{Check: "contract.PublishVersion.status-201", NamePrefix: "lc-", RunID: "abc123",
		Endpoint: "http://127.0.0.1:9000", WaitTimeout: time.Minute}, steps)
}

// TestWriteReplays: a failed check's replay is written to its own directory, its binary body byte for byte,
// its script intact (redaction has nothing to take from it) and executable, secrets of the run removed from
// text bodies; other checks get none; every output links the script relative to itself.
func TestWriteReplays(t *testing.T) {
	const secret = "PLANTEDSECRETVALUE123"
	r := sampleReport()
	plan := samplePlan(secret)
	for i := range r.Checks {
		if r.Checks[i].ID == "contract.PublishVersion.status-201" {
			r.Checks[i].Plan = plan
		}
		if r.Checks[i].ID == "contract.UpdateFunctionCode.status-200" {
			r.Checks[i].Plan = plan // passed: no replay
		}
	}
	r.Redact(secret)
	dir := filepath.Join(t.TempDir(), "out", "r.replay")
	n, err := WriteReplays(&r, dir)
	if err != nil || n != 1 {
		t.Fatalf("WriteReplays: %d, %v; want 1 replay", n, err)
	}
	script := filepath.Join(dir, "contract.PublishVersion.status-201", replay.ScriptName)
	if got := r.check("contract.PublishVersion.status-201").Replay; got != script {
		t.Errorf("Replay %q, want %q", got, script)
	}
	if r.check("contract.UpdateFunctionCode.status-200").Replay != "" {
		t.Error("a passed check got a replay")
	}
	st, err := os.Stat(script)
	if err != nil || st.Mode()&0o100 == 0 {
		t.Fatalf("the script is missing or not executable: %v", err)
	}
	text, _ := os.ReadFile(script)
	if string(text) != plan.Script() {
		t.Errorf("redaction changed the script:\n%s", text)
	}
	files, _ := os.ReadDir(filepath.Dir(script))
	var sawZip, sawJSON bool
	for _, f := range files {
		data, _ := os.ReadFile(filepath.Join(filepath.Dir(script), f.Name()))
		switch filepath.Ext(f.Name()) {
		case ".zip":
			sawZip = bytes.Equal(data, plan.Steps[0].Body)
		case ".json":
			sawJSON = true
			if strings.Contains(string(data), secret) || !strings.Contains(string(data), Redacted) {
				t.Errorf("the body %s keeps the secret: %s", f.Name(), data)
			}
		}
	}
	if !sawZip || !sawJSON {
		t.Errorf("the bodies are not beside the script, byte for byte: %v", files)
	}
	linked := LinkReplays(r, filepath.Dir(dir))
	if got := linked.check("contract.PublishVersion.status-201").Replay; got != "r.replay/contract.PublishVersion.status-201/replay.sh" {
		t.Errorf("linked from the report's directory: %q", got)
	}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, linked); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadJSON(&buf); err != nil {
		t.Errorf("a report with a replay does not match its schema: %v", err)
	}
}

func TestReplayDirNames(t *testing.T) {
	if got := ReplayDir("out/conformance.json"); got != "out/conformance.replay" {
		t.Errorf("ReplayDir: %q", got)
	}
	used := map[string]bool{}
	a := replayDirName("contract.PublishVersion.response.Layers[].Arn.length", used)
	b := replayDirName("contract.PublishVersion.response.Layers{}.Arn.length", used)
	if a == b || strings.ContainsAny(a+b, "[]{}/") {
		t.Errorf("directory names %q and %q", a, b)
	}
}

// TestReplayLinksAcrossDirectories: a shard's report read from its directory (runner merge) points to its replays
// from wherever the merged report is written.
func TestReplayLinksAcrossDirectories(t *testing.T) {
	root := t.TempDir()
	r := Report{Checks: []Check{{ID: "a", Replay: "shard-1.replay/a/replay.sh"}, {ID: "b"}}}
	resolved := ResolveReplays(r, filepath.Join(root, "shards"))
	if want := filepath.Join(root, "shards", "shard-1.replay", "a", "replay.sh"); resolved.Checks[0].Replay != want {
		t.Errorf("resolved %q, want %q", resolved.Checks[0].Replay, want)
	}
	if r.Checks[0].Replay != "shard-1.replay/a/replay.sh" {
		t.Error("ResolveReplays changed the report it was given")
	}
	linked := LinkReplays(resolved, filepath.Join(root, "merged"))
	if got := linked.Checks[0].Replay; got != "../shards/shard-1.replay/a/replay.sh" {
		t.Errorf("linked from the merged report's directory: %q", got)
	}
	if linked.Checks[1].Replay != "" {
		t.Error("a check without a replay got one")
	}
}
