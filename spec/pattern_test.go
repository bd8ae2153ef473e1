package spec

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"time"
)

// s3BucketRE2 is an RE2 form of S3Bucket's pattern (docs/aws-behavior.md §11): characters from the class, not
// ending with '.'.
var s3BucketRE2 = regexp.MustCompile(`^(?:[0-9A-Za-z.\-_]*[0-9A-Za-z\-_])?$`)

// TestS3BucketLookbehind proves that the lookbehind pattern, which RE2 cannot compile and regexp2 runs, means
// what its RE2 equivalent means, in both the seed form (anchored by AWS) and the current one (unanchored), on
// every string of up to five characters over an alphabet that covers each class and its edges, and on many
// longer random ones.
func TestS3BucketLookbehind(t *testing.T) {
	for _, p := range []string{`^[0-9A-Za-z\.\-_]*(?<!\.)$`, `[0-9A-Za-z\.\-_]*(?<!\.)`} {
		if _, err := regexp.Compile(anchor(p)); err == nil {
			t.Fatalf("RE2 compiles %q; the test no longer exercises regexp2", p)
		}
		m, err := CompilePattern(anchor(p))
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := m.(backtracking); !ok {
			t.Fatalf("%q: compiled to %T, want the regexp2 matcher", p, m)
		}
		check := func(s string) {
			if got, want := m.MatchString(s), s3BucketRE2.MatchString(s); got != want {
				t.Fatalf("pattern %q on %q: regexp2 says %v, the RE2 equivalent %v", p, s, got, want)
			}
		}
		alphabet := []string{"a", "Z", "0", ".", "-", "_", "/", " ", "é", "\n"}
		var walk func(prefix string, depth int)
		walk = func(prefix string, depth int) {
			check(prefix)
			if depth == 0 {
				return
			}
			for _, c := range alphabet {
				walk(prefix+c, depth-1)
			}
		}
		walk("", 5)
		rng := rand.New(rand.NewPCG(1, 2))
		for range 20000 {
			var b strings.Builder
			for range rng.IntN(70) {
				b.WriteString(alphabet[rng.IntN(len(alphabet))])
			}
			check(b.String())
		}
	}
}

// TestS3BucketPatternEnforced checks that the lookbehind is not dropped on its way through kin-openapi: a bucket
// ending with '.' breaks the pattern rule in both profiles.
func TestS3BucketPatternEnforced(t *testing.T) {
	for _, profile := range Profiles() {
		m := MustLoad(profile)
		for bucket, want := range map[string]bool{"my-bucket": true, "my.bucket": true, "bucket.": false, "bucket..": false} {
			got, err := m.ValidateRequest("UpdateFunctionCode", Request{
				PathParams: map[string]string{"FunctionName": "my-function"},
				Body:       mustJSON(t, map[string]any{"S3Bucket": bucket, "S3Key": "code.zip"}),
			})
			if err != nil {
				t.Fatal(err)
			}
			if ok := len(got) == 0; ok != want {
				t.Errorf("%s: S3Bucket %q accepted=%v, want %v (%v)", profile, bucket, ok, want, got)
			}
			if !want && (len(got) != 1 || got[0].Rule != "UpdateFunctionCode.request.S3Bucket.pattern") {
				t.Errorf("%s: S3Bucket %q: violations %v, want the pattern rule", profile, bucket, got)
			}
		}
	}
}

// TestOnlyS3BucketNeedsRegexp2 checks the claim of docs/aws-behavior.md §11 on the model: of all its patterns,
// only S3Bucket's needs the backtracking engine; everything else runs on RE2.
func TestOnlyS3BucketNeedsRegexp2(t *testing.T) {
	for _, profile := range Profiles() {
		for _, r := range MustLoad(profile).Rules() {
			if r.Pattern == "" {
				continue
			}
			m, err := CompilePattern(r.Pattern)
			if err != nil {
				t.Fatalf("%s %s: %v", profile, r.ID, err)
			}
			_, isRE2 := m.(*regexp.Regexp)
			if isRE2 == strings.HasSuffix(r.ID, ".S3Bucket.pattern") {
				t.Errorf("%s %s: compiled to %T", profile, r.ID, m)
			}
		}
	}
}

// TestPatternsMatchWholeValues checks AWS's full-match meaning where a search would accept: the cases of
// docs/aws-behavior.md §11.
func TestPatternsMatchWholeValues(t *testing.T) {
	for _, c := range []struct {
		pattern, value string
		want           bool
	}{
		{`[^\s]+`, "has space", false},                                      // Handler: a search finds "has"
		{`[^\s]+`, "index.handler", true},                                   //
		{`(arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*)|()`, "alias/my-key", false}, // the alternation trap: ^(arn...)|()$
		{`(arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*)|()`, "", true},
		{`(\$LATEST|[0-9]+)`, "1a", false},
		{`([a-zA-Z0-9-_]+)`, "my-function!", false},
	} {
		got, err := FullMatch(c.pattern, c.value)
		if err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("FullMatch(%q, %q) = %v, want %v", c.pattern, c.value, got, c.want)
		}
		if search := regexp.MustCompile(c.pattern).MatchString(c.value); !c.want && !search {
			t.Errorf("%q on %q: a search rejects it too, so the case proves nothing", c.pattern, c.value)
		}
	}
}

// TestBacktrackingIsBounded checks that a pathological input cannot hang validation: a regexp2 match that
// runs out of time counts as no match, well within a second.
func TestBacktrackingIsBounded(t *testing.T) {
	m, err := CompilePattern(`^(?:(a+)+(?<!b)c)$`)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if m.MatchString(strings.Repeat("a", 40) + "!") {
		t.Fatal("matched")
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("the match took %v", d)
	}
}

// TestJavaSemantics checks the two places where Go would read AWS's pattern text differently from Java: '.'
// stops at every Java line terminator, and \s holds the vertical tab.
func TestJavaSemantics(t *testing.T) {
	for _, c := range []struct {
		pattern, value string
		want           bool
	}{
		{`.*`, "code.zip", true},
		{`.*`, "code\r.zip", false},
		{`.*`, "code\u2028.zip", false},
		{`.*`, "code\u0085.zip", false},
		{`[^\s]+`, "index\x0Bhandler", false},
		{`[^\s]+`, "index.handler", true},
		{`a\sb`, "a\x0Bb", true},
		{`a\Sb`, "a\x0Bb", false},
		{`\d{12}`, "١٢٣٤٥٦٧٨٩٠١٢", false}, // Java's \d is ASCII, like Go's
		{`[a-z.]+`, "a.b", true},          // '.' in a class stays a literal
		{`a\.b`, "axb", false},
		{`^[0-9A-Za-z\.\-_]*(?<!\.)$`, "bucket\n", false}, // regexp2's $ before a final newline
		{`[0-9A-Za-z\.\-_]*(?<!\.)`, "bucket\n", false},
	} {
		got, err := FullMatch(c.pattern, c.value)
		if err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("FullMatch(%q, %q) = %v, want %v", c.pattern, c.value, got, c.want)
		}
	}
}
