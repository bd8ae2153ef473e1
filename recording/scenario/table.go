package scenario

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// The scenario table: the calls of the semantics and errors checks (docs/aws-behavior.md §4–§9), each scenario
// against functions of its own. Steps name the checks whose calls they reproduce. Every update is followed by a
// wait before anything reads the function, so that no answer depends on how fast the target completes updates.
//
// Changing what a recording holds (a step added, removed, renamed, or sending something else) changes
// SetVersion.

const (
	upd = "semantics.UpdateFunctionCode."
	pub = "semantics.PublishVersion."
	eUp = "errors.UpdateFunctionCode."
	ePb = "errors.PublishVersion."
)

var table = []Scenario{
	{ID: "lifecycle", Title: "create, update, publish, publish with nothing changed, update with identical code, reads", Steps: []Step{
		create("create", 1, fnOpts{Package: "lifecycle-v1"}),
		wait("wait-active", 1),
		updateCode("update", fn(1), body{"ZipFile": pkg("lifecycle-v2")}).
			Judges(upd+"state", upd+"arn-unqualified", upd+"code-sha256-and-size", upd+"revision-rotates", upd+"last-modified-changes"),
		wait("wait-updated", 1).Judges(upd+"state", upd+"revision-rotates"),
		publish("publish", fn(1), nil).
			Judges(pub+"state", pub+"arn-qualified", pub+"code-sha256-and-size", pub+"revision-new-version", pub+"unchanged-returns-latest"),
		waitVersion("wait-version-1", 1, "1").Judges(pub + "version-becomes-active"),
		get("get-after-publish", fn(1), "").Judges(pub+"revision-new-version", pub+"unchanged-keeps-latest-revision"),
		publish("publish-unchanged", fn(1), nil).
			Judges(pub+"unchanged-returns-latest", pub+"unchanged-after-update", pub+"state", pub+"arn-qualified", pub+"unchanged-lists-once"),
		get("get-after-unchanged", fn(1), "").Judges(pub + "unchanged-keeps-latest-revision"),
		publish("publish-unchanged-again", fn(1), nil).Judges(pub + "unchanged-lists-once"),
		listVersions("list-versions", fn(1)).Judges(pub+"unchanged-lists-once", pub+"unchanged-after-update"),
		updateCode("update-identical", fn(1), body{"ZipFile": pkg("lifecycle-v2")}).Judges(upd + "revision-rotates"),
		wait("wait-identical", 1),
		publish("publish-after-identical", fn(1), nil).Judges(upd + "update-identical-code-is-a-change"),
		get("get-version-1", fn(1), "1").Judges(pub + "arn-reads"),
		get("get-latest-qualified", fn(1), "$LATEST").Judges(pub + "arn-reads"),
		getConfig("get-configuration", fn(1), ""),
		listVersions("list-versions-after", fn(1)).Judges(pub + "arn-reads"),
	}},
	{ID: "create-publish", Title: "CreateFunction(Publish=true), then a PublishVersion with nothing changed", Steps: []Step{
		create("create", 1, fnOpts{Package: "create-publish", Publish: true}).Judges(pub + "after-create-publish"),
		wait("wait-active", 1),
		waitVersion("wait-version-1", 1, "1"),
		publish("publish", fn(1), body{"Description": "Repeated version description"}).Judges(pub + "after-create-publish"),
		listVersions("list-versions", fn(1)).Judges(pub + "after-create-publish"),
	}},
	{ID: "description", Title: "a new version takes the Description passed or $LATEST's; a no-op publish ignores it", Steps: []Step{
		create("create", 1, fnOpts{Package: "description", Description: "latest one"}),
		wait("wait-active", 1),
		publish("publish", fn(1), body{"Description": "version one"}).Judges(pub + "description-applied"),
		publish("publish-unchanged", fn(1), body{"Description": "second"}).Judges(pub + "description-ignored-when-unchanged"),
		get("get-latest", fn(1), "").Judges(pub + "description-applied"),
		updateConfig("update-configuration", fn(1), body{"Description": "latest two"}),
		wait("wait-updated", 1),
		publish("publish-inherits", fn(1), nil).Judges(pub + "description-applied"),
	}},
	{ID: "configuration-changes", Title: "configuration updates, identical or not, count as changes", Steps: []Step{
		create("create", 1, fnOpts{Package: "configuration-changes", Description: "same"}),
		wait("wait-active", 1),
		publish("publish", fn(1), nil),
		updateConfig("update-identical-configuration", fn(1), body{"Description": "same"}),
		wait("wait-identical", 1),
		publish("publish-after-identical", fn(1), nil).Judges(pub + "update-identical-configuration-is-a-change"),
		updateConfig("update-configuration", fn(1), body{"Description": "changed"}),
		wait("wait-changed", 1),
		publish("publish-after-change", fn(1), nil).Judges(pub + "update-configuration-is-a-change"),
	}},
	{ID: "publish-flag", Title: "UpdateFunctionCode(Publish=true) with identical code, twice, then a PublishVersion", Steps: []Step{
		create("create", 1, fnOpts{Package: "publish-flag"}),
		wait("wait-active", 1),
		updateCode("update-publish", fn(1), body{"ZipFile": pkg("publish-flag"), "Publish": true}).Judges(upd + "publish-flag"),
		wait("wait-updated", 1),
		waitVersion("wait-version-1", 1, "1").Judges(upd + "published-version-becomes-active"),
		updateCode("update-publish-again", fn(1), body{"ZipFile": pkg("publish-flag"), "Publish": true}).Judges(upd + "publish-flag"),
		wait("wait-updated-again", 1),
		waitVersion("wait-version-2", 1, "2").Judges(upd + "published-version-becomes-active"),
		publish("publish-unchanged", fn(1), nil).Judges(upd + "publish-flag"),
		listVersions("list-versions", fn(1)),
	}},
	{ID: "versions", Title: "versions are numbered in order, immutable, and a deleted one's number is not given again", Steps: []Step{
		create("create", 1, fnOpts{Package: "versions-v1", Description: "v1"}),
		wait("wait-active", 1),
		publish("publish-1", fn(1), nil).Judges(pub + "versions-sequential"),
		updateCode("update-publish-2", fn(1), body{"ZipFile": pkg("versions-v2"), "Publish": true}).Judges(pub + "versions-sequential"),
		wait("wait-updated", 1),
		waitVersion("wait-version-2", 1, "2"),
		updateConfig("update-configuration", fn(1), body{"Description": "three", "MemorySize": 256}),
		wait("wait-configured", 1),
		publish("publish-3", fn(1), nil).Judges(pub + "versions-sequential"),
		get("get-version-1", fn(1), "1").Judges(pub + "versions-immutable"),
		deleteVersion("delete-version-3", 1, "3"),
		updateConfig("update-configuration-again", fn(1), body{"Description": "four"}),
		wait("wait-configured-again", 1),
		publish("publish-4", fn(1), nil).Judges(pub + "versions-not-reused"),
		listVersions("list-versions", fn(1)).Judges(pub+"versions-sequential", pub+"versions-not-reused"),
	}},
	{ID: "versions-past-nine", Title: "eleven versions: \"10\" follows \"9\" and is listed after it", Steps: pastNine()},
	{ID: "aliases", Title: "an alias: UpdateFunctionCode on name:alias is refused, and creating it changes no RevisionId", Steps: []Step{
		create("create", 1, fnOpts{Package: "aliases"}),
		wait("wait-active", 1),
		publish("publish", fn(1), nil),
		get("get-before-alias", fn(1), ""),
		createAlias("create-alias", 1, "live", "1"),
		get("get-after-alias", fn(1), "").Judges(upd + "alias-keeps-revision"),
		get("get-version-1-after-alias", fn(1), "1").Judges(upd + "alias-keeps-revision"),
		updateCode("update-alias-qualified", qualified(1, "live"), body{"ZipFile": pkg("aliases-other")}).Judges(upd + "alias-qualified-rejected"),
		wait("wait-after-refused", 1),
		get("get-version-1", fn(1), "1").Judges(upd + "alias-qualified-rejected"),
		updateCode("update-earlier-revision", fn(1), body{"ZipFile": pkg("aliases-other"), "RevisionId": revisionOf("get-before-alias")}).
			Judges(upd + "alias-keeps-revision"),
		wait("wait-updated", 1),
	}},
	{ID: "revisions", Title: "RevisionId preconditions: a stale one gets 412 and changes nothing, the current one goes through", Steps: []Step{
		create("create", 1, fnOpts{Package: "revisions"}),
		wait("wait-active", 1),
		updateCode("update-wrong-revision", fn(1), body{"ZipFile": pkg("revisions-other"), "RevisionId": "wrong"}).
			Judges(upd+"revision-mismatch", "interop.UpdateFunctionCode.sdk-precondition-failed"),
		publish("publish-wrong-revision", fn(1), body{"RevisionId": "wrong"}).
			Judges(pub+"revision-mismatch", "interop.PublishVersion.sdk-precondition-failed"),
		get("get-after-refused", fn(1), "").Judges(upd+"revision-mismatch", pub+"revision-mismatch"),
		listVersions("list-after-refused", fn(1)).Judges(upd+"revision-mismatch", pub+"revision-mismatch"),
		updateCode("update-current-revision", fn(1), body{"ZipFile": pkg("revisions-other"), "RevisionId": revisionOf("get-after-refused")}).
			Judges(upd + "revision-match"),
		wait("wait-updated", 1),
		publish("publish-current-revision", fn(1), body{"RevisionId": revisionOf("wait-updated")}).Judges(pub + "revision-match"),
	}},
	{ID: "code-sha256", Title: "CodeSha256 precondition: another hash gets 400, $LATEST's publishes", Steps: []Step{
		create("create", 1, fnOpts{Package: "code-sha256"}),
		wait("wait-active", 1),
		publish("publish-wrong-sha", fn(1), body{"CodeSha256": "somenonexistentsha256"}).
			Judges(pub+"codesha-mismatch", ePb+"wire-format", "interop.PublishVersion.sdk-invalid-parameter"),
		listVersions("list-after-refused", fn(1)).Judges(pub + "codesha-mismatch"),
		publish("publish-current-sha", fn(1), body{"CodeSha256": sha("code-sha256")}).Judges(pub + "codesha-match"),
	}},
	{ID: "dry-run", Title: "DryRun changes nothing, with or without Publish", Steps: []Step{
		create("create", 1, fnOpts{Package: "dry-run"}),
		wait("wait-active", 1),
		publish("publish", fn(1), nil),
		updateCode("dry-run-publish", fn(1), body{"ZipFile": pkg("dry-run-other"), "DryRun": true, "Publish": true}).Judges(upd + "dry-run"),
		wait("wait-after-dry-run-publish", 1).Judges(upd + "dry-run"),
		listVersions("list-after-dry-run-publish", fn(1)).Judges(upd + "dry-run"),
		updateCode("dry-run", fn(1), body{"ZipFile": pkg("dry-run-other"), "DryRun": true}),
		wait("wait-after-dry-run", 1),
		publish("publish-after-dry-runs", fn(1), nil).Judges(upd + "dry-run-not-a-change"),
	}},
	{ID: "qualified-names", Title: "qualified names, ARNs: only $LATEST's code can change; reads qualify ARNs as asked", Steps: []Step{
		create("create", 1, fnOpts{Package: "qualified-names"}),
		wait("wait-active", 1),
		publish("publish", fn(1), nil),
		updateCode("update-version-qualified", qualified(1, "1"), body{"ZipFile": pkg("qualified-names-other")}).Judges(upd + "qualified-rejected"),
		updateCode("update-alias-qualified", qualified(1, "live"), body{"ZipFile": pkg("qualified-names-other")}).Judges(upd + "qualified-rejected"),
		publish("publish-version-qualified", qualified(1, "1"), nil).Judges(pub + "qualified-rejected"),
		get("get-version-1", fn(1), "1").Judges(upd + "qualified-rejected"),
		updateCode("update-latest-qualified", qualified(1, "$LATEST"), body{"ZipFile": pkg("qualified-names-other")}).
			Judges(upd + "qualified-latest-accepted"),
		wait("wait-updated", 1),
		updateCode("update-by-arn", arn(1), body{"ZipFile": pkg("qualified-names-by-arn")}),
		wait("wait-updated-by-arn", 1),
		publish("publish-by-arn", arn(1), nil),
		get("get-by-arn", arn(1), ""),
	}},
	{ID: "s3-sources", Title: "code from S3: the object's bytes, an older version, a missing bucket or key", Steps: []Step{
		create("create", 1, fnOpts{Package: "s3-sources"}),
		wait("wait-active", 1),
		createBucket("create-bucket", 1),
		enableVersioning("enable-versioning", 1),
		putObject("put-object-1", 1, "code/function.zip", "s3-sources-object-1"),
		putObject("put-object-2", 1, "code/function.zip", "s3-sources-object-2"),
		needsS3(updateCode("update-from-s3", fn(1), body{"S3Bucket": bucketOf(1), "S3Key": "code/function.zip"})).Judges(upd + "s3-code"),
		wait("wait-updated", 1),
		needsS3(updateCode("update-from-s3-version", fn(1),
			body{"S3Bucket": bucketOf(1), "S3Key": "code/function.zip", "S3ObjectVersion": versionOf("put-object-1")})).Judges(upd + "s3-code"),
		wait("wait-updated-version", 1).Judges(upd + "s3-code"),
		updateCode("update-from-missing-bucket", fn(1), body{"S3Bucket": bucketOf(2), "S3Key": "code/function.zip"}).Judges(upd + "s3-missing-bucket"),
		needsS3(updateCode("update-from-missing-key", fn(1), body{"S3Bucket": bucketOf(1), "S3Key": "no/such/key.zip"})).Judges(upd + "s3-missing-key"),
		createBucketElsewhere("create-bucket-elsewhere", 3),
		putObject("put-object-elsewhere", 3, "code/function.zip", "s3-sources-object-elsewhere"),
		needsS3(updateCode("update-from-bucket-elsewhere", fn(1), body{"S3Bucket": bucketOf(3), "S3Key": "code/function.zip"})).
			Judges(upd + "s3-bucket-other-region"),
		wait("wait-after-elsewhere", 1).Judges(upd + "s3-bucket-other-region"),
	}},
	{ID: "code-source-errors", Title: "refused code sources: none, not a zip, ZipFile with S3, ImageUri for a Zip function", Steps: []Step{
		create("create", 1, fnOpts{Package: "code-source-errors"}),
		wait("wait-active", 1),
		updateCode("no-source", fn(1), body{}).Judges(upd+"code-source-none", eUp+"wire-format", "interop.UpdateFunctionCode.sdk-invalid-parameter"),
		updateCode("not-a-zip", fn(1), body{"ZipFile": []byte("this is not a zip archive")}).Judges(upd + "code-source-bad-zip"),
		updateCode("zip-and-s3", fn(1), body{"ZipFile": pkg("code-source-errors-other"), "S3Bucket": "lambdaconform-no-such-bucket",
			"S3Key": "code.zip"}).Judges(upd + "code-source-zip-and-s3"),
		updateCode("image-uri", fn(1), body{"ImageUri": imageURI{}}).Judges(upd + "code-source-image-for-zip"),
		get("get-latest", fn(1), "").
			Judges(upd+"code-source-none", upd+"code-source-bad-zip", upd+"code-source-zip-and-s3", upd+"code-source-image-for-zip"),
	}},
	{ID: "not-found", Title: "calls on a function that does not exist", Steps: []Step{
		updateCode("update-missing", fn(1), body{"ZipFile": pkg("not-found")}).Judges(eUp+"not-found", "interop.UpdateFunctionCode.sdk-not-found"),
		publish("publish-missing", fn(1), nil).Judges(ePb+"not-found", "interop.PublishVersion.sdk-not-found"),
		get("get-missing", fn(1), ""),
	}},
	{ID: "validation", Title: "FunctionName and Description that break their constraints", Steps: []Step{
		create("create", 1, fnOpts{Package: "validation"}),
		wait("wait-active", 1),
		updateCode("update-invalid-name", invalid(2), body{"ZipFile": pkg("validation")}).
			Judges(eUp+"validation-exception", "interop.UpdateFunctionCode.sdk-validation", "contract.UpdateFunctionCode.request.FunctionName.pattern"),
		publish("publish-invalid-name", invalid(2), nil).
			Judges(ePb+"validation-exception", "interop.PublishVersion.sdk-validation", "contract.PublishVersion.request.FunctionName.pattern"),
		updateCode("update-name-too-long", tooLong(3), body{"ZipFile": pkg("validation")}).Judges("contract.UpdateFunctionCode.request.FunctionName.length"),
		publish("publish-name-too-long", tooLong(3), nil).Judges("contract.PublishVersion.request.FunctionName.length"),
		publish("publish-description-too-long", fn(1), body{"Description": strings.Repeat("d", 257)}).
			Judges("contract.PublishVersion.request.Description.length"),
	}},
	{ID: "other-region-account", Title: "function ARNs in another region or account", Steps: []Step{
		create("create", 1, fnOpts{Package: "other-region-account"}),
		wait("wait-active", 1),
		updateCode("update-other-region", otherRegion(1), body{"ZipFile": pkg("other-region-account")}).Judges(eUp + "other-region"),
		publish("publish-other-region", otherRegion(1), nil).Judges(ePb + "other-region"),
		updateCode("update-other-account", otherAccount(1), body{"ZipFile": pkg("other-region-account")}).Judges(eUp + "other-account"),
		publish("publish-other-account", otherAccount(1), nil).Judges(ePb + "other-account"),
	}},
	{ID: "conflicts", Title: "an update or a publish while an update is in progress (where the target shows one)", Steps: []Step{
		create("create-1", 1, fnOpts{Package: "conflicts-1"}),
		wait("wait-active-1", 1),
		conflict("update-in-progress", 1, "update").Judges(eUp + "conflict-in-progress"),
		wait("wait-updated-1", 1),
		create("create-2", 2, fnOpts{Package: "conflicts-2"}),
		wait("wait-active-2", 2),
		conflict("publish-in-progress", 2, "publish").Judges(ePb + "conflict-in-progress"),
		wait("wait-updated-2", 2),
	}},
}

