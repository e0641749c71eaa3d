package web

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/onair-fm/onair/web/site"
)

// contrastJS is the contrast ratio of an element's text against the
// background behind it.
const contrastJS = `((sel) => {` + a11yHelpersJS + `
  const el = document.querySelector(sel);
  return ratio(getComputedStyle(el).color, bgOf(el));
})(%q)`

// TestUserPreferences: the pages and players follow what the user asked
// their system for. With prefers-reduced-motion the progress bars stop
// animating; with prefers-contrast: more, secondary text reaches 7:1 (it
// is 4.5:1 and up otherwise), light and dark, in pages and players.
func TestUserPreferences(t *testing.T) {
	t.Parallel()
	f := newA11yFixture(t)
	st := f.st
	ctx := within(t, newBrowser(t), 90*time.Second)

	transition := func(sel string) string {
		return jsEval[string](t, ctx, fmt.Sprintf(`getComputedStyle(document.querySelector(%q)).transitionDuration`, sel))
	}
	motion := []struct {
		url, sel, moving string
		signIn           bool
	}{
		{st.srv.PlayerURL(st.long), ".played", "0.25s", false},
		{f.url("/admin/shows/{show}/episodes/new"), "[data-progress] .bar > div", "0.15s", true},
	}
	for _, m := range motion {
		if m.signIn {
			f.signIn(t, ctx, "admin@example.com")
		}
		browse(t, ctx, emulate(), chromedp.Navigate(m.url), chromedp.WaitReady(chromedp.CSS(m.sel)))
		if got := transition(m.sel); got != m.moving {
			t.Errorf("%s %s: transition %s without a preference, want %s", m.url, m.sel, got, m.moving)
		}
		browse(t, ctx, emulate("prefers-reduced-motion", "reduce"))
		if got := transition(m.sel); got != "0s" {
			t.Errorf("%s %s: transition %s with prefers-reduced-motion, want 0s", m.url, m.sel, got)
		}
	}

	contrast := []struct{ url, sel string }{
		{st.srv.EpisodeURL(st.show, st.long), ".ep-head .meta"},
		{st.srv.PlayerURL(st.long), ".st"},
		{st.srv.PlayerURL(st.long) + "?theme=dark", ".st"},
		{st.srv.ShowPlayerURL(st.show), ".it.on .d"},
		{f.url("/admin/shows/{show}"), ".muted"},
	}
	for _, c := range contrast {
		browse(t, ctx, chromedp.EmulateViewport(800, site.PlayerHeight*3), emulate(), chromedp.Navigate(c.url), chromedp.WaitReady(chromedp.CSS(c.sel)))
		for _, scheme := range []string{"light", "dark"} {
			browse(t, ctx, emulate("prefers-color-scheme", scheme))
			normal := jsEval[float64](t, ctx, fmt.Sprintf(contrastJS, c.sel))
			browse(t, ctx, emulate("prefers-color-scheme", scheme, "prefers-contrast", "more"))
			more := jsEval[float64](t, ctx, fmt.Sprintf(contrastJS, c.sel))
			if normal < 4.5 || more < 7 {
				t.Errorf("%s %s, %s: contrast %.2f, and %.2f with prefers-contrast: more; want 4.5 and 7", c.url, c.sel, scheme, normal, more)
			}
		}
	}
}

// TestUploadAnnounced: a screen reader hears an upload's progress. The
// dashboard's upload box has a polite live region (a status, in the
// accessibility tree before the upload starts) that says each phase and
// every tenth of the bytes sent, not each progress event.
func TestUploadAnnounced(t *testing.T) {
	t.Parallel()
	f := newA11yFixture(t)
	ctx := within(t, newBrowser(t), 90*time.Second)
	f.signIn(t, ctx, "editor@example.com")
	file, err := filepath.Abs(filepath.Join("..", "testdata", "mp3_cbr_id3v23_apic.mp3"))
	noErr(t, err)
	browse(t, ctx, chromedp.Navigate(f.url("/admin/shows/{show}/episodes/new")), chromedp.WaitVisible(chromedp.CSS(`[data-file]`)))
	if ax := axOf(t, ctx, "[data-announce]"); ax.Role != "status" || ax.Props["live"] != "polite" {
		t.Errorf("upload announcer before the upload: role %q, live %q; want status, polite", ax.Role, ax.Props["live"])
	}
	browse(t, ctx, chromedp.Evaluate[chromedp.Void](`window.said = [];
			new MutationObserver(() => said.push(document.querySelector('[data-announce]').textContent))
				.observe(document.querySelector('[data-announce]'), {childList: true, characterData: true, subtree: true})`),
		throttleUpload(32000),
		chromedp.SetUploadFiles(chromedp.CSS(`[data-file]`), []string{file}))
	waitJS(t, ctx, `said.some(s => s.startsWith("Upload complete"))`, 60*time.Second)
	said := jsEval[[]string](t, ctx, `said`)
	t.Logf("announced: %q", said)
	var pct int
	for _, s := range said {
		if strings.HasPrefix(s, "Uploaded ") {
			pct++
		}
	}
	if pct < 2 || pct > 9 {
		t.Errorf("%d percentage announcements, want between 2 and 9 (every 10%%): %q", pct, said)
	}
	for _, want := range []string{"Computing the file's checksum…", "Uploading"} {
		if !strings.Contains(strings.Join(said, "\n"), want) {
			t.Errorf("never announced %q: %q", want, said)
		}
	}
	browse(t, ctx, throttleUpload(0))
	waitURL(t, ctx, func(u string) bool { return strings.Contains(u, "/admin/episodes/") }, 30*time.Second)
}
