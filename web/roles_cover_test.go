package web

import (
	"testing"
)

// publicRoutes need no sign-in and no token: listeners, players, podcast
// apps and monitoring reach them.
var publicRoutes = []string{
	"GET /", "HEAD /", "GET /healthz", "HEAD /healthz", "GET /metrics", "HEAD /metrics",
	"GET /api/openapi.json", "HEAD /api/openapi.json", "GET /oembed", "HEAD /oembed",
	"GET /static/*file", "HEAD /static/*file", "GET /media/*key", "HEAD /media/*key", "OPTIONS /media/*key",
	"GET /embed/articles", "HEAD /embed/articles", "GET /embed/episodes/:id", "HEAD /embed/episodes/:id",
	"GET /embed/shows/:show", "HEAD /embed/shows/:show",
	"GET /shows/:show", "HEAD /shows/:show", "GET /shows/:show/episodes/:id", "HEAD /shows/:show/episodes/:id",
	"GET /shows/:show/episodes/:id/chapters.json", "HEAD /shows/:show/episodes/:id/chapters.json",
	"OPTIONS /shows/:show/episodes/:id/chapters.json",
	"GET /shows/:show/episodes/:id/transcript.vtt", "HEAD /shows/:show/episodes/:id/transcript.vtt", "OPTIONS /shows/:show/episodes/:id/transcript.vtt",
	"GET /shows/:show/episodes/:id/transcript.srt", "HEAD /shows/:show/episodes/:id/transcript.srt", "OPTIONS /shows/:show/episodes/:id/transcript.srt",
	"GET /shows/:show/episodes/:id/transcript.json", "HEAD /shows/:show/episodes/:id/transcript.json", "OPTIONS /shows/:show/episodes/:id/transcript.json",
	"GET /shows/:show/episodes/:id/transcript.html", "HEAD /shows/:show/episodes/:id/transcript.html", "OPTIONS /shows/:show/episodes/:id/transcript.html",
	"GET /shows/:show/episodes/:id/transcript.txt", "HEAD /shows/:show/episodes/:id/transcript.txt", "OPTIONS /shows/:show/episodes/:id/transcript.txt",
	"GET /shows/:show/feed.rss", "HEAD /shows/:show/feed.rss", "OPTIONS /shows/:show/feed.rss",
	"GET /shows/:show/feed.atom", "HEAD /shows/:show/feed.atom", "OPTIONS /shows/:show/feed.atom",
	"GET /shows/:show/feed.json", "HEAD /shows/:show/feed.json", "OPTIONS /shows/:show/feed.json",
	"GET /network", "HEAD /network", "GET /network.opml", "HEAD /network.opml",
}

// TestRoleTablesCoverEveryRoute: every route the engine has is in
// dashRoutes, apiRoutes or publicRoutes, so a new route without a row
// fails here.
func TestRoleTablesCoverEveryRoute(t *testing.T) {
	t.Parallel()
	e := newAdminEnv(t, nil)
	listed := map[string]bool{}
	for _, r := range dashRoutes {
		listed[r.method+" "+r.path] = true
	}
	for _, r := range apiRoutes {
		listed[r.method+" "+r.path] = true
	}
	for _, r := range publicRoutes {
		listed[r] = true
	}
	for _, r := range engineRoutes(t, e) {
		if !listed[r.Method+" "+r.Path] {
			t.Errorf("%s %s has no row in dashRoutes, apiRoutes or publicRoutes", r.Method, r.Path)
		}
		delete(listed, r.Method+" "+r.Path)
	}
	for r := range listed {
		t.Errorf("%s is listed but the engine has no such route", r)
	}
}
