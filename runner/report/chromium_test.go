//go:build unix

package report

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// chromium finds a Chromium or Chrome binary: $LAMBDACONFORM_CHROMIUM, else the usual names on PATH. Without one
// the test is skipped, except in CI (CI=true), where .ci/run installs Chromium and its absence is a failure.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("LAMBDACONFORM_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("no Chromium on this machine (tried $LAMBDACONFORM_CHROMIUM, chromium, chromium-browser, google-chrome): CI installs it in .ci/run")
	}
	t.Skip("no Chromium on this machine: install it (apt-get install chromium) or set LAMBDACONFORM_CHROMIUM to run the browser test")
	return ""
}

// headless runs Chromium headless on a page and returns what it printed. Everything it writes stays in dir, it
// talks to no network service, and it is killed with all its processes when ctx ends.
func headless(ctx context.Context, t *testing.T, bin, dir string, args ...string) string {
	t.Helper()
	args = append([]string{"--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--force-device-scale-factor=1",
		"--user-data-dir=" + filepath.Join(dir, "profile"), "--no-first-run", "--no-default-browser-check", "--disable-extensions",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-pings",
		"--disable-breakpad", "--disable-crash-reporter"}, args...)
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), "HOME="+dir, "TMPDIR="+dir, "XDG_CONFIG_HOME="+dir, "XDG_CACHE_HOME="+dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %s: %v\n%s", strings.Join(args, " "), err, tail(stderr.String(), 2000))
	}
	return stdout.String()
}

func tail(s string, n int) string {
	if len(s) > n {
		return "..." + s[len(s)-n:]
	}
	return s
}

// TestHTMLInChromium opens a report with mixed outcomes in headless Chromium. The screenshot must be a full
// page of the requested size, not blank, with the verdict banner in the failure colour across the top and the
// pass colour further down; the DOM after the script ran must show the filters at work: the count the script
// writes, and the checks it hides for a filter given in the address.
func TestHTMLInChromium(t *testing.T) {
	bin := chromium(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	var buf bytes.Buffer
	if err := WriteHTML(&buf, fullReport(t)); err != nil {
		t.Fatal(err)
	}
	writeFile(t, page, buf.Bytes())
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	shot := filepath.Join(dir, "report.png")
	headless(ctx, t, bin, dir, "--screenshot="+shot, "--window-size=1280,2000", "file://"+page)
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(f)
	f.Close()
	if err != nil {
		t.Fatalf("the screenshot is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 1280 || b.Dy() != 2000 {
		t.Fatalf("screenshot of %v, want 1280×2000", b)
	}
	if n := distinctColours(img, image.Rect(0, 0, 1280, 2000)); n < 100 {
		t.Errorf("the screenshot has %d colours: blank, or not rendered", n)
	}
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
		dom := headless(ctx, t, bin, dir, "--virtual-time-budget=3000", "--dump-dom", "file://"+page+tc.fragment)
		if !strings.Contains(dom, `<output id="shown">`+tc.count+`</output>`) {
			t.Errorf("%q: the script did not write %q:\n%s", tc.fragment, tc.count, tail(dom, 800))
		}
		if regexp.MustCompile(`<form id="filters" hidden`).MatchString(dom) {
			t.Errorf("%q: the script did not show the filters", tc.fragment)
		}
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

func distinctColours(img image.Image, r image.Rectangle) int {
	seen := map[color.RGBA]bool{}
	for y := r.Min.Y; y < r.Max.Y; y += 2 {
		for x := r.Min.X; x < r.Max.X; x += 2 {
			seen[color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)] = true
		}
	}
	return len(seen)
}

// shareOf is the share of the rectangle's pixels within a small distance of want.
func shareOf(img image.Image, r image.Rectangle, want color.RGBA) float64 {
	near := func(a, b uint8) bool { return a-b < 8 || b-a < 8 }
	n, total := 0, 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
			total++
			if near(c.R, want.R) && near(c.G, want.G) && near(c.B, want.B) {
				n++
			}
		}
	}
	return float64(n) / float64(total)
}

// TestHTMLStoppedRunInChromium: the page of a run the suites stopped filters the checks that did not run.
func TestHTMLStoppedRunInChromium(t *testing.T) {
	bin := chromium(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "stopped.html")
	var buf bytes.Buffer
	if err := WriteHTML(&buf, FromGinkgo(stoppedGinkgo(), "http://127.0.0.1:9", "seed-2019")); err != nil {
		t.Fatal(err)
	}
	writeFile(t, page, buf.Bytes())
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dom := headless(ctx, t, bin, dir, "--virtual-time-budget=3000", "--dump-dom", "file://"+page+"#outcome=not-run")
	if !strings.Contains(dom, `<output id="shown">Showing 3 of 6 checks</output>`) || !strings.Contains(dom, "The run stopped early: silent-target") {
		t.Errorf("the not-run filter:\n%s", tail(dom, 800))
	}
}
