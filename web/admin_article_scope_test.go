package web

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// TestEditorArticleScope: an editor changes an article only when every
// show it relates to is theirs; the article shows on each of those shows'
// pages and feeds. Linking an article as it is stays open to them.
func TestEditorArticleScope(t *testing.T) {
	t.Parallel()
	e := newAdminEnv(t, nil)
	mine, theirs := e.show(t, "mine"), e.show(t, "theirs")
	e.user(t, "boss@example.com", "boss-password", catalog.RoleAdmin)
	e.user(t, "ed@example.com", "editor-password", catalog.RoleEditor, mine)
	episode := func(sh *catalog.Show, articles ...string) *catalog.Episode {
		ep := &catalog.Episode{ShowID: sh.ID, Title: "On " + sh.Slug, Status: catalog.StatusPublished,
			Type: catalog.EpisodeFull, PublishedAt: time.Now().Add(-time.Hour)}
		noErr(t, e.store.CreateEpisode(t.Context(), ep))
		noErr(t, e.store.SetEpisodeArticles(t.Context(), ep.ID, articles))
		return ep
	}
	article := func(u string) *catalog.Article {
		a := &catalog.Article{URL: u, Title: "Original"}
		noErr(t, e.store.CreateArticle(t.Context(), a))
		return a
	}
	theirsOnly, mineOnly, shared := article("https://n.example/theirs"), article("https://n.example/mine"), article("https://n.example/shared")
	episode(theirs, theirsOnly.ID, shared.ID)
	myEp := episode(mine, mineOnly.ID, shared.ID)

	ed, boss := browser(t), browser(t)
	edTok := e.signIn(t, ed, "ed@example.com", "editor-password")
	bossTok := e.signIn(t, boss, "boss@example.com", "boss-password")
	for _, tc := range []struct {
		name      string
		b         *http.Client
		tok       string
		action    string
		a         *catalog.Article
		title     string
		want      int
		wantTitle string
	}{
		{"editor edits another show's article", ed, edTok, "edit", theirsOnly, "Hijacked", http.StatusForbidden, "Original"},
		{"editor re-adds another show's article with a new title", ed, edTok, "add", theirsOnly, "Hijacked", http.StatusForbidden, "Original"},
		{"editor edits a shared article", ed, edTok, "edit", shared, "Hijacked", http.StatusForbidden, "Original"},
		{"editor links another show's article as it is", ed, edTok, "add", theirsOnly, "", http.StatusSeeOther, "Original"},
		{"editor edits their own show's article", ed, edTok, "edit", mineOnly, "Mine, edited", http.StatusSeeOther, "Mine, edited"},
		{"admin edits a shared article", boss, bossTok, "edit", shared, "Fixed by admin", http.StatusSeeOther, "Fixed by admin"},
	} {
		status, _ := e.post(t, tc.b, "/admin/episodes/"+myEp.ID+"/articles", url.Values{"csrf": {tc.tok},
			"action": {tc.action}, "url": {tc.a.URL}, "title": {tc.title}})
		if status != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, status, tc.want)
		}
		got, err := e.store.GetArticle(t.Context(), tc.a.ID)
		noErr(t, err)
		if got.Title != tc.wantTitle {
			t.Errorf("%s: the article's title is %q, want %q", tc.name, got.Title, tc.wantTitle)
		}
	}
	resp, err := http.Get(e.url + "/shows/theirs/feed.atom")
	noErr(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if strings.Contains(string(body), "Hijacked") {
		t.Error("an editor's title for another show's article is in that show's Atom feed")
	}
}