// pastNine publishes eleven versions, each after a configuration update but the first, and lists them.
func pastNine() []Step {
	steps := []Step{
		create("create", 1, fnOpts{Package: "versions-past-nine", Description: "version 1"}),
		wait("wait-active", 1),
		publish("publish-1", fn(1), nil),
	}
	for i := 2; i <= 11; i++ {
		steps = append(steps,
			updateConfig(fmt.Sprintf("update-configuration-%d", i), fn(1), body{"Description": fmt.Sprintf("version %d", i)}),
			wait(fmt.Sprintf("wait-%d", i), 1),
			publish(fmt.Sprintf("publish-%d", i), fn(1), nil).Judges(pub+"versions-past-nine"))
	}
	return append(steps, listVersions("list-versions", fn(1)).Judges(pub+"versions-listed-past-nine"))
}

// imageURI is an ECR image URI in the target's own region and account.
type imageURI struct{}

func (imageURI) resolve(r *state) (any, bool, string) {
	region, account := r.regionAccount()
	return fmt.Sprintf("%s.dkr.ecr.%s.amazonaws.com/lambdaconform:1", account, region), true, ""
}

// All returns the scenarios, in table order.
func All() []Scenario { return append([]Scenario(nil), table...) }

// Get returns a scenario by ID.
func Get(id string) (Scenario, bool) {
	for _, s := range table {
		if s.ID == id {
			return s, true
		}
	}
	return Scenario{}, false
}

// IDs lists the scenario IDs in table order.
func IDs() []string {
	out := make([]string, len(table))
	for i, s := range table {
		out[i] = s.ID
	}
	return out
}

// StepChecks returns, for each step (as "<scenario>/<step>"), the checks it reproduces. A conditional step's
// companion calls (<step>-before, <step>-state) belong to the step.
func StepChecks() map[string][]string {
	out := map[string][]string{}
	for _, s := range table {
		for _, st := range s.Steps {
			out[s.ID+"/"+st.ID] = st.Checks
		}
	}
	return out
}

// CheckIDs lists every check a step names, sorted.
func CheckIDs() []string {
	seen := map[string]bool{}
	for _, s := range table {
		for _, st := range s.Steps {
			for _, c := range st.Checks {
				seen[c] = true
			}
		}
	}
	return slices.Sorted(maps.Keys(seen))
}
