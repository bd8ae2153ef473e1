package cli

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lambdaconform/lambdaconform/client"
)

func parseArgs(t *testing.T, args ...string) (runOptions, error) {
	t.Helper()
	fs := newFlagSet("run", "runner", "", io.Discard)
	return parseRunOptions(args, fs)
}

func TestConfigFileAndFlagsWin(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "lc.yaml")
	os.WriteFile(cfg, []byte(`
endpoint: http://127.0.0.1:4566
strict: true
label-filter: "family:semantics"
request-timeout: 5s
prefix: vendor-
env: [A=1]
function-extras:
  KMSKeyArn: arn:aws:kms:us-east-1:123456789012:key/x
`), 0o644)
	o, err := parseArgs(t, "--config", cfg, "--prefix", "mine-", "--env", "B=2")
	if err != nil {
		t.Fatal(err)
	}
	if o.Endpoint != "http://127.0.0.1:4566" || !o.Strict || o.RequestTimeout != 5*time.Second {
		t.Errorf("settings from the file were not read: %+v", o)
	}
	if o.LabelFilter != "family:semantics" || o.FunctionExtras["KMSKeyArn"] == nil {
		t.Errorf("settings from the file were not read: %+v", o)
	}
	if o.Prefix != "mine-" {
		t.Errorf("prefix %q: the flag must win over the file", o.Prefix)
	}
	if got := o.Env.Map(); got["A"] != "1" || got["B"] != "2" {
		t.Errorf("env %v: want the file's and the flag's", got)
	}
}

// TestConfigPathsRelativeToTheFile: relative paths in a config file are read from the file's directory.
func TestConfigPathsRelativeToTheFile(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "lc.yaml")
	os.WriteFile(cfg, []byte("json-report: out/report.json\njunit-report: /abs/junit.xml\n"), 0o644)
	fromFile := defaultRunOptions()
	if err := loadConfigFile(cfg, &fromFile); err != nil {
		t.Fatal(err)
	}
	if fromFile.JSON != filepath.Join(dir, "out", "report.json") || fromFile.JUnit != "/abs/junit.xml" {
		t.Errorf("paths from the file: %q, %q", fromFile.JSON, fromFile.JUnit)
	}
}

func TestUsageErrorsAreClear(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("endpoint: [unclosed\n"), 0o644)
	unknown := filepath.Join(dir, "unknown.yaml")
	os.WriteFile(unknown, []byte("no-such-setting: 1\n"), 0o644)
	typed := filepath.Join(dir, "typed.yaml")
	os.WriteFile(typed, []byte("procs: four\n"), 0o644)
	bareDuration := filepath.Join(dir, "duration.yaml")
	os.WriteFile(bareDuration, []byte("request-timeout: 10\n"), 0o644)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--config", filepath.Join(dir, "missing.yaml")}, "no such file"},
		{[]string{"--config", bad}, "bad.yaml"},
		{[]string{"--config", unknown}, `unknown key "no-such-setting"; the keys are allow-aws, baseline,`},
		{[]string{"--profile", "2020"}, `unknown profile "2020"`},
		{[]string{"--preset", "floci"}, `unknown preset "floci"`},
		{[]string{"--endpoint", "http://x", "--preset", "moto"}, "choose one target"},
		{[]string{"--image", "some/image:1"}, "need --port"},
		{[]string{"--dockerfile", filepath.Join(dir, "nope"), "--port", "8080/tcp"}, "not a directory"},
		{[]string{"--request-timeout", "-1s"}, "positive"},
		{[]string{"--launch", "process"}, "--launch applies to --preset"},
		{[]string{"--preset", "moto", "--launch", "vm"}, `--launch "vm": want auto, container, process`},
		{[]string{"--preset", "localstack", "--launch", "process"}, "the localstack preset runs only in Docker"},
		{[]string{"--preset", "moto", "--launch", "process", "--image", "motoserver/moto:5.2.1"}, "--image, --port and --env are for containers"},
		{[]string{"--config", typed}, "procs: want a whole number"},
		{[]string{"--config", bareDuration}, "request-timeout: want a duration"},
	} {
		var stderr bytes.Buffer
		code := Main(append([]string{"run"}, tc.args...), io.Discard, &stderr)
		if code != ExitUsage {
			t.Errorf("%v: exit %d, want %d", tc.args, code, ExitUsage)
		}
		if !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("%v: message %q does not say %q", tc.args, stderr.String(), tc.want)
		}
	}
}

func TestAWSEndpointNeedsAllowAWS(t *testing.T) {
	var stderr bytes.Buffer
	code := Main([]string{"--endpoint", "https://lambda.eu-west-1.amazonaws.com"}, io.Discard, &stderr)
	if code != ExitUsage || !strings.Contains(stderr.String(), "--allow-aws") {
		t.Fatalf("exit %d, %q: an AWS endpoint must be refused without --allow-aws", code, stderr.String())
	}
	for endpoint, want := range map[string]bool{
		"https://lambda.us-east-1.amazonaws.com": true, "https://lambda.us-east-1.api.aws": true,
		"https://lambda.cn-north-1.amazonaws.com.cn": true, "http://127.0.0.1:4566": false,
		"http://localhost.localstack.cloud:4566": false, "https://notamazonaws.com": false,
	} {
		if got := isAWS(endpoint); got != want {
			t.Errorf("isAWS(%s) = %v", endpoint, got)
		}
	}
	if got := regionOf("https://lambda.eu-west-1.amazonaws.com"); got != "eu-west-1" {
		t.Errorf("region of an AWS endpoint: %s", got)
	}
}

