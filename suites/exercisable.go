package suites

import (
	"regexp"
	"strings"
)

// What the checks cannot assert, and why. Two lists, both proven by the coverage test (runner/e2e_test.go):
//
//   - rules no black-box check can exercise: no check claims them. The target alone decides when it throttles,
//     fails internally or enforces an account limit. They are still enforced: any answer that carries them is
//     validated, and a violation is noted in the report of the check that met it.
//   - rules a check claims, and judges on any target whose answers give it something to judge, but which no run
//     against the reference target can assert: members no create call can give a function (Lambda@Edge, code
//     signing, Image functions), states the reference's answers are never in, members whose presence AWS never
//     recorded. A passing check is excused from asserting only these.
var notExercisable = []struct {
	match  func(ruleID string) bool
	reason string
}{
	{errorOf("TooManyRequestsException"), "the target decides when it throttles (429); a bounded check cannot make it"},
	{statusOf("429"), "the target decides when it throttles (429); a bounded check cannot make it"},
	{errorOf("ServiceException"), "an internal error (500) cannot be provoked from outside"},
	{statusOf("500"), "an internal error (500) cannot be provoked from outside"},
	{errorOf("CodeStorageExceededException"), "the account's code storage quota (75 GB) cannot be filled by a check"},
	{errorOf("CodeSigningConfigNotFoundException"), "code signing needs a signing profile and configuration the suite cannot create"},
	{errorOf("CodeVerificationFailedException"), "code signing needs a signing profile and configuration the suite cannot create"},
	{errorOf("InvalidCodeSignatureException"), "code signing needs a signing profile and configuration the suite cannot create"},
	{errorOf("FunctionVersionsPerCapacityProviderLimitExceededException"), "capacity providers (Lambda Managed Instances) cannot be created by the suite"},
}

// notAgainstReference are the rules of the second kind, by the response member they are about (a prefix of
// the rule's field, after the operation's "response.") or by a pattern of their ID.
var notAgainstReference = []struct {
	member string         // a response member path, as in the rule's field; "" when id is set
	id     *regexp.Regexp // a pattern of rule IDs
	reason string
}{
	{member: "MasterArn", reason: "only Lambda@Edge replicas have a MasterArn, and CreateFunction cannot make one"},
	{member: "Environment.Error", reason: "Environment.Error appears only when the environment's KMS key cannot decrypt it"},
	{member: "RuntimeVersionConfig.Error", reason: "RuntimeVersionConfig.Error appears only when Lambda cannot retrieve the runtime version"},
	{member: "ImageConfigResponse", reason: "ImageConfigResponse belongs to Image functions; the suites create Zip functions, and the reference serves no others"},
	{member: "SigningProfileVersionArn", reason: "only code signed under a code signing configuration has it, which the suite cannot create"},
	{member: "SigningJobArn", reason: "only code signed under a code signing configuration has it, which the suite cannot create"},
	{member: "Layers[].SigningProfileVersionArn", reason: "only signed layers have it, which the suite cannot publish"},
	{member: "Layers[].SigningJobArn", reason: "only signed layers have it, which the suite cannot publish"},
	{member: "ConfigSha256", reason: "whether and when AWS sends ConfigSha256 is not recorded (added to the model after the recordings): nothing requires it, and the reference does not invent it"},
	{id: regexp.MustCompile(`^PublishVersion\.response\.(StateReason|StateReasonCode|LastUpdateStatusReason|LastUpdateStatusReasonCode)\.`),
		reason: "a PublishVersion answer is Active and Successful, without reason keys (docs/aws-behavior.md §6.5): no conformant answer carries them"},
	{id: regexp.MustCompile(`\.response\.unknown-member$`), reason: "asserted only in strict mode (--strict), which the default run leaves off because AWS adds members; the coverage test asserts it in a strict aws-current run"},
	{id: regexp.MustCompile(`\.error\.ValidationException\.Message\.type$`),
		reason: "AWS's key for ValidationException's message is not recorded (docs/aws-behavior.md §9.3), so either is accepted; the reference sends \"message\", so the type of \"Message\" is judged only on targets that use it"},
}

// NotExercisable reports whether a rule cannot be exercised by any check, with the reason.
func NotExercisable(ruleID string) (string, bool) {
	for _, n := range notExercisable {
		if n.match(ruleID) {
			return n.reason, true
		}
	}
	return "", false
}

// NotAgainstReference reports whether a rule, which checks claim, cannot be asserted by any run against the
// reference target, with the reason.
func NotAgainstReference(ruleID string) (string, bool) {
	for _, n := range notAgainstReference {
		if n.id != nil && n.id.MatchString(ruleID) {
			return n.reason, true
		}
		if n.member == "" {
			continue
		}
		for _, op := range []string{"UpdateFunctionCode", "PublishVersion"} {
			if strings.HasPrefix(ruleID, op+".response."+n.member+".") {
				return n.reason, true
			}
		}
	}
	return "", false
}

func errorOf(typ string) func(string) bool {
	return func(id string) bool { return strings.Contains(id, ".error."+typ+".") }
}

func statusOf(code string) func(string) bool {
	return func(id string) bool { return strings.HasSuffix(id, ".status."+code) }
}
