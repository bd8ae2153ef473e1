package main

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/lambdaconform/lambdaconform/fixtures/reference"
	"github.com/lambdaconform/lambdaconform/internal/lambdatest"
	"github.com/lambdaconform/lambdaconform/internal/testbin"
	"github.com/lambdaconform/lambdaconform/suites"
)

// These tests build the runner and run it as users do: the suites can run once per process, so every run is a
// process of its own.

var runnerBin string

func TestMain(m *testing.M) { testbin.Main(m, &runnerBin) }

func runRunner(t *testing.T, args ...string) testbin.Result {
	t.Helper()
	return runRunnerWithin(t, 2*time.Minute, args...)
}

// runRunnerWithin runs the runner, killed after limit (a failure of the test).
func runRunnerWithin(t *testing.T, limit time.Duration, args ...string) testbin.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	r, err := testbin.Run(exec.CommandContext(ctx, runnerBin, args...))
	if err != nil {
		t.Fatalf("running %v: %v\n%s", args, err, r.Stderr)
	}
	return r
}

var summaryRE = regexp.MustCompile(`passed (\d+) · failed (\d+) · skipped (\d+) · error (\d+)`)

func TestDefaultRunIsConformant(t *testing.T) {
	r := runRunner(t)
	if r.Code != 0 {
		t.Fatalf("exit %d, want 0\nstdout:\n%s\nstderr:\n%s", r.Code, r.Stdout, r.Stderr)
	}
	m := summaryRE.FindStringSubmatch(r.Stdout)
	if m == nil || m[1] == "0" || m[2] != "0" || m[4] != "0" {
		t.Fatalf("summary %q: want passes, no failure, no error\n%s", m, r.Stdout)
	}
	if !strings.Contains(r.Stdout, "CONFORMANT") {
		t.Errorf("no verdict in:\n%s", r.Stdout)
	}
}

// TestServeThenEndpoint serves the reference with `runner serve` and checks it with `runner --endpoint`.
func TestServeThenEndpoint(t *testing.T) {
	endpoint, stop := startServe(t)
	r := runRunner(t, "--endpoint", endpoint)
	if r.Code != 0 {
		t.Fatalf("exit %d, want 0\n%s\n%s", r.Code, r.Stdout, r.Stderr)
	}
	if err := stop(); err != nil {
		t.Errorf("serve did not stop cleanly on SIGINT: %v", err)
	}
}

// TestUnreachableEndpoint: nothing listens, so the runner exits 3 within 30 seconds, names the endpoint, reports
// no check as passed, and still writes every report asked for, each saying what happened.
func TestUnreachableEndpoint(t *testing.T) {
	endpoint := "http://127.0.0.1:" + freePort(t)
	dir := t.TempDir()
	r := runRunner(t, append([]string{"--endpoint", endpoint}, reportFlags(dir)...)...)
	if r.Code != 3 {
		t.Errorf("exit %d, want 3", r.Code)
	}
	checkStoppedReports(t, dir, "unreachable", "connection refused")
	if r.Took > 30*time.Second {
		t.Errorf("took %s, want under 30s", r.Took)
	}
	if !strings.Contains(r.Stderr, endpoint) {
		t.Errorf("the message does not name %s:\n%s", endpoint, r.Stderr)
	}
	if m := summaryRE.FindStringSubmatch(r.Stdout); m != nil && m[1] != "0" {
		t.Errorf("checks reported as passed: %s", r.Stdout)
	}
}

