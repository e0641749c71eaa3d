// Package feedtest is the test bed of the feed tests in web and
// web/feedsrv: a real SQLite catalog and local storage in a temp dir, a
// clock the test moves, a handler each package builds over them, and
// shows seeded with live episodes.
package feedtest

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/catalog/sqlite"
	"github.com/onair-fm/onair/media"
)

// T0 is where every Env's clock starts.
var T0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// Env is the test bed. H is the handler under test; the package's own
// helper sets it after each Reopen.
type Env struct {
	T     *testing.T
	Dir   string
	Store catalog.Store
	H     http.Handler
	mu    sync.Mutex
	clock time.Time
}

// New returns an Env with nothing open yet; call Reopen.
func New(t *testing.T) *Env { return &Env{T: t, Dir: t.TempDir(), clock: T0} }

// Reopen closes the store if open and opens the catalog and storage again,
// as a restart does.
func (env *Env) Reopen() (catalog.Store, media.Storage) {
	t := env.T
	if env.Store != nil {
		env.Store.Close()
	}
	st, err := sqlite.Open(context.Background(), filepath.Join(env.Dir, "onair.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	blobs, err := media.NewLocal(filepath.Join(env.Dir, "media"))
	if err != nil {
		t.Fatal(err)
	}
	env.Store = st
	return st, blobs
}

// Now is the test's clock.
func (env *Env) Now() time.Time {
	env.mu.Lock()
	defer env.mu.Unlock()
	return env.clock
}

// Advance moves the clock on by d.
func (env *Env) Advance(d time.Duration) {
	env.mu.Lock()
	env.clock = env.clock.Add(d)
	env.mu.Unlock()
}

// Do sends a request with headers given as name, value pairs.
func (env *Env) Do(method, path string, hdr ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	env.H.ServeHTTP(rec, req)
	return rec
}

// Get fetches path and fails unless it is a 200; it returns the body.
func (env *Env) Get(path string) (string, *httptest.ResponseRecorder) {
	env.T.Helper()
	rec := env.Do(http.MethodGet, path)
	if rec.Code != http.StatusOK {
		env.T.Fatalf("GET %s = %d: %s", path, rec.Code, rec.Body)
	}
	return rec.Body.String(), rec
}

// Ctx is the context of the test's store calls.
func (env *Env) Ctx() context.Context { return context.Background() }

// SeedShow stores a show with n live episodes, newest last in time.
func (env *Env) SeedShow(slug string, n int) (*catalog.Show, []*catalog.Episode) {
	t := env.T
	t.Helper()
	sh := &catalog.Show{Slug: slug, Title: "Show " + slug, Description: "About " + slug,
		Author: "Newsroom", OwnerName: "Ada", OwnerEmail: "ada@example.com", Language: "en",
		Categories: []string{"News"}, Type: catalog.ShowEpisodic,
		GUID: catalog.ShowGUID("pod.example.com/shows/" + slug + "/feed.rss")}
	if err := env.Store.CreateShow(env.Ctx(), sh); err != nil {
		t.Fatal(err)
	}
	var eps []*catalog.Episode
	for i := range n {
		e := &catalog.Episode{ShowID: sh.ID, Title: "Episode " + string(rune('A'+i)),
			Description: "<p>Notes</p>", Status: catalog.StatusPublished,
			PublishedAt: T0.Add(-time.Duration(n-i) * time.Hour), Type: catalog.EpisodeFull,
			Audio: catalog.Audio{Key: "episodes/x/" + catalog.NewID() + ".mp3", Size: int64(1000 + i),
				MIME: "audio/mpeg", Duration: time.Duration(60+i) * time.Second}}
		if err := env.Store.CreateEpisode(env.Ctx(), e); err != nil {
			t.Fatal(err)
		}
		eps = append(eps, e)
	}
	sh, err := env.Store.GetShow(env.Ctx(), slug)
	if err != nil {
		t.Fatal(err)
	}
	return sh, eps
}

// Gunzip is b uncompressed.
func Gunzip(t *testing.T, b []byte) []byte {
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
