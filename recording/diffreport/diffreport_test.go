package diffreport

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/lambdaconform/lambdaconform/recording/compare"
)

// hostile is what a target could put in a value: markup, Markdown, a mention, terminal escapes.
const hostile = "<script>alert(1)</script> @maintainer **bold** | pipe \x1b[2J #1 [link](http://x)"

func sample() compare.Result {
	r := compare.Result{Tool: "lambdaconform", Version: "(devel)", Recording: "aws.json", RecordedTarget: "https://lambda.us-east-1.amazonaws.com",
		Target: "http://127.0.0.1:4566", Started: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), Duration: 1500 * time.Millisecond,
		Scenarios: []compare.ScenarioResult{
			{ID: "lifecycle", Title: "t", Compared: 3, Differences: []compare.Difference{
				{Exchange: "lifecycle/publish-unchanged", Operation: "PublishVersion", Kind: compare.KindValue, Path: "$.Version",
					Recorded: `"1"`, Target: `"2"`, Message: `$.Version is "2"; the recording has "1"`, Counted: true},
				{Exchange: "lifecycle/publish-unchanged", Operation: "PublishVersion", Kind: compare.KindValue, Path: "$.message",
					Recorded: `"m"`, Target: `"` + hostile + `"`, Message: "$.message is " + hostile, Counted: true},
				{Exchange: "lifecycle/create", Operation: "CreateFunction", Kind: compare.KindExtra, Path: "$.New", Target: "1",
					Message: "extra", Counted: false, Why: "an extra member"},
				{Exchange: "lifecycle/get", Operation: "GetFunction", Kind: compare.KindValue, Path: "$.State", Message: "known one",
					Counted: true, Known: &compare.KnownMatch{KnownEntry: compare.KnownEntry{Index: 1, Path: "$.State", Reason: "we are faster"}}},
			}, Notes: []compare.Note{{Exchange: "conflicts/update-in-progress", Message: "not comparable: " + hostile}}},
			{ID: "conflicts", Title: "t", Error: "CreateFunction refused: " + hostile, Differences: []compare.Difference{}},
		}}
	r.Finish()
	return r
}

func TestJSONIsValid(t *testing.T) {
	var b bytes.Buffer
	if err := WriteJSON(&b, sample()); err != nil {
		t.Fatal(err)
	}
	if err := ValidateJSON(b.Bytes()); err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	if !strings.Contains(b.String(), `"duration_ms": 1500`) || !strings.Contains(b.String(), `"status": "different"`) {
		t.Errorf("JSON:\n%s", b.String())
	}
	var empty bytes.Buffer
	r := compare.Result{Tool: "lambdaconform", Error: "the target does not answer"}
	r.Finish()
	if err := WriteJSON(&empty, r); err != nil || ValidateJSON(empty.Bytes()) != nil {
		t.Errorf("a diff that could not run: %v %v\n%s", err, ValidateJSON(empty.Bytes()), empty.String())
	}
}

func TestTerminal(t *testing.T) {
	var b bytes.Buffer
	if err := WriteSummary(&b, sample(), false); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if strings.ContainsRune(out, '\x1b') {
		t.Error("a terminal escape from the target reached the summary")
	}
	for _, want := range []string{"lifecycle/publish-unchanged  PublishVersion", "✗ value", "✓ value", "known: we are faster",
		"Not counted", "$.New", "conflicts: CreateFunction refused", "DIFFERENT: 2 differences"} {
		if !strings.Contains(out, want) {
			t.Errorf("the summary lacks %q:\n%s", want, out)
		}
	}
	var c bytes.Buffer
	WriteSummary(&c, sample(), true)
	if !strings.Contains(c.String(), "\x1b[31m") {
		t.Error("no colour with color on")
	}
}

func TestMarkdownEscapes(t *testing.T) {
	var b bytes.Buffer
	if err := WriteMarkdown(&b, sample()); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, bad := range []string{"<script>", "@maintainer", "**bold**", "[link](http", "\x1b", "#1 "} {
		if strings.Contains(out, bad) {
			t.Errorf("unescaped %q in:\n%s", bad, out)
		}
	}
	if !strings.HasPrefix(out, "### ❌ lambdaconform diff: DIFFERENT") || !strings.Contains(out, "| `$.Version` |") {
		t.Errorf("markdown:\n%s", out)
	}
}

func TestHTMLIsSelfContainedAndEscaped(t *testing.T) {
	var b bytes.Buffer
	if err := WriteHTML(&b, sample()); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	var scripts, external int
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if n.Data == "script" {
				scripts++
			}
			for _, a := range n.Attr {
				if (a.Key == "src" || (a.Key == "href" && n.Data == "link")) && a.Val != "" {
					external++
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if scripts != 0 || external != 0 {
		t.Errorf("%d scripts, %d external resources", scripts, external)
	}
	out := b.String()
	if !strings.Contains(out, "Content-Security-Policy") || !strings.Contains(out, "&lt;script&gt;") || !strings.Contains(out, "lifecycle/publish-unchanged") {
		t.Errorf("HTML:\n%s", out)
	}
}
