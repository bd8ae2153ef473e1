// Package spec is the contract that drives lambdaconform's checks: an OpenAPI model of AWS Lambda's
// UpdateFunctionCode and PublishVersion (lambda.openapi.yaml, embedded), the rule catalog derived from it, and
// request and response validation with kin-openapi.
//
// Profiles. The model is the seed-2019 profile: the two 2019 API reference pages (kept in seeds/), plus the few
// responses that real AWS is recorded to send outside them. aws-current is the same document with the JSON merge
// patches of profiles/ applied (RFC 7386): today's botocore model, its new members, ranges, runtimes and errors.
//
// Rules. Every constraint in the model is a Rule with a stable ID (see Rule), so that a check, a report and a
// fault of the reference target can all name it. Each rule keeps the wording of the document it comes from: a
// seed page's own line (found, with its line number, when the model loads), or the AWS model's constraint. Each
// rule about a value also has boundary Samples, which the tests and the suites' request-side negatives use.
//
// Patterns. The model's patterns are the documents' patterns wrapped as ^(?:...)$, because AWS (Java's
// matches()) applies a pattern to the whole value; the documents' own text stays beside them in x-aws.
// CompilePattern gives them Java's meaning on Go's RE2, and runs the one pattern RE2 cannot compile, S3Bucket's
// lookbehind, on regexp2 with a bounded match time.
//
// Validation. ValidateResponse and ValidateRequest report every violation, each naming its rule and JSON path.
// kin-openapi does the work, strictly and with options passed per validation; a conformant success response is
// recognised first by a one-pass check of its bytes (fast.go), which gives way to kin-openapi at anything it is
// not certain of.
package spec