func TestCredentialsDefaultToTestForEmulators(t *testing.T) {
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_DEFAULT_REGION", "")
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	s, err := startTarget(context.Background(), runOptions{Endpoint: srv.URL, RequestTimeout: time.Second}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	creds, err := s.credentials.Retrieve(context.Background())
	if err != nil || creds.AccessKeyID != "test" || creds.SecretAccessKey != "test" || s.region != "us-east-1" {
		t.Errorf("got %+v, %s, %v: want test/test in us-east-1", creds, s.region, err)
	}
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIAFROMENVIRONMENT")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "secret-from-environment")
	t.Setenv("AWS_REGION", "eu-central-1")
	s, err = startTarget(context.Background(), runOptions{Endpoint: srv.URL, RequestTimeout: time.Second}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	creds, _ = s.credentials.Retrieve(context.Background())
	if creds.AccessKeyID != "AKIAFROMENVIRONMENT" || s.region != "eu-central-1" {
		t.Errorf("the standard chain was not used: %s in %s", creds.AccessKeyID, s.region)
	}
}

// TestPresets checks the presets by their configuration: pinned images, ports, readiness, environment.
func TestPresets(t *testing.T) {
	for name, p := range presets {
		if !strings.Contains(p.Image, ":") || strings.HasSuffix(p.Image, ":latest") {
			t.Errorf("%s: image %q must be pinned to a tag", name, p.Image)
		}
		if !strings.HasSuffix(p.Port, "/tcp") || p.ReadyPath == "" {
			t.Errorf("%s: needs a port and a readiness path", name)
		}
	}
	if presets["localstack"].Image != "localstack/localstack:4.14.0" || presets["localstack"].ReadyPath != "/_localstack/health" {
		t.Errorf("localstack preset: %+v", presets["localstack"])
	}
	if presets["moto"].Image != "motoserver/moto:5.1.22" || presets["moto"].Port != "5000/tcp" || presets["moto"].Setup == nil {
		t.Errorf("moto preset: %+v", presets["moto"])
	}
	if f := presets["moto"].Process; f == nil || f.Command != "moto_server" || !slices.Equal(f.Args("127.0.0.1", "5055"), []string{"-H", "127.0.0.1", "-p", "5055"}) ||
		!strings.Contains(f.Install, "pip install") {
		t.Errorf("moto's process form: %+v", f)
	}
	t.Setenv("LOCALSTACK_AUTH_TOKEN", "token-123")
	env := presets["localstack"].env(map[string]string{"DEBUG": "1"})
	if env["LOCALSTACK_AUTH_TOKEN"] != "token-123" || env["DEBUG"] != "1" || env["SERVICES"] == "" {
		t.Errorf("localstack environment: %v", env)
	}
}

// TestMotoSetupCreatesRole runs the moto set-up against a stand-in for moto's IAM query API.
func TestMotoSetupCreatesRole(t *testing.T) {
	var calls []url.Values
	iam := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		calls = append(calls, form)
		if !strings.Contains(r.Header.Get("Authorization"), "/iam/aws4_request") {
			http.Error(w, "not signed for iam", http.StatusForbidden)
			return
		}
		if form.Get("Action") == "CreateRole" && len(calls) > 1 {
			w.WriteHeader(http.StatusConflict)
			io.WriteString(w, `<ErrorResponse><Error><Code>EntityAlreadyExists</Code></Error></ErrorResponse>`)
			return
		}
		io.WriteString(w, `<`+form.Get("Action")+`Response><`+form.Get("Action")+`Result><Role><Arn>arn:aws:iam::123456789012:role/lambdaconform</Arn></Role></`+
			form.Get("Action")+`Result></`+form.Get("Action")+`Response>`)
	}))
	defer iam.Close()
	c, _ := client.New(client.Config{Endpoint: iam.URL})
	for range 2 { // the second run finds the role in place
		role, err := createIAMRole(context.Background(), c)
		if err != nil || role != "arn:aws:iam::123456789012:role/lambdaconform" {
			t.Fatalf("role %q, %v", role, err)
		}
	}
	if calls[0].Get("RoleName") != "lambdaconform" || !strings.Contains(calls[0].Get("AssumeRolePolicyDocument"), "lambda.amazonaws.com") {
		t.Errorf("CreateRole request: %v", calls[0])
	}
	if calls[2].Get("Action") != "GetRole" {
		t.Errorf("an existing role must be read back with GetRole, got %v", calls[2])
	}
}

// TestShebangInterpreter reads the Python interpreter a script names, directly or through env.
func TestShebangInterpreter(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ line, want string }{
		{"#!/root/.pyenv/versions/3.11.7/bin/python\n", "/root/.pyenv/versions/3.11.7/bin/python"},
		{"#!/usr/bin/env python3\n", "python3"},
		{"#!/usr/bin/env -S python3 -u\n", "python3"},
		{"#!/usr/bin/env bash\n", ""},
		{"#!/bin/sh\n", ""},
		{"not a script", ""},
	} {
		path := filepath.Join(dir, "moto_server")
		os.WriteFile(path, []byte(tc.line+"print('hi')\n"), 0o755)
		got := strings.Join(shebangInterpreter(path), "")
		if got != tc.want {
			t.Errorf("%q: %q, want %q", tc.line, got, tc.want)
		}
	}
}
