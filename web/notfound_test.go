package web

import (
	"net/url"
	"strings"
	"testing"
)

// TestPublicNotFound checks that a listener who follows a stale or mistyped
// link is told what is missing in plain words, on the HTML error page and
// in JSON, never with the store's error ("sqlite: show x: not found").
func TestPublicNotFound(t *testing.T) {
	t.Parallel()
	st := newSite(t, Config{})
	base := st.srv.ShowURL(st.show)
	tests := []struct{ path, want string }{
		{"/shows/nope", `show "nope" not found`},
		{"/shows/nope/episodes/abc", `show "nope" not found`},
		{"/shows/" + st.show.Slug + "/episodes/nope", `episode "nope" not found`},
		{"/embed/episodes/nope", `episode "nope" not found`},
		{"/embed/shows/nope", `show "nope" not found`},
		{"/oembed?url=" + url.QueryEscape(strings.TrimSuffix(base, st.show.Slug)+"nope"), `show "nope" not found`},
		{"/oembed?url=" + url.QueryEscape(base+"/episodes/nope"), `episode "nope" not found`},
	}
	for _, tt := range tests {
		for _, accept := range []string{"text/html", "application/json"} {
			resp, body := st.get(tt.path, accept)
			if resp.StatusCode != 404 {
				t.Errorf("%s (%s): %d, want 404", tt.path, accept, resp.StatusCode)
				continue
			}
			if accept == "text/html" && !strings.Contains(resp.Header.Get("Content-Type"), "html") {
				continue // oEmbed answers JSON to everyone.
			}
			if want := tt.want; accept == "text/html" {
				want = strings.ReplaceAll(want, `"`, "&#34;")
				if !strings.Contains(body, want) {
					t.Errorf("%s (%s): page lacks %s", tt.path, accept, want)
				}
			} else if !strings.Contains(body, `"message":"`+strings.ReplaceAll(want, `"`, `\"`)+`"`) {
				t.Errorf("%s (%s): %s, want message %s", tt.path, accept, body, want)
			}
			if strings.Contains(body, "sqlite") {
				t.Errorf("%s (%s): the answer names the store: %s", tt.path, accept, body)
			}
		}
	}
}

// TestAPINotFoundWords does the same for the API, feed and upload routes a
// client names a show or episode in.
func TestAPINotFoundWords(t *testing.T) {
	t.Parallel()
	e := newAPI(t)
	e.createShow("real")
	tests := []struct{ method, path, want string }{
		{"GET", "/api/v1/shows/nope/stats", `show "nope" not found`},
		{"GET", "/api/v1/episodes/nope/stats", `episode "nope" not found`},
		{"GET", "/api/v1/shows/nope/validate", `show "nope" not found`},
		{"GET", "/shows/nope/feed.rss", `show "nope" not found`},
		{"GET", "/shows/nope/feed.json", `show "nope" not found`},
		{"GET", "/shows/nope/episodes/abc/chapters.json", `show "nope" not found`},
		{"GET", "/shows/real/episodes/nope/chapters.json", `episode "nope" not found`},
	}
	for _, tt := range tests {
		status, body := e.do(tt.method, tt.path, "", nil)
		if status != 404 || !strings.Contains(string(body), strings.ReplaceAll(tt.want, `"`, `\"`)) {
			t.Errorf("%s %s: %d %s, want 404 with %s", tt.method, tt.path, status, body, tt.want)
		}
	}
}
