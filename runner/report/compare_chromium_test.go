//go:build unix

package report

import (
	"bytes"
	"image"
	"image/color"
	"regexp"
	"slices"
	"strconv"
	"testing"
)

// TestCompareHTMLInChromium opens a comparison of three targets in headless Chromium, as TestHTMLInChromium
// does the run report. The screenshot must be a rendered page of the requested size with the comparison's dark
// header across the top, and failure and pass badges below; the DOM after the script ran must show each filter
// given in the address at work: the count the script writes, and the rows it hides.
func TestCompareHTMLInChromium(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCompareHTML(&buf, compared(t)); err != nil {
		t.Fatal(err)
	}
	b := openInChromium(t, "compare.html", buf.Bytes())

	img := b.screenshot(1280, 1600)
	head := color.RGBA{0x24, 0x29, 0x2f, 0xff} // .compare-head in compare.css
	fail := color.RGBA{0xcf, 0x22, 0x2e, 0xff} // --fail in report.css
	pass := color.RGBA{0x1a, 0x7f, 0x37, 0xff} // --pass
	if share := shareOf(img, image.Rect(0, 0, 1280, 12), head); share < 0.95 {
		t.Errorf("the top of the page is %.0f%% the header colour, want the dark comparison header", share*100)
	}
	if share := shareOf(img, image.Rect(0, 150, 1280, 1600), fail); share == 0 {
		t.Errorf("no failure colour below the header (verdicts, failed badges)")
	}
	if share := shareOf(img, image.Rect(0, 150, 1280, 1600), pass); share == 0 {
		t.Errorf("no pass colour on the page")
	}

	row := regexp.MustCompile(`<tr class="row" id="row-([^"]+)" data-cells="([^"]*)" data-disagree="(\w+)"( hidden="")?>`)
	for _, tc := range []struct {
		fragment string
		shown    []string // the rows left visible
	}{
		{"", []string{"contract.PublishVersion.status-201", "contract.UpdateFunctionCode.status-200", "errors.PublishVersion.conflict",
			"interop.UpdateFunctionCode.sdk-parses", "semantics.PublishVersion.unchanged-returns-latest", "semantics.UpdateFunctionCode.revision-match"}},
		{"#show=disagree", []string{"contract.PublishVersion.status-201", "semantics.PublishVersion.unchanged-returns-latest",
			"semantics.UpdateFunctionCode.revision-match"}},
		{"#target=sample&outcome=error", []string{"semantics.UpdateFunctionCode.revision-match"}},
		{"#target=other&outcome=absent", []string{"semantics.UpdateFunctionCode.revision-match"}},
		{"#target=good&outcome=failed", nil},
		{"#outcome=skipped", []string{"errors.PublishVersion.conflict"}},
		{"#show=disagree&q=unchanged", []string{"semantics.PublishVersion.unchanged-returns-latest"}},
	} {
		dom := b.filtered(tc.fragment, "Showing "+strconv.Itoa(len(tc.shown))+" of 6 checks")
		var shown []string
		for _, m := range row.FindAllStringSubmatch(dom, -1) {
			if m[4] == "" {
				shown = append(shown, m[1])
			}
		}
		slices.Sort(shown)
		if !slices.Equal(shown, slices.Sorted(slices.Values(tc.shown))) {
			t.Errorf("%q: rows shown %v, want %v", tc.fragment, shown, tc.shown)
		}
	}
}
