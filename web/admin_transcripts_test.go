package web

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// postFile sends a multipart form with one file part and the CSRF token.
func (e *adminEnv) postFile(t *testing.T, c *http.Client, path, csrf, field, name, content string, fields map[string]string) (int, string, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	w.WriteField("csrf", csrf)
	for k, v := range fields {
		w.WriteField(k, v)
	}
	fw, _ := w.CreateFormFile(field, name)
	io.WriteString(fw, content)
	w.Close()
	req, _ := http.NewRequest(http.MethodPost, e.url+path, &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Accept", "text/html")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Location"), string(b)
}

// TestDashboardTranscriptsAndChapters: a transcript uploaded in the
// dashboard shows its state and files; a refused one says the line; the
// chapter editor adds, edits and removes chapters, links one to an
// article, imports a Podlove file; search finds the transcript's words
// with their time, only in the shows the user may edit.
func TestDashboardTranscriptsAndChapters(t *testing.T) {
	t.Parallel()
	e := newAdminEnv(t, nil)
	sh := e.show(t, "news")
	other := e.show(t, "other")
	e.user(t, "ed@example.com", "right-password", catalog.RoleEditor, sh)
	b := browser(t)
	tok := e.signIn(t, b, "ed@example.com", "right-password")
	ctx := t.Context()
	ep := &catalog.Episode{ShowID: sh.ID, Title: "Ferry", Status: catalog.StatusPublished, Type: catalog.EpisodeFull,
		PublishedAt: time.Now().Add(-time.Hour), Audio: catalog.Audio{Duration: 90 * time.Second}}
	noErr(t, e.store.CreateEpisode(ctx, ep))
	art := &catalog.Article{URL: "https://news.example/storm", Title: "Storm warning"}
	noErr(t, e.store.CreateArticle(ctx, art))
	noErr(t, e.store.SetEpisodeArticles(ctx, ep.ID, []string{art.ID}))
	theirs := &catalog.Episode{ShowID: other.ID, Title: "Ferry elsewhere", Status: catalog.StatusPublished, Type: catalog.EpisodeFull,
		PublishedAt: time.Now().Add(-time.Hour)}
	noErr(t, e.store.CreateEpisode(ctx, theirs))
	editor := "/admin/episodes/" + ep.ID

	_, page, _ := e.page(t, b, editor)
	if !strings.Contains(page, `data-transcript-state="none"`) {
		t.Fatal("no transcript state on the editor")
	}
	// A refused transcript: 422 with the line, nothing stored.
	st, _, body := e.postFile(t, b, editor+"/transcript", tok, "transcript", "t.vtt",
		"WEBVTT\n\n00:00:00.000 --> 00:05:00.000\nToo long.\n", nil)
	if st != http.StatusUnprocessableEntity || !strings.Contains(body, "line 3") {
		t.Errorf("refused transcript: %d, line named: %v", st, strings.Contains(body, "line 3"))
	}
	st, loc, _ := e.postFile(t, b, editor+"/transcript", tok, "transcript", "t.srt",
		"1\n00:01:05,250 --> 00:01:07,000\nAna: The storm reaches the harbour.\n", map[string]string{"language": "en-gb"})
	if st != http.StatusSeeOther || !strings.HasPrefix(loc, editor) {
		t.Fatalf("upload: %d %s", st, loc)
	}
	_, page, _ = e.page(t, b, editor)
	for _, want := range []string{`data-transcript-state="done"`, "(uploaded)", "language en-gb", "/transcript.vtt", "Delete the uploaded transcript"} {
		if !strings.Contains(page, want) {
			t.Errorf("editor lacks %q after the upload", want)
		}
	}
	// A failed generated transcript shows the program's error.
	noErr(t, e.store.PutTranscript(ctx, &catalog.Transcript{EpisodeID: theirs.ID, Origin: catalog.TranscriptGenerated,
		State: catalog.TranscriptFailed, Error: "whisper: model not found"}))

	// Chapter editor: two rows, one linked to the article, one blank row
	// ignored; then one removed.
	form := url.Values{"csrf": {tok},
		"start":      {"0:00", "1:02.5", ""},
		"ch_title":   {"Intro", "", ""},
		"ch_url":     {"https://news.example/intro", "", ""},
		"ch_image":   {"", "", ""},
		"ch_article": {"", art.ID, ""}}
	if st, _ := e.post(t, b, editor+"/chapters", form); st != http.StatusSeeOther {
		t.Fatalf("save chapters: %d", st)
	}
	got, _ := e.store.GetEpisode(ctx, ep.ID)
	res := got.ResolvedChapters()
	if len(res) != 2 || res[1].Start != 62500*time.Millisecond || res[1].URL != art.URL || res[1].Title != "Storm warning" || !got.ChaptersEdited {
		t.Fatalf("chapters: %+v", res)
	}
	_, page, _ = e.page(t, b, editor)
	if !strings.Contains(page, `value="1:02.500"`) || !strings.Contains(page, "data-use-position") {
		t.Error("editor does not show the chapter's start, or has no player-position button")
	}
	form.Set("ch_remove", "0")
	if st, _ := e.post(t, b, editor+"/chapters", form); st != http.StatusSeeOther {
		t.Fatalf("remove chapter: %d", st)
	}
	if got, _ = e.store.GetEpisode(ctx, ep.ID); len(got.Chapters) != 1 || got.Chapters[0].ArticleID != art.ID {
		t.Fatalf("after removing: %+v", got.Chapters)
	}
	form = url.Values{"csrf": {tok}, "start": {"9:99"}, "ch_title": {"Bad"}, "ch_url": {""}, "ch_image": {""}, "ch_article": {""}}
	if st, _ := e.post(t, b, editor+"/chapters", form); st != http.StatusUnprocessableEntity {
		t.Errorf("bad start: %d, want 422", st)
	}
	st, _, _ = e.postFile(t, b, editor+"/chapters/import", tok, "chapters", "c.xml",
		`<psc:chapters version="1.2" xmlns:psc="http://podlove.org/simple-chapters"><psc:chapter start="0" title="One"/><psc:chapter start="00:00:30" title="Two"/></psc:chapters>`, nil)
	if got, _ = e.store.GetEpisode(ctx, ep.ID); st != http.StatusSeeOther || len(got.Chapters) != 2 || got.Chapters[1].Title != "Two" {
		t.Fatalf("import: %d %+v", st, got.Chapters)
	}

	// Search: the transcript's words with their time, only this editor's shows.
	_, page, _ = e.page(t, b, "/admin/search?q=storm+harbour")
	if !strings.Contains(page, `data-hit="`+ep.ID+`"`) || !strings.Contains(page, "said at 1:05") || !strings.Contains(page, "?t=65") {
		t.Errorf("search page lacks the hit with its time:\n%s", page)
	}
	_, page, _ = e.page(t, b, "/admin/search?q=ferry")
	if strings.Contains(page, theirs.ID) || !strings.Contains(page, ep.ID) {
		t.Error("search shows another show's episode to an editor, or misses theirs")
	}
	// An admin sees the other show's failed transcript with its error.
	e.user(t, "boss@example.com", "right-password", catalog.RoleAdmin)
	a := browser(t)
	e.signIn(t, a, "boss@example.com", "right-password")
	_, page, _ = e.page(t, a, "/admin/episodes/"+theirs.ID)
	if !strings.Contains(page, `data-transcript-state="failed"`) || !strings.Contains(page, "whisper: model not found") {
		t.Error("failed generated transcript not shown with its error")
	}
}
