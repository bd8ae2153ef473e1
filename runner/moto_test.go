//go:build unix

package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/lambdaconform/lambdaconform/client"
)

// startMoto starts the machine's moto_server (moto 5.2.1 ships with the machine image) on a free loopback port,
// creates the execution role moto requires before CreateFunction, and stops the process group it started when
// the test ends. Without moto_server the test skips, and fails under CI=true.
func startMoto(t *testing.T) (endpoint, role string) {
	t.Helper()
	path, err := exec.LookPath("moto_server")
	if err != nil {
		if strings.EqualFold(os.Getenv("CI"), "true") {
			t.Fatalf("CI=true requires moto_server on PATH for this test: %v", err)
		}
		t.Skipf("skipped: this test runs moto_server, which is not on PATH (%v)", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := fmt.Sprint(ln.Addr().(*net.TCPAddr).Port)
	ln.Close()
	var out bytes.Buffer
	cmd := exec.Command(path, "-H", "127.0.0.1", "-p", port)
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting moto_server: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
	})
	endpoint = "http://127.0.0.1:" + port
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(endpoint + "/moto-api/")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("moto_server did not answer on %s within 60s: %v\n%s", endpoint, err, out.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
	c, err := client.New(client.Config{Endpoint: endpoint, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	form := url.Values{"Action": {"CreateRole"}, "Version": {"2010-05-08"}, "RoleName": {"lambdaconform"},
		"AssumeRolePolicyDocument": {`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`}}
	ex := c.Do(context.Background(), client.Request{Operation: "iam:CreateRole", Service: "iam", Method: http.MethodPost, Path: "/",
		Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}, Body: []byte(form.Encode())})
	var doc struct {
		Arn string `xml:"CreateRoleResult>Role>Arn"`
	}
	if ex.Status != 200 || xml.Unmarshal(ex.Body, &doc) != nil || doc.Arn == "" {
		t.Fatalf("creating the execution role in moto: %s\n%s", ex.Outcome(), ex.Body)
	}
	return endpoint, doc.Arn
}
