package web

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/onair-fm/onair/analytics"
	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/catalog/sqlite"
	"github.com/onair-fm/onair/media"
)

// mediaEnv is a real server (SQLite, local storage, a real listener) with
// a show, for delivery and counting tests. Its clock only moves when told.
type mediaEnv struct {
	t     testing.TB
	store catalog.Store
	blobs *media.Local
	dir   string
	srv   *Server
	ts    *httptest.Server
	rec   *analytics.Recorder
	show  *catalog.Show
	clock time.Time
	// inflight lets flush wait for handlers that have answered but not yet
	// recorded what they delivered.
	inflight sync.WaitGroup
}

// newMediaEnv starts the server; opts may change its Config first.
func newMediaEnv(t testing.TB, opts ...func(*Config)) *mediaEnv {
	t.Helper()
	dir := t.TempDir()
	store, err := sqlite.Open(t.Context(), filepath.Join(dir, "onair.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	blobs, err := media.NewLocal(filepath.Join(dir, "media"))
	if err != nil {
		t.Fatal(err)
	}
	e := &mediaEnv{t: t, store: store, blobs: blobs, dir: filepath.Join(dir, "media"),
		clock: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}
	secret, err := store.AnalyticsSecret(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	e.rec = analytics.NewRecorder(store, analytics.NewHasher(secret), analytics.RecorderConfig{Now: e.now}, log)
	cfg := Config{BaseURL: "http://example.test", Downloads: e.rec}
	for _, o := range opts {
		o(&cfg)
	}
	e.srv = New(cfg, store, blobs, log)
	e.srv.Now = e.now
	h := e.srv.Handler()
	e.ts = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e.inflight.Add(1)
		defer e.inflight.Done()
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(e.ts.Close)
	e.show = &catalog.Show{Slug: "news", Title: "The News", Language: "en", Categories: []string{"News"}}
	if err := store.CreateShow(t.Context(), e.show); err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *mediaEnv) now() time.Time { return e.clock }

// episode stores a published episode whose audio is body: 128 kb/s with a
// 4 KiB header, so a minute of audio is 960,000 bytes after it.
func (e *mediaEnv) episode(title string, body []byte) *catalog.Episode {
	e.t.Helper()
	ep := &catalog.Episode{ShowID: e.show.ID, Title: title, Status: catalog.StatusPublished,
		PublishedAt: e.clock.Add(-time.Hour), Type: catalog.EpisodeFull}
	if err := e.store.CreateEpisode(e.t.Context(), ep); err != nil {
		e.t.Fatal(err)
	}
	key := "episodes/" + ep.ID + "/" + catalog.NewID() + ".mp3"
	info, err := e.blobs.Put(e.t.Context(), key, bytes.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	ep.Audio = catalog.Audio{Key: key, FileName: "raw.mp3", Size: info.Size, MIME: "audio/mpeg",
		Container: "mp3", Codec: "mp3", Bitrate: 128000, SampleRate: 44100, Channels: 2,
		Duration: time.Duration(float64(info.Size-4096) / 16000 * float64(time.Second)), HeaderBytes: 4096}
	if err := e.store.UpdateEpisode(e.t.Context(), ep); err != nil {
		e.t.Fatal(err)
	}
	return ep
}

// get sends a request with the given headers ("X-Forwarded-For" sets the
// client address, as a proxy in front would) and reads the whole answer.
func (e *mediaEnv) do(method, path string, hdr map[string]string) (*http.Response, []byte) {
	e.t.Helper()
	req, err := http.NewRequestWithContext(e.t.Context(), method, e.ts.URL+path, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := e.ts.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return res, b
}

// flush runs the recorder's pipeline once: store events, fold them.
func (e *mediaEnv) flush() {
	e.inflight.Wait()
	e.rec.Flush(context.Background())
}
