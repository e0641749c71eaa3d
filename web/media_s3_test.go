package web

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/catalog/sqlite"
	"github.com/onair-fm/onair/internal/testmedia"
	"github.com/onair-fm/onair/media"
	"github.com/onair-fm/onair/media/storagetest"
	"github.com/onair-fm/onair/web/delivery"
)

// s3Nodes is two onair nodes on one catalog and one S3 bucket. Node b
// serves; every request it makes to the real S3 server is counted. Node a
// only stores and deletes blobs, as another node would.
type s3Nodes struct {
	t      *testing.T
	store  catalog.Store
	a, b   *media.S3
	counts *storagetest.S3Counts
	ts     *httptest.Server // node b
	show   *catalog.Show
}

func newS3Nodes(t *testing.T) *s3Nodes {
	t.Helper()
	cfg := storagetest.S3Bucket(t)
	pcfg, counts := storagetest.CountingProxy(t, cfg)
	a, err := media.NewS3(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	b, err := media.NewS3(context.Background(), pcfg)
	if err != nil {
		t.Fatal(err)
	}
	store, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "onair.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ts := httptest.NewServer(New(Config{BaseURL: "http://example.test"}, store, b, log).Handler())
	t.Cleanup(ts.Close)
	n := &s3Nodes{t: t, store: store, a: a, b: b, counts: counts, ts: ts}
	n.show = &catalog.Show{Slug: "news", Title: "The News", Language: "en", Categories: []string{"News"}}
	if err := store.CreateShow(t.Context(), n.show); err != nil {
		t.Fatal(err)
	}
	return n
}

// episode stores a published episode whose audio, put through node a, is body.
func (n *s3Nodes) episode(body []byte) *catalog.Episode {
	n.t.Helper()
	ep := &catalog.Episode{ShowID: n.show.ID, Title: "One", Status: catalog.StatusPublished,
		PublishedAt: time.Now().Add(-time.Hour), Type: catalog.EpisodeFull}
	if err := n.store.CreateEpisode(n.t.Context(), ep); err != nil {
		n.t.Fatal(err)
	}
	ep.Audio = catalog.Audio{Key: n.put(ep, body), Size: int64(len(body)), MIME: "audio/mpeg", Container: "mp3"}
	if err := n.store.UpdateEpisode(n.t.Context(), ep); err != nil {
		n.t.Fatal(err)
	}
	return ep
}

func (n *s3Nodes) put(ep *catalog.Episode, body []byte) string {
	n.t.Helper()
	key := "episodes/" + ep.ID + "/" + catalog.NewID() + ".mp3"
	if _, err := n.a.Put(n.t.Context(), key, bytes.NewReader(body)); err != nil {
		n.t.Fatal(err)
	}
	return key
}

// do sends a request to node b and reads the whole answer.
func (n *s3Nodes) do(method, key string, hdr map[string]string) (*http.Response, []byte) {
	n.t.Helper()
	req, err := http.NewRequestWithContext(n.t.Context(), method, n.ts.URL+"/media/"+key, nil)
	if err != nil {
		n.t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := n.ts.Client().Do(req)
	if err != nil {
		n.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		n.t.Fatal(err)
	}
	return res, b
}

// TestMediaS3Requests: proxying from S3, a node asks S3 for an object's
// size once; after that each request costs at most the one GET its bytes
// need (a HEAD or a 304 none), and every answer is byte-exact.
func TestMediaS3Requests(t *testing.T) {
	t.Parallel()
	n := newS3Nodes(t)
	body := testmedia.RandomBytes(300_000, 11)
	ep := n.episode(body)
	key := ep.Audio.Key
	etag := delivery.ETag(key, int64(len(body)))
	n.counts.Reset()

	for _, tc := range []struct {
		name        string
		method      string
		hdr         map[string]string
		status      int
		from, to    int // the body is body[from:to]
		heads, gets int
	}{
		// The first request knows nothing yet: its GET gives the size.
		{"first, two bytes", "GET", map[string]string{"Range": "bytes=0-1"}, 206, 0, 2, 0, 1},
		{"whole", "GET", nil, 200, 0, len(body), 0, 1},
		{"middle", "GET", map[string]string{"Range": "bytes=100000-100099"}, 206, 100_000, 100_100, 0, 1},
		{"open end", "GET", map[string]string{"Range": "bytes=299000-"}, 206, 299_000, len(body), 0, 1},
		{"suffix", "GET", map[string]string{"Range": "bytes=-500"}, 206, len(body) - 500, len(body), 0, 1},
		{"head", "HEAD", nil, 200, 0, 0, 0, 0},
		{"not modified", "GET", map[string]string{"If-None-Match": etag}, 304, 0, 0, 0, 0},
		{"if-range", "GET", map[string]string{"Range": "bytes=10-19", "If-Range": etag}, 206, 10, 20, 0, 1},
		{"past the end", "GET", map[string]string{"Range": "bytes=300000-"}, 416, 0, 0, 0, 1},
	} {
		res, got := n.do(tc.method, key, tc.hdr)
		if res.StatusCode != tc.status || tc.status < 300 && !bytes.Equal(got, body[tc.from:tc.to]) {
			t.Errorf("%s: %s, %d bytes; want %d and bytes %d-%d", tc.name, res.Status, len(got), tc.status, tc.from, tc.to)
		}
		if tc.method == "HEAD" && res.ContentLength != int64(len(body)) {
			t.Errorf("%s: Content-Length %d, want %d", tc.name, res.ContentLength, len(body))
		}
		if h, g := n.counts.Get("HEAD"), n.counts.Get("GET"); h != tc.heads || g != tc.gets {
			t.Errorf("%s: S3 saw %q, want %d HEAD and %d GET", tc.name, n.counts.String(), tc.heads, tc.gets)
		}
		n.counts.Reset()
	}

	// Several ranges in one answer: read through the cached size.
	res, got := n.do("GET", key, map[string]string{"Range": "bytes=0-9,200000-200009"})
	if res.StatusCode != 206 {
		t.Fatalf("two ranges: %s", res.Status)
	}
	_, params, _ := mime.ParseMediaType(res.Header.Get("Content-Type"))
	mr := multipart.NewReader(bytes.NewReader(got), params["boundary"])
	for _, from := range []int{0, 200_000} {
		p, err := mr.NextPart()
		if err != nil {
			t.Fatal(err)
		}
		if b, _ := io.ReadAll(p); !bytes.Equal(b, body[from:from+10]) {
			t.Errorf("two ranges: part at %d is %x, want %x", from, b, body[from:from+10])
		}
	}
	if h := n.counts.Get("HEAD"); h != 0 {
		t.Errorf("two ranges: S3 saw %q, want no HEAD", n.counts.String())
	}
}

// TestMediaS3DeletedElsewhere: a blob deleted through another node is a
// clean 404 on this one, though it had the blob's size cached, and the
// cache forgets it.
func TestMediaS3DeletedElsewhere(t *testing.T) {
	t.Parallel()
	n := newS3Nodes(t)
	ep := n.episode(testmedia.RandomBytes(5000, 12))
	if res, _ := n.do("GET", ep.Audio.Key, map[string]string{"Range": "bytes=0-1"}); res.StatusCode != 206 {
		t.Fatalf("before delete: %s", res.Status)
	}
	if err := n.a.Delete(t.Context(), ep.Audio.Key); err != nil {
		t.Fatal(err)
	}
	n.counts.Reset()
	res, b := n.do("GET", ep.Audio.Key, map[string]string{"Range": "bytes=0-1"})
	if res.StatusCode != 404 || !bytes.Contains(b, []byte(`"not_found"`)) {
		t.Errorf("GET after delete elsewhere: %s %s, want a 404 not_found", res.Status, b)
	}
	// The failed GET dropped the cached size: a HEAD asks S3 again.
	if res, _ := n.do("HEAD", ep.Audio.Key, nil); res.StatusCode != 404 {
		t.Errorf("HEAD after delete elsewhere: %s, want 404", res.Status)
	}
	if n.counts.Get("HEAD") != 1 || n.counts.Get("GET") != 1 {
		t.Errorf("S3 saw %q, want 1 GET and 1 HEAD", n.counts.String())
	}

	// Audio replaced through node a: the old key, which node b knew, is
	// deleted. Even a HEAD, which reads no bytes, finds it gone.
	ep2 := n.episode(testmedia.RandomBytes(5000, 13))
	old := ep2.Audio.Key
	if _, err := n.b.Stat(t.Context(), old); err != nil {
		t.Fatal(err)
	}
	ep2.Audio.Key = n.put(ep2, testmedia.RandomBytes(6000, 14))
	if err := n.store.UpdateEpisode(t.Context(), ep2); err != nil {
		t.Fatal(err)
	}
	if err := n.a.Delete(t.Context(), old); err != nil {
		t.Fatal(err)
	}
	if res, _ := n.do("HEAD", old, nil); res.StatusCode != 404 {
		t.Errorf("HEAD of a replaced and deleted key: %s, want 404", res.Status)
	}
}
