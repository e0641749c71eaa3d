package web

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/mmcdole/gofeed"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/publish"
)

// squarePNG writes a size×size PNG artwork to dir and returns its path.
func squarePNG(t *testing.T, dir string, size int) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			img.Set(x, y, color.RGBA{uint8(200 - y*120/size), uint8(40 + x*60/size), 90, 255})
		}
	}
	p := filepath.Join(dir, "cover.png")
	f, err := os.Create(p)
	noErr(t, err)
	noErr(t, png.Encode(f, img))
	noErr(t, f.Close())
	return p
}

// throttleUpload slows the browser's uploads to bytesPerSecond (0 lifts it),
// so a small fixture shows a moving progress bar.
func throttleUpload(bytesPerSecond float64) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		up := bytesPerSecond
		if up == 0 {
			up = -1
		}
		_, err := cdp.Call(ctx, t, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			MatchedNetworkConditions: []*network.Conditions{{DownloadThroughput: -1, UploadThroughput: up}},
		})
		return err
	})
}

func fill(sel, value string) chromedp.Action[chromedp.Void] {
	return chromedp.SetValue(chromedp.CSS(sel), value)
}

// TestBrowserDashboard is the publisher's path in a real browser: sign in
// (a wrong password first), create a show with artwork, upload a file with
// the progress bar going to 100%, see the probed duration, edit the title,
// link two articles, publish, and find the episode in the RSS feed and on
// its public page. Screenshots of each dashboard page go to
// testdata/artifacts/.
func TestBrowserDashboard(t *testing.T) {
	t.Parallel()
	e := newAdminEnv(t, nil)
	e.user(t, "boss@example.com", "right-password", catalog.RoleAdmin)
	ctx := within(t, newBrowser(t), 180*time.Second)
	browse(t, ctx, chromedp.EmulateViewport(1280, 900), darkMode(false))

	// Sign in: the wrong password is refused.
	browse(t, ctx, chromedp.Navigate(e.url+"/admin"), chromedp.WaitVisible(chromedp.CSS(`input[name=email]`)),
		fill(`input[name=email]`, "boss@example.com"), fill(`input[name=password]`, "wrong-password"),
		chromedp.Submit(chromedp.CSS(`input[name=password]`)), chromedp.WaitVisible(chromedp.CSS(`p.error`)))
	if msg := domText(t, ctx, "p.error"); !strings.Contains(msg, "wrong email or password") {
		t.Errorf("wrong password: %q", msg)
	}
	artifact(t, ctx, "admin-signin-refused.png")
	browse(t, ctx, fill(`input[name=password]`, "right-password"),
		chromedp.Submit(chromedp.CSS(`input[name=password]`)), chromedp.WaitVisible(chromedp.CSS(`.admin-nav`)))

	// The dashboard's incremental SHA-256 agrees with Go's.
	for _, n := range []int{0, 3, 55, 56, 63, 64, 65, 1000, 300000} {
		data := make([]byte, n)
		for i := range data {
			data[i] = byte(i*7 + i/256)
		}
		got := jsEval[string](t, ctx, fmt.Sprintf(`(() => {
			const d = new Uint8Array(%d); for (let i = 0; i < d.length; i++) d[i] = (i*7 + Math.floor(i/256)) & 255;
			const h = new onairSHA256(); h.update(d.subarray(0, 10)); h.update(d.subarray(10)); return h.hex(); })()`, n))
		if want := sha(data); got != want {
			t.Errorf("JS SHA-256 of %d bytes = %s, want %s", n, got, want)
		}
	}

	// A show with artwork, previewed and checked before it is sent.
	art := squarePNG(t, t.TempDir(), 1400)
	browse(t, ctx, chromedp.Navigate(e.url+"/admin/shows/new"), chromedp.WaitVisible(chromedp.CSS(`input[name=slug]`)),
		fill(`input[name=title]`, "Harbour Report"), fill(`input[name=slug]`, "harbour"),
		fill(`textarea[name=description]`, "News from the harbour, every morning."),
		fill(`input[name=author]`, "Harbour Newsroom"), fill(`input[name=owner_email]`, "pod@harbour.example"),
		chromedp.Evaluate[chromedp.Void](`for (const o of document.querySelector("select[name=categories]").options) o.selected = ["News", "News/Daily News"].includes(o.value)`),
		chromedp.SetUploadFiles(chromedp.CSS(`input[name=artwork]`), []string{art}))
	waitJS(t, ctx, `document.querySelector("[data-artwork-note]").textContent.includes("looks good")`, 10*time.Second)
	fullArtifact(t, ctx, "admin-show-new.png")
	browse(t, ctx, chromedp.Submit(chromedp.CSS(`input[name=title]`)))
	waitURL(t, ctx, func(u string) bool { return strings.Contains(u, "/admin/shows/harbour?") }, 10*time.Second)
	sh, err := e.store.GetShow(t.Context(), "harbour")
	noErr(t, err)
	if sh.ArtworkKey == "" || sh.ArtworkMIME != "image/png" || strings.Join(sh.Categories, ",") != "News,News/Daily News" {
		t.Errorf("show stored as %+v", sh)
	}
	fullArtifact(t, ctx, "admin-show.png")

	// Upload with a real progress bar, throttled so it moves.
	file, err := filepath.Abs(filepath.Join("..", "testdata", "mp3_cbr_id3v23_apic.mp3"))
	noErr(t, err)
	browse(t, ctx, chromedp.Navigate(e.url+"/admin/shows/harbour/episodes/new"), chromedp.WaitVisible(chromedp.CSS(`[data-file]`)),
		chromedp.Evaluate[chromedp.Void](`window.seen = [];
			new MutationObserver(() => seen.push(document.querySelector('[data-stat=percent]').textContent))
				.observe(document.querySelector('[data-stat=percent]'), {childList: true, characterData: true, subtree: true})`),
		throttleUpload(32000),
		chromedp.SetUploadFiles(chromedp.CSS(`[data-file]`), []string{file}))
	waitJS(t, ctx, `seen.some(p => parseInt(p) >= 25 && parseInt(p) < 100)`, 30*time.Second)
	artifact(t, ctx, "admin-upload-progress.png")
	waitJS(t, ctx, `seen.includes("100%")`, 60*time.Second)
	seen := jsEval[[]string](t, ctx, `seen`)
	t.Logf("progress seen: %v", seen)
	artifact(t, ctx, "admin-upload-done.png")
	browse(t, ctx, throttleUpload(0))
	waitURL(t, ctx, func(u string) bool { return strings.Contains(u, "/admin/episodes/") }, 30*time.Second)
	browse(t, ctx, chromedp.WaitVisible(chromedp.CSS(`[data-duration]`)))
	if d := domText(t, ctx, "[data-duration]"); d != "0:05" {
		t.Errorf("probed duration shown %q, want 0:05", d)
	}
	if v := jsEval[string](t, ctx, `document.querySelector("input[name=title]").value`); v != "Ferry Hours" {
		t.Errorf("title prefilled with %q, want the tag's Ferry Hours", v)
	}
	fullArtifact(t, ctx, "admin-episode.png")
	epPath := jsEval[string](t, ctx, `location.pathname`)
	id := strings.TrimPrefix(epPath, "/admin/episodes/")

	// Edit the title (still a draft), link two articles, then publish.
	browse(t, ctx, fill(`input[name=title]`, "Ferry Hours, Monday"),
		fill(`textarea[name=notes]`, "The **ferry** timetable changes. See [the port](https://port.example/)."),
		chromedp.Click(chromedp.CSS(`input[name=publish][value=draft]`)),
		chromedp.Submit(chromedp.CSS(`input[name=title]`)))
	waitURL(t, ctx, func(u string) bool { return strings.Contains(u, "ok=saved") }, 10*time.Second)
	for _, a := range [][2]string{{"https://news.example/ferry-timetable", "New ferry timetable"}, {"https://news.example/harbour-works", "Harbour works start"}} {
		browse(t, ctx, fill(`[data-add-article] input[name=url]`, a[0]), fill(`[data-add-article] input[name=title]`, a[1]),
			chromedp.Submit(chromedp.CSS(`[data-add-article] input[name=url]`)))
		waitURL(t, ctx, func(u string) bool { return strings.Contains(u, "ok=saved") }, 10*time.Second)
		waitJS(t, ctx, `[...document.querySelectorAll("ol.related li strong")].some(s => s.textContent === `+jsString(a[1])+`)`, 10*time.Second)
	}
	browse(t, ctx, chromedp.Navigate(e.url+epPath), chromedp.WaitVisible(chromedp.CSS(`input[name=title]`)),
		chromedp.Click(chromedp.CSS(`input[name=publish][value=now]`)), chromedp.Submit(chromedp.CSS(`input[name=title]`)))
	waitURL(t, ctx, func(u string) bool { return strings.Contains(u, "ok=saved") }, 10*time.Second)
	waitJS(t, ctx, `document.querySelector(".badge").textContent === "published"`, 10*time.Second)
	fullArtifact(t, ctx, "admin-episode-published.png")
	ep, err := e.store.GetEpisode(t.Context(), id)
	noErr(t, err)
	if ep.Title != "Ferry Hours, Monday" || len(ep.Articles) != 2 || !ep.IsLive(time.Now()) {
		t.Fatalf("episode stored as %q, %d articles, live %v", ep.Title, len(ep.Articles), ep.IsLive(time.Now()))
	}

	// In the RSS feed, read back by a real parser, and on the public page.
	resp, err := http.Get(e.srv.FeedURL(sh, "rss"))
	noErr(t, err)
	feed, err := gofeed.NewParser().Parse(resp.Body)
	resp.Body.Close()
	noErr(t, err)
	if len(feed.Items) != 1 || feed.Items[0].Title != "Ferry Hours, Monday" {
		t.Errorf("feed items %+v", feed.Items)
	}
	browse(t, ctx, chromedp.Navigate(e.srv.EpisodeURL(sh, ep)), chromedp.WaitVisible(chromedp.CSS("h1")))
	if h := domText(t, ctx, "h1"); !strings.Contains(h, "Ferry Hours, Monday") {
		t.Errorf("public page h1 %q", h)
	}
	artifact(t, ctx, "public-episode.png")

	// Drag and drop: a file dropped on the upload box becomes a second
	// episode (the bytes of the first, fetched back from /media).
	browse(t, ctx, chromedp.Navigate(e.url+"/admin/shows/harbour/episodes/new"), chromedp.WaitVisible(chromedp.CSS(`[data-upload]`)),
		chromedp.Evaluate[chromedp.Void](`fetch(`+jsString(e.srv.MediaURL(ep.Audio.Key))+`).then(r => r.blob()).then(b => {
			const dt = new DataTransfer();
			dt.items.add(new File([b], "dropped.mp3", {type: "audio/mpeg"}));
			const box = document.querySelector("[data-upload]");
			box.dispatchEvent(new DragEvent("dragover", {dataTransfer: dt, bubbles: true, cancelable: true}));
			box.dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
		})`))
	waitURL(t, ctx, func(u string) bool { return strings.Contains(u, "/admin/episodes/") && !strings.Contains(u, id) }, 30*time.Second)
	if n, _ := e.store.CountEpisodes(t.Context(), catalog.EpisodeFilter{ShowID: sh.ID}); n != 2 {
		t.Errorf("%d episodes after the drop, want 2", n)
	}

}

