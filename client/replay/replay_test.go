package replay_test

import (
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

	"github.com/lambdaconform/lambdaconform/client"
	"github.com/lambdaconform/lambdaconform/client/replay"
	"github.com/lambdaconform/lambdaconform/fixtures/deploypkg"
	"github.com/lambdaconform/lambdaconform/fixtures/reference"
	"github.com/lambdaconform/lambdaconform/internal/lambdatest"
	"github.com/lambdaconform/lambdaconform/internal/prereq"
	"github.com/lambdaconform/lambdaconform/internal/testbin"
)

// scenario runs, against a target, the kind of check whose replay must thread values: a RevisionId read by
// GetFunction and sent back (then sent again once stale), an S3 object version read from PutObject's header and
// sent in UpdateFunctionCode and in the clean-up, a binary body, and waits.
func scenario(t *testing.T, c *client.Client, prefix string) []replay.Step {
	t.Helper()
	ctx := context.Background()
	var steps []replay.Step
	rec := func(kind replay.Kind, ex *client.Exchange, failed ...string) *client.Exchange {
		if ex.Err != nil {
			t.Fatalf("%s: %v", ex.Operation, ex.Err)
		}
		steps = append(steps, replay.Step{Kind: kind, Exchange: ex, Failed: failed})
		return ex
	}
	name := prefix + "1"
	pkg := deploypkg.Handler(name)
	rec(replay.Call, c.CreateFunction(ctx, map[string]any{"FunctionName": name, "Runtime": "python3.12",
		"Role": "arn:aws:iam::123456789012:role/r", "Handler": "index.handler", "Code": map[string]any{"ZipFile": pkg}}))
	rec(replay.WaitActive, c.GetFunction(ctx, name, ""))
	got := rec(replay.Call, c.GetFunction(ctx, name, ""))
	var fn struct{ Configuration struct{ RevisionId string } }
	if err := json.Unmarshal(got.Body, &fn); err != nil || fn.Configuration.RevisionId == "" {
		t.Fatalf("GetFunction: %s", got.Body)
	}
	rev := fn.Configuration.RevisionId
	if ex := rec(replay.Call, c.UpdateFunctionCode(ctx, name, map[string]any{"ZipFile": deploypkg.Handler("two"), "RevisionId": rev})); ex.Status != 200 {
		t.Fatalf("update with the current RevisionId: %s", ex.Outcome())
	}
	rec(replay.WaitUpdated, c.GetFunction(ctx, name, ""))
	if ex := rec(replay.Call, c.PublishVersion(ctx, name, map[string]any{"RevisionId": rev}), "behavior.revision.mismatch"); ex.Status != 412 {
		t.Fatalf("publish with a stale RevisionId: %s", ex.Outcome())
	}
	bucket := strings.ToLower(prefix) + "2-code"
	rec(replay.Call, c.CreateBucket(ctx, bucket))
	rec(replay.Call, c.EnableVersioning(ctx, bucket))
	zip := deploypkg.Handler("from-s3")
	put := rec(replay.Call, c.PutObject(ctx, bucket, "code/f.zip", zip))
	version := put.Header.Get("X-Amz-Version-Id")
	if version == "" || version == "null" {
		t.Fatalf("PutObject gave no version: %s", put.Outcome())
	}
	if ex := rec(replay.Call, c.UpdateFunctionCode(ctx, name, map[string]any{"S3Bucket": bucket, "S3Key": "code/f.zip", "S3ObjectVersion": version})); ex.Status != 200 {
		t.Fatalf("update from S3: %s", ex.Outcome())
	}
	rec(replay.Cleanup, c.DeleteObject(ctx, bucket, "code/f.zip", version))
	rec(replay.Cleanup, c.DeleteBucket(ctx, bucket))
	rec(replay.Cleanup, c.DeleteFunction(ctx, name, ""))
	return steps
}

// recordedPlan runs the scenario against a reference target, as a run named lc-abc123- would, and builds its
// replay with o's check, title and failures.
func recordedPlan(t *testing.T, o replay.Options) *replay.Plan {
	t.Helper()
	recorded := httptest.NewServer(reference.New(reference.Options{}))
	t.Cleanup(recorded.Close)
	c, err := client.New(client.Config{Endpoint: recorded.URL})
	if err != nil {
		t.Fatal(err)
	}
	o.NamePrefix, o.RunID, o.Endpoint, o.WaitTimeout = "lc-", "abc123", recorded.URL, 10*time.Second
	return replay.Build(o, scenario(t, c, o.NamePrefix+o.RunID+"-"))
}

