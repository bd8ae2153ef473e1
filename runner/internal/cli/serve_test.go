package cli

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lambdaconform/lambdaconform/fixtures/deploypkg"
	"github.com/lambdaconform/lambdaconform/fixtures/reference"
)

// An unknown fault is a usage error (exit 2) whose message lists every known fault.
func TestServeUnknownFault(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := Main([]string{"serve", "--listen", "127.0.0.1:0", "--fault", "no-such-fault"}, &stdout, &stderr)
	if code != ExitUsage {
		t.Errorf("exit %d, want %d", code, ExitUsage)
	}
	for _, f := range reference.Faults() {
		if !strings.Contains(stderr.String(), f.Name) {
			t.Fatalf("the error does not list %s:\n%s", f.Name, stderr.String())
		}
	}
}

// `runner serve --fault NAME` serves a target with that fault, for every fault; with publish-status-200 a
// PublishVersion answers 200.
func TestServeEveryFault(t *testing.T) {
	for _, f := range reference.Faults() {
		url, stop := startServe(t, "--listen", "127.0.0.1:0", "--fault", f.Name)
		resp, err := http.Get(url + "/2015-03-31/functions/")
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("serve --fault %s: ListFunctions: %v %v", f.Name, resp, err)
		}
		resp.Body.Close()
		if f.Name == "publish-status-200" {
			if got := publishStatus(t, url); got != 200 {
				t.Errorf("with publish-status-200, PublishVersion answered %d", got)
			}
		}
		stop()
	}
	url, stop := startServe(t, "--listen", "127.0.0.1:0")
	defer stop()
	if got := publishStatus(t, url); got != 201 {
		t.Errorf("without a fault, PublishVersion answered %d", got)
	}
}

// syncBuffer is a bytes.Buffer safe for one writer and one reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var listening = regexp.MustCompile(`listening on (http://\S+)`)

// startServe runs serve until stop is called and returns the URL it listens on.
func startServe(t *testing.T, args ...string) (url string, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- serve(ctx, args, out, io.Discard) }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if m := listening.FindStringSubmatch(out.String()); m != nil {
			url = m[1]
			break
		}
		select {
		case err := <-done:
			cancel()
			t.Fatalf("serve %v stopped: %v", args, err)
		case <-time.After(5 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("serve %v did not start: %s", args, out.String())
		}
	}
	return url, func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve %v: %v", args, err)
		}
	}
}

// publishStatus creates a function on the target at url and returns PublishVersion's status.
func publishStatus(t *testing.T, url string) int {
	t.Helper()
	create := `{"FunctionName":"f","Runtime":"python3.7","Role":"arn:aws:iam::123456789012:role/r",` +
		`"Handler":"index.handler","Code":{"ZipFile":"` + encode(deploypkg.Handler("f")) + `"}}`
	resp, err := http.Post(url+"/2015-03-31/functions", "application/json", strings.NewReader(create))
	if err != nil || resp.StatusCode != 201 {
		t.Fatalf("CreateFunction: %v %v", resp, err)
	}
	resp.Body.Close()
	resp, err = http.Post(url+"/2015-03-31/functions/f/versions", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func encode(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

// TestServeVariationAndHostile: `runner serve --variation` and `--hostile` serve those targets over the network:
// region-account's ARNs carry its region, html-error answers PublishVersion with a 502 HTML page, and the two
// cannot be combined.
func TestServeVariationAndHostile(t *testing.T) {
	url, stop := startServe(t, "--listen", "127.0.0.1:0", "--variation", "region-account")
	create := `{"FunctionName":"f","Runtime":"python3.7","Role":"arn:aws:iam::123456789012:role/r",` +
		`"Handler":"index.handler","Code":{"ZipFile":"` + encode(deploypkg.Handler("f")) + `"}}`
	resp, err := http.Post(url+"/2015-03-31/functions", "application/json", strings.NewReader(create))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), "arn:aws:lambda:eu-central-1:210987654321:function:f") {
		t.Errorf("serve --variation region-account: CreateFunction answered %s", body)
	}
	stop()

	url, stop = startServe(t, "--listen", "127.0.0.1:0", "--hostile", "html-error")
	defer stop()
	if got := publishStatus(t, url); got != http.StatusBadGateway {
		t.Errorf("serve --hostile html-error: PublishVersion answered %d", got)
	}
	var stderr bytes.Buffer
	if code := Main([]string{"serve", "--variation", "slow", "--hostile", "reset"}, io.Discard, &stderr); code != ExitUsage ||
		!strings.Contains(stderr.String(), "choose one of") {
		t.Errorf("--variation with --hostile: exit %d, %s", code, stderr.String())
	}
}
