package web

import (
	stdhtml "html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// TestEditorKeepsNotesSource: Markdown typed in the episode editor comes
// back into the editor as typed, while feeds and pages get the sanitized
// HTML; notes that came as HTML (the API, rows stored before the source was
// kept) show as their HTML.
func TestEditorKeepsNotesSource(t *testing.T) {
	t.Parallel()
	e := newAdminEnv(t, nil)
	sh := e.show(t, "news")
	e.user(t, "boss@example.com", "right-password", catalog.RoleAdmin)
	b := browser(t)
	tok := e.signIn(t, b, "boss@example.com", "right-password")
	token := e.token(t)
	ep := &catalog.Episode{ShowID: sh.ID, Title: "Ferry", Status: catalog.StatusPublished, Type: catalog.EpisodeFull,
		PublishedAt: time.Now().Add(-time.Hour), Description: "<p>Stored <em>before</em></p>"}
	noErr(t, e.store.CreateEpisode(t.Context(), ep))
	editor := "/admin/episodes/" + ep.ID
	const markdown = "Intro & more\n\n- **one**\n- [two](https://two.example/)\n\n    indented <code>"

	for _, step := range []struct {
		name    string
		change  func(t *testing.T)
		editor  string // the textarea's text
		html    string // in the stored Description and on the public page
		notHTML string // not in the stored Description
		wantSrc string // the stored DescriptionSource
	}{
		{"a row stored without source", func(t *testing.T) {}, "<p>Stored <em>before</em></p>", "<em>before</em>", "", ""},
		{"Markdown typed in the editor", func(t *testing.T) {
			form := url.Values{"csrf": {tok}, "title": {"Ferry"}, "notes": {strings.ReplaceAll(markdown, "\n", "\r\n") + "\r\n"},
				"type": {"full"}, "publish": {"now"}}
			if s, _ := e.post(t, b, editor, form); s != http.StatusSeeOther {
				t.Fatalf("save: %d", s)
			}
		}, markdown, "<strong>one</strong>", "**one**", markdown},
		{"saved again unchanged", func(t *testing.T) {
			_, page, _ := e.page(t, b, editor)
			form := url.Values{"csrf": {tok}, "title": {"Ferry"}, "notes": {textarea(t, page)}, "type": {"full"}, "publish": {"now"}}
			if s, _ := e.post(t, b, editor, form); s != http.StatusSeeOther {
				t.Fatalf("save: %d", s)
			}
		}, markdown, "<strong>one</strong>", "**one**", markdown},
		{"HTML sent through the API", func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPatch, e.url+"/api/v1/episodes/"+ep.ID,
				strings.NewReader(`{"description": "<p>From the <b>API</b></p>"}`))
			req.Header.Set("Authorization", "Bearer "+token)
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("PATCH: %d", resp.StatusCode)
			}
		}, "<p>From the <b>API</b></p>", "<b>API</b>", "<strong>one</strong>", ""},
		{"notes cleared", func(t *testing.T) {
			form := url.Values{"csrf": {tok}, "title": {"Ferry"}, "notes": {" \r\n"}, "type": {"full"}, "publish": {"now"}}
			if s, _ := e.post(t, b, editor, form); s != http.StatusSeeOther {
				t.Fatalf("save: %d", s)
			}
		}, "", "", "API", ""},
	} {
		t.Run(step.name, func(t *testing.T) {
			step.change(t)
			_, page, _ := e.page(t, b, editor)
			if got := textarea(t, page); got != step.editor {
				t.Errorf("editor shows %q, want %q", got, step.editor)
			}
			got, err := e.store.GetEpisode(t.Context(), ep.ID)
			noErr(t, err)
			if got.DescriptionSource != step.wantSrc {
				t.Errorf("stored source %q, want %q", got.DescriptionSource, step.wantSrc)
			}
			if !strings.Contains(got.Description, step.html) || step.notHTML != "" && strings.Contains(got.Description, step.notHTML) {
				t.Errorf("stored HTML %q, want %q in it and not %q", got.Description, step.html, step.notHTML)
			}
			if step.html == "" {
				return
			}
			_, public, _ := e.page(t, b, "/shows/news/episodes/"+ep.ID)
			if !strings.Contains(public, step.html) || step.notHTML != "" && strings.Contains(public, step.notHTML) {
				t.Errorf("public page lacks %q or has %q", step.html, step.notHTML)
			}
		})
	}
}

var notesArea = regexp.MustCompile(`(?s)<textarea name="notes"[^>]*>(.*?)</textarea>`)

// textarea is the text of the editor's notes field, as a browser reads it
// (the one newline after the start tag is not part of it).
func textarea(t *testing.T, page string) string {
	t.Helper()
	m := notesArea.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no notes textarea on the page")
	}
	return stdhtml.UnescapeString(strings.TrimPrefix(m[1], "\n"))
}
