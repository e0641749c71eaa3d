package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/catalog/sqlite"
	"github.com/onair-fm/onair/internal/testmedia"
	"github.com/onair-fm/onair/media"
	"github.com/onair-fm/onair/media/storagetest"
)

// TestMediaRedirectCDN: with a CDN base URL every media request is a 302
// to the CDN's copy of the key, never cached, and nothing is proxied.
func TestMediaRedirectCDN(t *testing.T) {
	t.Parallel()
	e := newMediaEnv(t)
	e.srv.Cfg.MediaRedirect = true
	e.srv.Cfg.MediaBaseURL, e.srv.MediaBase = "https://cdn.example", "https://cdn.example"
	e.ts.Client().CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	ep := e.episode("One", testmedia.RandomBytes(50_000, 1))
	for _, tc := range []struct {
		method, path string
		status       int
		location     string
	}{
		{"GET", "/media/" + ep.Audio.Key, 302, "https://cdn.example/" + ep.Audio.Key},
		{"GET", "/media/" + ep.Audio.Key + "?download=1", 302, "https://cdn.example/" + ep.Audio.Key},
		{"HEAD", "/media/" + ep.Audio.Key, 302, "https://cdn.example/" + ep.Audio.Key},
		{"GET", "/media/episodes/" + ep.ID + "/art-nothing.png", 302, "https://cdn.example/episodes/" + ep.ID + "/art-nothing.png"},
		{"GET", "/media/episodes/nosuchepisode/a.mp3", 404, ""},
		{"GET", "/media/../etc/passwd", 404, ""},
	} {
		res, body := e.do(tc.method, tc.path, map[string]string{"Range": "bytes=0-99"})
		if res.StatusCode != tc.status || res.Header.Get("Location") != tc.location {
			t.Errorf("%s %s = %d Location %q, want %d %q", tc.method, tc.path, res.StatusCode, res.Header.Get("Location"), tc.status, tc.location)
		}
		if tc.status == 302 {
			if cc := res.Header.Get("Cache-Control"); cc != "private, no-store" {
				t.Errorf("%s %s: Cache-Control %q", tc.method, tc.path, cc)
			}
			if bytes.Contains(body, []byte{0, 0, 0}) || len(body) > 200 {
				t.Errorf("%s %s: redirect carried %d bytes of body", tc.method, tc.path, len(body))
			}
		}
	}
}

// TestMediaRedirectCounting: a redirected request counts as if it had been
// served: no Range is the whole file, a Range its bytes, an unsatisfiable
// Range and HEAD nothing; the usual rules then decide.
func TestMediaRedirectCounting(t *testing.T) {
	t.Parallel()
	const (
		iphone = "AppleCoreMedia/1.0.0.21E236 (iPhone; U; CPU OS 17_4 like Mac OS X; en_us)"
		minute = 4096 + 960000 // header plus one minute at 128 kb/s
	)
	e := newMediaEnv(t)
	e.srv.Cfg.MediaRedirect = true
	e.srv.Cfg.MediaBaseURL, e.srv.MediaBase = "https://cdn.example", "https://cdn.example"
	e.ts.Client().CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	body := testmedia.RandomBytes(4096+16000*300, 3) // five minutes
	for i, tc := range []struct {
		name   string
		method string
		ranges []string
		want   int64
	}{
		{"whole file", "GET", []string{""}, 1},
		{"probe only", "GET", []string{"bytes=0-1"}, 0},
		{"probe then the rest", "GET", []string{"bytes=0-1", "bytes=0-"}, 1},
		{"two ranges past a minute", "GET", []string{fmt.Sprintf("bytes=0-%d", minute/2), fmt.Sprintf("bytes=%d-%d", minute/2, minute+100)}, 1},
		{"under a minute", "GET", []string{fmt.Sprintf("bytes=0-%d", minute-20000)}, 0},
		{"unsatisfiable", "GET", []string{"bytes=99999999-"}, 0},
		{"HEAD", "HEAD", []string{"", "bytes=0-"}, 0},
	} {
		ep := e.episode(tc.name, body)
		before := e.rec.Counted()
		for _, rng := range tc.ranges {
			hdr := map[string]string{"User-Agent": iphone, "X-Forwarded-For": fmt.Sprintf("192.0.2.%d", i+1)}
			if rng != "" {
				hdr["Range"] = rng
			}
			if res, _ := e.do(tc.method, "/media/"+ep.Audio.Key, hdr); res.StatusCode != 302 {
				t.Fatalf("%s: %s %q = %d, want 302", tc.name, tc.method, rng, res.StatusCode)
			}
			e.clock = e.clock.Add(time.Second)
			e.flush()
		}
		if got := e.rec.Counted() - before; got != tc.want {
			t.Errorf("%s: %d downloads, want %d", tc.name, got, tc.want)
		}
	}
}