// TestJUnitReportHasFailures checks a target that answers PublishVersion with 200 (the reference's fault
// publish-status-200): the run is not conformant and the JUnit file holds <failure> elements naming the rule.
func TestJUnitReportHasFailures(t *testing.T) {
	junit := filepath.Join(t.TempDir(), "report.xml")
	r := runRunner(t, "--fault", "publish-status-200", "--junit-report", junit)
	if r.Code != 1 {
		t.Fatalf("exit %d, want 1\n%s\n%s", r.Code, r.Stdout, r.Stderr)
	}
	data, err := os.ReadFile(junit)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Failures int `xml:"failures,attr"`
		Suites   []struct {
			Cases []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Message string `xml:"message,attr"`
					Type    string `xml:"type,attr"`
					Body    string `xml:",chardata"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("JUnit report does not parse: %v", err)
	}
	if doc.Failures == 0 {
		t.Fatalf("no failures counted in the JUnit report")
	}
	found := false
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			if c.Failure != nil && strings.Contains(c.Failure.Type, "PublishVersion.status.201") {
				found = true
				if !strings.Contains(c.Failure.Body, "curl") || !strings.Contains(c.Failure.Body, "< 200 OK") {
					t.Errorf("failure of %s lacks its transcript or curl command:\n%s", c.Name, c.Failure.Body)
				}
			}
		}
	}
	if !found {
		t.Errorf("no <failure> names rule PublishVersion.status.201:\n%s", data)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"--no-such-flag"},
		{"--endpoint", "ftp://example"},
		{"--profile", "no-such-profile"},
		{"no-such-command"},
	} {
		r := runRunner(t, args...)
		if r.Code != 2 {
			t.Errorf("runner %v: exit %d, want 2\n%s", args, r.Code, r.Stderr)
		}
		if !strings.Contains(r.Stderr, "runner:") {
			t.Errorf("runner %v: no message on stderr", args)
		}
	}
}

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return port
}

// TestInterruptCleansUpAndReports interrupts a run against a slow target: the runner stops, deletes what the
// checks created, still writes its report, and exits 3 (the run is incomplete, not non-conformant).
func TestInterruptCleansUpAndReports(t *testing.T) {
	slow := slowReference(t)
	dir := t.TempDir()
	if r := interruptAfter(t, 3*time.Second, append([]string{"--endpoint", slow}, reportFlags(dir)...)...); r.Code != 3 {
		t.Errorf("exit %d, want 3\n%s\n%s", r.Code, r.Stdout, r.Stderr)
	}
	checkStoppedReports(t, dir, "interrupted", "interrupted")
	lambdatest.AssertNoLeftovers(t, slow, "the interrupted run")
}

// slowReference serves the reference target with 40 ms before every answer, so that a run is still going when
// the test interrupts it.
func slowReference(t *testing.T) string {
	t.Helper()
	ref := reference.New(reference.Options{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(40 * time.Millisecond)
		ref.ServeHTTP(w, r)
	}))
	t.Cleanup(slow.Close)
	return slow.URL
}

// interruptAfter runs the runner, interrupts it (SIGINT) after d and returns how it ended; a runner that has not
// ended 60s after the interrupt fails the test.
func interruptAfter(t *testing.T, d time.Duration, args ...string) testbin.Result {
	t.Helper()
	cmd := exec.Command(runnerBin, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(d)
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	code, err := testbin.WaitAtMost(cmd, 60*time.Second)
	if err != nil {
		t.Fatalf("runner %v after the interrupt: %v", args, err)
	}
	return testbin.Result{Code: code, Stdout: stdout.String(), Stderr: stderr.String()}
}

// reportFlags asks for the JUnit, JSON and HTML reports in dir.
func reportFlags(dir string) []string {
	return []string{"--junit-report", filepath.Join(dir, "junit.xml"), "--json-report", filepath.Join(dir, "report.json"),
		"--html-report", filepath.Join(dir, "report.html")}
}

// checkStoppedReports reads the reports of a run that stopped early: each says why (cause, and a word of the
// reason), the JSON verdict is incomplete, and checks that did not run are marked not run, with the reason.
func checkStoppedReports(t *testing.T, dir, cause, word string) {
	t.Helper()
	var rep struct {
		Stopped *struct{ Cause, Reason string } `json:"stopped"`
		Verdict struct {
			Status string `json:"status"`
			NotRun int    `json:"not_run"`
		} `json:"verdict"`
		Checks []struct{ Outcome, Reason string } `json:"checks"`
	}
	data, err := os.ReadFile(filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatalf("no JSON report: %v", err)
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Stopped == nil || rep.Stopped.Cause != cause || !strings.Contains(rep.Stopped.Reason, word) {
		t.Errorf("JSON: stopped %+v, want cause %s and a reason saying %q", rep.Stopped, cause, word)
	}
	notRun := 0
	for _, c := range rep.Checks {
		if c.Outcome == "not-run" {
			notRun++
			if !strings.HasPrefix(c.Reason, "not run: the run stopped") {
				t.Errorf("JSON: a check not run with the reason %q", c.Reason)
			}
		}
	}
	if rep.Verdict.Status != "incomplete" || notRun == 0 || rep.Verdict.NotRun != notRun {
		t.Errorf("JSON: verdict %+v with %d checks not run", rep.Verdict, notRun)
	}
	junit, err := os.ReadFile(filepath.Join(dir, "junit.xml"))
	if err != nil {
		t.Fatalf("no JUnit report: %v", err)
	}
	if !bytes.Contains(junit, []byte(`<testsuite name="lambdaconform.run"`)) || !bytes.Contains(junit, []byte(`type="`+cause+`"`)) ||
		!bytes.Contains(junit, []byte(`<skipped message="not run: the run stopped`)) || !bytes.Contains(junit, []byte("INCOMPLETE")) {
		t.Errorf("JUnit: the stop is not reported:\n%.3000s", junit)
	}
	page, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatalf("no HTML report: %v", err)
	}
	if !bytes.Contains(page, []byte("The run stopped early: "+cause)) || !bytes.Contains(page, []byte(`class="check o-not-run`)) ||
		!bytes.Contains(page, []byte("INCOMPLETE")) {
		t.Errorf("HTML: the stop is not reported")
	}
}

