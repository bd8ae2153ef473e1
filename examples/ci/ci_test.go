// Package ci_test runs the steps of the CI examples (github/*.yml) on this machine through local.sh, since no
// CI service can be reached from here, and checks that the workflows and the script take the same steps.
package ci_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/lambdaconform/lambdaconform/internal/testbin"
)

// bin is the runner, built once as the workflows' build job builds it.
var bin string

func TestMain(m *testing.M) { testbin.Main(m, &bin) }

// script runs local.sh with the mode, an output directory and extra environment.
func script(t *testing.T, mode, out string, env ...string) testbin.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "local.sh", mode, out)
	cmd.Env = append(os.Environ(), env...)
	r, err := testbin.Run(cmd)
	if err != nil {
		t.Fatalf("local.sh %s: %v\n%s", mode, err, r.Stderr)
	}
	return r
}

type report struct {
	MergedShards int `json:"merged_shards"`
	Shard        *struct {
		Index, Total int
	} `json:"shard"`
	Verdict struct {
		Status string `json:"status"`
	} `json:"verdict"`
	Checks []struct {
		ID      string `json:"id"`
		Outcome string `json:"outcome"`
	} `json:"checks"`
}

func readReport(t *testing.T, path string) report {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var r report
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return r
}

// TestShardsWorkflowLocally runs the sharded workflow's steps: the script builds the binary, three shards run
// as separate processes, and their reports merge into one report, in every format, whose verdict is the script's
// exit code: 0 against the reference, 1 against a faulty reference.
func TestShardsWorkflowLocally(t *testing.T) {
	out := t.TempDir()
	r := script(t, "shards", out)
	if r.Code != 0 {
		t.Fatalf("exit %d, want 0 (conformant)\n%s\n%s", r.Code, r.Stdout, r.Stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "bin", "lambdaconform")); err != nil {
		t.Errorf("the script built no runner: %v", err)
	}
	checkMerged(t, out, "conformant")

	faulty := t.TempDir()
	r = script(t, "shards", faulty, "LAMBDACONFORM="+bin, "TARGET_ARGS=--fault publish-status-200")
	if r.Code != 1 {
		t.Fatalf("against a faulty reference: exit %d, want 1 (not conformant)\n%s\n%s", r.Code, r.Stdout, r.Stderr)
	}
	merged := checkMerged(t, faulty, "not-conformant")
	for _, c := range merged.Checks {
		if c.ID == "contract.PublishVersion.status-201" && c.Outcome != "failed" {
			t.Errorf("%s %s, want failed against publish-status-200", c.ID, c.Outcome)
		}
	}
}

// checkMerged checks the merge job's outputs: every format, made from the three shards' checks.
func checkMerged(t *testing.T, out, status string) report {
	t.Helper()
	merged := readReport(t, filepath.Join(out, "merged", "conformance.json"))
	if merged.MergedShards != 3 || merged.Verdict.Status != status {
		t.Errorf("merged from %d shards with verdict %s, want 3 and %s", merged.MergedShards, merged.Verdict.Status, status)
	}
	var ids []string
	for i := 1; i <= 3; i++ {
		s := readReport(t, filepath.Join(out, "shards", "shard-"+strconv.Itoa(i)+".json"))
		if s.Shard == nil || s.Shard.Index != i || s.Shard.Total != 3 {
			t.Errorf("shard-%d.json says it is shard %+v", i, s.Shard)
		}
		for _, c := range s.Checks {
			ids = append(ids, c.ID)
		}
	}
	var got []string
	for _, c := range merged.Checks {
		got = append(got, c.ID)
	}
	slices.Sort(ids)
	if !slices.Equal(got, ids) || len(ids) < 100 {
		t.Errorf("the merged report has %d checks, the shards %d", len(got), len(ids))
	}
	for _, f := range []string{"conformance.xml", "conformance.html", "conformance.md"} {
		if st, err := os.Stat(filepath.Join(out, "merged", f)); err != nil || st.Size() == 0 {
			t.Errorf("%s not written: %v", f, err)
		}
	}
	return merged
}

