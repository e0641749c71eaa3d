package web

import (
	"net/http"
	"testing"
)

// TestFeedsCORS: web podcast players on other sites may read the feeds
// and chapters (GET, HEAD and the preflight); pages stay same-origin.
func TestFeedsCORS(t *testing.T) {
	t.Parallel()
	st := newSite(t, Config{})
	chapters := "/shows/daily/episodes/" + st.long.ID + "/chapters.json"
	paths := []string{"/shows/daily/feed.rss", "/shows/daily/feed.atom", "/shows/daily/feed.json", chapters}
	for _, p := range paths {
		for _, method := range []string{http.MethodGet, http.MethodHead, http.MethodOptions} {
			t.Run(method+" "+p, func(t *testing.T) {
				req, err := http.NewRequest(method, st.ts.URL+p, nil)
				noErr(t, err)
				req.Header.Set("Origin", "https://player.example")
				if method == http.MethodOptions {
					req.Header.Set("Access-Control-Request-Method", "GET")
					req.Header.Set("Access-Control-Request-Headers", "If-None-Match")
				}
				resp, err := st.ts.Client().Do(req)
				noErr(t, err)
				resp.Body.Close()
				want := http.StatusOK
				if method == http.MethodOptions {
					want = http.StatusNoContent
					if m := resp.Header.Get("Access-Control-Allow-Methods"); m != "GET, HEAD, OPTIONS" {
						t.Errorf("Access-Control-Allow-Methods %q", m)
					}
				}
				if resp.StatusCode != want || resp.Header.Get("Access-Control-Allow-Origin") != "*" {
					t.Errorf("%d, Access-Control-Allow-Origin %q; want %d and *", resp.StatusCode,
						resp.Header.Get("Access-Control-Allow-Origin"), want)
				}
			})
		}
	}
	resp, _ := st.get("/shows/daily", "text/html")
	if resp.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("the show page allows other origins")
	}
}
