package web

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/web/httpx"
	"github.com/onair-fm/onair/web/site"
)

// TestBrowserPlayer drives the embeddable player for a real episode: the
// total shows before play, play advances time, the skip buttons, a chapter
// and the speed control do what they say.
func TestBrowserPlayer(t *testing.T) {
	t.Parallel()
	st := newSite(t, Config{})
	ctx := within(t, newBrowser(t), 90*time.Second)
	e := st.long
	browse(t, ctx, chromedp.EmulateViewport(800, site.PlayerHeight), chromedp.Navigate(st.srv.PlayerURL(e)),
		chromedp.WaitVisible(chromedp.CSS(".play")))

	// Before play: the catalog's duration, nothing loaded.
	if got, want := domText(t, ctx, ".tot"), httpx.FormatDuration(e.Audio.Duration); got != want {
		t.Errorf("total before play = %q, want %q", got, want)
	}
	if got := domText(t, ctx, ".cur"); got != "0:00" {
		t.Errorf("elapsed before play = %q, want 0:00", got)
	}
	if rs := jsEval[int](t, ctx, `document.querySelector("audio").readyState`); rs != 0 {
		t.Errorf("audio readyState before play = %d, want 0 (preload=none)", rs)
	}
	if n := len(st.audioHits()); n != 0 {
		t.Errorf("audio requested before play: %v", st.audioHits())
	}
	if jsEval[bool](t, ctx, `document.querySelector("audio").controls`) {
		t.Error("native controls still shown with JavaScript on")
	}

	// Mute, then play: time advances.
	browse(t, ctx, chromedp.Click(chromedp.CSS(".mute")))
	if !jsEval[bool](t, ctx, `document.querySelector("audio").muted`) {
		t.Fatal("mute button did not mute")
	}
	browse(t, ctx, chromedp.Click(chromedp.CSS(".play")))
	waitJS(t, ctx, `document.querySelector("audio").currentTime > 0.5`, 15*time.Second)
	if got := jsEval[string](t, ctx, `document.querySelector(".play").getAttribute("aria-label")`); got != "Pause" {
		t.Errorf("play button label while playing = %q, want Pause", got)
	}

	// Pause so the skips can be measured exactly.
	browse(t, ctx, chromedp.Click(chromedp.CSS(".play")))
	waitJS(t, ctx, `document.querySelector("audio").paused`, 5*time.Second)
	t0 := currentTime(t, ctx)
	browse(t, ctx, chromedp.Click(chromedp.CSS(".fwd")))
	if got := currentTime(t, ctx); !approx(got, t0+30, 0.25) {
		t.Errorf("forward: currentTime %.2f -> %.2f, want +30", t0, got)
	}
	t1 := currentTime(t, ctx)
	browse(t, ctx, chromedp.Click(chromedp.CSS(".back")))
	if got := currentTime(t, ctx); !approx(got, t1-15, 0.25) {
		t.Errorf("back: currentTime %.2f -> %.2f, want -15", t1, got)
	}
	if got, want := domText(t, ctx, ".cur"), httpx.FormatDuration(time.Duration((t1-15)*float64(time.Second))); got != want {
		t.Errorf("elapsed after skips = %q, want %q", got, want)
	}

	// A chapter click seeks to its start.
	browse(t, ctx, chromedp.Click(chromedp.CSS(".chap")), chromedp.WaitVisible(chromedp.CSS(`.chaps [data-seek="40"]`)))
	artifact(t, ctx, "player-chapters.png")
	browse(t, ctx, chromedp.Click(chromedp.CSS(`.chaps [data-seek="40"]`)))
	if got := currentTime(t, ctx); !approx(got, 40, 1) {
		t.Errorf("chapter click: currentTime = %.2f, want 40", got)
	}
	waitJS(t, ctx, `!document.querySelector("audio").paused`, 5*time.Second)

	// Speed: choose 1.5× with the keyboard, as a user would.
	browse(t, ctx, chromedp.Focus(chromedp.CSS(".rate")), chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown))
	if got := jsEval[float64](t, ctx, `document.querySelector("audio").playbackRate`); got != 1.5 {
		t.Errorf("playbackRate after choosing 1.5× = %v", got)
	}

	// Keyboard: k pauses, m toggles mute.
	browse(t, ctx, chromedp.Blur(chromedp.CSS(".rate")), chromedp.KeyEvent("k"))
	waitJS(t, ctx, `document.querySelector("audio").paused`, 5*time.Second)
	browse(t, ctx, chromedp.KeyEvent("m"))
	if jsEval[bool](t, ctx, `document.querySelector("audio").muted`) {
		t.Error("m did not unmute")
	}

	// Share at the current time.
	browse(t, ctx, chromedp.Click(chromedp.CSS(".shr")), chromedp.WaitVisible(chromedp.CSS(".tcb")), chromedp.Click(chromedp.CSS(".tcb")))
	sec := int(currentTime(t, ctx))
	wantURL := fmt.Sprintf("%s?t=%d", st.srv.EpisodeURL(st.show, e), sec)
	if got := jsEval[string](t, ctx, `document.querySelector(".shu").value`); got != wantURL {
		t.Errorf("share link = %q, want %q", got, wantURL)
	}
	tg := jsEval[string](t, ctx, `document.querySelector('.share a[href^="https://t.me/"]').href`)
	if !strings.Contains(tg, httpx.URIComponent(wantURL)) {
		t.Errorf("Telegram link %q does not carry %q", tg, wantURL)
	}
	artifact(t, ctx, "player-share.png")
}

