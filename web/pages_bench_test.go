package web

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkPages renders the listener pages and players from a real SQLite
// catalog, without the network: what one request costs the server.
func BenchmarkPages(b *testing.B) {
	st := newSite(b, Config{})
	h := st.srv.Handler()
	for _, bb := range []struct{ name, path string }{
		{"home", "/"},
		{"show", "/shows/daily"},
		{"episode", "/shows/daily/episodes/" + st.long.ID},
		{"embed", "/embed/episodes/" + st.long.ID},
		{"playlist", "/embed/shows/daily"},
		{"article", "/embed/articles?url=" + st.pair.URL},
		{"oembed", "/oembed?url=" + st.srv.EpisodeURL(st.show, st.long)},
	} {
		b.Run(bb.name, func(b *testing.B) {
			req := httptest.NewRequest("GET", bb.path, nil)
			req.Header.Set("Accept", "text/html")
			b.ReportAllocs()
			for b.Loop() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: %d", bb.path, rec.Code)
				}
			}
		})
	}
}
