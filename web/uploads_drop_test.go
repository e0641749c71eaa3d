package web

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/tus/tusd/v2/pkg/handler"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/catalog/sqlite"
	"github.com/onair-fm/onair/media"
	"github.com/onair-fm/onair/tus"
	"github.com/onair-fm/onair/web/uploads"
)

// closeHookStore is the real store with a function run around the close
// that starts an upload's deletion: the moment a PATCH on another node,
// already past its GetUpload, stores its chunk in the racy interleaving.
type closeHookStore struct {
	catalog.Store
	mu     sync.Mutex
	before func(id string) // run before CloseUpload
	after  func(id string) // run once it has listed the chunks
}

func (s *closeHookStore) CloseUpload(ctx context.Context, id string) (*catalog.Upload, error) {
	s.mu.Lock()
	before, after := s.before, s.after
	s.mu.Unlock()
	if before != nil {
		before(id)
	}
	u, err := s.Store.CloseUpload(ctx, id)
	if after != nil {
		after(id)
	}
	return u, err
}

// uploadRace is a server on SQLite with an upload of a real MP3 whose
// first half arrived, and other, the chunk store of another node.
type uploadRace struct {
	st       *closeHookStore
	db       catalog.Store
	blobs    media.Storage
	srv      *Server
	dir      string
	client   *tus.Client
	file     []byte
	half     int64
	url, id  string
	other    *uploads.ChunkStore
	episodes func() int
}

// raceIdleWait is the upload races' Config.UploadIdleWait: shorter than
// the default so that a DELETE waiting out a claim takes a second, not five.
const raceIdleWait = time.Second

