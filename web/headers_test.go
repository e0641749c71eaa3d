package web

import (
	"net/http"
	"testing"
)

// TestNosniff: every response, whatever made it (pages, errors, feeds,
// media, static files, the API), tells browsers not to guess its type.
func TestNosniff(t *testing.T) {
	t.Parallel()
	st := newSite(t, Config{})
	audio := "/media/" + st.long.Audio.Key
	for _, tt := range []struct {
		name, method, path, accept, rng string
		status                          int
	}{
		{"home page", "GET", "/", "text/html", "", 200},
		{"episode page", "GET", "/shows/daily/episodes/" + st.long.ID, "text/html", "", 200},
		{"player", "GET", "/embed/episodes/" + st.long.ID, "text/html", "", 200},
		{"error page", "GET", "/nope", "text/html", "", 404},
		{"JSON error", "GET", "/nope", "", "", 404},
		{"RSS feed", "GET", "/shows/daily/feed.rss", "", "", 200},
		{"JSON feed", "GET", "/shows/daily/feed.json", "", "", 200},
		{"feed 404", "GET", "/shows/nope/feed.rss", "", "", 404},
		{"chapters", "GET", "/shows/daily/episodes/" + st.long.ID + "/chapters.json", "", "", 200},
		{"media", "GET", audio, "", "", 200},
		{"media range", "GET", audio, "", "bytes=0-1", 206},
		{"media HEAD", "HEAD", audio, "", "", 200},
		{"media 416", "GET", audio, "", "bytes=999999999-", 416},
		{"media 404", "GET", "/media/episodes/nope/x.mp3", "", "", 404},
		{"static", "GET", "/static/site.css", "", "", 200},
		{"oEmbed", "GET", "/oembed?url=x", "", "", 404},
		{"API without a token", "GET", "/api/v1/shows", "", "", 401},
		{"health", "GET", "/healthz", "", "", 200},
		{"method not allowed", "DELETE", "/healthz", "", "", 405},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, st.ts.URL+tt.path, nil)
			noErr(t, err)
			if tt.accept != "" {
				req.Header.Set("Accept", tt.accept)
			}
			if tt.rng != "" {
				req.Header.Set("Range", tt.rng)
			}
			res, err := st.ts.Client().Do(req)
			noErr(t, err)
			res.Body.Close()
			if res.StatusCode != tt.status {
				t.Errorf("status %d, want %d", res.StatusCode, tt.status)
			}
			if got := res.Header.Values("X-Content-Type-Options"); len(got) != 1 || got[0] != "nosniff" {
				t.Errorf("X-Content-Type-Options %q, want one nosniff", got)
			}
		})
	}
}
