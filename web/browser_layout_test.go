package web

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/onair-fm/onair/web/site"
)

// newsPage serves, from another origin, an article page that carries the
// players as a news site would: with the iframe code oEmbed hands out.
func newsPage(t *testing.T, eps []*site.EpisodeView) string {
	var b strings.Builder
	b.WriteString(`<!doctype html><html lang="en"><meta charset="utf-8"><title>News</title><body style="font-family:sans-serif;max-width:820px;margin:1rem auto"><h1>Harbour news</h1>`)
	for _, e := range eps {
		fmt.Fprintf(&b, "<p>Listen:</p>%s\n", site.IframeHTML(e.PlayerURL, "Podcast player: "+e.Title, site.PlayerMaxWidth, site.PlayerHeight))
	}
	page := b.String()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(page))
	}))
	t.Cleanup(ts.Close)
	return ts.URL
}

// layoutJS reports what does not fit: controls outside the player's box or
// a page wider than the frame.
const layoutJS = `(() => {
  const bad = [];
  const W = innerWidth, H = document.querySelector(".pl").getBoundingClientRect().bottom;
  if (document.documentElement.scrollWidth > W) bad.push("page scrolls sideways: " + document.documentElement.scrollWidth + " > " + W);
  for (const el of document.querySelectorAll(".pl .b, .pl .vol, .pl .rate, .pl .pos, .pl .cur, .pl .tot, .pl .et")) {
    if (el.hidden || el.offsetParent === null) continue;
    const r = el.getBoundingClientRect();
    if (r.left < 0 || r.right > W + 0.5 || r.top < 0 || r.bottom > H + 0.5 || r.width === 0)
      bad.push((el.className || el.tagName) + " at " + [r.left, r.top, r.right, r.bottom].map(Math.round).join(","));
  }
  const list = document.querySelector(".list");
  if (list && list.scrollHeight > list.clientHeight) bad.push("playlist scrolls at the height oEmbed gives it");
  for (const el of document.querySelectorAll("button, a, input, select")) {
    if (el.offsetParent === null || el.closest("[aria-hidden=true]")) continue;
    const name = el.getAttribute("aria-label") || el.textContent.trim() || (el.labels && el.labels.length && el.labels[0].textContent.trim());
    if (!name) bad.push("no accessible name: " + el.outerHTML.slice(0, 80));
  }
  return bad;
})()`

// namesJS lists the visible controls of a page that have no accessible name.
const namesJS = `(() => {
  const bad = [];
  for (const el of document.querySelectorAll("button, a, input, select, audio")) {
    if (el.offsetParent === null || el.closest("[aria-hidden=true]")) continue;
    const name = el.getAttribute("aria-label") || el.textContent.trim() || (el.labels && el.labels.length && el.labels[0].textContent.trim());
    if (!name) bad.push(el.outerHTML.slice(0, 80));
  }
  return bad;
})()`

