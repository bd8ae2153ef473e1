package suites_test

import (
	"net/http/httptest"
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/lambdaconform/lambdaconform/fixtures/reference"
	"github.com/lambdaconform/lambdaconform/internal/lambdatest"
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
	lambdatest.AssertNoLeftovers(t, srv.URL, "the checks")
}
