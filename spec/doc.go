// Package spec is the contract that drives lambdaconform's checks: an OpenAPI model of AWS Lambda's
// UpdateFunctionCode and PublishVersion (lambda.openapi.yaml, embedded), the rule catalog derived from it, and
// response validation with kin-openapi.
//
// The model is the seed-2019 profile: the two 2019 API reference pages (kept in seeds/), plus the few responses
// that real AWS is recorded to send outside them. Other profiles are JSON merge patches over it, in profiles/.
//
// Every constraint in the model is a Rule with a stable ID (see Rule), so a check, a report and a fault of the
// reference target can all name the same rule. Patterns in the model are the documents' patterns wrapped as
// ^(?:...)$ because AWS matches a pattern against the whole value; the documents' own text stays beside them in
// the x-aws extension, with the sentence each constraint came from.
package spec
