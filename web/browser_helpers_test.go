package web

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

const chromiumPath = "/usr/bin/chromium"

// newBrowser starts a fresh headless Chromium for one test. Without
// Chromium the test is skipped, except in CI (CI=true), where it fails.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("browser tests need %s in CI: %v", chromiumPath, err)
		}
		t.Skipf("browser test skipped: %s is not installed (CI installs it and runs this test)", chromiumPath)
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromiumPath),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1024, 768),
	)
	ctx, cancelCtx := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil { // starts the browser, no timeout
		t.Fatalf("start chromium: %v", err)
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

func artifact(t *testing.T, ctx context.Context, name string) {
	t.Helper()
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
