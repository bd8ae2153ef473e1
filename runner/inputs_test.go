package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBadInputs runs every kind of bad input through the built binary: each exits 2 with one line on stderr that
// names the input, never a panic or a stack trace, also when the checks would run in several processes.
func TestBadInputs(t *testing.T) {
	dir := t.TempDir()
	file := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	unknownKey := file("unknown.yaml", "endpont: http://127.0.0.1:4566\n")
	wrongType := file("type.yaml", "procs: four\n")
	bareDuration := file("duration.yaml", "request-timeout: 10\n")
	notYAML := file("broken.yaml", "endpoint: [unclosed\n")
	typoCheck := file("typo-check.yaml", "- check: contract.PublishVersion.status-2O1\n  reason: a typo\n")
	typoRule := file("typo-rule.yaml", "- rule: PublishVersion.status.2O1\n  reason: a typo\n")
	notAReport := file("baseline.json", `{"hello": "world"}`)
	for _, tc := range []struct {
		args []string
		want string // in the message
	}{
		{[]string{"--focus", "["}, `--focus "[" is not a regular expression`},
		{[]string{"--skip", "("}, `--skip "(" is not a regular expression`},
		{[]string{"--procs", "2", "--focus", "["}, `--focus "[" is not a regular expression`},
		{[]string{"list", "--focus", "["}, `--focus "[" is not a regular expression`},
		{[]string{"--label-filter", "((("}, `--label-filter "(((" is not a label query`},
		{[]string{"--procs", "2", "--label-filter", "((("}, `--label-filter "(((" is not a label query`},
		{[]string{"list", "--label-filter", "a &&"}, `is not a label query`},
		{[]string{"--junit-report", "/nonexistent-dir/x.xml"}, "/nonexistent-dir does not exist"},
		{[]string{"--json-report", dir}, "is a directory"},
		{[]string{"--html-report", filepath.Join(notAReport, "r.html")}, "baseline.json is not a directory"},
		{[]string{"--json-report", filepath.Join(dir, "r"), "--html-report", filepath.Join(dir, "r")}, "give each report its own file"},
		{[]string{"--procs", "0"}, "--procs 0: want 1 to 64"},
		{[]string{"--procs", "-3"}, "--procs -3: want 1 to 64"},
		{[]string{"--procs", "65"}, "--procs 65: want 1 to 64"},
		{[]string{"--procs", "2", "--shard", "1/2"}, "cannot be combined"},
		{[]string{"--shard", "3/2"}, `--shard "3/2"`},
		{[]string{"--request-timeout", "0s"}, "--request-timeout 0s: want a positive duration"},
		{[]string{"--start-timeout", "-1s"}, "--start-timeout -1s"},
		{[]string{"--fail-on", "may"}, `--fail-on "may": want must or should`},
		{[]string{"--color", "pink"}, `--color "pink"`},
		{[]string{"--prefix", "9-starts-with-a-digit"}, "must start with a letter"},
		{[]string{"--profile", "seed-2020"}, `unknown profile "seed-2020"`},
		{[]string{"--fault", "no-such-fault"}, `unknown fault "no-such-fault"`},
		{[]string{"--variation", "nope"}, `unknown variation "nope"`},
		{[]string{"--endpoint", "ftp://example"}, "must be an http:// or https:// URL"},
		{[]string{"--config", unknownKey}, `unknown key "endpont"; the keys are allow-aws,`},
		{[]string{"--config", wrongType}, "procs: want a whole number"},
		{[]string{"--config", bareDuration}, "request-timeout: want a duration such as 30s"},
		{[]string{"--config", notYAML}, "not valid YAML"},
		{[]string{"--config", filepath.Join(dir, "missing.yaml")}, "no such file"},
		{[]string{"--expected-failures", typoCheck}, "no check contract.PublishVersion.status-2O1 in the seed-2019 catalog"},
		{[]string{"--expected-failures", typoRule}, "no rule PublishVersion.status.2O1 in the seed-2019 catalog"},
		{[]string{"--baseline", notAReport}, "not a lambdaconform report: it has no \"schema\" member"},
		{[]string{"--no-such-flag"}, "flag provided but not defined"},
		{[]string{"no-such-command"}, `unknown command "no-such-command"`},
		{[]string{"faults", "--only", "nope"}, `unknown fault "nope"`},
		{[]string{"serve", "--hostile", "nope"}, `unknown hostile behaviour "nope"`},
	} {
		r := runRunner(t, tc.args...)
		lines := strings.Split(strings.TrimRight(r.Stderr, "\n"), "\n")
		switch {
		case r.Code != 2:
			t.Errorf("runner %q: exit %d, want 2\n%s", tc.args, r.Code, r.Stderr)
		case strings.Contains(r.Stderr, "panic") || strings.Contains(r.Stderr, "goroutine "):
			t.Errorf("runner %q panicked:\n%s", tc.args, r.Stderr)
		case !strings.Contains(r.Stderr, tc.want):
			t.Errorf("runner %q: %q does not say %q", tc.args, r.Stderr, tc.want)
		case len(lines) != 1:
			t.Errorf("runner %q: %d lines on stderr, want one:\n%s", tc.args, len(lines), r.Stderr)
		}
		if r.Stdout != "" {
			t.Errorf("runner %q wrote to stdout: %s", tc.args, r.Stdout)
		}
	}
}

// TestDiscoverable: --help lists the subcommands, --version the version and each profile's catalog, faults --list
// the names the flags take.
func TestDiscoverable(t *testing.T) {
	help := runRunner(t, "--help")
	for _, cmd := range []string{"runner serve", "runner list", "runner faults", "runner rules", "runner version", "--fail-on"} {
		if !strings.Contains(help.Stderr+help.Stdout, cmd) {
			t.Errorf("--help does not mention %s:\n%s", cmd, help.Stderr)
		}
	}
	if help.Code != 0 {
		t.Errorf("--help: exit %d", help.Code)
	}
	v := runRunner(t, "--version")
	if v.Code != 0 || !strings.HasPrefix(v.Stdout, "lambdaconform ") || !strings.Contains(v.Stdout, "profile seed-2019") ||
		!strings.Contains(v.Stdout, "profile aws-current") || !strings.Contains(v.Stdout, "rules, catalog ") {
		t.Errorf("--version: exit %d\n%s", v.Code, v.Stdout)
	}
	l := runRunner(t, "faults", "--list")
	for _, want := range []string{"--fault      publish-status-200", "--variation  slow", "--hostile    no-answer"} {
		if !strings.Contains(l.Stdout, want) {
			t.Errorf("faults --list lacks %q:\n%s", want, l.Stdout)
		}
	}
}
