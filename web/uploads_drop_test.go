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

// TestUploadDropRacesPatch: a tus DELETE, or the janitor's expiry, of an
// upload while a PATCH of it (on another node) is storing its bytes leaves
// no chunk blob behind, whether the PATCH's chunk is counted just before
// the deletion lists the chunks or just after. Before the upload was
// closed first, a chunk counted after the list was read kept its blob for
// ever: no row named it and storage is never listed.
func TestUploadDropRacesPatch(t *testing.T) {
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
			srv := New(Config{BaseURL: base, ResumableUploads: true, UploadExpiry: time.Hour}, st, blobs,
				slog.New(slog.NewTextHandler(io.Discard, nil)))
			ts.Config.Handler = srv.Handler()
			ts.Start()
			t.Cleanup(func() {
				ts.Close()
				db.Close()
			})
			e := &adminEnv{srv: srv, store: db, blobs: blobs, url: base, dir: dir}
			e.show(t, "news")
			c := tokenClient(e.token(t))
			file := readFixture(t, "mp3_cbr_id3v23_apic.mp3")
			u, err := c.Create(t.Context(), e.url+"/api/v1/uploads/", int64(len(file)), map[string]string{"show": "news", "sha256": sha(file)})
			if err != nil {
				t.Fatal(err)
			}
			half := int64(len(file) / 2)
			if code := patchUpload(t, u, c.Header.Get("Authorization"), 0, file[:half]); code != http.StatusNoContent {
				t.Fatalf("PATCH half: %d", code)
			}
			id := filepath.Base(u)

			// The other node's PATCH of the second half has loaded the
			// upload and is receiving its bytes when the deletion starts.
			other := &chunkStore{store: db, blobs: blobs, now: time.Now}
			up, err := other.GetUpload(t.Context(), id)
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
				if n, err := srv.CleanUploads(time.Now().Add(61 * time.Minute)); err != nil || n != 1 {
					t.Fatalf("CleanUploads removed %d, %v; want 1", n, err)
				}
			} else {
				req, _ := http.NewRequest(http.MethodDelete, u, nil)
				req.Header.Set("Tus-Resumable", "1.0.0")
				req.Header.Set("Authorization", c.Header.Get("Authorization"))
				resp, err := http.DefaultClient.Do(req)
				if err != nil || resp.StatusCode != http.StatusNoContent {
					t.Fatalf("DELETE: %v %v", resp, err)
				}
				resp.Body.Close()
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