// TestBrowserPlayerLayout loads the player at the narrowest and widest
// sizes it supports, light and dark, checks every control is inside the
// fixed-height box and has a name, and saves screenshots to look at.
func TestBrowserPlayerLayout(t *testing.T) {
	t.Parallel()
	st := newSite(t, Config{})
	ctx := within(t, newBrowser(t), 90*time.Second)
	player := st.srv.PlayerURL(st.long)
	tests := []struct {
		name  string
		url   string
		w, h  int64
		dark  bool
		shows string // a selector that must be visible
	}{
		{"player-280.png", player, 280, site.PlayerHeight, false, ".play"},
		{"player-360-dark.png", player, 360, site.PlayerHeight, true, ".play"},
		{"player-479.png", player, 479, site.PlayerHeight, false, ".play"},
		{"player-480.png", player, 480, site.PlayerHeight, false, ".play"},
		{"player-800.png", player, 800, site.PlayerHeight, false, ".play"},
		{"player-800-dark-param.png", player + "?theme=dark", 800, site.PlayerHeight, false, ".play"},
		{"player-600-light-param-on-dark.png", player + "?theme=light&color=1d4ed8", 600, site.PlayerHeight, true, ".play"},
		{"playlist-400.png", st.srv.ShowPlayerURL(st.show), 400, int64(site.PlaylistHeight(3)), false, ".list .on"},
		{"playlist-800-dark.png", st.srv.ShowPlayerURL(st.show), 800, int64(site.PlaylistHeight(3)), true, ".list .on"},
	}
	for _, tt := range tests {
		browse(t, ctx, chromedp.EmulateViewport(tt.w, tt.h), darkMode(tt.dark), chromedp.Navigate(tt.url),
			chromedp.WaitVisible(chromedp.CSS(tt.shows)))
		if bad := jsEval[[]string](t, ctx, layoutJS); len(bad) > 0 {
			t.Errorf("%s: layout problems:\n  %s", tt.name, strings.Join(bad, "\n  "))
		}
		artifact(t, ctx, tt.name)
	}
	// The theme parameter wins over the system setting.
	browse(t, ctx, darkMode(false), chromedp.Navigate(player+"?theme=dark"), chromedp.WaitVisible(chromedp.CSS(".play")))
	if bg := jsEval[string](t, ctx, `getComputedStyle(document.body).backgroundColor`); bg == "rgb(255, 255, 255)" {
		t.Error("theme=dark on a light system still has a white background")
	}
	browse(t, ctx, chromedp.Navigate(player+"?color=1d4ed8"), chromedp.WaitVisible(chromedp.CSS(".play")))
	if bg := jsEval[string](t, ctx, `getComputedStyle(document.querySelector(".play")).backgroundColor`); bg != "rgb(29, 78, 216)" {
		t.Errorf("color=1d4ed8: play button background %s", bg)
	}
}

// TestBrowserPlaylist switches episodes in the playlist widget.
func TestBrowserPlaylist(t *testing.T) {
	t.Parallel()
	st := newSite(t, Config{})
	ctx := within(t, newBrowser(t), 60*time.Second)
	browse(t, ctx, chromedp.EmulateViewport(600, int64(site.PlaylistHeight(3))),
		chromedp.Navigate(st.srv.ShowPlayerURL(st.show)), chromedp.WaitVisible(chromedp.CSS(".list .on")))
	items := jsEval[[]string](t, ctx, `[...document.querySelectorAll(".list .t")].map(e => e.textContent)`)
	if want := []string{st.long.Title, st.short.Title, st.third.Title}; fmt.Sprint(items) != fmt.Sprint(want) {
		t.Fatalf("playlist = %q, want newest first %q", items, want)
	}
	if n := len(st.audioHits()); n != 0 {
		t.Errorf("playlist fetched audio before play: %v", st.audioHits())
	}
	browse(t, ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector("audio").muted = true`),
		chromedp.Click(chromedp.CSS(".list li:nth-child(2) a")))
	short := st.srv.site.PageEpisode(st.srv.site.PageShow(st.show), st.short)
	waitJS(t, ctx, `document.querySelector("audio").currentTime > 0.3`, 15*time.Second)
	if src := jsEval[string](t, ctx, `document.querySelector("audio").currentSrc`); src != short.AudioURL {
		t.Errorf("after choosing episode 2, playing %s, want %s", src, short.AudioURL)
	}
	if got := domText(t, ctx, ".et"); got != st.short.Title {
		t.Errorf("title shows %q, want %q", got, st.short.Title)
	}
	if got := domText(t, ctx, ".tot"); got != short.Duration {
		t.Errorf("total shows %q, want %q", got, short.Duration)
	}
	if cur := jsEval[string](t, ctx, `document.querySelector(".list [aria-current]").dataset.title`); cur != st.short.Title {
		t.Errorf("highlighted %q, want %q", cur, st.short.Title)
	}
	if n := jsEval[int](t, ctx, `document.querySelectorAll(".chaps [data-seek]").length`); n != len(st.short.Chapters) {
		t.Errorf("%d chapters listed for episode 2, want %d", n, len(st.short.Chapters))
	}
	artifact(t, ctx, "playlist-playing.png")
}
