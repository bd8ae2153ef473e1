// Package recording records what a Lambda control plane answers to a fixed set of scenarios, and replays the
// same scenarios against another target to show every difference, call by call.
//
// A recording is made once against AWS (runner record --allow-aws), committed, and diffed in CI without AWS
// credentials (runner diff --recording FILE). Volatile values (RevisionIds, function names, the account, the
// region, timestamps, the CodeSha256 of the run's own packages) are replaced by placeholders that keep identity,
// the way LocalStack's snapshot transformers do, so that a recording is byte-identical from run to run and a
// diff can say "this publish should have returned the RevisionId of that one".
//
// The work is split into small packages: scenario (the calls, as a table of steps, driven through the client
// package), normalize (placeholders), format (the file, its JSON Schema and placeholder syntax), compare (the
// differences and the known-differences file) and diffreport (terminal, JSON, HTML and Markdown output). This
// package ties them together: Record and Replay.
package recording
