package web

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/web/site"
)

// withTranscript gives the site's long episode a transcript of four cues,
// each by another speaker than the one before (so each is a paragraph),
// and a chapter that is one of its related articles.
func withTranscript(t *testing.T, st *testSite) {
	ctx := context.Background()
	s := func(n int) time.Duration { return time.Duration(n) * time.Second }
	noErr(t, st.store.PutTranscript(ctx, &catalog.Transcript{EpisodeID: st.long.ID, Origin: catalog.TranscriptUploaded,
		Format: "vtt", State: catalog.TranscriptDone, Cues: []catalog.Cue{
			{Start: 0, End: s(10), Speaker: "Ana", Text: "Cue A about ferries."},
			{Start: s(10), End: s(25), Speaker: "Ben", Text: "Cue B about fog."},
			{Start: s(25), End: s(50), Speaker: "Ana", Text: "Cue C about the council."},
			{Start: s(50), End: s(59), Speaker: "Ben", Text: "Cue D, goodbye."},
		}}))
	noErr(t, st.store.SetChapters(ctx, st.long.ID, []catalog.Chapter{
		{Start: 0, Title: "Intro"}, {Start: s(20), Title: "Ferries"}, {Start: s(40), ArticleID: st.solo.ID}}))
}

// TestBrowserEpisodeTranscript: the episode page shows the transcript as
// HTML; a paragraph's time seeks the player in place, and the paragraph
// and chapter being played are marked as playback goes on. A chapter that
// is an article shows the article.
func TestBrowserEpisodeTranscript(t *testing.T) {
	t.Parallel()
	st := newSite(t, Config{})
	withTranscript(t, st)
	ctx := within(t, newBrowser(t), 60*time.Second)
	url := st.srv.EpisodeURL(st.show, st.long)
	browse(t, ctx, chromedp.EmulateViewport(1024, 900), chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(".transcript")))
	if got := domText(t, ctx, ".transcript p:nth-of-type(3)"); got != "0:25 Ana: Cue C about the council." {
		t.Errorf("third paragraph = %q", got)
	}
	if got := domText(t, ctx, ".chapters li.story .story-ref a"); got != st.solo.Title {
		t.Errorf("article chapter shows %q, want the article's title %q", got, st.solo.Title)
	}
	if bad := jsEval[[]string](t, ctx, namesJS); len(bad) > 0 {
		t.Errorf("controls without a name: %v", bad)
	}
	browse(t, ctx, chromedp.Evaluate[chromedp.Void](`document.getElementById("audio").muted = true`),
		chromedp.Click(chromedp.CSS(`.transcript a[data-seek="25"]`)))
	waitJS(t, ctx, `document.getElementById("audio").currentTime >= 25`, 15*time.Second)
	if u := jsEval[string](t, ctx, `location.href`); u != url {
		t.Errorf("time link navigated to %s; it should seek in place", u)
	}
	waitJS(t, ctx, `document.querySelector(".transcript a[aria-current]")?.getAttribute("data-seek") === "25"`, 10*time.Second)
	waitJS(t, ctx, `document.querySelector(".chapters a[aria-current]")?.getAttribute("data-seek") === "20"`, 10*time.Second)
	// Playback moves on: the marks follow.
	browse(t, ctx, chromedp.Evaluate[chromedp.Void](`document.getElementById("audio").currentTime = 51`))
	waitJS(t, ctx, `document.querySelector(".transcript p.now a")?.getAttribute("data-seek") === "50"`, 10*time.Second)
	waitJS(t, ctx, `document.querySelector(".chapters a[aria-current]")?.getAttribute("data-seek") === "40"`, 10*time.Second)
}

