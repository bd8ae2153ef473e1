package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func htmlOf(t *testing.T, r Report) (string, *html.Node) {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteHTML(&buf, r); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	return buf.String(), doc
}

func walk(n *html.Node, visit func(*html.Node)) {
	visit(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, visit)
	}
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func text(n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	})
	return b.String()
}

// TestHTMLIsSelfContained: the page loads nothing. No element has a src, no stylesheet or script comes from
// elsewhere, the style and script name no URL, and the only attribute with an address is the link of an
// expected-failure entry; addresses in the text (the target, transcripts, curl commands) are inert text.
func TestHTMLIsSelfContained(t *testing.T) {
	out, doc := htmlOf(t, fullReport(t))
	for _, bad := range []string{"<script src", "<link", "@import", "url(", " src=", "srcset", "<iframe", "<img", "<object", "<embed"} {
		if strings.Contains(strings.ToLower(out), bad) {
			t.Errorf("the page contains %q", bad)
		}
	}
	scripts, styles := 0, 0
	walk(doc, func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		switch n.Data {
		case "script":
			scripts++
			if strings.Contains(text(n), "://") {
				t.Errorf("the script names an address")
			}
		case "style":
			styles++
			if strings.Contains(text(n), "://") {
				t.Errorf("the style names an address")
			}
		}
		for _, a := range n.Attr {
			if !strings.Contains(a.Val, "://") {
				continue
			}
			if n.Data != "a" || a.Key != "href" || a.Val != "https://tracker.example/LAMBDA-42" {
				t.Errorf("<%s %s=%q> refers to an address", n.Data, a.Key, a.Val)
			}
		}
	})
	if scripts != 1 || styles != 1 {
		t.Errorf("%d scripts and %d styles, want one of each, inline", scripts, styles)
	}
	// Every address in the page is one the report carries: the target, the calls' URLs, the entry's link.
	for _, u := range regexp.MustCompile(`https?://[^\s"'<>&)]+`).FindAllString(out, -1) {
		u = strings.TrimRight(u, ".,;:")
		if !strings.HasPrefix(u, "http://127.0.0.1:9000") && u != "https://tracker.example/LAMBDA-42" {
			t.Errorf("unexpected address %s", u)
		}
	}
}

// TestHTMLContentSecurityPolicy: the policy allows exactly the inline style and script of the page.
func TestHTMLContentSecurityPolicy(t *testing.T) {
	_, doc := htmlOf(t, sampleReport())
	var csp, css, js string
	walk(doc, func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		switch n.Data {
		case "meta":
			if v, _ := attr(n, "http-equiv"); v == "Content-Security-Policy" {
				csp, _ = attr(n, "content")
			}
		case "style":
			css = text(n)
		case "script":
			js = text(n)
		}
	})
	hash := func(s string) string {
		sum := sha256.Sum256([]byte(s))
		return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	}
	want := "default-src 'none'; style-src " + hash(css) + "; script-src " + hash(js) + "; base-uri 'none'; form-action 'none'"
	if csp != want {
		t.Errorf("Content-Security-Policy %q, want %q", csp, want)
	}
}

// TestHTMLEscapes: markup from the target (a response body, an error message) is shown as text, never run.
func TestHTMLEscapes(t *testing.T) {
	out, doc := htmlOf(t, sampleReport())
	if strings.Contains(out, "<script>alert(1)") || strings.Contains(out, `href="javascript`) {
		t.Errorf("the target's markup reaches the page unescaped")
	}
	if !strings.Contains(out, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("the target's markup is not shown escaped")
	}
	found := false
	walk(doc, func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "pre" && strings.Contains(text(n), `"Description":"<script>alert(1)</script>`) {
			found = true
		}
	})
	if !found {
		t.Errorf("the transcript does not show the response body as the target sent it")
	}
}

// TestHTMLStructure: the verdict, the matrix, then one expandable entry per check, grouped by family and
// operation, failures first, each carrying what the filters match.
func TestHTMLStructure(t *testing.T) {
	r := fullReport(t)
	out, doc := htmlOf(t, r)
	var checks []*html.Node
	var families, operations []string
	walk(doc, func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		class, _ := attr(n, "class")
		switch {
		case n.Data == "details" && strings.HasPrefix(class, "check "):
			checks = append(checks, n)
		case n.Data == "h3" && n.Parent != nil && strings.Contains(attrOr(n.Parent, "class"), "family"):
			families = append(families, strings.Fields(text(n))[0])
		case n.Data == "h4":
			operations = append(operations, strings.Fields(text(n))[0])
		}
	})
	if len(checks) != len(r.Checks) {
		t.Fatalf("%d check entries, want %d", len(checks), len(r.Checks))
	}
	if strings.Join(families, " ") != "contract semantics errors interop" {
		t.Errorf("families %v", families)
	}
	// Failures first at every level: the operations with failures before the others within a family, and the
	// families with failures (contract, semantics) before those without.
	if strings.Join(operations, " ") != "PublishVersion UpdateFunctionCode PublishVersion UpdateFunctionCode PublishVersion UpdateFunctionCode" {
		t.Errorf("operations %v", operations)
	}
	for _, n := range checks {
		id, _ := attr(n, "id")
		tags, _ := attr(n, "data-tags")
		switch id {
		case "check-contract.PublishVersion.status-201":
			if tags != "failed counts new-failure" || attrOr(n, "data-severity") != "must" || attrOr(n, "data-family") != "contract" || attrOr(n, "data-operation") != "PublishVersion" ||
				attrOr(n, "data-evidence") != "docs" {
				t.Errorf("%s: %v", id, n.Attr)
			}
			body := text(n)
			for _, want := range []string{"Expected 201, got 200", "Reproduce", "curl -sS -i -X POST", "< 200 OK",
				"status 200 is not documented", "New failure: this check did not fail in the baseline"} {
				if !strings.Contains(body, want) {
					t.Errorf("%s does not show %q", id, want)
				}
			}
		case "check-semantics.PublishVersion.unchanged-returns-latest":
			if tags != "failed expected still-failing" || !strings.Contains(text(n), "Expected failure: we publish a new version") {
				t.Errorf("%s: tags %q", id, tags)
			}
		case "check-semantics.UpdateFunctionCode.revision-match":
			if tags != "error" {
				t.Errorf("%s: tags %q", id, tags)
			}
		}
	}
	for _, want := range []string{
		`<header class="verdict v-not-conformant" id="verdict">`,
		`<h1>NOT CONFORMANT: 1 new must failure since the baseline (1 expected failure; 1 check could not judge the target)</h1>`,
		`<h3 class="severity-must">must failures <span class="legend">3 root causes in 2 checks</span></h3>`,
		`<td><code>PublishVersion.status.201</code></td><td>PublishVersion</td><td>status of PublishVersion: Expected 201, got 200</td>`,
		`<option value="must">must (2)</option>`,
		`<tr><td>1</td><td>the target never showed an update in progress</td></tr>`,
		`<a class="n-failed" href="#family=contract&amp;operation=PublishVersion&amp;outcome=failed" title="failed">1</a>`,
		`<option value="new-failure">new failures since the baseline (1)</option>`,
		`<option value="unverified">unverified (1)</option>`,
		`<form id="filters" hidden`,
		`<span class="st-stale">stale</span>`,
		`Failed in the baseline and did not run now: <code>interop.PublishVersion.removed</code>`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
}

func attrOr(n *html.Node, key string) string {
	v, _ := attr(n, key)
	return v
}
