package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lambdaconform/lambdaconform/fixtures/reference"

	"github.com/lambdaconform/lambdaconform/fixtures/reference/image"
	"github.com/lambdaconform/lambdaconform/internal/dockertest"
	"github.com/lambdaconform/lambdaconform/internal/lambdatest"
	"github.com/lambdaconform/lambdaconform/recording/compare"
	"github.com/lambdaconform/lambdaconform/recording/diffreport"
	"github.com/lambdaconform/lambdaconform/recording/format"
)

// fixture is the committed recording of the reference target (recording/testdata).
var fixture = filepath.Join("..", "recording", "testdata", "reference.recording.json")

func readDiff(t *testing.T, path string) compare.Result {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := diffreport.ValidateJSON(data); err != nil {
		t.Fatal(err)
	}
	var res compare.Result
	if err := json.Unmarshal(data, &res); err != nil {
		t.Fatal(err)
	}
	return res
}

// TestRecordAndDiffReference: runner record and runner diff against the embedded reference, as users run them.
func TestRecordAndDiffReference(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "reference.json")
	r := runRunner(t, "record", "--output", out)
	if r.Code != 0 {
		t.Fatalf("record: exit %d\n%s\n%s", r.Code, r.Stdout, r.Stderr)
	}
	if _, err := format.ReadFile(out); err != nil {
		t.Fatal(err)
	}
	j, h, m := filepath.Join(dir, "d.json"), filepath.Join(dir, "d.html"), filepath.Join(dir, "d.md")
	r = runRunner(t, "diff", "--recording", fixture, "--json-report", j, "--html-report", h, "--markdown-report", m)
	if r.Code != 0 || !strings.Contains(r.Stdout, "SAME:") {
		t.Fatalf("diff against the reference's own recording: exit %d\n%s\n%s", r.Code, r.Stdout, r.Stderr)
	}
	if res := readDiff(t, j); res.Verdict.Status != "same" || res.Summary.Counted != 0 || res.Summary.Exchanges < 100 {
		t.Errorf("JSON diff: %+v %+v", res.Verdict, res.Summary)
	}
	for _, f := range []string{h, m} {
		if data, err := os.ReadFile(f); err != nil || len(data) == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	r = runRunner(t, "diff", "--recording", fixture, "--fault", "publish-always-new", "--json-report", j)
	if r.Code != 1 || !strings.Contains(r.Stdout, "lifecycle/publish-unchanged") || !strings.Contains(r.Stdout, "DIFFERENT:") {
		t.Fatalf("diff against publish-always-new: exit %d\n%s\n%s", r.Code, r.Stdout, r.Stderr)
	}
	// A known-differences file that accepts them turns the verdict into ACCEPTED, exit 0.
	known := filepath.Join(dir, "known.yaml")
	os.WriteFile(known, []byte(`- path: $.Version
  reason: we number versions our own way
- path: $.FunctionArn
  reason: follows from the version
- path: $..RevisionId
  reason: follows from the version
- path: $.Versions
  reason: follows from the version
- path: $.Description
  reason: follows from the version
- path: $.NotThere
  reason: a stale entry
`), 0o644)
	r = runRunner(t, "diff", "--recording", fixture, "--fault", "publish-always-new", "--known-differences", known, "--json-report", j)
	if r.Code != 0 || !strings.Contains(r.Stdout, "ACCEPTED:") || !strings.Contains(r.Stdout, "stale: entry 6") {
		t.Fatalf("diff with known differences: exit %d\n%s\n%s", r.Code, r.Stdout, r.Stderr)
	}
	if res := readDiff(t, j); res.Known == nil || res.Known.Entries[5].Status != "stale" || res.Summary.Known == 0 {
		t.Errorf("known differences in the JSON diff: %+v", res.Known)
	}
}