// TestSilentTargetStopsTheRun: against a target that answers the set-up calls but never UpdateFunctionCode or
// PublishVersion, the run stops after a few calls without an answer, exits 3, names the target, and writes every
// report; also with the checks in several processes. (With the default request timeout the same run takes about
// a minute; README, "Verdict and exit codes".)
func TestSilentTargetStopsTheRun(t *testing.T) {
	for _, procs := range []string{"1", "2"} {
		dir := t.TempDir()
		r := runRunner(t, append([]string{"--hostile", "no-answer", "--request-timeout", "1s", "--procs", procs}, reportFlags(dir)...)...)
		if r.Code != 3 {
			t.Errorf("--procs %s: exit %d, want 3\n%s\n%s", procs, r.Code, r.Stdout, r.Stderr)
		}
		if !strings.Contains(r.Stderr, "went silent: 3 calls got no answer") || !strings.Contains(r.Stdout, "INCOMPLETE: the target went silent") {
			t.Errorf("--procs %s: the run does not say what happened:\n%s\n%s", procs, r.Stdout, r.Stderr)
		}
		checkStoppedReports(t, dir, "silent-target", "went silent")
	}
}

// TestNoSecretInAnyOutput plants credentials in the environment, which the runner signs with, and searches
// every output for them: stdout, stderr, JUnit, JSON, HTML and Markdown.
func TestNoSecretInAnyOutput(t *testing.T) {
	const key, secret, token = "AKIAPLANTEDKEY12345", "planted/Secret+Access+Key/0123456789", "PlantedSessionToken0123456789abcdef"
	dir := t.TempDir()
	// Failures carry transcripts, so the reports hold the signed requests.
	cmd := exec.Command(runnerBin, "--fault", "publish-status-200", "--junit-report", filepath.Join(dir, "j.xml"),
		"--json-report", filepath.Join(dir, "r.json"), "--html-report", filepath.Join(dir, "r.html"),
		"--markdown-report", filepath.Join(dir, "r.md"))
	cmd.Env = append(os.Environ(), "AWS_ACCESS_KEY_ID="+key, "AWS_SECRET_ACCESS_KEY="+secret, "AWS_SESSION_TOKEN="+token)
	out, _ := cmd.CombinedOutput()
	outputs := map[string][]byte{"stdout+stderr": out}
	for _, f := range []string{"j.xml", "r.json", "r.html", "r.md"} {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatalf("%s was not written: %v", f, err)
		}
		outputs[f] = data
	}
	if !bytes.Contains(outputs["r.json"], []byte("X-Amz-Security-Token")) {
		t.Fatal("the reports hold no signed request, so the search below would prove nothing")
	}
	for name, data := range outputs {
		for _, s := range []string{key, secret, token, "Signature="} {
			if bytes.Contains(data, []byte(s)) {
				t.Errorf("%s contains the secret %q", name, s)
			}
		}
	}
}

