package main

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/lambdaconform/lambdaconform/fixtures/reference"
	"github.com/lambdaconform/lambdaconform/internal/lambdatest"
	"github.com/lambdaconform/lambdaconform/internal/prereq"
	"github.com/lambdaconform/lambdaconform/internal/testbin"
	"github.com/lambdaconform/lambdaconform/spec"
)

// replayedRun is a run of the runner against a faulty reference target served over loopback, with every report.
type replayedRun struct {
	target *httptest.Server
	dir    string
	report struct {
		Checks []struct {
			ID      string
			Outcome string
			Replay  string
			Calls   []struct {
				Operation  string
				Status     int
				Violations []struct{ Rule string }
			}
		}
	}
}

func runFaulty(t *testing.T, fault, focus string, args ...string) *replayedRun {
	t.Helper()
	r := &replayedRun{dir: t.TempDir()}
	r.target = httptest.NewServer(reference.New(reference.Options{Fault: fault, UpdateDelay: 20 * time.Millisecond}))
	t.Cleanup(r.target.Close)
	res := runRunner(t, append([]string{"--endpoint", r.target.URL, "--focus", focus, "--json-report", filepath.Join(r.dir, "r.json"),
		"--html-report", filepath.Join(r.dir, "r.html"), "--junit-report", filepath.Join(r.dir, "junit.xml"),
		"--markdown-report", filepath.Join(r.dir, "r.md")}, args...)...)
	if res.Code != 1 {
		t.Fatalf("fault %s: exit %d, want 1\n%s\n%s", fault, res.Code, res.Stdout, res.Stderr)
	}
	data, err := os.ReadFile(filepath.Join(r.dir, "r.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &r.report); err != nil {
		t.Fatal(err)
	}
	// Every report is text, binary request bodies or not, and links each failed check to its replay.
	for _, name := range []string{"r.json", "r.html", "junit.xml", "r.md"} {
		data, err := os.ReadFile(filepath.Join(r.dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !utf8.Valid(data) {
			t.Errorf("%s is not valid UTF-8", name)
		}
	}
	return r
}

// replayOf runs a failed check's replay with bash against the target, and returns its output, its exit code,
// the directory of its answers and the steps that failed the check.
func (r *replayedRun) replayOf(t *testing.T, id string) (out string, code int, answers string, failing []int) {
	t.Helper()
	script := ""
	for _, c := range r.report.Checks {
		if c.ID == id {
			if c.Outcome != "failed" || c.Replay == "" {
				t.Fatalf("%s: outcome %s, replay %q; want a failure with a replay", id, c.Outcome, c.Replay)
			}
			script = filepath.Join(r.dir, filepath.FromSlash(c.Replay))
		}
	}
	if script == "" {
		t.Fatalf("no check %s in the report", id)
	}
	html, _ := os.ReadFile(filepath.Join(r.dir, "r.html"))
	junit, _ := os.ReadFile(filepath.Join(r.dir, "junit.xml"))
	rel, _ := filepath.Rel(r.dir, script)
	if !strings.Contains(string(html), `href="`+filepath.ToSlash(rel)+`"`) {
		t.Errorf("the HTML report does not link %s", rel)
	}
	var doc struct {
		Cases []struct {
			Failure *struct {
				Body string `xml:",chardata"`
			} `xml:"failure"`
		} `xml:"testsuite>testcase"`
	}
	_ = xml.Unmarshal(junit, &doc)
	if !slices.ContainsFunc(doc.Cases, func(c struct {
		Failure *struct {
			Body string `xml:",chardata"`
		} `xml:"failure"`
	}) bool {
		return c.Failure != nil && strings.Contains(c.Failure.Body, "sh "+filepath.ToSlash(rel))
	}) {
		t.Errorf("no JUnit failure names the replay %s", rel)
	}
	text, err := os.ReadFile(script)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile(`answered (\d+) '[^']*' \d+ '[^']*' 1`).FindAllStringSubmatch(string(text), -1) {
		n, _ := strconv.Atoi(m[1])
		failing = append(failing, n)
	}
	answers = t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", script)
	cmd.Env = append(os.Environ(), "REPLAY_OUT="+answers)
	raw, err := cmd.CombinedOutput()
	if code, err = testbin.ExitCode(err); err != nil {
		t.Fatalf("running %s: %v\n%s", script, err, raw)
	}
	return string(raw), code, answers, failing
}

func statusOf(t *testing.T, answers string, step int) int {
	t.Helper()
	head, err := os.ReadFile(filepath.Join(answers, strconv.Itoa(step)+".head"))
	if err != nil {
		t.Fatal(err)
	}
	var status int
	for _, line := range strings.Split(string(head), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && strings.HasPrefix(f[0], "HTTP/") {
			status, _ = strconv.Atoi(f[1])
		}
	}
	return status
}

// TestReplayReproducesFailures runs the runner against the reference target with a named fault, served over
// loopback, then runs the replay script of a failed check with bash and curl against the same target: the
// script must say the failure reproduces, and the failing call's answer must show the same deviation as in the
// report — the status, a response member the model rejects, or the wrong object's code.
func TestReplayReproducesFailures(t *testing.T) {
	prereq.Replays(t)
	model := spec.MustLoad(spec.Seed2019)
	t.Run("status", func(t *testing.T) {
		// In two processes: the replay travels from the shard that ran the check to the runner that writes it.
		r := runFaulty(t, "publish-status-200", `PublishVersion\.status-201|semantics\.PublishVersion\.versions-sequential`, "--procs", "2")
		out, code, answers, failing := r.replayOf(t, "contract.PublishVersion.status-201")
		if code != 0 || !strings.Contains(out, "REPRODUCED") || len(failing) != 1 {
			t.Fatalf("exit %d, failing steps %v:\n%s", code, failing, out)
		}
		if s := statusOf(t, answers, failing[0]); s != 200 {
			t.Errorf("the replayed PublishVersion answered %d, want the faulty 200", s)
		}
		lambdatest.AssertNoLeftovers(t, r.target.URL, "the replay")
	})
	t.Run("member of a shared observation", func(t *testing.T) {
		const id = "contract.UpdateFunctionCode.response.LastModified.format"
		const rule = "UpdateFunctionCode.response.LastModified.format"
		r := runFaulty(t, "last-modified-rfc3339", `UpdateFunctionCode\.response\.LastModified`)
		out, code, answers, failing := r.replayOf(t, id)
		if code != 0 || !strings.Contains(out, "REPRODUCED") || len(failing) == 0 {
			t.Fatalf("exit %d, failing steps %v:\n%s", code, failing, out)
		}
		for _, step := range failing {
			body, err := os.ReadFile(filepath.Join(answers, strconv.Itoa(step)+".body"))
			if err != nil {
				t.Fatal(err)
			}
			vs := model.Operation("UpdateFunctionCode").Validate(spec.Response{Status: statusOf(t, answers, step),
				Header: http.Header{"Content-Type": {"application/json"}}, Body: body})
			if !slices.ContainsFunc(vs, func(v spec.Violation) bool { return v.Rule == rule }) {
				t.Errorf("the replayed answer of step %d does not break %s: %v\n%s", step, rule, vs, body)
			}
		}
		lambdatest.AssertNoLeftovers(t, r.target.URL, "the replay")
	})
	t.Run("shared set-up", func(t *testing.T) {
		const id = "semantics.PublishVersion.versions-past-nine"
		r := runFaulty(t, "version-skips-ten", `versions-past-nine`)
		out, code, answers, failing := r.replayOf(t, id)
		if code != 0 || !strings.Contains(out, "REPRODUCED") || len(failing) != 1 {
			t.Fatalf("exit %d, failing steps %v:\n%s", code, failing, out)
		}
		body, _ := os.ReadFile(filepath.Join(answers, strconv.Itoa(failing[0])+".body"))
		var got struct{ Version string }
		_ = json.Unmarshal(body, &got)
		if got.Version != "12" {
			t.Errorf("the replayed eleventh publish made version %q; the fault numbers it 12", got.Version)
		}
		if n := strings.Count(out, "] PublishVersion -> 201"); n != 11 {
			t.Errorf("the replay published %d versions, want the shared set-up's 11:\n%s", n, out)
		}
		lambdatest.AssertNoLeftovers(t, r.target.URL, "the replay")
	})
	t.Run("S3 object version", func(t *testing.T) {
		const id = "semantics.UpdateFunctionCode.s3-code"
		r := runFaulty(t, "s3-object-version-ignored", `semantics\.UpdateFunctionCode\.s3-code`)
		dir := ""
		for _, c := range r.report.Checks {
			if c.ID == id && c.Replay != "" {
				dir = filepath.Dir(filepath.Join(r.dir, filepath.FromSlash(c.Replay)))
			}
		}
		zips, _ := filepath.Glob(filepath.Join(dir, "*-PutObject.zip"))
		if len(zips) != 2 {
			t.Fatalf("want the two packages stored in S3 beside the replay, got %v", zips)
		}
		older, _ := os.ReadFile(zips[0])
		newer, _ := os.ReadFile(zips[1])
		out, code, answers, failing := r.replayOf(t, id)
		if code != 0 || !strings.Contains(out, "REPRODUCED") || len(failing) != 1 {
			t.Fatalf("exit %d, failing steps %v:\n%s", code, failing, out)
		}
		if strings.Contains(out, ", recorded ") {
			t.Errorf("a call answered otherwise than recorded:\n%s", out)
		}
		body, _ := os.ReadFile(filepath.Join(answers, strconv.Itoa(failing[0])+".body"))
		var got struct{ CodeSha256 string }
		_ = json.Unmarshal(body, &got)
		if got.CodeSha256 != sha(newer) || got.CodeSha256 == sha(older) {
			t.Errorf("the replayed update from the first version has CodeSha256 %s; the fault gives the latest version's %s (the first's is %s)",
				got.CodeSha256, sha(newer), sha(older))
		}
		lambdatest.AssertNoLeftovers(t, r.target.URL, "the replay")
	})
}

func sha(b []byte) string {
	sum := sha256.Sum256(b)
	return base64.StdEncoding.EncodeToString(sum[:])
}
