package suites_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/lambdaconform/lambdaconform/fixtures/reference"
	"github.com/lambdaconform/lambdaconform/suites"
)

// TestSuites runs every check against the in-process reference target; all must pass, and nothing the checks
// created may be left on the target. With `ginkgo -p` each process starts a reference of its own.
func TestSuites(t *testing.T) {
	RegisterFailHandler(Fail)
	// Updates stay InProgress for 20 ms, so that the checks of 409 ResourceConflictException can see one.
	ref := reference.New(reference.Options{UpdateDelay: 20 * time.Millisecond})
	srv := httptest.NewServer(ref)
	defer srv.Close()
	if err := suites.Configure(suites.Config{Endpoint: srv.URL, FunctionExtras: ref.FunctionExtras()}); err != nil {
		t.Fatal(err)
	}
	if !RunSpecs(t, "lambdaconform suites against the reference target") {
		return
	}
	if left := functions(t, srv.URL); len(left) > 0 {
		t.Errorf("the checks left %d functions on the target: %v", len(left), left)
	}
}

func functions(t *testing.T, endpoint string) []string {
	t.Helper()
	resp, err := http.Get(endpoint + "/2015-03-31/functions/")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var list struct {
		Functions []struct{ FunctionName string }
	}
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range list.Functions {
		names = append(names, f.FunctionName)
	}
	return names
}
