//go:build unix

package report

import (
	"bytes"
	"image"
	"image/color"
	"regexp"
	"strings"
	"testing"
)

// TestHTMLInChromium opens a report with mixed outcomes in headless Chromium. The screenshot must be a full
// page of the requested size, not blank, with the verdict banner in the failure colour across the top and the
// pass colour further down; the DOM after the script ran must show the filters at work: the count the script
// writes, and the checks it hides for a filter given in the address.
func TestHTMLInChromium(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteHTML(&buf, fullReport(t)); err != nil {
		t.Fatal(err)
	}
	b := openInChromium(t, "report.html", buf.Bytes())

	img := b.screenshot(1280, 2000)
	fail := color.RGBA{0xcf, 0x22, 0x2e, 0xff} // --fail in report.css
	pass := color.RGBA{0x1a, 0x7f, 0x37, 0xff} // --pass
	if share := shareOf(img, image.Rect(0, 0, 1280, 12), fail); share < 0.95 {
		t.Errorf("the top of the page is %.0f%% the failure colour, want a red verdict banner", share*100)
	}
	if share := shareOf(img, image.Rect(0, 300, 1280, 2000), fail); share == 0 {
		t.Errorf("no failure colour below the banner (matrix cells, failed badges)")
	}
	if share := shareOf(img, image.Rect(0, 150, 1280, 2000), pass); share == 0 {
		t.Errorf("no pass colour on the page")
	}

	for _, tc := range []struct{ fragment, count string }{
		{"", "Showing 6 of 6 checks"},
		{"#outcome=failed", "Showing 2 of 6 checks"},
		{"#outcome=failed&family=semantics", "Showing 1 of 6 checks"},
		{"#severity=must", "Showing 2 of 6 checks"},
		{"#q=unchanged%20LATEST", "Showing 1 of 6 checks"},
		{"#outcome=no-such-outcome", "Showing 6 of 6 checks"},
	} {
		dom := b.filtered(tc.fragment, tc.count)
		if tc.fragment == "#outcome=failed" {
			hidden := regexp.MustCompile(`<details class="check o-(\w+)[^"]*"[^>]* hidden`).FindAllStringSubmatch(dom, -1)
			if len(hidden) != 4 {
				t.Errorf("%d checks hidden, want 4", len(hidden))
			}
			for _, h := range hidden {
				if h[1] == "failed" {
					t.Errorf("a failed check is hidden by the failed filter")
				}
			}
		}
	}
}

// TestHTMLStoppedRunInChromium: the page of a run the suites stopped filters the checks that did not run.
func TestHTMLStoppedRunInChromium(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteHTML(&buf, FromGinkgo(stoppedGinkgo(), "http://127.0.0.1:9", "seed-2019")); err != nil {
		t.Fatal(err)
	}
	dom := openInChromium(t, "stopped.html", buf.Bytes()).filtered("#outcome=not-run", "Showing 3 of 6 checks")
	if !strings.Contains(dom, "The run stopped early: silent-target") {
		t.Errorf("the page does not say why the run stopped:\n%s", tail(dom, 800))
	}
}
