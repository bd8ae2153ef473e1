package suites

import "strings"

// Some rules of the catalog cannot be exercised by a black-box check: the target alone decides when it
// throttles, fails internally or enforces an account limit, and no create call can give a function the members
// some responses carry. They are still enforced: any answer that carries them is validated, and a violation is
// noted in the report of the check that met it. NotExercisable says which rules these are, and why.
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

// notCarried are response members no CreateFunction can make a target send: MasterArn belongs to Lambda@Edge
// replicas, Environment.Error to a failed decryption of environment variables.
var notCarried = []struct{ field, reason string }{
	{"MasterArn", "only Lambda@Edge replicas have a MasterArn, and CreateFunction cannot make one"},
	{"Environment.Error", "Environment.Error appears only when the environment's KMS key cannot decrypt it"},
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

// NeverCarried reports whether a response rule is about a member no created function carries, with the reason:
// its check is claimed but can only skip.
func NeverCarried(ruleID string) (string, bool) {
	for _, n := range notCarried {
		for _, op := range []string{"UpdateFunctionCode", "PublishVersion"} {
			if strings.HasPrefix(ruleID, op+".response."+n.field+".") {
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
