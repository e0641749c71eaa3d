package publish

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/internal/testmedia"
)

func TestSetTranscript(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sh := e.show("s")
	ep, err := e.create(sh, fixture(t, "mp3_vbr_xing.mp3"), EpisodePatch{}) // 16.5 s
	if err != nil {
		t.Fatal(err)
	}
	good := "WEBVTT\n\n00:00:00.000 --> 00:00:02.500\n<v Ana>Hello there.\n\n00:00:02.500 --> 00:00:16.000\n<v Ben>Hi.\n"
	tests := []struct {
		name, ct, body string
		wantErr        string // "" = stored
	}{
		{"vtt", "text/vtt", good, ""},
		{"past the end", "text/vtt", "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\na\n\n00:00:10.000 --> 00:00:30.000\nb\n", "line 6: cue ends at 00:00:30.000, after the episode's end"},
		{"backwards", "application/x-subrip", "1\n00:00:05,000 --> 00:00:06,000\na\n\n2\n00:00:01,000 --> 00:00:02,000\nb\n", "line 6: cue starts at 00:00:01.000"},
		{"broken json", "application/json", "{\"segments\": [\n  {\"startTime\": 1, \"endTime\": 2, \"body\": \"x\"},\n  {\"startTime\": \"one\"}]}", "line 3"},
		{"not text", "image/png", "\x89PNG\r\n", "not a transcript type"},
	}
	for _, tc := range tests {
		got, err := e.pub.SetTranscript(e.ctx, ep, TranscriptUpload{Body: []byte(tc.body), ContentType: tc.ct})
		if tc.wantErr == "" {
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if got.Transcript.Origin != catalog.TranscriptUploaded || !got.Transcript.Ready() {
				t.Fatalf("%s: %+v", tc.name, got.Transcript)
			}
			continue
		}
		if !errors.Is(err, catalog.ErrInvalid) || !strings.Contains(catalog.InvalidMessage(err), tc.wantErr) {
			t.Errorf("%s: err = %v, want invalid with %q", tc.name, err, tc.wantErr)
		}
	}
	// What was stored before a refused upload is still there.
	cur, err := CurrentTranscript(e.ctx, e.store, ep)
	if err != nil || len(cur.Cues) != 2 || cur.Cues[0].Speaker != "Ana" || cur.Cues[1].End != 16*time.Second {
		t.Fatalf("kept transcript: %+v, %v", cur, err)
	}
	if err := e.pub.DeleteTranscript(e.ctx, ep); err != nil {
		t.Fatal(err)
	}
	var pe *Error
	if err := e.pub.DeleteTranscript(e.ctx, ep); !errors.As(err, &pe) || !errors.Is(err, catalog.ErrNotFound) {
		t.Fatalf("second delete: %v", err)
	}
	if _, err := CurrentTranscript(e.ctx, e.store, ep); !errors.Is(err, catalog.ErrNotFound) {
		t.Fatalf("after delete: %v", err)
	}
}

