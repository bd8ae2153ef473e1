package cli

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/lambdaconform/lambdaconform/fixtures/reference"
	"github.com/lambdaconform/lambdaconform/runner/targets"
)

// A served reference target is recognised at /_lambdaconform/reference and its extras are used, unless the run
// has its own; a target whose updates complete at once is pointed out; anything else is left alone.
func TestLearnReference(t *testing.T) {
	learn := func(h http.Handler, o runOptions) (*started, string) {
		srv := httptest.NewServer(h)
		t.Cleanup(srv.Close)
		remote, err := targets.NewRemote(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		s := &started{target: remote, region: "us-east-1", credentials: credentials.NewStaticCredentialsProvider("test", "test", "")}
		var log bytes.Buffer
		learnReference(context.Background(), s, o, &log)
		return s, log.String()
	}
	ref := reference.New(reference.Options{UpdateDelay: reference.DefaultUpdateDelay})
	s, log := learn(ref, runOptions{})
	if len(s.extras) == 0 || s.extras["KMSKeyArn"] == nil || !strings.Contains(log, reference.InfoTarget) || strings.Contains(log, "skip") {
		t.Errorf("a served reference: extras %v, log %q", s.extras, log)
	}
	s, log = learn(reference.New(reference.Options{}), runOptions{})
	if len(s.extras) == 0 || !strings.Contains(log, "--update-delay") {
		t.Errorf("a reference without an update delay: extras %v, log %q", s.extras, log)
	}
	s, _ = learn(ref, runOptions{FunctionExtras: map[string]any{"Description": "mine"}})
	if s.extras != nil {
		t.Errorf("the run's own extras were overridden by %v", s.extras)
	}
	for name, h := range map[string]http.Handler{
		"404":          http.NotFoundHandler(),
		"another JSON": http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte(`{"target":"moto"}`)) }),
		"not JSON":     http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte(`<html>`)) }),
	} {
		if s, log := learn(h, runOptions{}); s.extras != nil || log != "" {
			t.Errorf("%s: extras %v, log %q", name, s.extras, log)
		}
	}
}
