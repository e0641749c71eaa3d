package web

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// chromiumPaths are the Chromium builds the tests drive, in order of
// preference: Debian's headless shell (chromium-headless-shell, the same
// engine without the desktop browser around it) needs half the CPU of the
// full browser in headless mode for the same tests.
var chromiumPaths = []string{"/usr/bin/chromium-headless-shell", "/usr/bin/chromium"}

// chromiumPath returns the first of chromiumPaths installed, or "".
func chromiumPath() string {
	for _, p := range chromiumPaths {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

// chromium is the one headless Chromium the tests of this package share:
// starting it is most of a short browser test's time. Each test gets a
// browser context of its own (newBrowser), as separate as a new profile:
// its own cookies, storage and tabs, so tests run in parallel.
var chromium struct {
	once   sync.Once
	ctx    context.Context
	cancel context.CancelFunc
	err    error
}

// TestMain closes the shared browser once every test has run.
func TestMain(m *testing.M) {
	code := m.Run()
	if chromium.cancel != nil {
		chromium.cancel()
	}
	os.Exit(code)
}

// startBrowser starts the shared Chromium on first use.
func startBrowser() (context.Context, error) {
	chromium.once.Do(func() {
		dir, err := os.MkdirTemp("", "onair-chromium-")
		if err != nil {
			chromium.err = err
			return
		}
		alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
			chromedp.ExecPath(chromiumPath()),
			chromedp.Flag("headless", true),
			chromedp.NoSandbox,
			chromedp.Flag("disable-gpu", true),
			chromedp.Flag("disable-quic", true),
			chromedp.NoFirstRun,
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			// The tests' pages are all one site: a renderer per frame
			// and paint holding only cost CPU, which the two cores of
			// CI share with every other test (a tenth of the browser
			// tests' CPU-seconds). Muted, the player still plays.
			chromedp.Flag("disable-features", "IsolateOrigins,site-per-process,PaintHolding"),
			chromedp.Flag("disable-site-isolation-trials", true),
			chromedp.Flag("mute-audio", true),
			chromedp.UserDataDir(dir),
			chromedp.WindowSize(1024, 768),
		)
		ctx, cancelCtx := chromedp.NewContext(alloc)
		chromium.ctx = ctx
		chromium.cancel = func() { cancelCtx(); cancelAlloc(); os.RemoveAll(dir) }
		chromium.err = chromedp.Do(ctx) // starts the browser, no timeout
	})
	return chromium.ctx, chromium.err
}

// newBrowser gives a test a fresh browser context (a tab in a context of
// its own) in the shared headless Chromium. Without Chromium the test is
// skipped, except in CI (CI=true), where it fails.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	if chromiumPath() == "" {
		want := strings.Join(chromiumPaths, " or ")
		if os.Getenv("CI") == "true" {
			t.Fatalf("browser tests need Chromium (%s) in CI", want)
		}
		t.Skipf("browser test skipped: no Chromium at %s (CI installs it and runs this test)", want)
	}
	root, err := startBrowser()
	if err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	ctx, cancel := chromedp.NewContext(root, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil { // opens the tab
		t.Fatalf("open a browser context: %v", err)
	}
	return ctx
}

// within runs f with a deadline, so a stuck browser fails the test
// instead of hanging it.
func within(t *testing.T, ctx context.Context, d time.Duration) context.Context {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, d)
	t.Cleanup(cancel)
	return c
}

func browse(t *testing.T, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

func jsEval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

// waitJS polls a JavaScript predicate until it is true.
func waitJS(t *testing.T, ctx context.Context, js string, d time.Duration) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](js,
		chromedp.WithPollingTimeout(d), chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		t.Fatalf("waiting for %s: %v", js, err)
	}
}

func domText(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.TrimSpace(v)
}

// artifact saves a screenshot of the viewport as testdata/artifacts/name
// when ONAIR_TEST_SCREENSHOTS is set.
func artifact(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	if os.Getenv("ONAIR_TEST_SCREENSHOTS") == "" {
		return // screenshots are for people, on request (README, Tests)
	}
	buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join("testdata", "artifacts")
	noErr(t, os.MkdirAll(dir, 0o755))
	noErr(t, os.WriteFile(filepath.Join(dir, name), buf, 0o644))
}

func darkMode(on bool) chromedp.Action[chromedp.Void] {
	v := "light"
	if on {
		v = "dark"
	}
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: v}},
		})
		return err
	})
}

func currentTime(t *testing.T, ctx context.Context) float64 {
	return jsEval[float64](t, ctx, `document.querySelector("audio").currentTime`)
}

func approx(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

// playerFrames returns the page's n iframes once each shows a player. The
// frames load after the page, so the nodes are fetched again until their
// documents are there.
func playerFrames(t *testing.T, ctx context.Context, n int) []*chromedp.Node {
	t.Helper()
	var last error
	for range 40 {
		frames, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSSAll("iframe"), chromedp.Populate(-1, true)))
		if err == nil && len(frames) == n {
			ready := 0
			for _, f := range frames {
				f.RLock()
				has := f.ContentDocument != nil
				f.RUnlock()
				if !has {
					break
				}
				wctx, cancel := context.WithTimeout(ctx, time.Second)
				err = chromedp.Do(wctx, chromedp.WaitVisible(chromedp.CSS(".play"), chromedp.FromNode(f)))
				cancel()
				if err != nil {
					break
				}
				ready++
			}
			if ready == n {
				return frames
			}
		}
		last = err
		time.Sleep(250 * time.Millisecond)
	}
	t.Fatalf("the %d players did not load: %v", n, last)
	return nil
}