// TestCompareWorkflowLocally runs the comparison workflow's steps against the reference, a faulty reference and,
// when moto_server is installed, moto: the comparison has a column per target, and the fault's failure under
// the faulty reference only.
func TestCompareWorkflowLocally(t *testing.T) {
	out := t.TempDir()
	r := script(t, "compare", out, "LAMBDACONFORM="+bin)
	if r.Code != 0 {
		t.Fatalf("exit %d\n%s\n%s", r.Code, r.Stdout, r.Stderr)
	}
	page, err := os.ReadFile(filepath.Join(out, "comparison", "comparison.html"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"reference", "faulty"}
	if _, err := exec.LookPath("moto_server"); err == nil {
		want = append(want, "moto")
		// The script stopped the moto it started.
		pid, err := os.ReadFile(filepath.Join(out, "runs", "moto-server.pid"))
		n, _ := strconv.Atoi(strings.TrimSpace(string(pid)))
		if err != nil || n <= 0 {
			t.Errorf("no pid of moto_server: %v", err)
		} else if syscall.Kill(n, 0) == nil {
			t.Errorf("moto_server (pid %d) left running", n)
		}
	} else {
		t.Log("no moto_server on PATH: the comparison is of the reference and the faulty reference")
	}
	var columns []string
	for _, m := range regexp.MustCompile(`<th class="target">([^<]+)</th>`).FindAllStringSubmatch(string(page), -1) {
		if !slices.Contains(columns, m[1]) {
			columns = append(columns, m[1])
		}
	}
	if !slices.Equal(columns, want) {
		t.Errorf("columns %v, want %v", columns, want)
	}
	row := regexp.MustCompile(`id="row-semantics.PublishVersion.unchanged-returns-latest" data-cells="(passed failed)[^"]*"`)
	if !row.Match(page) {
		t.Errorf("the faulty reference's failure (publish-always-new) is not under it")
	}
	if md, err := os.ReadFile(filepath.Join(out, "comparison", "comparison.md")); err != nil || !bytes.Contains(md, []byte("targets compared")) {
		t.Errorf("no Markdown comparison: %v", err)
	}
}

// TestWorkflowsTakeTheScriptsSteps: the workflows parse, and take the steps local.sh takes: one binary built
// once, the shards of a matrix each uploading its report, a merge job that runs whatever the shards' results
// and merges them; a run per target and a compare job.
func TestWorkflowsTakeTheScriptsSteps(t *testing.T) {
	type step struct {
		Run  string         `yaml:"run"`
		Uses string         `yaml:"uses"`
		With map[string]any `yaml:"with"`
	}
	type job struct {
		Needs    any    `yaml:"needs"`
		If       string `yaml:"if"`
		Strategy struct {
			Matrix map[string]any `yaml:"matrix"`
		} `yaml:"strategy"`
		Steps []step `yaml:"steps"`
	}
	read := func(name string) map[string]job {
		data, err := os.ReadFile(filepath.Join("github", name))
		if err != nil {
			t.Fatal(err)
		}
		var wf struct {
			Jobs map[string]job `yaml:"jobs"`
		}
		if err := yaml.Unmarshal(data, &wf); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return wf.Jobs
	}
	runs := func(j job) string {
		var b strings.Builder
		for _, s := range j.Steps {
			b.WriteString(s.Run + "\n")
		}
		return b.String()
	}
	local, err := os.ReadFile("local.sh")
	if err != nil {
		t.Fatal(err)
	}

	shards := read("conformance-shards.yml")
	if !strings.Contains(runs(shards["build"]), "go build -o lambdaconform ./runner") {
		t.Errorf("shards: no build job")
	}
	matrix, _ := shards["shard"].Strategy.Matrix["shard"].([]any)
	if len(matrix) != 3 || !strings.Contains(runs(shards["shard"]), "--shard ${{ matrix.shard }}/3 --json-report") {
		t.Errorf("shards: the matrix %v does not run --shard i/%d", matrix, len(matrix))
	}
	if !strings.Contains(runs(shards["merge"]), "./lambdaconform merge shards/*.json") || !strings.Contains(shards["merge"].If, "always()") {
		t.Errorf("shards: the merge job does not merge every shard's report whatever the shards' results")
	}
	compare := read("conformance-compare.yml")
	if targets, _ := compare["run"].Strategy.Matrix["include"].([]any); len(targets) < 2 {
		t.Errorf("compare: %d targets", len(targets))
	}
	if !strings.Contains(runs(compare["compare"]), `./lambdaconform compare "${args[@]}"`) {
		t.Errorf("compare: no compare step")
	}
	for _, j := range []job{shards["shard"], compare["run"]} {
		if !strings.Contains(runs(j), `test "$code" -ne 2`) {
			t.Errorf("a run step fails on the target's verdict, not only on a configuration error (exit 2)")
		}
	}
	for _, cmd := range []string{`"$bin" merge "$out"/shards/shard-*.json`, `"$bin" compare "${args[@]}"`, `--shard "$i/$n" --json-report`,
		`if [ "$code" -eq 2 ]`} {
		if !bytes.Contains(local, []byte(cmd)) {
			t.Errorf("local.sh does not run %s", cmd)
		}
	}
}
