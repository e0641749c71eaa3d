package web

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/onair-fm/onair/logs"
)

// BenchmarkFeedServe measures one cached feed request through the whole
// router: the per-request version check and the write. bench/feeds.sh
// measures the same over real sockets against nginx.
func BenchmarkFeedServe(b *testing.B) {
	t := &testing.T{}
	env := newFeedEnv(t, Config{})
	env.srv.Log = slog.New(logs.NewHandler(io.Discard, nil)) // as onair serve logs
	env.T = t
	env.SeedShow("daily", 100)
	_, rec := env.Get("/shows/daily/feed.rss")
	etag := rec.Header().Get("ETag")
	for _, bc := range []struct {
		name string
		hdr  []string
	}{
		{"full", nil},
		{"gzip", []string{"Accept-Encoding", "gzip"}},
		{"304", []string{"If-None-Match", etag}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, "/shows/daily/feed.rss", nil)
			for i := 0; i+1 < len(bc.hdr); i += 2 {
				req.Header.Set(bc.hdr[i], bc.hdr[i+1])
			}
			b.ReportAllocs()
			for b.Loop() {
				w := &discardWriter{h: http.Header{}}
				env.H.ServeHTTP(w, req)
			}
		})
	}
}

type discardWriter struct {
	h    http.Header
	code int
}

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *discardWriter) WriteHeader(code int)        { w.code = code }