func writePlan(t *testing.T, p *replay.Plan) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range p.Files() {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, replay.ScriptName)
}

func runScript(t *testing.T, script string, args ...string) (string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", append([]string{script}, args...)...)
	cmd.Env = append(os.Environ(), "REPLAY_OUT="+t.TempDir())
	out, err := cmd.CombinedOutput()
	code, err := testbin.ExitCode(err)
	if err != nil {
		t.Fatalf("running the replay: %v\n%s", err, out)
	}
	return string(out), code
}

// TestReplayThreadsValues records the scenario against the reference target, then runs its replay against
// another reference target: every call must answer as recorded, which it cannot unless the RevisionId and the
// S3 version are read from the new answers, the names are fresh, and the binary package is sent byte for byte;
// and the clean-up must leave nothing behind.
func TestReplayThreadsValues(t *testing.T) {
	prereq.Replays(t)
	plan := recordedPlan(t, replay.Options{Check: "semantics.PublishVersion.example", Title: "an example",
		Failures: []string{"[behavior.revision.mismatch] status of PublishVersion"}})
	script := writePlan(t, plan)
	if out, err := exec.Command("sh", "-n", script).CombinedOutput(); err != nil {
		t.Fatalf("sh -n: %v\n%s", err, out)
	}
	for _, want := range []string{"jget \"$out/3.body\" 'RevisionId' 1", "hget \"$out/9.head\" 'X-Amz-Version-Id'"} {
		if !strings.Contains(plan.Script(), want) {
			t.Errorf("the script does not capture %s:\n%s", want, plan.Script())
		}
	}
	replayed := reference.New(reference.Options{})
	target := httptest.NewServer(replayed)
	defer target.Close()
	out, code := runScript(t, script, target.URL)
	if code != 0 || !strings.Contains(out, "REPRODUCED") {
		t.Fatalf("exit %d, want 0 and REPRODUCED:\n%s\n--- script:\n%s", code, out, plan.Script())
	}
	if strings.Contains(out, ", recorded ") {
		t.Errorf("a call answered otherwise than recorded:\n%s", out)
	}
	if strings.Contains(out, "lc-abc123-") {
		t.Errorf("the replay reused the run's names:\n%s", out)
	}
	lambdatest.AssertNoLeftovers(t, target.URL, "the replay")
}

// TestReplayDetectsAChange: the same replay against a target with a fault on the failing call says it did not
// reproduce, and exits 1.
func TestReplayDetectsAChange(t *testing.T) {
	prereq.Replays(t)
	plan := recordedPlan(t, replay.Options{Check: "x"})
	target := httptest.NewServer(reference.New(reference.Options{Fault: "revision-ignored"}))
	defer target.Close()
	out, code := runScript(t, writePlan(t, plan), target.URL)
	if code != 1 || !strings.Contains(out, "NOT REPRODUCED") || !strings.Contains(out, "recorded 412 PreconditionFailedException") {
		t.Fatalf("exit %d, want 1 and NOT REPRODUCED naming the recorded 412:\n%s", code, out)
	}
	lambdatest.AssertNoLeftovers(t, target.URL, "the replay")
}

// TestReplayCleansUpWhenInterrupted: a replay stopped half-way still deletes what it created.
func TestReplayCleansUpWhenInterrupted(t *testing.T) {
	prereq.Replays(t)
	plan := recordedPlan(t, replay.Options{Check: "x"})
	ref := reference.New(reference.Options{})
	started := make(chan struct{}, 1)
	release := make(chan struct{})
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut && strings.HasSuffix(r.URL.Path, "/code") {
			select {
			case started <- struct{}{}:
				<-release // hold the first update until the script is interrupted
			default:
			}
		}
		ref.ServeHTTP(w, r)
	}))
	defer target.Close()
	defer close(release)
	cmd := exec.Command("bash", writePlan(t, plan), target.URL)
	cmd.Env = append(os.Environ(), "REPLAY_OUT="+t.TempDir())
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-started:
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("the replay never reached its update:\n%s", out.String())
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	release <- struct{}{}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("the interrupted replay did not end:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "clean-up:") {
		t.Errorf("no clean-up after the interrupt:\n%s", out.String())
	}
	lambdatest.AssertNoLeftovers(t, target.URL, "the replay")
}