func TestSetChapters(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sh := e.show("s")
	ep, err := e.create(sh, fixture(t, "mp3_id3v24_chapters.mp3"), EpisodePatch{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ep.Chapters) != 3 || ep.ChaptersEdited {
		t.Fatalf("audio chapters: %+v", ep.Chapters)
	}
	art, err := e.pub.CreateArticle(e.ctx, ArticlePatch{URL: ptr("https://news.example/ferry"), Title: ptr("Ferry story"),
		ImageURL: ptr("https://news.example/ferry.jpg")})
	if err != nil {
		t.Fatal(err)
	}
	if ep, err = e.pub.SetArticles(e.ctx, ep, []string{art.ID}); err != nil {
		t.Fatal(err)
	}
	refused := []struct {
		name string
		chs  []catalog.Chapter
		want string
	}{
		{"no title", []catalog.Chapter{{Start: 0}}, "chapter 1: a title is required"},
		{"not increasing", []catalog.Chapter{{Start: 5 * time.Second, Title: "a"}, {Start: time.Second, Title: "b"}}, "chapter 2 starts at 0:01"},
		{"after the end", []catalog.Chapter{{Start: time.Minute, Title: "a"}}, "after the audio ends"},
		{"bad url", []catalog.Chapter{{Title: "a", URL: "javascript:alert(1)"}}, "absolute http(s) URL"},
		{"unrelated article", []catalog.Chapter{{Title: "a", ArticleID: "nope"}}, "not one of the episode's related articles"},
	}
	for _, tc := range refused {
		if _, err := e.pub.SetChapters(e.ctx, ep, tc.chs); !errors.Is(err, catalog.ErrInvalid) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.want)
		}
	}
	ep, err = e.pub.SetChapters(e.ctx, ep, []catalog.Chapter{{Start: 0, Title: "Top"}, {Start: 5 * time.Second, ArticleID: art.ID}})
	if err != nil {
		t.Fatal(err)
	}
	res := ep.ResolvedChapters()
	if res[1].URL != art.URL || res[1].Title != "Ferry story" || res[1].Image != art.ImageURL || res[1].ArticleTitle != "Ferry story" {
		t.Fatalf("article chapter: %+v", res[1])
	}
	// Changing the article changes the chapter.
	if _, err := e.pub.UpdateArticle(e.ctx, art, ArticlePatch{Title: ptr("Ferry strike ends"), URL: ptr("https://news.example/ferry-2")}); err != nil {
		t.Fatal(err)
	}
	ep, _ = e.store.GetEpisode(e.ctx, ep.ID)
	if res := ep.ResolvedChapters(); res[1].URL != "https://news.example/ferry-2" || res[1].Title != "Ferry strike ends" {
		t.Fatalf("after the article changed: %+v", res[1])
	}
	// Edited chapters survive new audio; unedited ones come from it.
	a, err := e.storeFile(ep.ID, fixture(t, "m4a_chapters.m4a"))
	if err != nil {
		t.Fatal(err)
	}
	if ep, err = e.pub.ReplaceAudio(e.ctx, ep, a); err != nil {
		t.Fatal(err)
	}
	if len(ep.Chapters) != 2 || ep.Chapters[0].Title != "Top" {
		t.Fatalf("edited chapters replaced by the audio's: %+v", ep.Chapters)
	}
	// Importing a Podlove file.
	podlove := `<psc:chapters version="1.2" xmlns:psc="http://podlove.org/simple-chapters">
  <psc:chapter start="0" title="Intro"/>
  <psc:chapter start="00:00:03.500" title="News" href="https://news.example/"/>
</psc:chapters>`
	if ep, err = e.pub.ImportChapters(e.ctx, ep, []byte(podlove)); err != nil {
		t.Fatal(err)
	}
	if len(ep.Chapters) != 2 || ep.Chapters[1].Start != 3500*time.Millisecond || ep.Chapters[1].URL != "https://news.example/" {
		t.Fatalf("imported: %+v", ep.Chapters)
	}
	if _, err := e.pub.ImportChapters(e.ctx, ep, []byte("<nope")); !errors.Is(err, catalog.ErrInvalid) {
		t.Fatalf("broken import: %v", err)
	}
}

