package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/catalog/postgres"
	"github.com/onair-fm/onair/catalog/postgres/pgtest"
	"github.com/onair-fm/onair/catalog/sqlite"
	"github.com/onair-fm/onair/media"
	"github.com/onair-fm/onair/media/storagetest"
	"github.com/onair-fm/onair/tus"
)

// uploadNode is one onair node: its own server, store handle and storage
// handle, on a database and storage every node shares.
type uploadNode struct {
	url   string
	store catalog.Store
	blobs media.Storage
}

// startUploadNodes starts n servers, each on its own handles from open.
func startUploadNodes(t *testing.T, n int, open func() (catalog.Store, media.Storage)) []*uploadNode {
	t.Helper()
	var nodes []*uploadNode
	for range n {
		st, blobs := open()
		ts := httptest.NewUnstartedServer(nil)
		base := "http://" + ts.Listener.Addr().String()
		srv := New(Config{BaseURL: base, ResumableUploads: true, UploadExpiry: time.Hour}, st, blobs,
			slog.New(slog.NewTextHandler(io.Discard, nil)))
		ts.Config.Handler = srv.Handler()
		ts.Start()
		t.Cleanup(func() {
			ts.Close()
			st.Close()
		})
		nodes = append(nodes, &uploadNode{url: base, store: st, blobs: blobs})
	}
	return nodes
}

// on is the upload's URL on node n.
func (n *uploadNode) on(t *testing.T, upload string) string {
	u, err := url.Parse(upload)
	if err != nil {
		t.Fatal(err)
	}
	return n.url + u.Path
}

// cutReader yields r's bytes and then fails, as a dropped connection does.
type cutReader struct{ r io.Reader }

func (c cutReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if errors.Is(err, io.EOF) {
		return n, errors.New("connection cut")
	}
	return n, err
}

// TestUploadAcrossNodesSQLite: two nodes on one SQLite file and one
// storage folder take turns at one upload's PATCHes.
func TestUploadAcrossNodesSQLite(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	nodes := startUploadNodes(t, 2, func() (catalog.Store, media.Storage) {
		st, err := sqlite.Open(t.Context(), filepath.Join(dir, "onair.db"))
		if err != nil {
			t.Fatal(err)
		}
		blobs, err := media.NewLocal(filepath.Join(dir, "media"))
		if err != nil {
			t.Fatal(err)
		}
		return st, blobs
	})
	testUploadAcrossNodes(t, nodes)
	left := filesUnder(filepath.Join(dir, "media", "uploads"))
	if len(left) != 0 {
		t.Errorf("chunk blobs left after the upload finished: %v", left)
	}
}

// TestUploadAcrossNodesScaled is the same on PostgreSQL and S3.
func TestUploadAcrossNodesScaled(t *testing.T) {
	t.Parallel()
	dsn := pgtest.DSN(t)
	s3cfg := storagetest.S3Bucket(t)
	nodes := startUploadNodes(t, 2, func() (catalog.Store, media.Storage) {
		st, err := postgres.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		blobs, err := media.NewS3(context.Background(), s3cfg)
		if err != nil {
			t.Fatal(err)
		}
		return st, blobs
	})
	testUploadAcrossNodes(t, nodes)
}

// testUploadAcrossNodes sends an upload's pieces to alternating nodes, with
// a stale PATCH refused and a cut one resumed on the other node, and gets
// one episode whose audio is the file byte for byte.
func testUploadAcrossNodes(t *testing.T, nodes []*uploadNode) {
	a, b := nodes[0], nodes[1]
	file := readFixture(t, "mp3_id3v24_chapters.mp3")
	size := int64(len(file))
	sh := &catalog.Show{ID: catalog.NewID(), Slug: "news", Title: "News", Language: "en", Type: catalog.ShowEpisodic}
	noErr(t, a.store.CreateShow(t.Context(), sh))
	secret, tok := catalog.NewToken("test")
	noErr(t, a.store.CreateToken(t.Context(), tok))
	c := tokenClient(secret)
	u, err := c.Create(t.Context(), a.url+"/api/v1/uploads/", size,
		map[string]string{"show": "news", "sha256": sha(file), "filename": "take.mp3", "title": "Two nodes"})
	noErr(t, err)

	patch := func(n *uploadNode, off int64, body io.Reader, length int64) (int, error) {
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodPatch, n.on(t, u), body)
		req.ContentLength = length
		req.Header.Set("Tus-Resumable", "1.0.0")
		req.Header.Set("Upload-Offset", strconv.FormatInt(off, 10))
		req.Header.Set("Content-Type", "application/offset+octet-stream")
		req.Header.Set("Authorization", "Bearer "+secret)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, err
		}
		resp.Body.Close()
		return resp.StatusCode, nil
	}
	cuts := []int64{0, size * 30 / 100, size * 50 / 100, size * 70 / 100}
	for i := 0; i+1 < len(cuts); i++ {
		n := nodes[i%2]
		if off, err := c.Offset(t.Context(), n.on(t, u)); err != nil || off != cuts[i] {
			t.Fatalf("node %d: offset %d, %v; want %d", i%2, off, err, cuts[i])
		}
		st, err := patch(n, cuts[i], bytes.NewReader(file[cuts[i]:cuts[i+1]]), cuts[i+1]-cuts[i])
		if err != nil || st != http.StatusNoContent {
			t.Fatalf("PATCH %d-%d on node %d: %d, %v", cuts[i], cuts[i+1], i%2, st, err)
		}
		// The other node refuses a PATCH from an offset that is past.
		if st, err := patch(nodes[(i+1)%2], cuts[i], bytes.NewReader(file[cuts[i]:cuts[i+1]]), cuts[i+1]-cuts[i]); err != nil || st != http.StatusConflict {
			t.Errorf("stale PATCH on node %d: %d, %v; want 409", (i+1)%2, st, err)
		}
	}
	// Node B's connection is cut a tenth into the rest; node A resumes
	// from whatever B kept.
	from, tenth := cuts[3], size/10
	patch(b, from, cutReader{bytes.NewReader(file[from : from+tenth])}, size-from)
	body, err := c.Upload(t.Context(), a.on(t, u), bytes.NewReader(file), size, nil)
	noErr(t, err)
	var ans answer
	noErr(t, json.Unmarshal(body, &ans))
	ep, err := b.store.GetEpisode(t.Context(), ans.ID)
	noErr(t, err)
	if ep.Title != "Two nodes" {
		t.Errorf("episode %+v", ep)
	}
	r, _, err := b.blobs.Open(t.Context(), ep.Audio.Key)
	noErr(t, err)
	got, _ := io.ReadAll(r)
	r.Close()
	if !bytes.Equal(got, file) {
		t.Errorf("stored audio (%d bytes, sha %s) is not the file (%d bytes, sha %s)", len(got), sha(got), len(file), sha(file))
	}
	// Either node answers for the finished upload.
	for i, n := range nodes {
		if res, err := c.Result(t.Context(), n.on(t, u)); err != nil || !bytes.Equal(res, body) {
			t.Errorf("node %d: Result = %s, %v", i, res, err)
		}
		if _, err := c.Offset(t.Context(), n.on(t, u)); !errors.Is(err, tus.ErrGone) {
			t.Errorf("node %d: HEAD on a finished upload: %v, want ErrGone", i, err)
		}
	}
	if n, _ := a.store.CountEpisodes(t.Context(), catalog.EpisodeFilter{}); n != 1 {
		t.Errorf("%d episodes, want 1", n)
	}
}