// TestBrowserFormatJS runs the player's duration formatter on the cases of
// TestFormatDuration: Go and JavaScript must agree.
func TestBrowserFormatJS(t *testing.T) {
	t.Parallel()
	st := newSite(t, Config{})
	ctx := within(t, newBrowser(t), 30*time.Second)
	browse(t, ctx, chromedp.Navigate(st.srv.PlayerURL(st.short)), chromedp.WaitReady(chromedp.CSS(".pl")))
	for _, tt := range durationCases {
		secs := tt.in.Seconds()
		got := jsEval[string](t, ctx, fmt.Sprintf("window.onair.fmt(%v)", secs))
		if got != tt.want {
			t.Errorf("JS fmt(%v) = %q, want %q", secs, got, tt.want)
		}
	}
	for _, odd := range []string{"NaN", "Infinity", "-Infinity", "undefined", `"12"`} {
		if got := jsEval[string](t, ctx, "window.onair.fmt("+odd+")"); got != "0:00" && odd != `"12"` {
			t.Errorf("JS fmt(%s) = %q, want 0:00", odd, got)
		}
	}
}

// TestBrowserEpisodePage checks the page a shared link opens: the native
// player, the related articles, and chapter links that seek.
func TestBrowserEpisodePage(t *testing.T) {
	t.Parallel()
	st := newSite(t, Config{})
	ctx := within(t, newBrowser(t), 60*time.Second)
	browse(t, ctx, chromedp.EmulateViewport(1024, 900), darkMode(false),
		chromedp.Navigate(st.srv.EpisodeURL(st.show, st.long)), chromedp.WaitVisible(chromedp.CSS(".articles")))
	titles := jsEval[[]string](t, ctx, `[...document.querySelectorAll(".article h3 a")].map(a => a.textContent.trim())`)
	if want := []string{st.solo.Title, st.pair.Title}; fmt.Sprint(titles) != fmt.Sprint(want) {
		t.Errorf("related articles = %q, want %q", titles, want)
	}
	hrefs := jsEval[[]string](t, ctx, `[...document.querySelectorAll(".article h3 a")].map(a => a.href)`)
	if len(hrefs) == 0 || hrefs[0] != st.solo.URL {
		t.Errorf("article links = %q, want first %q", hrefs, st.solo.URL)
	}
	if !jsEval[bool](t, ctx, `document.getElementById("audio").controls`) {
		t.Error("episode page audio has no controls")
	}
	if bad := jsEval[[]string](t, ctx, namesJS); len(bad) > 0 {
		t.Errorf("episode page controls without a name:\n  %s", strings.Join(bad, "\n  "))
	}
	artifact(t, ctx, "episode-desktop.png")
	browse(t, ctx, chromedp.Evaluate[chromedp.Void](`document.getElementById("audio").muted = true`),
		chromedp.Click(chromedp.CSS(`.chapters a[data-seek="20"]`)))
	waitJS(t, ctx, `document.getElementById("audio").currentTime >= 20`, 15*time.Second)
	if u := jsEval[string](t, ctx, `location.href`); u != st.srv.EpisodeURL(st.show, st.long) {
		t.Errorf("chapter click navigated to %s; it should seek in place", u)
	}
	browse(t, ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), darkMode(true),
		chromedp.Navigate(st.srv.ShowURL(st.show)), chromedp.WaitVisible(chromedp.CSS(".episodes")))
	if bad := jsEval[[]string](t, ctx, namesJS); len(bad) > 0 {
		t.Errorf("show page controls without a name:\n  %s", strings.Join(bad, "\n  "))
	}
	if w := jsEval[int](t, ctx, `document.documentElement.scrollWidth`); w > 390 {
		t.Errorf("show page is %d px wide on a 390 px phone", w)
	}
	// The thumbnails keep their size next to long titles and summaries
	// (they used to be squeezed, each to a different width).
	if ws := jsEval[[]float64](t, ctx, `[...document.querySelectorAll(".ep .art")].map(i => i.getBoundingClientRect().width)`); len(ws) == 0 || slices.ContainsFunc(ws, func(w float64) bool { return w != 72 }) {
		t.Errorf("episode thumbnails on a phone are %v px wide, want 72 each", ws)
	}
	artifact(t, ctx, "show-mobile-dark.png")
	// On the home page a show without artwork gets a placeholder as wide
	// as the covers of the others (it kept a fixed 160 px).
	browse(t, ctx, chromedp.Navigate(st.srv.HomeURL()), chromedp.WaitVisible(chromedp.CSS(".card")))
	if ws := jsEval[[]float64](t, ctx, `[...document.querySelectorAll(".card .art")].map(i => i.getBoundingClientRect().width)`); len(ws) < 2 || slices.ContainsFunc(ws, func(w float64) bool { return w != ws[0] }) {
		t.Errorf("home page covers on a phone are %v px wide, want all the same", ws)
	}
	browse(t, ctx, darkMode(false), chromedp.Navigate(st.srv.EpisodeURL(st.show, st.long)), chromedp.WaitVisible(chromedp.CSS(".articles")))
	if w := jsEval[int](t, ctx, `document.documentElement.scrollWidth`); w > 390 {
		t.Errorf("episode page is %d px wide on a 390 px phone", w)
	}
	artifact(t, ctx, "episode-mobile.png")
}

