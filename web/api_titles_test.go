package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/onair-fm/onair/web/api"
)

// TestAPITitlesFoldLineBreaks: a title sent with CR/LF or tabs is stored
// as one line (show, episode, article) and the feed carries that line.
func TestAPITitlesFoldLineBreaks(t *testing.T) {
	t.Parallel()
	e := newAPI(t)
	var sh api.ShowJSON
	if st := e.json("POST", "/api/v1/shows", map[string]any{"slug": "lines", "title": "Morning\r\nReport"}, &sh); st != http.StatusCreated || sh.Title != "Morning Report" {
		t.Fatalf("show: %d %q", st, sh.Title)
	}
	ep := e.uploadOK("lines", fixture(t, "mp3_cbr_id3v23_apic.mp3"))
	var up api.EpisodeJSON
	if st := e.json("PATCH", "/api/v1/episodes/"+ep.ID, map[string]any{"title": "Ferry\r\n\tnews"}, &up); st != http.StatusOK || up.Title != "Ferry news" {
		t.Fatalf("episode: %d %q", st, up.Title)
	}
	var ar api.ArticleJSON
	if st := e.json("POST", "/api/v1/articles", map[string]any{"url": "https://news.example.com/a", "title": "Fog\nweek"}, &ar); st != http.StatusCreated || ar.Title != "Fog week" {
		t.Fatalf("article: %d %q", st, ar.Title)
	}
	_, b := e.do("GET", "/shows/lines/feed.rss", "", nil)
	if !strings.Contains(string(b), "<title>Morning Report</title>") || !strings.Contains(string(b), "<title>Ferry news</title>") {
		t.Errorf("feed titles not folded:\n%s", b)
	}
}