// TestRecordDiffUsage: bad input exits 2 with one line, before anything runs.
func TestRecordDiffUsage(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"schema":"lambdaconform/recording/v1","tool":"lambdaconform"}`), 0o644)
	other := filepath.Join(dir, "other-set.json")
	data, _ := os.ReadFile(fixture)
	os.WriteFile(other, []byte(strings.Replace(string(data), `"scenario_set": "v1"`, `"scenario_set": "v99"`, 1)), 0o644)
	badKnown := filepath.Join(dir, "known.yaml")
	os.WriteFile(badKnown, []byte("- path: RevisionId\n  reason: no dollar\n"), 0o644)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"record"}, "--output FILE is required"},
		{[]string{"record", "--output", "x.json", "--scenarios", "nope"}, `unknown scenario "nope"`},
		{[]string{"record", "--output", "x.json", "--endpoint", "https://lambda.us-east-1.amazonaws.com"}, "--role is required for AWS"},
		{[]string{"record", "--output", "x.json", "--endpoint", "https://lambda.us-east-1.amazonaws.com", "--role", "arn:aws:iam::1:role/r"}, "pass --allow-aws"},
		{[]string{"diff"}, "--recording FILE is required"},
		{[]string{"diff", "--recording", filepath.Join(dir, "missing.json")}, "no such file"},
		{[]string{"diff", "--recording", bad}, "not a valid lambdaconform recording"},
		{[]string{"diff", "--recording", other}, "scenario set v99"},
		{[]string{"diff", "--recording", fixture, "--known-differences", badKnown}, "entry 1 (line 1)"},
		{[]string{"diff", "--recording", fixture, "--color", "pink"}, "--color"},
	} {
		r := runRunner(t, tc.args...)
		lines := strings.Split(strings.TrimSpace(r.Stderr), "\n")
		if r.Code != 2 || !strings.Contains(r.Stderr, tc.want) || len(lines) != 1 || strings.Contains(r.Stderr, "goroutine") {
			t.Errorf("%v: exit %d, stderr:\n%s\nwant exit 2 and one line with %q", tc.args, r.Code, r.Stderr, tc.want)
		}
	}
}

// TestRecordDiffContainer: record and diff the reference image, built FROM scratch and started with
// testcontainers-go. The image completes updates at the next request, so the conflicts cannot be shown: they are
// notes, not differences.
func TestRecordDiffContainer(t *testing.T) {
	dockertest.Require(t)
	dir := t.TempDir()
	if err := image.Build(context.Background(), dir); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "image.json")
	r := runRunner(t, "record", "--dockerfile", dir, "--port", image.Port, "--output", out)
	if r.Code != 0 {
		t.Fatalf("record: exit %d\n%s\n%s", r.Code, r.Stdout, r.Stderr)
	}
	if _, err := format.ReadFile(out); err != nil {
		t.Fatal(err)
	}
	j := filepath.Join(t.TempDir(), "diff.json")
	r = runRunner(t, "diff", "--recording", fixture, "--dockerfile", dir, "--port", image.Port, "--json-report", j)
	if r.Code != 0 {
		t.Fatalf("diff: exit %d\n%s\n%s", r.Code, r.Stdout, r.Stderr)
	}
	res := readDiff(t, j)
	if res.Summary.Counted != 0 || res.Summary.Exchanges < 100 {
		t.Errorf("diff of the reference image: %+v", res.Summary)
	}
	for _, s := range res.Scenarios {
		for _, n := range s.Notes {
			if !strings.HasPrefix(n.Exchange, "conflicts/") {
				t.Errorf("unexpected note at %s: %s", n.Exchange, n.Message)
			}
		}
	}
	assertNoLeftovers(t)
}

// TestRecordAndDiffInterrupted interrupts record and diff against a slow target: both stop, delete what the
// scenarios created, and exit 3; record writes no recording, diff still writes its reports.
func TestRecordAndDiffInterrupted(t *testing.T) {
	slow := slowReference(t)
	dir := t.TempDir()
	out, report := filepath.Join(dir, "rec.json"), filepath.Join(dir, "diff.json")
	for _, args := range [][]string{
		{"record", "--endpoint", slow, "--output", out},
		{"diff", "--recording", fixture, "--endpoint", slow, "--json-report", report},
	} {
		if r := interruptAfter(t, 2*time.Second, args...); r.Code != 3 {
			t.Errorf("%s: exit %d, want 3\n%s\n%s", args[0], r.Code, r.Stdout, r.Stderr)
		}
		lambdatest.AssertNoLeftovers(t, slow, args[0])
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("an interrupted record wrote a recording")
	}
	if res := readDiff(t, report); res.Verdict.Status != "incomplete" || res.Verdict.ExitCode != 3 {
		t.Errorf("the interrupted diff's report: %+v", res.Verdict)
		for _, s := range res.Scenarios {
			for _, d := range s.Differences {
				t.Logf("%s (%s) %s %s %s: %s", s.ID, s.Error, d.Exchange, d.Kind, d.Path, d.Message)
			}
		}
	}
}

// TestNoSecretInRecordingOrDiff plants credentials, signs with them, and lets the target echo them (and its
// Authorization header) in an error message: no recording, no diff output, no terminal line may hold them.
func TestNoSecretInRecordingOrDiff(t *testing.T) {
	const key, secret, token = "AKIAPLANTEDKEY12345", "planted/Secret+Access+Key/0123456789", "PlantedSessionToken0123456789abcdef"
	ref := reference.New(reference.Options{})
	leaky := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/versions") {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("X-Amzn-Errortype", "InvalidParameterValueException")
			w.WriteHeader(400)
			msg := "echo Authorization: " + r.Header.Get("Authorization") + " token " + r.Header.Get("X-Amz-Security-Token") + " secret " + secret
			json.NewEncoder(w).Encode(map[string]string{"Type": "User", "message": msg})
			return
		}
		ref.ServeHTTP(w, r)
	}))
	defer leaky.Close()
	dir := t.TempDir()
	env := append(os.Environ(), "AWS_ACCESS_KEY_ID="+key, "AWS_SECRET_ACCESS_KEY="+secret, "AWS_SESSION_TOKEN="+token)
	files := map[string]string{"rec": filepath.Join(dir, "rec.json"), "json": filepath.Join(dir, "d.json"),
		"html": filepath.Join(dir, "d.html"), "md": filepath.Join(dir, "d.md"), "replay": filepath.Join(dir, "replay.json")}
	outputs := map[string][]byte{}
	for _, args := range [][]string{
		{"record", "--endpoint", leaky.URL, "--output", files["rec"], "--scenarios", "lifecycle"},
		{"diff", "--recording", fixture, "--endpoint", leaky.URL, "--scenarios", "lifecycle", "--json-report", files["json"],
			"--html-report", files["html"], "--markdown-report", files["md"], "--output", files["replay"]},
	} {
		cmd := exec.Command(runnerBin, args...)
		cmd.Env = env
		out, _ := cmd.CombinedOutput()
		outputs[args[0]+" stdout+stderr"] = out
	}
	for name, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatalf("%s was not written: %v", name, err)
		}
		outputs[name] = data
	}
	if !bytes.Contains(outputs["rec"], []byte("echo Authorization: <redacted>")) {
		t.Fatalf("the recording does not hold the echoed message, so the search below would prove nothing:\n%.2000s", outputs["rec"])
	}
	for name, data := range outputs {
		for _, s := range []string{secret, token, "Signature=", "planted%2FSecret"} {
			if bytes.Contains(data, []byte(s)) {
				t.Errorf("%s holds %q", name, s)
			}
		}
	}
}