// TestBrowserThreePlayers puts three players on one news page (another
// origin) and watches the network: no audio moves until one is played,
// then only that one's.
func TestBrowserThreePlayers(t *testing.T) {
	t.Parallel()
	st := newSite(t, Config{})
	eps := []*site.EpisodeView{}
	for _, e := range []*catalog.Episode{st.long, st.short, st.third} {
		eps = append(eps, st.srv.site.PageEpisode(st.srv.site.PageShow(st.show), e))
	}
	news := newsPage(t, eps)
	ctx := within(t, newBrowser(t), 60*time.Second)

	var mu sync.Mutex
	var audioReqs []string
	reqs := chromedp.Events(ctx, network.RequestWillBeSent)
	go func() {
		for ev, err := range reqs {
			if err != nil {
				return
			}
			if strings.Contains(ev.Request.URL, "/media/episodes/") {
				mu.Lock()
				audioReqs = append(audioReqs, ev.Request.URL)
				mu.Unlock()
			}
		}
	}()
	seen := func() []string { mu.Lock(); defer mu.Unlock(); return append([]string(nil), audioReqs...) }

	browse(t, ctx, chromedp.EmulateViewport(900, 900), chromedp.Navigate(news))
	frames := playerFrames(t, ctx, 3)
	time.Sleep(1500 * time.Millisecond) // let any eager preload start
	if got := seen(); len(got) != 0 {
		t.Fatalf("audio requested before any play: %q", got)
	}
	if hits := st.audioHits(); len(hits) != 0 {
		t.Fatalf("server saw audio requests before any play: %v", hits)
	}
	artifact(t, ctx, "news-three-players.png")

	browse(t, ctx, chromedp.Click(chromedp.CSS(".mute"), chromedp.FromNode(frames[1])),
		chromedp.Click(chromedp.CSS(".play"), chromedp.FromNode(frames[1])))
	deadline := time.Now().Add(15 * time.Second)
	for len(seen()) == 0 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	got := seen()
	if len(got) == 0 {
		t.Fatal("no audio request after play")
	}
	for _, u := range got {
		if !strings.HasPrefix(u, eps[1].AudioURL) {
			t.Errorf("audio request %s, want only %s", u, eps[1].AudioURL)
		}
	}
	for path := range st.audioHits() {
		if !strings.HasSuffix(eps[1].AudioURL, path) {
			t.Errorf("server served %s, want only %s", path, eps[1].AudioURL)
		}
	}
}

// TestBrowserStartAndKeys: ?t= starts playback there (shown before play,
// applied on play), and the arrow keys seek.
func TestBrowserStartAndKeys(t *testing.T) {
	t.Parallel()
	st := newSite(t, Config{})
	ctx := within(t, newBrowser(t), 60*time.Second)
	browse(t, ctx, chromedp.EmulateViewport(600, site.PlayerHeight),
		chromedp.Navigate(st.srv.PlayerURL(st.long)+"?t=25"), chromedp.WaitVisible(chromedp.CSS(".play")))
	if got := domText(t, ctx, ".cur"); got != "0:25" {
		t.Errorf("elapsed before play with ?t=25 = %q, want 0:25", got)
	}
	browse(t, ctx, chromedp.Click(chromedp.CSS(".mute")), chromedp.Click(chromedp.CSS(".play")))
	waitJS(t, ctx, `document.querySelector("audio").currentTime >= 25`, 15*time.Second)
	browse(t, ctx, chromedp.KeyEvent("k"))
	waitJS(t, ctx, `document.querySelector("audio").paused`, 5*time.Second)
	t0 := currentTime(t, ctx)
	browse(t, ctx, chromedp.KeyEvent(kb.ArrowRight))
	if got := currentTime(t, ctx); !approx(got, t0+5, 0.25) {
		t.Errorf("ArrowRight: %.2f -> %.2f, want +5", t0, got)
	}
	browse(t, ctx, chromedp.KeyEvent(kb.ArrowLeft), chromedp.KeyEvent(kb.ArrowLeft))
	if got := currentTime(t, ctx); !approx(got, t0-5, 0.25) {
		t.Errorf("ArrowLeft twice: %.2f -> %.2f, want -5", t0, got)
	}
	browse(t, ctx, chromedp.KeyEvent(" "))
	waitJS(t, ctx, `!document.querySelector("audio").paused`, 5*time.Second)
}
