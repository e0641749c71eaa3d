package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/onair-fm/onair/catalog"
)

// TestBrowserImportAnnounced: an import's page follows the import in place
// (no reload, so focus and a screen reader's place stay) and says how far
// it is, then how it ended, through a polite live region.
func TestBrowserImportAnnounced(t *testing.T) {
	t.Parallel()
	old := oldHost(t)
	target, _ := url.Parse(old.URL)
	proxy := httputil.NewSingleHostReverseProxy(target)
	release := make(chan struct{})
	// The old host's feed, pointing at this server, whose audio waits for
	// release (the second episode's), so the import is seen running.
	var host *httptest.Server
	host = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/feed.xml" {
			resp, err := http.Get(old.URL + "/feed.xml")
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadGateway)
				return
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write([]byte(strings.ReplaceAll(string(b), old.URL, host.URL)))
			return
		}
		if r.URL.Path == "/a/mp3_cbr_id3v23_apic.mp3" { // the second episode's
			select {
			case <-release:
			case <-r.Context().Done():
				return
			}
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(host.Close)
	released := false
	t.Cleanup(func() {
		if !released {
			close(release)
		}
	})

	e := newAdminEnv(t, nil, func(c *Config) { c.ImportAllowPrivate = true; c.MaxUpload = 1 << 30 })
	e.user(t, "boss@example.com", "boss-password", catalog.RoleAdmin)
	c := browser(t)
	tok := e.signIn(t, c, "boss@example.com", "boss-password")
	form := url.Values{"csrf": {tok}, "feed_url": {host.URL + "/feed.xml"}, "show": {"moved"}}
	status, loc := e.post(t, c, "/admin/imports", form)
	if status != http.StatusSeeOther || !strings.HasPrefix(loc, "/admin/imports/") {
		t.Fatalf("start: %d %q", status, loc)
	}

	ctx := within(t, newBrowser(t), 60*time.Second)
	browse(t, ctx, chromedp.Navigate(e.url+"/admin"), chromedp.WaitVisible(chromedp.CSS(`input[name=email]`)),
		fill(`input[name=email]`, "boss@example.com"), fill(`input[name=password]`, "boss-password"),
		chromedp.Submit(chromedp.CSS(`input[name=password]`)), chromedp.WaitVisible(chromedp.CSS(`.admin-nav`)),
		chromedp.Navigate(e.url+loc), chromedp.WaitVisible(chromedp.CSS(`[data-import]`)),
		chromedp.Evaluate[chromedp.Void](`window.sameDocument = true`))
	const live = `document.querySelector("[data-import-announce]")`
	if got := jsEval[string](t, ctx, live+`.getAttribute("aria-live")`); got != "polite" {
		t.Errorf("the import's live region is aria-live=%q, want polite", got)
	}
	waitJS(t, ctx, live+`.textContent.includes("of 2 episodes imported")`, 20*time.Second)

	close(release)
	released = true
	waitJS(t, ctx, live+`.textContent.startsWith("Import done.") && `+live+`.textContent.includes("2 imported")`, 30*time.Second)
	if !jsEval[bool](t, ctx, `window.sameDocument === true`) {
		t.Error("the import's page reloaded instead of following in place")
	}
	if got := domText(t, ctx, "[data-import-summary]"); !strings.Contains(got, "2 imported") {
		t.Errorf("report on the page: %q", got)
	}
}
