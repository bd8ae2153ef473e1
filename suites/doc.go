// Package suites holds lambdaconform's checks: Ginkgo v2 specs, generated from the rule catalog of the spec
// package where the model can say what to check, and written by hand where behaviour spans several calls.
//
// The checks fall in four families (contract, semantics, errors, interop). Each carries labels (operation,
// family, evidence, profile, check ID and rules), creates its own functions under a run prefix and deletes them,
// and, when it fails, reports every broken expectation with its rule, the rule's source, the redacted
// transcript of each call involved and a curl command that reproduces it.
//
// To run the checks from your own test:
//
//	func TestConformance(t *testing.T) {
//		gomega.RegisterFailHandler(ginkgo.Fail)
//		if err := suites.Configure(suites.Config{Endpoint: "http://127.0.0.1:9000"}); err != nil {
//			t.Fatal(err)
//		}
//		ginkgo.RunSpecs(t, "lambda conformance")
//	}
package suites
