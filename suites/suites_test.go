package suites_test

import (
	"net/http/httptest"
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/lambdaconform/lambdaconform/fixtures/reference"
	"github.com/lambdaconform/lambdaconform/suites"
)

// TestSuites runs every check against the in-process reference target; all must pass. With `ginkgo -p` each
// process starts a reference of its own.
func TestSuites(t *testing.T) {
	RegisterFailHandler(Fail)
	ref := reference.New(reference.Options{})
	srv := httptest.NewServer(ref)
	defer srv.Close()
	if err := suites.Configure(suites.Config{Endpoint: srv.URL, FunctionExtras: ref.FunctionExtras()}); err != nil {
		t.Fatal(err)
	}
	RunSpecs(t, "lambdaconform suites against the reference target")
}
