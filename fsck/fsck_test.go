package fsck_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/catalog/sqlite"
	"github.com/onair-fm/onair/fsck"
	"github.com/onair-fm/onair/media"
	"github.com/onair-fm/onair/media/storagetest"
)

// bed is a catalog and a storage with one show, one episode whose blobs
// are all there, and whatever a case adds.
type bed struct {
	st    catalog.Store
	blobs media.Storage
	ep    *catalog.Episode
	dir   string // the local storage's folder; "" on S3
}

func newBed(t *testing.T, s3 bool) *bed {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "onair.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	b := &bed{st: st}
	if s3 {
		b.blobs = storagetest.S3(t)
	} else {
		b.dir = t.TempDir()
		if b.blobs, err = media.NewLocal(b.dir); err != nil {
			t.Fatal(err)
		}
	}
	sh := &catalog.Show{Slug: "news", Title: "News", Language: "en", ArtworkKey: "shows/s/cover.jpg"}
	if err := st.CreateShow(ctx, sh); err != nil {
		t.Fatal(err)
	}
	b.put(t, "shows/s/cover.jpg", 3)
	b.put(t, "episodes/e/a.mp3", 10)
	b.ep = &catalog.Episode{ShowID: sh.ID, Title: "One", Status: catalog.StatusPublished, Type: catalog.EpisodeFull,
		PublishedAt: time.Now(), Audio: catalog.Audio{Key: "episodes/e/a.mp3", Size: 10, MIME: "audio/mpeg"}}
	if err := st.CreateEpisode(ctx, b.ep); err != nil {
		t.Fatal(err)
	}
	return b
}

func (b *bed) put(t *testing.T, key string, size int) {
	t.Helper()
	if _, err := b.blobs.Put(context.Background(), key, bytes.NewReader(make([]byte, size))); err != nil {
		t.Fatal(err)
	}
}

func TestRun(t *testing.T) {
	for _, s3 := range []bool{false, true} {
		name := "local"
		if s3 {
			name = "s3"
			if os.Getenv("ONAIR_TEST_S3") == "" {
				continue
			}
		}
		t.Run(name, func(t *testing.T) { testRun(t, s3) })
	}
}