// TestMediaRedirectS3 follows a presigned redirect to the object store:
// bytes, ranges and the headers onair would have sent.
func TestMediaRedirectS3(t *testing.T) {
	t.Parallel()
	blobs := storagetest.S3(t)
	store, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "onair.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	cfg := Config{BaseURL: "http://example.test", MediaRedirect: true, MediaRedirectTTL: 5 * time.Minute}
	if err := CheckMediaRedirect(cfg, blobs); err != nil {
		t.Fatal(err)
	}
	srv := New(cfg, store, blobs, slog.New(slog.NewTextHandler(io.Discard, nil)))
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)

	ctx := context.Background()
	sh := &catalog.Show{Slug: "news", Title: "The News", Language: "en", Categories: []string{"News"}}
	if err := store.CreateShow(ctx, sh); err != nil {
		t.Fatal(err)
	}
	ep := &catalog.Episode{ShowID: sh.ID, Title: "Big story", Status: catalog.StatusPublished,
		PublishedAt: time.Now().Add(-time.Hour), Type: catalog.EpisodeFull}
	if err := store.CreateEpisode(ctx, ep); err != nil {
		t.Fatal(err)
	}
	data := testmedia.RandomBytes(700_000, 9)
	key := "episodes/" + ep.ID + "/" + catalog.NewID() + ".mp3"
	if _, err := blobs.Put(ctx, key, bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	ep.Audio = catalog.Audio{Key: key, FileName: "big.mp3", Size: int64(len(data)), MIME: "audio/mpeg"}
	if err := store.UpdateEpisode(ctx, ep); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		query, rng  string
		status      int
		from, to    int
		disposition string
	}{
		{"", "", 200, 0, len(data), "inline"},
		{"", "bytes=1000-1999", 206, 1000, 2000, "inline"},
		{"?download=1", "bytes=-10", 206, len(data) - 10, len(data), "attachment"},
	} {
		req, _ := http.NewRequest("GET", ts.URL+"/media/"+key+tc.query, nil)
		if tc.rng != "" {
			req.Header.Set("Range", tc.rng)
		}
		var hops []string
		client := &http.Client{CheckRedirect: func(r *http.Request, via []*http.Request) error {
			hops = append(hops, r.URL.Host)
			return nil
		}}
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if len(hops) != 1 || strings.Contains(ts.URL, hops[0]) {
			t.Errorf("%q %q: redirects via %v, want one hop to the object store", tc.query, tc.rng, hops)
		}
		if res.StatusCode != tc.status || !bytes.Equal(got, data[tc.from:tc.to]) {
			t.Errorf("%q %q: %d, %d bytes; want %d, bytes %d-%d", tc.query, tc.rng, res.StatusCode, len(got), tc.status, tc.from, tc.to)
		}
		if ct, cd := res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"); ct != "audio/mpeg" || !strings.HasPrefix(cd, tc.disposition) {
			t.Errorf("%q: Content-Type %q, Content-Disposition %q", tc.query, ct, cd)
		}
	}
}

func TestCheckMediaRedirect(t *testing.T) {
	t.Parallel()
	local, err := media.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		cfg Config
		ok  bool
	}{
		{Config{}, true},
		{Config{MediaRedirect: true}, false},
		{Config{MediaRedirect: true, MediaBaseURL: "https://cdn.example"}, true},
	} {
		if err := CheckMediaRedirect(tc.cfg, local); (err == nil) != tc.ok {
			t.Errorf("%+v on local storage: %v", tc.cfg, err)
		}
	}
}