func newUploadRace(t *testing.T) *uploadRace {
	t.Helper()
	dir := t.TempDir()
	db, err := sqlite.Open(t.Context(), filepath.Join(dir, "onair.db"))
	if err != nil {
		t.Fatal(err)
	}
	blobs, err := media.NewLocal(filepath.Join(dir, "media"))
	if err != nil {
		t.Fatal(err)
	}
	st := &closeHookStore{Store: db}
	ts := httptest.NewUnstartedServer(nil)
	base := "http://" + ts.Listener.Addr().String()
	srv := New(Config{BaseURL: base, ResumableUploads: true, UploadExpiry: time.Hour, UploadIdleWait: raceIdleWait}, st, blobs,
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	ts.Config.Handler = srv.Handler()
	ts.Start()
	t.Cleanup(func() {
		ts.Close()
		db.Close()
	})
	e := &adminEnv{srv: srv, store: db, blobs: blobs, url: base, dir: dir}
	sh := e.show(t, "news")
	c := tokenClient(e.token(t))
	u, file, half := halfUpload(t, e.url, c)
	episodes := func() int {
		eps, err := db.ListEpisodes(context.Background(), catalog.EpisodeFilter{ShowID: sh.ID})
		if err != nil {
			t.Fatal(err)
		}
		return len(eps)
	}
	return &uploadRace{st: st, db: db, blobs: blobs, srv: srv, dir: dir, client: c, file: file, half: half,
		url: u, id: filepath.Base(u), other: uploads.NewChunkStore(db, blobs, time.Now), episodes: episodes}
}

// completeElsewhere stores the upload's second half through the other
// node's chunk store, as a PATCH there does, without finishing it.
func (r *uploadRace) completeElsewhere(t *testing.T) {
	t.Helper()
	up, err := r.other.GetUpload(t.Context(), r.id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := up.WriteChunk(t.Context(), r.half, bytes.NewReader(r.file[r.half:])); err != nil {
		t.Fatal(err)
	}
}

// deleteUpload sends the client's tus DELETE and returns its status.
func (r *uploadRace) deleteUpload(t *testing.T) int {
	req, _ := http.NewRequest(http.MethodDelete, r.url, nil)
	req.Header.Set("Tus-Resumable", "1.0.0")
	req.Header.Set("Authorization", r.client.Header.Get("Authorization"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Error(err)
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestUploadDropRacesPatch: a tus DELETE, or the janitor's expiry, of an
// upload while a PATCH of it (on another node) is storing its bytes leaves
// no chunk blob behind, whether the PATCH's chunk is counted just before
// the deletion lists the chunks or just after. Before the upload was
// closed first, a chunk counted after the list was read kept its blob for
// ever: no row named it and storage is never listed.
func TestUploadDropRacesPatch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		janitor  bool // else the client's tus DELETE
		after    bool // the PATCH's chunk comes after the close, else before
		wantErr  error
		wantSize int64
	}{
		{"DELETE, chunk after the list", false, true, handler.ErrNotFound, 0},
		{"DELETE, chunk before the list", false, false, nil, -1},
		{"janitor, chunk after the list", true, true, handler.ErrNotFound, 0},
		{"janitor, chunk before the list", true, false, nil, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newUploadRace(t)
			st, db, srv, dir, file, half, id := r.st, r.db, r.srv, r.dir, r.file, r.half, r.id

			// The other node's PATCH of the second half has loaded the
			// upload and is receiving its bytes when the deletion starts.
			up, err := r.other.GetUpload(t.Context(), id)
			if err != nil {
				t.Fatal(err)
			}
			var n int64
			var patchErr error
			patched := make(chan struct{})
			patch := func(string) {
				n, patchErr = up.WriteChunk(t.Context(), half, bytes.NewReader(file[half:]))
				close(patched)
			}
			st.mu.Lock()
			if tt.after {
				st.after = patch
			} else {
				st.before = patch
			}
			st.mu.Unlock()

			if tt.janitor {
				if n, err := srv.CleanUploads(t.Context(), time.Now().Add(61*time.Minute)); err != nil || n != 1 {
					t.Fatalf("CleanUploads removed %d, %v; want 1", n, err)
				}
			} else {
				if code := r.deleteUpload(t); code != http.StatusNoContent {
					t.Fatalf("DELETE: %d", code)
				}
			}

			select {
			case <-patched:
			case <-time.After(10 * time.Second):
				t.Fatal("the deletion never closed the upload")
			}
			want := tt.wantSize
			if want < 0 {
				want = int64(len(file)) - half
			}
			if n != want || !errors.Is(patchErr, tt.wantErr) {
				t.Errorf("the racing PATCH stored %d bytes, %v; want %d, %v", n, patchErr, want, tt.wantErr)
			}
			if left, _ := filepath.Glob(filepath.Join(dir, "media", "uploads", "*", "*")); len(left) != 0 {
				t.Errorf("chunk blobs left in media storage: %v", left)
			}
			if _, err := db.GetUpload(t.Context(), id); !errors.Is(err, catalog.ErrNotFound) {
				t.Errorf("the upload's row: %v, want it gone", err)
			}
		})
	}
}

// TestUploadDeleteWaitsForFinish: a client's DELETE of a complete upload
// that another node is finishing (it holds the claim), for longer than
// requests wait for a claim, closes the upload and then waits, so the
// finish ends whole before the chunks go; a finish that starts after the
// DELETE closed the upload makes no episode.
func TestUploadDeleteWaitsForFinish(t *testing.T) {
	t.Parallel()
	t.Run("finish first", func(t *testing.T) {
		r := newUploadRace(t)
		ctx := t.Context()
		r.completeElsewhere(t)
		if ok, err := r.db.ClaimUpload(ctx, r.id, "other-node", time.Now(), time.Minute); !ok || err != nil {
			t.Fatalf("claim: %v %v", ok, err)
		}
		done := make(chan int)
		go func() { done <- r.deleteUpload(t) }()
		// The DELETE first waits the idle wait for the claim to go, as
		// every request does, then closes the upload and waits on.
		var u *catalog.Upload
		var err error
		for deadline := time.Now().Add(raceIdleWait + 5*time.Second); ; {
			select {
			case code := <-done:
				t.Fatalf("DELETE answered %d while the upload was being finished", code)
			case <-time.After(100 * time.Millisecond):
			}
			if u, err = r.db.GetUpload(ctx, r.id); err != nil || u.Closing {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the DELETE never closed the upload")
			}
		}
		time.Sleep(300 * time.Millisecond)
		select {
		case code := <-done:
			t.Fatalf("DELETE answered %d while the upload was being finished", code)
		default:
		}
		if err != nil || len(u.Chunks) != 2 {
			t.Fatalf("while finishing: %+v, %v; want it closed with its chunks", u, err)
		}
		// The other node finishes: result stored, chunks freed, claim
		// given up.
		if err := r.db.FinishUpload(ctx, r.id, []byte(`{"id":"x"}`), time.Now()); err != nil {
			t.Fatal(err)
		}
		for _, c := range u.Chunks {
			if err := r.blobs.Delete(ctx, c.Key); err != nil {
				t.Fatal(err)
			}
		}
		r.db.ClaimUpload(ctx, r.id, "other-node", time.Now(), 0)
		select {
		case code := <-done:
			if code != http.StatusNoContent {
				t.Fatalf("DELETE after the finish: %d", code)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("DELETE still waiting after the claim was given up")
		}
		if _, err := r.db.GetUpload(ctx, r.id); !errors.Is(err, catalog.ErrNotFound) {
			t.Errorf("the upload's row: %v, want it gone", err)
		}
	})
	t.Run("delete first", func(t *testing.T) {
		r := newUploadRace(t)
		ctx := t.Context()
		r.completeElsewhere(t)
		if code := r.deleteUpload(t); code != http.StatusNoContent {
			t.Fatalf("DELETE: %d", code)
		}
		if _, err := r.srv.uploads.FinishUpload(ctx, r.id); !errors.Is(err, catalog.ErrNotFound) {
			t.Errorf("finish after the DELETE: %v, want not found", err)
		}
		if n := r.episodes(); n != 0 {
			t.Errorf("%d episodes made from a deleted upload", n)
		}
		if left, _ := filepath.Glob(filepath.Join(r.dir, "media", "uploads", "*", "*")); len(left) != 0 {
			t.Errorf("chunk blobs left: %v", left)
		}
	})
}
