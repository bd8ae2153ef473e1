package recording

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/lambdaconform/lambdaconform/fixtures/reference"
	"github.com/lambdaconform/lambdaconform/recording/compare"
)

// at is where a fault must show: a counted difference of a kind at an exchange, at a path (or anywhere in it).
type at struct {
	exchange string
	kind     compare.Kind
	path     string
}

// faultsAt says, for every named fault of the reference, the exchange where the diff must show it: the call
// whose answer the fault changes first. Other exchanges may differ too (a wrong version number echoes into the
// later listing); the test requires these.
var faultsAt = map[string][]at{
	"alias-changes-revision":                {{"aliases/get-after-alias", compare.KindIdentity, "$.Configuration.RevisionId"}, {"aliases/update-earlier-revision", compare.KindStatus, "status"}},
	"alias-update-accepted":                 {{"aliases/update-alias-qualified", compare.KindStatus, "status"}},
	"bucket-region-ignored":                 {{"s3-sources/update-from-bucket-elsewhere", compare.KindStatus, "status"}},
	"dry-run-marks-changed":                 {{"dry-run/publish-after-dry-runs", compare.KindValue, "$.Version"}},
	"publish-after-update-always-new":       {{"lifecycle/publish-unchanged", compare.KindValue, "$.Version"}},
	"s3-unversioned":                        {{"s3-sources/put-object-1", compare.KindHeader, "headers.x-amz-version-id"}},
	"version-skips-ten":                     {{"versions-past-nine/publish-10", compare.KindValue, "$.Version"}},
	"versions-listed-as-strings":            {{"versions-past-nine/list-versions", compare.KindValue, "$.Versions[2].Version"}},
	"versions-stay-pending":                 {{"publish-flag/wait-version-1", compare.KindValue, "$.State"}},
	"change-by-code-hash":                   {{"lifecycle/publish-after-identical", compare.KindValue, "$.Version"}, {"configuration-changes/publish-after-identical", compare.KindValue, "$.Version"}},
	"code-sha-ignored":                      {{"code-sha256/publish-wrong-sha", compare.KindStatus, "status"}},
	"code-sha-mismatch-412":                 {{"code-sha256/publish-wrong-sha", compare.KindStatus, "status"}},
	"code-sha256-hex":                       {{"lifecycle/update", compare.KindValue, "$.CodeSha256"}},
	"code-size-of-base64":                   {{"lifecycle/update", compare.KindValue, "$.CodeSize"}},
	"code-size-string":                      {{"lifecycle/update", compare.KindType, "$.CodeSize"}},
	"configuration-update-not-a-change":     {{"configuration-changes/publish-after-change", compare.KindValue, "$.Version"}},
	"create-publish-ignored":                {{"create-publish/create", compare.KindValue, "$.Version"}},
	"create-publish-qualified-arn":          {{"create-publish/create", compare.KindValue, "$.FunctionArn"}},
	"description-length-unchecked":          {{"validation/publish-description-too-long", compare.KindStatus, "status"}},
	"dry-run-applied":                       {{"dry-run/wait-after-dry-run-publish", compare.KindValue, "$.Configuration.CodeSha256"}},
	"error-content-type-text":               {{"not-found/update-missing", compare.KindHeader, "headers.content-type"}},
	"error-message-key-capitalised":         {{"code-sha256/publish-wrong-sha", compare.KindMissing, "$.message"}},
	"error-message-key-lowercase":           {{"not-found/update-missing", compare.KindMissing, "$.Message"}},
	"error-type-missing":                    {{"not-found/publish-missing", compare.KindMissing, "$.Type"}, {"code-source-errors/no-source", compare.KindMissing, "$.Type"}},
	"function-arn-without-region":           {{"lifecycle/update", compare.KindValue, "$.FunctionArn"}},
	"function-name-length-unchecked":        {{"validation/update-name-too-long", compare.KindStatus, "status"}},
	"function-name-pattern-search":          {{"validation/update-invalid-name", compare.KindStatus, "status"}},
	"function-name-plain-only":              {{"qualified-names/update-by-arn", compare.KindStatus, "status"}},
	"in-progress-not-enforced":              {{"conflicts/update-in-progress", compare.KindStatus, "status"}, {"conflicts/publish-in-progress", compare.KindStatus, "status"}},
	"last-modified-microseconds":            {{"lifecycle/update", compare.KindValue, "$.LastModified"}},
	"last-modified-rfc3339":                 {{"lifecycle/update", compare.KindValue, "$.LastModified"}},
	"memory-size-bytes":                     {{"lifecycle/update", compare.KindValue, "$.MemorySize"}},
	"missing-source-500":                    {{"code-source-errors/no-source", compare.KindStatus, "status"}},
	"no-error-type-header":                  {{"not-found/update-missing", compare.KindHeader, "headers.x-amzn-errortype"}},
	"not-found-message-echoes-name":         {{"not-found/update-missing", compare.KindValue, "$.Message"}},
	"not-found-status-400":                  {{"not-found/update-missing", compare.KindStatus, "status"}},
	"other-region-accepted":                 {{"other-region-account/update-other-region", compare.KindStatus, "status"}},
	"precondition-failed-status-400":        {{"revisions/update-wrong-revision", compare.KindStatus, "status"}},
	"publish-always-new":                    {{"lifecycle/publish-unchanged", compare.KindValue, "$.Version"}, {"lifecycle/publish-unchanged", compare.KindIdentity, "$.RevisionId"}},
	"publish-arn-unqualified":               {{"lifecycle/publish", compare.KindValue, "$.FunctionArn"}},
	"publish-description-not-inherited":     {{"description/publish-inherits", compare.KindValue, "$.Description"}},
	"publish-flag-deduplicated":             {{"publish-flag/update-publish-again", compare.KindValue, "$.Version"}},
	"publish-flag-ignored":                  {{"publish-flag/update-publish", compare.KindValue, "$.Version"}},
	"publish-state-pending":                 {{"lifecycle/publish", compare.KindValue, "$.State"}},
	"publish-status-200":                    {{"lifecycle/publish", compare.KindStatus, "status"}},
	"publish-unchanged-200":                 {{"lifecycle/publish-unchanged", compare.KindStatus, "status"}},
	"publish-unchanged-applies-description": {{"description/publish-unchanged", compare.KindValue, "$.Description"}},
	"qualified-update-accepted":             {{"qualified-names/update-version-qualified", compare.KindStatus, "status"}},
	"read-arn-unqualified":                  {{"lifecycle/get-version-1", compare.KindValue, "$.Configuration.FunctionArn"}},
	"revision-id-unknown-member":            {{"revisions/update-wrong-revision", compare.KindStatus, "status"}},
	"revision-ignored":                      {{"revisions/update-wrong-revision", compare.KindStatus, "status"}},
	"revision-message-from-docs":            {{"revisions/update-wrong-revision", compare.KindValue, "$.message"}},
	"revision-shared-with-version":          {{"lifecycle/publish", compare.KindIdentity, "$.RevisionId"}},
	"revision-stable-on-identical-update":   {{"lifecycle/update-identical", compare.KindIdentity, "$.RevisionId"}},
	"s3-errors-not-found":                   {{"s3-sources/update-from-missing-bucket", compare.KindStatus, "status"}},
	"s3-object-version-ignored":             {{"s3-sources/update-from-s3-version", compare.KindValue, "$.CodeSha256"}},
	"tracing-mode-lowercase":                {{"lifecycle/update", compare.KindValue, "$.TracingConfig.Mode"}},
	"update-answers-successful":             {{"lifecycle/update", compare.KindValue, "$.LastUpdateStatus"}},
	"update-arn-qualified":                  {{"lifecycle/update", compare.KindValue, "$.FunctionArn"}},
	"update-code-status-201":                {{"lifecycle/update", compare.KindStatus, "status"}},
	"version-latest-lowercase":              {{"lifecycle/update", compare.KindValue, "$.Version"}},
	"version-numbers-reused":                {{"versions/publish-4", compare.KindValue, "$.Version"}},
	"versions-track-latest":                 {{"versions/get-version-1", compare.KindValue, "$.Configuration.CodeSha256"}},
	"zip-file-preferred-over-s3":            {{"code-source-errors/zip-and-s3", compare.KindStatus, "status"}},
	"zip-not-validated":                     {{"code-source-errors/not-a-zip", compare.KindStatus, "status"}},
	"publish-members-missing":               {{"lifecycle/publish", compare.KindMissing, "$.Role"}, {"lifecycle/publish", compare.KindMissing, "$.FunctionName"}},
	"publish-members-null":                  {{"lifecycle/publish", compare.KindType, "$.Role"}},
	"revision-id-absent":                    {{"lifecycle/update", compare.KindMissing, "$.RevisionId"}},
	"qualified-update-rewrites-version": {{"qualified-names/update-version-qualified", compare.KindStatus, "status"},
		{"qualified-names/get-version-1", compare.KindValue, "$.Configuration.CodeSha256"}},
	"update-in-progress-not-enforced": {{"conflicts/update-in-progress", compare.KindStatus, "status"}},
}

