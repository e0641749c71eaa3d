package feedsrv

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/catalog/sqlite"
	"github.com/onair-fm/onair/media"
	"github.com/onair-fm/onair/web/httpx"
)

// feedEnv serves the feed routes (and the token check of the API group)
// over a real SQLite catalog in a temp dir, with a clock the test moves.
type feedEnv struct {
	t     *testing.T
	dir   string
	store catalog.Store
	srv   *Feeds
	h     http.Handler
	mu    sync.Mutex
	clock time.Time
}

var feedT0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func newFeedEnv(t *testing.T, cfg httpx.Config) *feedEnv {
	t.Helper()
	env := &feedEnv{t: t, dir: t.TempDir(), clock: feedT0}
	env.open(cfg)
	return env
}

// open (re)opens the store and builds a fresh server, as a restart does.
func (env *feedEnv) open(cfg httpx.Config) {
	t := env.t
	if env.store != nil {
		env.store.Close()
	}
	st, err := sqlite.Open(context.Background(), filepath.Join(env.dir, "onair.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	blobs, err := media.NewLocal(filepath.Join(env.dir, "media"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = "https://pod.example.com"
	}
	env.store = st
	e := httpx.NewEnv(cfg, st, blobs, slog.New(slog.NewTextHandler(io.Discard, nil)))
	e.Now = env.now
	env.srv = New(e)
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Use(e.RequestID, env.srv.ForgetShowsAfterWrites, e.Framing)
	env.srv.Routes(r, r.Group("/api/v1", e.RequireToken))
	env.h = r
}

func (env *feedEnv) now() time.Time {
	env.mu.Lock()
	defer env.mu.Unlock()
	return env.clock
}

func (env *feedEnv) advance(d time.Duration) {
	env.mu.Lock()
	env.clock = env.clock.Add(d)
	env.mu.Unlock()
}

// do sends a request with headers given as name, value pairs.
func (env *feedEnv) do(method, path string, hdr ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	env.h.ServeHTTP(rec, req)
	return rec
}

// get fetches path and fails unless it is a 200; it returns the body.
func (env *feedEnv) get(path string) (string, *httptest.ResponseRecorder) {
	env.t.Helper()
	rec := env.do(http.MethodGet, path)
	if rec.Code != http.StatusOK {
		env.t.Fatalf("GET %s = %d: %s", path, rec.Code, rec.Body)
	}
	return rec.Body.String(), rec
}

func (env *feedEnv) ctx() context.Context { return context.Background() }

// seedShow stores a show with n live episodes, newest last in time.
func (env *feedEnv) seedShow(slug string, n int) (*catalog.Show, []*catalog.Episode) {
	t := env.t
	t.Helper()
	sh := &catalog.Show{Slug: slug, Title: "Show " + slug, Description: "About " + slug,
		Author: "Newsroom", OwnerName: "Ada", OwnerEmail: "ada@example.com", Language: "en",
		Categories: []string{"News"}, Type: catalog.ShowEpisodic,
		GUID: catalog.ShowGUID("pod.example.com/shows/" + slug + "/feed.rss")}
	if err := env.store.CreateShow(env.ctx(), sh); err != nil {
		t.Fatal(err)
	}
	var eps []*catalog.Episode
	for i := range n {
		e := &catalog.Episode{ShowID: sh.ID, Title: "Episode " + string(rune('A'+i)),
			Description: "<p>Notes</p>", Status: catalog.StatusPublished,
			PublishedAt: feedT0.Add(-time.Duration(n-i) * time.Hour), Type: catalog.EpisodeFull,
			Audio: catalog.Audio{Key: "episodes/x/" + catalog.NewID() + ".mp3", Size: int64(1000 + i),
				MIME: "audio/mpeg", Duration: time.Duration(60+i) * time.Second}}
		if err := env.store.CreateEpisode(env.ctx(), e); err != nil {
			t.Fatal(err)
		}
		eps = append(eps, e)
	}
	sh, err := env.store.GetShow(env.ctx(), slug)
	if err != nil {
		t.Fatal(err)
	}
	return sh, eps
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
