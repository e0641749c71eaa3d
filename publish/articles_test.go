package publish

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// TestArticles: create, update and delete through the API's patches, with
// their refusals in the publisher's words.
func TestArticles(t *testing.T) {
	e := newEnv(t)
	a, err := e.pub.CreateArticle(e.ctx, ArticlePatch{URL: ptr(" https://news.example/a "), Title: ptr("A"),
		PublishedAt: ptr("2026-01-02T03:04:05Z")})
	if err != nil {
		t.Fatal(err)
	}
	if a.URL != "https://news.example/a" || !a.PublishedAt.Equal(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)) {
		t.Errorf("created %+v", a)
	}
	for _, tt := range []struct {
		name  string
		patch ArticlePatch
		kind  error
		msg   string
	}{
		{"no title", ArticlePatch{URL: ptr("https://news.example/b")}, catalog.ErrInvalid, "url and title are required"},
		{"taken", ArticlePatch{URL: ptr("https://news.example/a"), Title: ptr("B")}, catalog.ErrConflict,
			`an article with the url "https://news.example/a" exists already`},
		{"bad url", ArticlePatch{URL: ptr("news.example/b"), Title: ptr("B")}, catalog.ErrInvalid,
			`url "news.example/b" must be an absolute http(s) URL`},
		{"bad time", ArticlePatch{URL: ptr("https://news.example/b"), Title: ptr("B"), PublishedAt: ptr("today")}, catalog.ErrInvalid,
			`published_at "today" must be an RFC 3339 time such as 2026-01-02T15:04:05Z`},
	} {
		_, err := e.pub.CreateArticle(e.ctx, tt.patch)
		msg, ok := refusal(err)
		if !ok {
			msg = catalog.InvalidMessage(err)
		}
		if !errors.Is(err, tt.kind) || msg != tt.msg {
			t.Errorf("%s: %v (%q), want %q", tt.name, err, msg, tt.msg)
		}
	}
	a, err = e.pub.UpdateArticle(e.ctx, a, ArticlePatch{Title: ptr("A2"), PublishedAt: ptr("")})
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "A2" || !a.PublishedAt.IsZero() {
		t.Errorf("updated %+v", a)
	}
	if err := e.pub.DeleteArticle(e.ctx, a); err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.GetArticle(e.ctx, a.ID); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("deleted: %v", err)
	}
}

// TestSetArticles: an episode's articles are set in order; an unknown id
// is refused by name and a repeated one too, changing nothing.
func TestSetArticles(t *testing.T) {
	e := newEnv(t)
	sh := e.show("linked")
	ep, err := e.create(sh, fixture(t, "mp3_vbr_xing.mp3"), EpisodePatch{})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, u := range []string{"https://news.example/1", "https://news.example/2"} {
		a, err := e.pub.CreateArticle(e.ctx, ArticlePatch{URL: &u, Title: &u})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
	}
	want := []string{ids[1], ids[0]}
	ep, err = e.pub.SetArticles(e.ctx, ep, want)
	if err != nil {
		t.Fatal(err)
	}
	linked := func() []string {
		got, err := e.store.GetEpisode(e.ctx, ep.ID)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, a := range got.Articles {
			out = append(out, a.ID)
		}
		return out
	}
	if got := linked(); !slices.Equal(got, want) {
		t.Fatalf("articles %q, want %q", got, want)
	}
	for _, tt := range []struct {
		ids  []string
		kind error
		msg  string
	}{
		{[]string{ids[0], "nope"}, catalog.ErrNotFound, `one of article_ids is not an article: "nope"`},
		{[]string{ids[0], ids[0]}, catalog.ErrInvalid, `article "` + ids[0] + `" is listed twice`},
	} {
		_, err := e.pub.SetArticles(e.ctx, ep, tt.ids)
		msg, ok := refusal(err)
		if !ok {
			msg = catalog.InvalidMessage(err)
		}
		if !errors.Is(err, tt.kind) || msg != tt.msg {
			t.Errorf("%q: %v (%q), want %q", tt.ids, err, msg, tt.msg)
		}
		if got := linked(); !slices.Equal(got, want) {
			t.Errorf("%q changed the articles to %q", tt.ids, got)
		}
	}
}

// TestPutArticle: the dashboard adds an article by its address, creating
// it or filling in what was typed; an edit may clear the summary.
func TestPutArticle(t *testing.T) {
	e := newEnv(t)
	u := "https://news.example/story"
	a, err := e.pub.PutArticle(e.ctx, ArticleEdit{URL: u, Title: "Story", Summary: "Short"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := e.pub.PutArticle(e.ctx, ArticleEdit{URL: u, ImageURL: "https://news.example/i.jpg"})
	if err != nil {
		t.Fatal(err)
	}
	if b.ID != a.ID || b.Title != "Story" || b.Summary != "Short" || b.ImageURL == "" {
		t.Errorf("added again: %+v", b)
	}
	c, err := e.pub.PutArticle(e.ctx, ArticleEdit{URL: u, Title: "Story 2", Edit: true})
	if err != nil {
		t.Fatal(err)
	}
	if c.ID != a.ID || c.Title != "Story 2" || c.Summary != "" || c.ImageURL != "" {
		t.Errorf("edited: %+v", c)
	}
	for in, msg := range map[ArticleEdit]string{
		{URL: "news.example/x", Title: "X"}:                            "the article's URL must start with https:// or http://",
		{URL: "https://news.example/x", Title: "X", ImageURL: "i.jpg"}: "the image must be an http(s) URL",
		{URL: "https://news.example/x"}:                                "title is required",
	} {
		if _, err := e.pub.PutArticle(e.ctx, in); catalog.InvalidMessage(err) != msg {
			t.Errorf("%+v: %v, want %q", in, err, msg)
		}
	}
}