// faultsUnseen are the faults a diff cannot show, and why; the test proves that it indeed does not, so that the
// list stays true.
var faultsUnseen = map[string]string{
	// Timestamps are recorded by their format class, so that a recording does not change from run to run; that
	// LastModified moves forward is the business of semantics.UpdateFunctionCode.last-modified-changes.
	"last-modified-not-updated": "timestamps are normalised to their format class; their order is not compared",
	// The scenarios send what Go's encoding/json writes (no escapes in base64) and create plain functions: a
	// recording must not depend on layers or settings of one account. The checks catch these three.
	"zip-file-escapes-unread":                     "no scenario sends a ZipFile with JSON escapes (semantics.UpdateFunctionCode.zip-file-json-escapes does)",
	"layers-not-reported":                         "no scenario creates a function with layers (the contract checks do, with function-extras)",
	"environment-variables-hidden":                "no scenario creates a function with environment variables (the contract checks do, with function-extras)",
	"environment-cleared-by-configuration-update": "no scenario creates a function with environment variables (the contract checks do, with function-extras)",
}

// TestDiffFaults replays the reference's recording against every named fault of the reference: each must show as
// a counted difference at the exchange where it first changes an answer.
func TestDiffFaults(t *testing.T) {
	for _, f := range reference.Faults() {
		t.Run(f.Name, func(t *testing.T) {
			t.Parallel()
			res := diffReference(t, reference.Options{Fault: f.Name, UpdateDelay: f.UpdateDelay}, nil, false, f.WaitTimeout)
			var got []string
			for _, s := range res.Scenarios {
				for _, d := range s.Differences {
					if d.Counts() {
						got = append(got, fmt.Sprintf("%s %s %s", d.Exchange, d.Kind, d.Path))
					}
				}
			}
			if why, unseen := faultsUnseen[f.Name]; unseen {
				if len(got) > 0 {
					t.Errorf("%s shows now (%s): move it to faultsAt with the exchange where it shows:\n%s", f.Name, why, strings.Join(got, "\n"))
				}
				return
			}
			want, ok := faultsAt[f.Name]
			if !ok {
				t.Fatalf("fault %s is in neither faultsAt nor faultsUnseen; it shows at:\n%s", f.Name, strings.Join(first(got, 10), "\n"))
			}
			for _, w := range want {
				if !hasDifference(res, w) {
					t.Errorf("no counted %s difference at %s %s; the diff shows:\n%s", w.kind, w.exchange, w.path, strings.Join(first(got, 15), "\n"))
				}
			}
			if res.Verdict.ExitCode != 1 {
				t.Errorf("verdict %+v, want exit 1", res.Verdict)
			}
		})
	}
}

func hasDifference(res compare.Result, w at) bool {
	for _, s := range res.Scenarios {
		for _, d := range s.Differences {
			if d.Counts() && d.Exchange == w.exchange && d.Kind == w.kind && (d.Path == w.path || strings.HasPrefix(d.Path, w.path+".")) {
				return true
			}
		}
	}
	return false
}

func first(list []string, n int) []string {
	sort.Strings(list)
	if len(list) > n {
		return append(list[:n:n], fmt.Sprintf("…and %d more", len(list)-n))
	}
	return list
}

// TestFaultTables: every fault is in exactly one table, and the tables name no fault that does not exist.
func TestFaultTables(t *testing.T) {
	names := map[string]bool{}
	for _, f := range reference.Faults() {
		names[f.Name] = true
		_, a := faultsAt[f.Name]
		_, b := faultsUnseen[f.Name]
		if a == b {
			t.Errorf("fault %s must be in exactly one of faultsAt and faultsUnseen", f.Name)
		}
	}
	for name := range faultsAt {
		if !names[name] {
			t.Errorf("faultsAt names %s, which is not a fault", name)
		}
	}
	for name := range faultsUnseen {
		if !names[name] {
			t.Errorf("faultsUnseen names %s, which is not a fault", name)
		}
	}
}
