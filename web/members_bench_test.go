package web

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/logs"
	"github.com/onair-fm/onair/web/httpx"
)

// BenchmarkPrivateFeed measures subscribers' private feeds of a 100-episode
// show (every 4th episode members-only) through the whole router, 1,000
// subscribers in turn, against the same show's public feed.
// bench/members.sh measures the same over real sockets.
func BenchmarkPrivateFeed(b *testing.B) {
	t := &testing.T{}
	env := newFeedEnv(t, Config{})
	env.srv.Log = slog.New(logs.NewHandler(io.Discard, nil))
	env.T = t
	sh, eps := env.SeedShow("daily", 100)
	for i, e := range eps {
		if i%4 == 0 {
			e.Visibility = catalog.VisibilityMembers
			if err := env.Store.UpdateEpisode(env.Ctx(), e); err != nil {
				b.Fatal(err)
			}
		}
	}
	var paths []string
	for i := range 1000 {
		token, hash := catalog.NewMemberToken()
		s := &catalog.Subscriber{ShowID: sh.ID, Email: fmt.Sprintf("m%d@example.com", i), TokenHash: hash}
		if err := env.Store.CreateSubscriber(env.Ctx(), s); err != nil {
			b.Fatal(err)
		}
		paths = append(paths, httpx.PrivateFeedPrefix+token+".rss")
	}
	reqs := make([]*http.Request, len(paths))
	for i, p := range paths {
		reqs[i] = httptest.NewRequest(http.MethodGet, p, nil)
		env.H.ServeHTTP(&discardWriter{h: http.Header{}}, reqs[i]) // warm: sharing, signatures
	}
	b.Run("public", func(b *testing.B) {
		req := httptest.NewRequest(http.MethodGet, "/shows/daily/feed.rss", nil)
		b.ReportAllocs()
		for b.Loop() {
			env.H.ServeHTTP(&discardWriter{h: http.Header{}}, req)
		}
	})
	b.Run("private", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			w := &discardWriter{h: http.Header{}}
			env.H.ServeHTTP(w, reqs[i%len(reqs)])
			if w.code != http.StatusOK {
				b.Fatal(w.code)
			}
			i++
		}
	})
}