// TestBrowserEditorScope: an editor sees their show and is refused another.
func TestBrowserEditorScope(t *testing.T) {
	t.Parallel()
	e := newAdminEnv(t, nil)
	mine := e.show(t, "mine")
	e.show(t, "theirs")
	e.user(t, "ed@example.com", "editor-password", catalog.RoleEditor, mine)
	ctx := within(t, newBrowser(t), 60*time.Second)
	browse(t, ctx, chromedp.Navigate(e.url+"/admin/signin"), chromedp.WaitVisible(chromedp.CSS(`input[name=email]`)),
		fill(`input[name=email]`, "ed@example.com"), fill(`input[name=password]`, "editor-password"),
		chromedp.Submit(chromedp.CSS(`input[name=password]`)), chromedp.WaitVisible(chromedp.CSS(`.showcard`)))
	cards := jsEval[[]string](t, ctx, `[...document.querySelectorAll(".showcard strong")].map(s => s.textContent)`)
	if strings.Join(cards, ",") != "Show mine" {
		t.Errorf("editor's shows %v", cards)
	}
	if jsEval[bool](t, ctx, `!!document.querySelector('a[href="/admin/tokens"]')`) {
		t.Error("editor sees the tokens link")
	}
	browse(t, ctx, chromedp.Navigate(e.url+"/admin/shows/theirs/episodes/new"), chromedp.WaitVisible(chromedp.CSS("h1")))
	if body := domText(t, ctx, "main"); !strings.Contains(body, "you may not change this") {
		t.Errorf("editor on another show's upload page sees %q", body)
	}
	artifact(t, ctx, "admin-editor-refused.png")
}

