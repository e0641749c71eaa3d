package web

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/publish"
)

// TestBrowserChapterEditor: in the dashboard's chapter editor the ⏱ button
// takes a chapter's start from the audio player's position, "Add a row"
// adds one, and saving stores the chapters to the millisecond.
func TestBrowserChapterEditor(t *testing.T) {
	t.Parallel()
	e := newAdminEnv(t, nil)
	sh := e.show(t, "harbour")
	e.user(t, "boss@example.com", "right-password", catalog.RoleAdmin)
	f, err := os.Open(filepath.Join(repoRoot(t), "testdata", "mp3_vbr_xing.mp3"))
	noErr(t, err)
	defer f.Close()
	pub := e.srv.Publisher()
	a, err := pub.StoreAudio(t.Context(), "", f, "ep.mp3")
	noErr(t, err)
	ep, err := pub.CreateEpisode(t.Context(), sh, a, publish.EpisodePatch{})
	noErr(t, err)

	ctx := within(t, newBrowser(t), 60*time.Second)
	browse(t, ctx, chromedp.Navigate(e.url+"/admin/signin"), chromedp.WaitVisible(chromedp.CSS(`input[name=email]`)),
		fill(`input[name=email]`, "boss@example.com"), fill(`input[name=password]`, "right-password"),
		chromedp.Submit(chromedp.CSS(`input[name=password]`)), chromedp.WaitVisible(chromedp.CSS(`.showcard`)))
	browse(t, ctx, chromedp.Navigate(e.url+"/admin/episodes/"+ep.ID), chromedp.WaitVisible(chromedp.CSS(`[data-chapters]`)))
	browse(t, ctx, chromedp.Evaluate[chromedp.Void](`(a => { a.muted = true; a.preload = "auto"; a.load(); })(document.querySelector("audio.listen"))`))
	waitJS(t, ctx, `document.querySelector("audio.listen").readyState >= 1`, 15*time.Second)
	browse(t, ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector("audio.listen").currentTime = 3.25`))
	waitJS(t, ctx, `Math.abs(document.querySelector("audio.listen").currentTime - 3.25) < 0.01`, 10*time.Second)
	browse(t, ctx, chromedp.Click(chromedp.CSS(`[data-chapter-row]:nth-child(1) [data-use-position]`)))
	if got := jsEval[string](t, ctx, `document.querySelector('[data-chapter-row]:nth-child(1) input[name=start]').value`); got != "0:03.250" {
		t.Fatalf("start from the player = %q, want 0:03.250", got)
	}
	before := jsEval[int](t, ctx, `document.querySelectorAll("[data-chapter-row]").length`)
	browse(t, ctx, chromedp.Click(chromedp.CSS(`[data-add-chapter]`)))
	if n := jsEval[int](t, ctx, `document.querySelectorAll("[data-chapter-row]").length`); n != before+1 {
		t.Errorf("%d rows after adding one, want %d", n, before+1)
	}
	browse(t, ctx, fill(`[data-chapter-row]:nth-child(1) input[name=ch_title]`, "From the player"),
		fill(`[data-chapter-row]:last-child input[name=start]`, "0:10"),
		fill(`[data-chapter-row]:last-child input[name=ch_title]`, "Typed"),
		chromedp.Submit(chromedp.CSS(`[data-chapters] button[type=submit]`)))
	waitURL(t, ctx, func(u string) bool { return len(u) > 0 && strings.Contains(u, "ok=saved") }, 10*time.Second)
	got, err := e.store.GetEpisode(t.Context(), ep.ID)
	noErr(t, err)
	if len(got.Chapters) != 2 || got.Chapters[0].Start != 3250*time.Millisecond || got.Chapters[1].Title != "Typed" {
		t.Fatalf("saved chapters: %+v", got.Chapters)
	}
}
