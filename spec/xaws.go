package spec

import (
	"encoding/json"
	"strings"
)

// The documents a constraint can come from (x-aws.source, x-aws.sources).
const (
	sourceSeed            = "seed"             // the 2019 page of the operation, quoted line by line
	sourceBotocore2019    = "botocore-2019"    // the 2019 botocore model the pages were generated from
	sourceBotocoreCurrent = "botocore-current" // today's botocore model
	sourceRecorded        = "aws-recorded"     // what real AWS was recorded doing (docs/aws-behavior.md)
)

// evidenceFiles are the files in the repository that the documents a constraint can come from are: a rule's
// Source.Document names one of them, so that every source resolves inside the repository.
var evidenceFiles = map[string]string{
	sourceBotocore2019:    "spec/testdata/botocore-2019.json",
	sourceBotocoreCurrent: "spec/testdata/botocore-current.json",
	sourceRecorded:        "docs/aws-behavior.md",
}

// BehaviorDocument is the document behaviour rules and recorded constraints cite, by section (§4.1 ...).
const BehaviorDocument = "docs/aws-behavior.md"

// xaws is the x-aws extension of a schema, parameter or response (see the head of lambda.openapi.yaml).
type xaws struct {
	Shape        string              `json:"shape"`
	Doc          string              `json:"doc"`
	Quote        map[string]string   `json:"quote"`
	Source       string              `json:"source"`
	Sources      map[string]string   `json:"sources"`
	Section      string              `json:"section"`
	Evidence     map[string]Evidence `json:"evidence"`
	Note         string              `json:"note"`
	PlainNameMax int                 `json:"plain-name-max"`
	KeyPattern   string              `json:"key-pattern"`
	MessageKeys  []string            `json:"message-keys"`
	Examples     examples            `json:"examples"`
	KeyExamples  examples            `json:"key-examples"`
}

// examples are hand-picked values for a member, used to build boundary samples where generation cannot be
// generic (patterns above all). Every example is checked against the model when it loads.
type examples struct {
	Valid   []any `json:"valid"`
	Invalid []any `json:"invalid"`
}

func extOf(ext map[string]any) xaws {
	var x xaws
	if raw, ok := ext["x-aws"]; ok {
		b, _ := json.Marshal(raw)
		_ = json.Unmarshal(b, &x)
	}
	return x
}

// sourceOf returns the document a constraint of this member comes from, by its x-aws key (a rule kind).
func (x xaws) sourceOf(key string) string {
	if s := x.Sources[key]; s != "" {
		return s
	}
	if x.Source != "" {
		return x.Source
	}
	return sourceSeed
}

func (x xaws) evidence(key string) Evidence {
	if e, ok := x.Evidence[key]; ok {
		return e
	}
	if x.sourceOf(key) == sourceRecorded {
		return EvidenceRecorded
	}
	return EvidenceDocs
}

// anchor wraps an AWS pattern so that it applies to the whole value, as AWS applies it.
func anchor(awsPattern string) string { return "^(?:" + awsPattern + ")$" }

// unanchor returns the AWS pattern inside an anchored model pattern, and whether it was anchored.
func unanchor(pattern string) (string, bool) {
	if strings.HasPrefix(pattern, "^(?:") && strings.HasSuffix(pattern, ")$") {
		return pattern[len("^(?:") : len(pattern)-len(")$")], true
	}
	return pattern, false
}