// waitURL waits until the page's URL (after a form submit or redirect)
// satisfies ok and the new page has loaded; polling survives navigations
// that destroy the page a JavaScript poll would run in.
func waitURL(t *testing.T, ctx context.Context, ok func(string) bool, d time.Duration) string {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		u, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.readyState === "complete" ? location.href : ""`))
		if err == nil && u != "" && ok(u) {
			return u
		}
		if time.Now().After(deadline) {
			t.Fatalf("waiting for the URL: last %q, %v", u, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// fullArtifact saves a screenshot of the whole page, not only the viewport.
func fullArtifact(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	if os.Getenv("ONAIR_TEST_SCREENSHOTS") == "" {
		return // screenshots are for people, on request (README, Tests)
	}
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	noErr(t, err)
	dir := filepath.Join("testdata", "artifacts")
	noErr(t, os.MkdirAll(dir, 0o755))
	noErr(t, os.WriteFile(filepath.Join(dir, name), buf, 0o644))
}

func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// TestBrowserDashboardPages: the dashboard's other pages (home, a show's
// episodes, an episode in dark mode, stats, tokens) over a show with a
// published episode, and a form without its CSRF token refused. Apart
// from TestBrowserDashboard's publishing flow, so the two run side by side.
func TestBrowserDashboardPages(t *testing.T) {
	t.Parallel()
	e := newAdminEnv(t, nil)
	e.user(t, "boss@example.com", "right-password", catalog.RoleAdmin)
	sh := e.show(t, "harbour")
	audio, err := os.Open(filepath.Join("..", "testdata", "mp3_cbr_id3v23_apic.mp3"))
	noErr(t, err)
	defer audio.Close()
	pub := e.srv.Publisher()
	a, err := pub.StoreAudio(t.Context(), "", audio, "ferry.mp3")
	noErr(t, err)
	ep, err := pub.CreateEpisode(t.Context(), sh, a, publish.EpisodePatch{})
	noErr(t, err)
	ctx := within(t, newBrowser(t), 120*time.Second)
	browse(t, ctx, chromedp.EmulateViewport(1280, 900), darkMode(false),
		chromedp.Navigate(e.url+"/admin/signin"), chromedp.WaitVisible(chromedp.CSS(`input[name=email]`)),
		fill(`input[name=email]`, "boss@example.com"), fill(`input[name=password]`, "right-password"),
		chromedp.Submit(chromedp.CSS(`input[name=password]`)), chromedp.WaitVisible(chromedp.CSS(`.admin-nav`)))

	// The other dashboard pages.
	browse(t, ctx, chromedp.Navigate(e.url+"/admin"), chromedp.WaitVisible(chromedp.CSS(".showcard")))
	artifact(t, ctx, "admin-home.png")
	browse(t, ctx, chromedp.Navigate(e.url+"/admin/shows/harbour"), chromedp.WaitVisible(chromedp.CSS("table")))
	fullArtifact(t, ctx, "admin-show-episodes.png")
	browse(t, ctx, darkMode(true), chromedp.Navigate(e.url+"/admin/episodes/"+ep.ID), chromedp.WaitVisible(chromedp.CSS(`[data-duration]`)))
	artifact(t, ctx, "admin-episode-dark.png")
	browse(t, ctx, darkMode(false))
	browse(t, ctx, chromedp.Navigate(e.url+"/admin/shows/harbour/stats"), chromedp.WaitVisible(chromedp.CSS(".chart svg")))
	fullArtifact(t, ctx, "admin-stats.png")
	browse(t, ctx, chromedp.Navigate(e.url+"/admin/tokens"), chromedp.WaitVisible(chromedp.CSS(`input[name=name]`)),
		fill(`input[name=name]`, "newsroom CMS"), chromedp.Submit(chromedp.CSS(`input[name=name]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-secret]`)))
	if s := jsEval[string](t, ctx, `document.querySelector("[data-secret]").value`); !strings.HasPrefix(s, "onair_") {
		t.Errorf("new token shown as %q", s)
	}
	artifact(t, ctx, "admin-tokens.png")

	// A form posted without its CSRF token is refused.
	browse(t, ctx, chromedp.Navigate(e.url+"/admin/tokens"), chromedp.WaitVisible(chromedp.CSS(`input[name=name]`)),
		chromedp.Evaluate[chromedp.Void](`document.querySelectorAll("input[name=csrf]").forEach(i => i.remove())`),
		fill(`input[name=name]`, "forged"), chromedp.Submit(chromedp.CSS(`input[name=name]`)),
		chromedp.WaitVisible(chromedp.CSS("h1")))
	if body := domText(t, ctx, "main"); !strings.Contains(body, "did not come from this site") {
		t.Errorf("form without CSRF token: page says %q", body)
	}
	ts, _ := e.store.ListTokens(t.Context())
	if len(ts) != 1 {
		t.Errorf("%d tokens after the forged form, want 1", len(ts))
	}
}
