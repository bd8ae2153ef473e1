package report

import (
	"time"

	"github.com/lambdaconform/lambdaconform/spec"
	"github.com/lambdaconform/lambdaconform/suites"
)

// hostile is what a target may put in a response body: markup that must never run or format anything.
const hostile = `<script>alert(1)</script> | @everyone #1 **bold** [x](javascript:alert(2))`

// sampleReport is a run with every outcome: two passes, two failures (one of two rules), an error, a skip.
func sampleReport() Report {
	failedCall := suites.CallRecord{Operation: "PublishVersion", Method: "POST",
		URL: "http://127.0.0.1:9000/2015-03-31/functions/lc-1-1/versions", Status: 200, Outcome: "200", DurationMS: 3,
		Transcript: "> POST http://127.0.0.1:9000/2015-03-31/functions/lc-1-1/versions\n> Authorization: <redacted>\n>\n> {}\n" +
			"< 200 OK (3ms)\n< Content-Type: application/json\n<\n< {\"Version\":\"1\",\"Description\":\"" + hostile + "\"}\n",
		Curl: "curl -sS -i -X POST 'http://127.0.0.1:9000/2015-03-31/functions/lc-1-1/versions' \\\n  --aws-sigv4 'aws:amz:us-east-1:lambda' --user \"$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY\"",
		Violations: []spec.Violation{{Rule: "PublishVersion.status.documented", Kind: spec.KindStatus, Expected: "201",
			Actual: "200", Message: "status 200 is not documented for PublishVersion"}}}
	checks := []Check{
		{ID: "contract.PublishVersion.status-201", Title: "PublishVersion answers 201 on success", Operation: "PublishVersion",
			Family: "contract", Evidence: "docs", Rules: []string{"PublishVersion.status.201", "PublishVersion.status.documented"},
			Labels:      []string{"operation:PublishVersion", "family:contract", "evidence:docs", "check:contract.PublishVersion.status-201"},
			FailedRules: []string{"PublishVersion.status.201", "PublishVersion.status.documented"}, Outcome: Failed,
			Severity: spec.SeverityMust, FailedSeverity: spec.SeverityMust, Failures: []Failure{
				{Rule: "PublishVersion.status.201", Severity: spec.SeverityMust, Operation: "PublishVersion", What: "status of PublishVersion", Message: "Expected 201, got 200"},
				{Rule: "PublishVersion.status.documented", Severity: spec.SeverityMust, Operation: "PublishVersion", What: "status", Message: "status 200 is not documented for PublishVersion"}},
			Message: "2 expectation(s) failed\n\n✗ [PublishVersion.status.201] status of PublishVersion\n    Expected 201, got 200\n" +
				"--- call 1: PublishVersion → 200\n" + failedCall.Transcript,
			Reason:     "[PublishVersion.status.201] status of PublishVersion: Expected 201, got 200 (and 1 more)",
			DurationMS: 4, Calls: []suites.CallRecord{failedCall}},
		{ID: "contract.UpdateFunctionCode.status-200", Title: "UpdateFunctionCode answers 200", Operation: "UpdateFunctionCode",
			Family: "contract", Evidence: "docs", Rules: []string{"UpdateFunctionCode.status.200"},
			Labels: []string{"operation:UpdateFunctionCode", "family:contract"}, Outcome: Passed, DurationMS: 2},
		{ID: "errors.PublishVersion.conflict", Title: "PublishVersion answers 409 while an update is in progress",
			Operation: "PublishVersion", Family: "errors", Evidence: "aws-recorded", Rules: []string{"PublishVersion.error.409"},
			Labels: []string{"family:errors"}, Outcome: Skipped, Message: "the target never showed an update in progress",
			Reason: "the target never showed an update in progress"},
		{ID: "interop.UpdateFunctionCode.sdk-parses", Title: "the AWS SDK parses UpdateFunctionCode", Operation: "UpdateFunctionCode",
			Family: "interop", Evidence: "aws-recorded", Rules: []string{"UpdateFunctionCode.response.schema"}, Labels: []string{"family:interop"},
			Outcome: Passed, DurationMS: 5, Notes: []string{"the SDK read 31 members"}},
		{ID: "semantics.PublishVersion.unchanged-returns-latest", Title: "publishing without a change returns the latest version",
			Operation: "PublishVersion", Family: "semantics", Evidence: "aws-recorded",
			Rules: []string{"behavior.publish.unchanged-returns-latest"}, Labels: []string{"family:semantics", "evidence:aws-recorded"},
			FailedRules: []string{"behavior.publish.unchanged-returns-latest"}, Outcome: Failed,
			Severity: spec.SeverityMust, FailedSeverity: spec.SeverityMust, Failures: []Failure{{Rule: "behavior.publish.unchanged-returns-latest",
				Severity: spec.SeverityMust, Operation: "PublishVersion", What: "second publish", Message: "Expected version 1, got 2"}},
			Message: "✗ [behavior.publish.unchanged-returns-latest] second publish\n    Expected version 1, got 2",
			Reason:  "[behavior.publish.unchanged-returns-latest] second publish: Expected version 1, got 2", DurationMS: 9},
		{ID: "semantics.UpdateFunctionCode.revision-match", Title: "a matching RevisionId is accepted", Operation: "UpdateFunctionCode",
			Family: "semantics", Evidence: "unverified", Rules: []string{"behavior.revision.match"}, Labels: []string{"family:semantics"},
			Outcome: Error, Message: suites.SetupErrorPrefix + "CreateFunction was refused: 500 ServiceException: " + hostile,
			Reason: "CreateFunction was refused: 500 ServiceException: " + hostile},
	}
	return Report{Schema: SchemaVersion, Tool: Tool, Version: "v0.0.0-test", Target: "http://127.0.0.1:9000",
		Profile: "seed-2019", Started: time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC), Duration: 1500 * time.Millisecond,
		Summary: summarize(checks), Checks: checks}
}

// check returns the check with the ID; it panics when there is none.
func (r Report) check(id string) Check {
	for _, c := range r.Checks {
		if c.ID == id {
			return c
		}
	}
	panic("no check " + id)
}
