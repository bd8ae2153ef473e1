//go:build unix

package report

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/lambdaconform/lambdaconform/internal/prereq"
)

// browser is headless Chromium opening one page, for the tests of the HTML report and comparison. Without
// Chromium the test is skipped, except in CI (prereq.Chromium).
type browser struct {
	t        *testing.T
	ctx      context.Context
	bin, dir string
	page     string // the page's file
}

// openInChromium writes the page to a temporary directory for Chromium to open; every run of Chromium for it
// ends within two minutes of this call.
func openInChromium(t *testing.T, name string, page []byte) *browser {
	t.Helper()
	b := &browser{t: t, bin: prereq.Chromium(t), dir: t.TempDir()}
	b.page = filepath.Join(b.dir, name)
	writeFile(t, b.page, page)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	b.ctx = ctx
	return b
}

// run runs Chromium headless on the page (its address ending with fragment) and returns what it printed.
// Everything it writes stays in the test's directory, it talks to no network service, and it is killed with all
// its processes when the time is up.
func (b *browser) run(fragment string, args ...string) string {
	b.t.Helper()
	args = append([]string{"--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--force-device-scale-factor=1",
		"--user-data-dir=" + filepath.Join(b.dir, "profile"), "--no-first-run", "--no-default-browser-check", "--disable-extensions",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-pings",
		"--disable-breakpad", "--disable-crash-reporter"}, args...)
	args = append(args, "file://"+b.page+fragment)
	cmd := exec.CommandContext(b.ctx, b.bin, args...)
	cmd.Env = append(os.Environ(), "HOME="+b.dir, "TMPDIR="+b.dir, "XDG_CONFIG_HOME="+b.dir, "XDG_CACHE_HOME="+b.dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		b.t.Fatalf("chromium %s: %v\n%s", strings.Join(args, " "), err, tail(stderr.String(), 2000))
	}
	return stdout.String()
}

// filtered returns the DOM once the page's script has run with the filter in the fragment, and checks what every
// filter test needs: the script showed the filter form and wrote "Showing N of M checks" as shown says.
func (b *browser) filtered(fragment, shown string) string {
	b.t.Helper()
	dom := b.run(fragment, "--virtual-time-budget=3000", "--dump-dom")
	if !strings.Contains(dom, `<output id="shown">`+shown+`</output>`) {
		b.t.Errorf("%q: the script did not write %q:\n%s", fragment, shown, tail(dom, 800))
	}
	if strings.Contains(dom, `<form id="filters" hidden`) {
		b.t.Errorf("%q: the script did not show the filters", fragment)
	}
	return dom
}

// screenshot renders the page in a window of width×height and returns the picture, which must be of that size
// and not blank.
func (b *browser) screenshot(width, height int) image.Image {
	b.t.Helper()
	shot := filepath.Join(b.dir, "screenshot.png")
	b.run("", "--screenshot="+shot, fmt.Sprintf("--window-size=%d,%d", width, height))
	f, err := os.Open(shot)
	if err != nil {
		b.t.Fatal(err)
	}
	img, err := png.Decode(f)
	f.Close()
	if err != nil {
		b.t.Fatalf("the screenshot is not a PNG: %v", err)
	}
	if r := img.Bounds(); r.Dx() != width || r.Dy() != height {
		b.t.Fatalf("screenshot of %v, want %d×%d", r, width, height)
	}
	if n := distinctColours(img, img.Bounds()); n < 100 {
		b.t.Errorf("the screenshot has %d colours: blank, or not rendered", n)
	}
	return img
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

// shareOf is the share of the rectangle's pixels within a small distance of want, channel by channel.
func shareOf(img image.Image, r image.Rectangle, want color.RGBA) float64 {
	near := func(a, b uint8) bool { return int(a)-int(b) < 8 && int(b)-int(a) < 8 }
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

func tail(s string, n int) string {
	if len(s) > n {
		return "..." + s[len(s)-n:]
	}
	return s
}