// TestBrowserPlayerTranscript: the embed player's captions toggle shows
// the cue being said, its transcript panel marks the cue as playback goes
// on and seeks on a click (with the mouse and the keyboard), and its
// chapter list marks the current chapter.
func TestBrowserPlayerTranscript(t *testing.T) {
	t.Parallel()
	st := newSite(t, Config{})
	withTranscript(t, st)
	ctx := within(t, newBrowser(t), 60*time.Second)
	browse(t, ctx, chromedp.EmulateViewport(800, site.PlayerHeight), chromedp.Navigate(st.srv.PlayerURL(st.long)),
		chromedp.WaitVisible(chromedp.CSS(".cc")))
	browse(t, ctx, chromedp.Click(chromedp.CSS(".mute")), chromedp.Click(chromedp.CSS(".cc")))
	if got := jsEval[string](t, ctx, `document.querySelector(".cc").getAttribute("aria-pressed")`); got != "true" {
		t.Fatalf("captions button aria-pressed = %q", got)
	}
	waitJS(t, ctx, `document.querySelector(".cap").textContent === "Ana: Cue A about ferries."`, 10*time.Second)

	// The transcript panel: a click on a cue seeks there and plays.
	browse(t, ctx, chromedp.Click(chromedp.CSS(".trb")), chromedp.WaitVisible(chromedp.CSS(".trs")))
	if n := jsEval[int](t, ctx, `document.querySelectorAll(".trs [data-seek]").length`); n != 4 {
		t.Fatalf("%d cues in the transcript panel, want 4", n)
	}
	browse(t, ctx, chromedp.Click(chromedp.CSS(`.trs [data-seek="25"]`)))
	waitJS(t, ctx, `document.querySelector("audio").currentTime >= 25 && !document.querySelector("audio").paused`, 15*time.Second)
	waitJS(t, ctx, `document.querySelector(".trs [aria-current]")?.getAttribute("data-seek") === "25"`, 10*time.Second)
	waitJS(t, ctx, `document.querySelector(".cap").textContent === "Ana: Cue C about the council."`, 10*time.Second)
	if jsEval[bool](t, ctx, `document.querySelector(".trs").hidden`) {
		t.Error("the transcript panel closed on a click; it should stay and follow playback")
	}
	// Playback moves: the mark and the caption follow.
	browse(t, ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector("audio").currentTime = 12`))
	waitJS(t, ctx, `document.querySelector(".trs [aria-current]")?.getAttribute("data-seek") === "10"`, 10*time.Second)
	waitJS(t, ctx, `document.querySelector(".cap").textContent === "Ben: Cue B about fog."`, 10*time.Second)
	// Keyboard: focus a cue, Enter seeks; Escape closes; c turns captions off.
	browse(t, ctx, chromedp.Focus(chromedp.CSS(`.trs [data-seek="50"]`)), chromedp.KeyEvent("\r"))
	waitJS(t, ctx, `document.querySelector("audio").currentTime >= 50`, 10*time.Second)
	browse(t, ctx, chromedp.KeyEvent("\x1b"))
	waitJS(t, ctx, `document.querySelector(".trs").hidden && document.activeElement === document.querySelector(".trb")`, 5*time.Second)
	browse(t, ctx, chromedp.Evaluate[chromedp.Void](`document.body.focus()`), chromedp.KeyEvent("c"))
	waitJS(t, ctx, `document.querySelector(".cc").getAttribute("aria-pressed") === "false" && document.querySelector(".cap").hidden`, 5*time.Second)

	// Chapters: the current one is marked, a click seeks; the article
	// chapter names its article.
	browse(t, ctx, chromedp.Click(chromedp.CSS(".chap")), chromedp.WaitVisible(chromedp.CSS(".chaps")))
	waitJS(t, ctx, `document.querySelector(".chaps [aria-current]")?.getAttribute("data-seek") === "40"`, 10*time.Second)
	if got := domText(t, ctx, `.chaps [data-seek="40"]`); got != "0:40 "+st.solo.Title {
		t.Errorf("article chapter = %q, want its article's title", got)
	}
	browse(t, ctx, chromedp.Click(chromedp.CSS(`.chaps [data-seek="20"]`)))
	waitJS(t, ctx, `(t => t >= 20 && t < 40)(document.querySelector("audio").currentTime)`, 10*time.Second)
	browse(t, ctx, chromedp.Click(chromedp.CSS(".chap")), chromedp.WaitVisible(chromedp.CSS(".chaps")))
	waitJS(t, ctx, `document.querySelector(".chaps [aria-current]")?.getAttribute("data-seek") === "20"`, 10*time.Second)
	if bad := jsEval[[]string](t, ctx, namesJS); len(bad) > 0 {
		t.Errorf("player controls without a name: %v", bad)
	}
	artifact(t, ctx, "player-transcript.png")
}