// TestExpectedFailuresAndBaseline: the failure of a known-broken target is accepted by an expected-failures
// entry (exit 0), and a baseline of that run turns the same failure into a known one, while a fixed target is
// reported as fixed.
func TestExpectedFailuresAndBaseline(t *testing.T) {
	dir := t.TempDir()
	broken := []string{"--fault", "publish-status-200"}
	expected := filepath.Join(dir, "expected.yaml")
	os.WriteFile(expected, []byte(`- rule: PublishVersion.status.201
  reason: our gateway rewrites 201 to 200
  link: https://example.com/issue/1
  expires: 2099-01-01
- rule: PublishVersion.status.documented
  reason: the same rewrite
  expires: 2099-01-01
- rule: behavior.publish.unchanged-returns-latest
  reason: the same rewrite
  expires: 2099-01-01
`), 0o644)
	r := runRunner(t, append(broken, "--expected-failures", expected)...)
	if r.Code != 0 {
		t.Errorf("with every failure expected: exit %d, want 0\n%s", r.Code, r.Stdout)
	}
	baseline := filepath.Join(dir, "baseline.json")
	if r := runRunner(t, append(broken, "--json-report", baseline)...); r.Code != 1 {
		t.Fatalf("baseline run: exit %d, want 1", r.Code)
	}
	if r := runRunner(t, append(broken, "--baseline", baseline)...); r.Code != 0 {
		t.Errorf("same failures as the baseline: exit %d, want 0\n%s", r.Code, r.Stdout)
	}
	fixed := runRunner(t, "--baseline", baseline) // the conformant reference: everything that failed is fixed
	if !strings.Contains(fixed.Stdout, "contract.PublishVersion.status-201") || !strings.Contains(strings.ToLower(fixed.Stdout), "fixed") {
		t.Errorf("the fixed checks are not listed:\n%s", fixed.Stdout)
	}
	for _, bad := range [][]string{{"--expected-failures", filepath.Join(dir, "missing.yaml")}, {"--baseline", expected}} {
		if r := runRunner(t, append(broken, bad...)...); r.Code != 2 {
			t.Errorf("%v: exit %d, want 2\n%s", bad, r.Code, r.Stderr)
		}
	}
}

// TestEveryRuleIsExercised proves the coverage the README states, from the catalog and from runs against the
// reference target, in both profiles:
//   - every rule is claimed by a check, except those no black-box check can exercise (suites.NotExercisable,
//     each with its reason), which none claims;
//   - every check that passes asserted every rule it declares (its Record's asserted rules), except rules no run
//     against the reference can assert (suites.NotAgainstReference, each with its reason), which no passing
//     check asserts;
//   - every other rule was asserted by a check that passed; the unknown-member rules, in a strict run;
//   - the README's coverage table states these figures.
func TestEveryRuleIsExercised(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, profile := range []string{"seed-2019", "aws-current"} {
		var catalog struct {
			Rules []struct {
				ID string `json:"id"`
			} `json:"rules"`
		}
		decodeCommand(t, &catalog, "rules", "--json", "--profile", profile)
		rules := catalog.Rules
		if len(rules) == 0 {
			t.Fatalf("%s: the catalog is empty", profile)
		}
		var checks []struct {
			ID     string   `json:"id"`
			Rules  []string `json:"rules"`
			Labels []string `json:"labels"`
		}
		decodeCommand(t, &checks, "list", "--json", "--profile", profile)
		claimedBy := map[string][]string{}
		for _, c := range checks {
			// A check's evidence is the behaviour's it tests: the CodeSha256 and RevisionId mismatch checks rest on
			// recordings, whatever the rules they assert along the way rest on.
			if strings.Contains(c.ID, "sha-mismatch") || strings.Contains(c.ID, "revision-mismatch") {
				if !slices.Contains(c.Labels, "evidence:aws-recorded") {
					t.Errorf("%s: %s is labelled %v", profile, c.ID, c.Labels)
				}
			}
			for _, r := range c.Rules {
				claimedBy[r] = append(claimedBy[r], c.ID)
			}
		}
		impossible := 0
		for _, r := range rules {
			_, no := suites.NotExercisable(r.ID)
			switch {
			case no && len(claimedBy[r.ID]) > 0:
				t.Errorf("%s: rule %s is listed as not exercisable, but %v claim it", profile, r.ID, claimedBy[r.ID])
			case no:
				impossible++
			case len(claimedBy[r.ID]) == 0:
				t.Errorf("%s: no check exercises rule %s", profile, r.ID)
			}
		}
		asserted := assertedRules(t, "--profile", profile)
		notAgainst := 0
		for _, r := range rules {
			_, no := suites.NotExercisable(r.ID)
			_, excused := suites.NotAgainstReference(r.ID)
			switch {
			case no:
			case excused && asserted[r.ID]:
				t.Errorf("%s: rule %s is listed as not assertable against the reference, but a passing check asserted it", profile, r.ID)
			case excused:
				notAgainst++
			case !asserted[r.ID]:
				t.Errorf("%s: no passing check asserted rule %s against the reference (claimed by %v)", profile, r.ID, claimedBy[r.ID])
			}
		}
		t.Logf("%s: %d rules: %d asserted by a passing check against the reference, %d not exercisable, %d not assertable against the reference",
			profile, len(rules), len(asserted), impossible, notAgainst)
		row := fmt.Sprintf("| `%s` | %d | %d | %d | %d |", profile, len(rules), len(asserted), impossible, notAgainst)
		if !strings.Contains(string(readme), row) {
			t.Errorf("README.md's coverage table lacks the row %s", row)
		}
	}
	// The unknown-member rules, which only strict mode asserts: a strict run under aws-current (whose model
	// knows today's members).
	strict := assertedRules(t, "--profile", "aws-current", "--strict")
	for _, id := range []string{"UpdateFunctionCode.response.unknown-member", "PublishVersion.response.unknown-member"} {
		if !strict[id] {
			t.Errorf("no passing check asserted %s in a strict run", id)
		}
	}
}