// TestTranscriberPocketsphinx generates a transcript for real: speech made
// by espeak-ng, recognised by Debian's pocketsphinx through the wrapper in
// contrib/, found again by search with its time.
func TestTranscriberPocketsphinx(t *testing.T) {
	t.Parallel()
	for _, tool := range []string{"espeak-ng", "pocketsphinx_continuous", "ffmpeg"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is not installed", tool)
			}
			t.Skipf("%s is not installed", tool)
		}
	}
	e := newEnv(t)
	wav := filepath.Join(t.TempDir(), "speech.wav")
	out, err := exec.Command("espeak-ng", "-s", "160", "-w", wav, "The council voted yes.").CombinedOutput()
	if err != nil {
		t.Fatalf("espeak-ng: %v: %s", err, out)
	}
	tr := e.pub.EnableTranscriber(&Transcriber{
		Command:     []string{filepath.Join(testmedia.RepoRoot(t), "contrib", "pocketsphinx-vtt")},
		Concurrency: 2, Timeout: 2 * time.Minute, Poll: 50 * time.Millisecond,
	})
	runTranscriber(t, tr)
	sh := e.show("s")
	ep, err := e.create(sh, wav, EpisodePatch{Title: ptr("Speech")})
	if err != nil {
		t.Fatal(err)
	}
	if ep.Transcript.State != catalog.TranscriptQueued && ep.Transcript.State != catalog.TranscriptRunning {
		t.Fatalf("after upload: %+v", ep.Transcript)
	}
	if ti := waitTranscript(t, e, ep.ID); ti.State != catalog.TranscriptDone {
		t.Fatalf("failed: %s", ti.Error)
	}
	cur, err := CurrentTranscript(e.ctx, e.store, ep)
	if err != nil {
		t.Fatal(err)
	}
	var text []string
	for _, c := range cur.Cues {
		text = append(text, c.Text)
	}
	if !strings.Contains(strings.Join(text, " "), "council") {
		t.Fatalf("transcript lacks %q: %q", "council", text)
	}
	hits, err := e.store.Search(e.ctx, catalog.SearchQuery{Text: "council"})
	if err != nil || len(hits) != 1 || hits[0].At < 0 {
		t.Fatalf("search: %+v, %v", hits, err)
	}
	// An uploaded transcript wins over the generated one.
	if _, err := e.pub.SetTranscript(e.ctx, ep, TranscriptUpload{Body: []byte("Uploaded words."), ContentType: "text/plain"}); err != nil {
		t.Fatal(err)
	}
	if cur, _ = CurrentTranscript(e.ctx, e.store, ep); cur.Origin != catalog.TranscriptUploaded {
		t.Fatalf("uploaded should win: %+v", cur)
	}
}

// runTranscriber runs tr until the test ends, and waits for it.
func runTranscriber(t *testing.T, tr *Transcriber) {
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- tr.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
}

// waitTranscript waits for the episode's transcript to be done or failed.
func waitTranscript(t *testing.T, e *env, id string) catalog.TranscriptInfo {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for {
		got, err := e.store.GetEpisode(e.ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if s := got.Transcript.State; s == catalog.TranscriptDone || s == catalog.TranscriptFailed {
			return got.Transcript
		}
		if time.Now().After(deadline) {
			t.Fatalf("transcript still %s", got.Transcript.State)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestTranscriberFails: a program that fails, hangs or prints something
// else leaves a failed state with its own words, and the episode as it was.
func TestTranscriberFails(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, script, want string
	}{
		{"exit", "echo 'no model loaded' >&2; exit 3", "exit status 3: no model loaded"},
		{"timeout", "sleep 20", "stopped after"},
		{"not vtt", "echo hello", "neither WebVTT nor SRT"},
		{"past the end", "printf 'WEBVTT\n\n00:10:00.000 --> 00:10:01.000\nlate\n'", "after the episode's end"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			tr := e.pub.EnableTranscriber(&Transcriber{Command: []string{"sh", "-c", tc.script, "sh"},
				Timeout: 500 * time.Millisecond, Poll: 50 * time.Millisecond})
			runTranscriber(t, tr)
			ep, err := e.create(e.show("s"), fixture(t, "mp3_cbr_id3v23_apic.mp3"), EpisodePatch{})
			if err != nil {
				t.Fatal(err)
			}
			ti := waitTranscript(t, e, ep.ID)
			if ti.State != catalog.TranscriptFailed || !strings.Contains(ti.Error, tc.want) {
				t.Fatalf("got %+v, want failed with %q", ti, tc.want)
			}
		})
	}
}
