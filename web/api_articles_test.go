package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/onair-fm/onair/web/api"
)

func TestAPIArticles(t *testing.T) { forBackends(t, testAPIArticles) }

func testAPIArticles(t *testing.T, newAPI envMaker) {
	e := newAPI(t)
	var a1, a2 api.ArticleJSON
	if st := e.json("POST", "/api/v1/articles", map[string]any{
		"url": "https://news.example.com/2026/ferry", "title": "Ferry hours extended",
		"summary": "The council voted.", "image_url": "https://news.example.com/ferry.jpg",
		"published_at": "2026-03-01T08:00:00Z",
	}, &a1); st != http.StatusCreated {
		t.Fatalf("create: %d", st)
	}
	if a1.ID == "" || a1.Title != "Ferry hours extended" || a1.PublishedAt == nil ||
		a1.PlayerURL != testBaseURL+"/embed/articles?url=https%3A%2F%2Fnews.example.com%2F2026%2Fferry" {
		t.Errorf("created: %+v", a1)
	}
	if st := e.json("POST", "/api/v1/articles", map[string]any{"url": "https://news.example.com/2026/bridge", "title": "Bridge closed"}, &a2); st != http.StatusCreated || a2.PublishedAt != nil {
		t.Fatalf("create 2: %d %+v", st, a2)
	}

	for _, tt := range []struct {
		name, method, path, body string
		status                   int
		code                     string
	}{
		{"duplicate url", "POST", "/api/v1/articles", `{"url":"https://news.example.com/2026/ferry","title":"Again"}`, 409, "conflict"},
		{"missing url", "POST", "/api/v1/articles", `{"title":"x"}`, 422, "invalid"},
		{"relative url", "POST", "/api/v1/articles", `{"url":"/2026/x","title":"x"}`, 422, "invalid"},
		{"malformed", "POST", "/api/v1/articles", `{"url":`, 400, "bad_request"},
		{"unknown field", "POST", "/api/v1/articles", `{"url":"https://a.example/x","title":"x","body":"..."}`, 400, "bad_request"},
		{"bad date", "PATCH", "/api/v1/articles/" + a2.ID, `{"published_at":"yesterday"}`, 422, "invalid"},
		{"patch to a taken url", "PATCH", "/api/v1/articles/" + a2.ID, `{"url":"https://news.example.com/2026/ferry"}`, 409, "conflict"},
		{"get unknown", "GET", "/api/v1/articles/nope", ``, 404, "not_found"},
		{"delete unknown", "DELETE", "/api/v1/articles/nope", ``, 404, "not_found"},
		{"bad limit", "GET", "/api/v1/articles?limit=0", ``, 422, "invalid"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ct := ""
			if tt.body != "" {
				ct = "application/json"
			}
			st, b := e.do(tt.method, tt.path, ct, strings.NewReader(tt.body))
			wantErr(t, st, b, tt.status, tt.code)
		})
	}

	var found struct{ Articles []api.ArticleJSON }
	if st := e.json("GET", "/api/v1/articles?q=FERRY", nil, &found); st != 200 || len(found.Articles) != 1 || found.Articles[0].ID != a1.ID {
		t.Errorf("search: %d %+v", st, found)
	}
	var up api.ArticleJSON
	if st := e.json("PATCH", "/api/v1/articles/"+a2.ID, map[string]any{"title": "Bridge reopened"}, &up); st != 200 ||
		up.Title != "Bridge reopened" || up.URL != a2.URL {
		t.Errorf("patch: %d %+v", st, up)
	}

	// Related articles: set in order, replace, reject unknown ids and duplicates.
	e.createShow("daily")
	ep := e.uploadOK("daily", fixture(t, "mp3_cbr_id3v23_apic.mp3"))
	var got api.EpisodeJSON
	if st := e.json("PUT", "/api/v1/episodes/"+ep.ID+"/articles", map[string]any{"article_ids": []string{a2.ID, a1.ID}}, &got); st != 200 ||
		len(got.RelatedArticles) != 2 || got.RelatedArticles[0].ID != a2.ID || got.RelatedArticles[1].ID != a1.ID {
		t.Fatalf("set articles: %d %+v", st, got.RelatedArticles)
	}
	for _, tt := range []struct {
		body   string
		status int
		code   string
	}{
		{`{"article_ids":["` + a1.ID + `","nope"]}`, 404, "not_found"},
		{`{"article_ids":["` + a1.ID + `","` + a1.ID + `"]}`, 422, "invalid"},
		{`{}`, 422, "invalid"},
		{`{"article_ids":"` + a1.ID + `"}`, 400, "bad_request"},
	} {
		st, b := e.do("PUT", "/api/v1/episodes/"+ep.ID+"/articles", "application/json", strings.NewReader(tt.body))
		wantErr(t, st, b, tt.status, tt.code)
	}
	st, b := e.do("PUT", "/api/v1/episodes/nope/articles", "application/json", strings.NewReader(`{"article_ids":[]}`))
	wantErr(t, st, b, 404, "not_found")
	if st := e.json("GET", "/api/v1/episodes/"+ep.ID, nil, &got); st != 200 || len(got.RelatedArticles) != 2 || got.RelatedArticles[0].Title != "Bridge reopened" {
		t.Errorf("a failed set changed the links: %+v", got.RelatedArticles)
	}

	// Deleting an article unlinks it.
	if st, b := e.do("DELETE", "/api/v1/articles/"+a2.ID, "", nil); st != http.StatusNoContent {
		t.Fatalf("delete: %d %s", st, b)
	}
	if st := e.json("GET", "/api/v1/episodes/"+ep.ID, nil, &got); st != 200 || len(got.RelatedArticles) != 1 || got.RelatedArticles[0].ID != a1.ID {
		t.Errorf("after delete: %+v", got.RelatedArticles)
	}
	if st := e.json("PUT", "/api/v1/episodes/"+ep.ID+"/articles", map[string]any{"article_ids": []string{}}, &got); st != 200 || len(got.RelatedArticles) != 0 {
		t.Errorf("clear: %d %+v", st, got.RelatedArticles)
	}
}