// assertedRules runs the suites against the reference target and returns the rules the checks that passed
// asserted. A passing check must have asserted every rule it declares, but for those no run against the
// reference can assert.
func assertedRules(t *testing.T, args ...string) map[string]bool {
	t.Helper()
	report := filepath.Join(t.TempDir(), "report.json")
	if r := runRunner(t, append([]string{"--json-report", report}, args...)...); r.Code != 0 {
		t.Fatalf("runner %v against the reference: exit %d\n%s", args, r.Code, r.Stdout)
	}
	var rep struct {
		Checks []struct {
			ID       string   `json:"id"`
			Outcome  string   `json:"outcome"`
			Rules    []string `json:"rules"`
			Asserted []string `json:"asserted_rules"`
		} `json:"checks"`
	}
	data, _ := os.ReadFile(report)
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	asserted := map[string]bool{}
	for _, c := range rep.Checks {
		if c.Outcome != "passed" {
			continue
		}
		for _, r := range c.Rules {
			_, excused := suites.NotAgainstReference(r)
			if !slices.Contains(c.Asserted, r) && !excused {
				t.Errorf("%v: check %s passed without asserting rule %s, which it declares", args, c.ID, r)
			}
		}
		for _, r := range c.Asserted {
			asserted[r] = true
		}
	}
	return asserted
}

func decodeCommand(t *testing.T, v any, args ...string) {
	t.Helper()
	r := runRunner(t, args...)
	if r.Code != 0 {
		t.Fatalf("runner %v: exit %d\n%s", args, r.Code, r.Stderr)
	}
	if err := json.Unmarshal([]byte(r.Stdout), v); err != nil {
		t.Fatalf("runner %v: %v", args, err)
	}
}

// TestFaultMatrix runs `runner faults`: every named fault of the reference target is caught by a check that
// names a rule it breaks, the clean run and every benign variation pass, every hostile target ends cleanly.
func TestFaultMatrix(t *testing.T) {
	out := filepath.Join(t.TempDir(), "matrix.json")
	// 91 runs, two at a time: about three minutes on a loaded two-core machine.
	r := runRunnerWithin(t, 8*time.Minute, "faults", "--json", out)
	t.Logf("fault matrix in %s:\n%s", r.Took.Round(time.Second), r.Stdout)
	if r.Code != 0 || !strings.Contains(r.Stdout, "MATRIX OK") {
		t.Fatalf("exit %d\n%s\n%s", r.Code, r.Stdout, r.Stderr)
	}
	var runs []struct {
		Kind string `json:"kind"`
	}
	data, _ := os.ReadFile(out)
	if err := json.Unmarshal(data, &runs); err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, run := range runs {
		kinds[run.Kind]++
	}
	if kinds["clean"] != 1 || kinds["fault"] < 25 || kinds["combination"] < 2 || kinds["variation"] < 11 || kinds["hostile"] < 6 {
		t.Errorf("the matrix ran %v", kinds)
	}
}
