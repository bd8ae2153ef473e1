// Package suites holds lambdaconform's checks: Ginkgo v2 specs, generated from the rule catalog of the spec
// package where the model can say what to check, and written by hand where behaviour spans several calls.
//
// The checks fall in four families (contract, semantics, errors, interop). Each carries labels (operation,
// family, evidence, profile, check ID and rules), creates its own functions under a run prefix and deletes them,
// and, when it fails, reports every broken expectation with its rule, the rule's source, the redacted
// transcript of each call involved and a curl command that reproduces it.
//
// How a check judges. The members of an answer are read as Members, which say whether the answer carried a
// value, null, or nothing: an expectation about a member that is not a value fails and says so, and two absent
// values never compare equal. A check records every expectation that does not depend on an earlier failed one
// (Status, Config and Need report whether the next step can be taken) and goes on. The members AWS always sends
// (spec's presence rules) are judged on every answer of the operations under test that a check's calls get; a
// call that got no answer fails every rule it was sent to judge. Each check records the rules it asserted.
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