func testRun(t *testing.T, s3 bool) {
	ctx := context.Background()
	later := func() time.Time { return time.Now().Add(2 * time.Hour) }
	tests := []struct {
		name    string
		setup   func(t *testing.T, b *bed)
		opts    fsck.Options
		want    int    // problems
		gone    string // a key repair must remove
		kept    string // a key that must stay
		missing int
		wrong   int
	}{
		{name: "clean", opts: fsck.Options{Grace: time.Hour, Integrity: true, Repair: true}, kept: "episodes/e/a.mp3"},
		{name: "young orphan is not a problem and stays",
			setup: func(t *testing.T, b *bed) { b.put(t, "episodes/x/new.mp3", 5) },
			opts:  fsck.Options{Grace: time.Hour, Repair: true}, kept: "episodes/x/new.mp3"},
		{name: "old orphan reported, not removed without repair",
			setup: func(t *testing.T, b *bed) { b.put(t, "episodes/x/old.mp3", 5) },
			opts:  fsck.Options{Grace: time.Hour, Now: later}, want: 1, kept: "episodes/x/old.mp3"},
		{name: "old orphan removed by repair, referenced blobs kept",
			setup: func(t *testing.T, b *bed) { b.put(t, "uploads/u/0001-x", 5) },
			opts:  fsck.Options{Grace: time.Hour, Now: later, Repair: true}, want: 1, gone: "uploads/u/0001-x", kept: "episodes/e/a.mp3"},
		{name: "missing blob",
			setup: func(t *testing.T, b *bed) { b.blobs.Delete(ctx, "episodes/e/a.mp3") },
			opts:  fsck.Options{Grace: time.Hour, Repair: true}, want: 1, missing: 1},
		{name: "a key no storage can hold",
			setup: func(t *testing.T, b *bed) {
				b.ep.Audio.Key = "../outside.mp3"
				must(t, b.st.UpdateEpisode(ctx, b.ep))
			},
			opts: fsck.Options{Grace: time.Hour, Repair: true}, want: 1, missing: 1},
		{name: "wrong size",
			setup: func(t *testing.T, b *bed) {
				b.blobs.Delete(ctx, "episodes/e/a.mp3")
				b.put(t, "episodes/e/a.mp3", 9)
			},
			opts: fsck.Options{Grace: time.Hour, Repair: true}, want: 1, wrong: 1, kept: "episodes/e/a.mp3"},
		{name: "stale upload reported, its pieces kept",
			setup: func(t *testing.T, b *bed) {
				must(t, b.st.CreateUpload(ctx, &catalog.Upload{ID: "up1", Size: 10, CreatedAt: time.Now()}))
				b.put(t, "uploads/up1/0", 4)
				must(t, b.st.AddUploadChunk(ctx, "up1", catalog.UploadChunk{Size: 4, Key: "uploads/up1/0"}, time.Now()))
			},
			opts: fsck.Options{Grace: time.Hour, UploadExpiry: time.Hour, Now: later, Repair: true}, want: 1, kept: "uploads/up1/0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBed(t, s3)
			if tt.setup != nil {
				tt.setup(t, b)
			}
			rep, err := fsck.Run(ctx, b.st, b.blobs, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			var text bytes.Buffer
			rep.WriteText(&text)
			if rep.Problems() != tt.want || len(rep.Missing) != tt.missing || len(rep.WrongSize) != tt.wrong {
				t.Errorf("problems %d (missing %d, wrong size %d), want %d (%d, %d):\n%s",
					rep.Problems(), len(rep.Missing), len(rep.WrongSize), tt.want, tt.missing, tt.wrong, text.String())
			}
			if tt.gone != "" {
				if _, err := b.blobs.Stat(ctx, tt.gone); err == nil {
					t.Errorf("%s still there after repair", tt.gone)
				}
			}
			if tt.kept != "" {
				if _, err := b.blobs.Stat(ctx, tt.kept); err != nil {
					t.Errorf("%s removed: %v", tt.kept, err)
				}
			}
			if tt.opts.Repair {
				// A second run finds only what repair leaves by design.
				again, err := fsck.Run(ctx, b.st, b.blobs, tt.opts)
				if err != nil {
					t.Fatal(err)
				}
				for _, o := range again.Orphans {
					if !o.Young {
						t.Errorf("orphan %s left after repair", o.Key)
					}
				}
			}
		})
	}
}

// TestLeftovers: a temporary file a crash left is reported, and removed
// by repair once older than the grace period.
func TestLeftovers(t *testing.T) {
	b := newBed(t, false)
	p := filepath.Join(b.dir, ".tmp", "put-123")
	must(t, os.WriteFile(p, make([]byte, 7), 0o600))
	old := time.Now().Add(-2 * time.Hour)
	must(t, os.Chtimes(p, old, old))
	tests := []struct {
		name   string
		opts   fsck.Options
		want   int
		exists bool
	}{
		{"within grace", fsck.Options{Grace: 3 * time.Hour, Repair: true}, 0, true},
		{"reported", fsck.Options{Grace: time.Hour}, 1, true},
		{"repaired", fsck.Options{Grace: time.Hour, Repair: true}, 1, false},
		{"gone", fsck.Options{Grace: time.Hour}, 0, false},
	}
	for _, tt := range tests {
		rep, err := fsck.Run(context.Background(), b.st, b.blobs, tt.opts)
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Leftovers) != tt.want {
			t.Errorf("%s: leftovers %+v, want %d", tt.name, rep.Leftovers, tt.want)
		}
		if _, err := os.Stat(p); (err == nil) != tt.exists {
			t.Errorf("%s: temp file exists = %v, want %v", tt.name, err == nil, tt.exists)
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
