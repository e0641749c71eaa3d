package web

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/onair-fm/onair/web/site"
)

// TestBrowserShareAtTime: ?t=1:05 on an episode page and ?t=0:25 on its
// player start there; the page's share box, ticked, gives links with the
// time where the listener is.
func TestBrowserShareAtTime(t *testing.T) {
	t.Parallel()
	st := newSite(t, Config{})
	ctx := within(t, newBrowser(t), 60*time.Second)
	page := st.srv.EpisodeURL(st.show, st.long)
	browse(t, ctx, chromedp.EmulateViewport(1024, 900), chromedp.Navigate(page+"?t=0:35"),
		chromedp.WaitVisible(chromedp.CSS("#share-t")))
	waitJS(t, ctx, `document.getElementById("audio").readyState >= 1`, 15*time.Second)
	waitJS(t, ctx, `Math.floor(document.getElementById("audio").currentTime) === 35`, 15*time.Second)
	browse(t, ctx, chromedp.Click(chromedp.CSS("#share-t")))
	if got := jsEval[string](t, ctx, `document.getElementById("ep-url").value`); got != page+"?t=35" {
		t.Errorf("shared link with the time = %q, want %q", got, page+"?t=35")
	}
	if got := domText(t, ctx, "#share-at"); got != "0:35" {
		t.Errorf("share box says %q, want 0:35", got)
	}
	hrefs := jsEval[[]string](t, ctx, `[...document.querySelectorAll(".share [data-pat]")].map(a => a.href)`)
	if len(hrefs) == 0 || !strings.Contains(hrefs[0], "%3Ft%3D35") {
		t.Errorf("share buttons = %q, want the link with ?t=35", hrefs)
	}
	browse(t, ctx, chromedp.Click(chromedp.CSS("#share-t")))
	if got := jsEval[string](t, ctx, `document.getElementById("ep-url").value`); got != page {
		t.Errorf("shared link without the time = %q", got)
	}

	browse(t, ctx, chromedp.EmulateViewport(600, site.PlayerHeight),
		chromedp.Navigate(st.srv.PlayerURL(st.long)+"?t=0:25"), chromedp.WaitVisible(chromedp.CSS(".play")))
	if got := domText(t, ctx, ".cur"); got != "0:25" {
		t.Errorf("player elapsed with ?t=0:25 = %q, want 0:25", got)
	}
}
