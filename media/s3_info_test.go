package media_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"

	"github.com/onair-fm/onair/media"
	"github.com/onair-fm/onair/media/storagetest"
)

// twoNodes is one bucket seen by two S3 storages, as two onair nodes see
// it: a, and b whose every request to the server is counted.
func twoNodes(t *testing.T) (a, b *media.S3, counts *storagetest.S3Counts) {
	t.Helper()
	cfg := storagetest.S3Bucket(t)
	pcfg, counts := storagetest.CountingProxy(t, cfg)
	a, err := media.NewS3(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	b, err = media.NewS3(context.Background(), pcfg)
	if err != nil {
		t.Fatal(err)
	}
	return a, b, counts
}

// wantRequests fails unless the server saw heads HEADs and gets GETs since
// the last reset, and starts counting again.
func wantRequests(t *testing.T, c *storagetest.S3Counts, what string, heads, gets int) {
	t.Helper()
	if c.Get("HEAD") != heads || c.Get("GET") != gets {
		t.Errorf("%s: S3 saw %q, want %d HEAD and %d GET", what, c.String(), heads, gets)
	}
	c.Reset()
}

// TestS3InfoCache: Open asks S3 for a blob's size once per node, Stat
// always asks, and Delete forgets.
func TestS3InfoCache(t *testing.T) {
	a, b, counts := twoNodes(t)
	ctx := context.Background()
	data, _ := io.ReadAll(storagetest.Gen(7, 300_000))
	if _, err := a.Put(ctx, "episodes/e/a.mp3", bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	counts.Reset()
	for i, heads := range []int{1, 0, 0} {
		r, info, err := b.Open(ctx, "episodes/e/a.mp3")
		if err != nil {
			t.Fatal(err)
		}
		r.Close()
		if info.Size != int64(len(data)) || info.ModTime.IsZero() {
			t.Errorf("open %d: %+v", i, info)
		}
		wantRequests(t, counts, "open", heads, 0)
	}
	if _, err := b.Stat(ctx, "episodes/e/a.mp3"); err != nil {
		t.Fatal(err)
	}
	wantRequests(t, counts, "stat", 1, 0)

	if _, err := b.Put(ctx, "episodes/e/b.mp3", bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	if err := b.Delete(ctx, "episodes/e/b.mp3"); err != nil {
		t.Fatal(err)
	}
	counts.Reset()
	if _, _, err := b.Open(ctx, "episodes/e/b.mp3"); !errors.Is(err, media.ErrBlobMissing) {
		t.Errorf("open after delete: %v, want ErrBlobMissing", err)
	}
	wantRequests(t, counts, "open after delete", 1, 0)
}

// TestS3DeletedElsewhere: a blob deleted through another node opens from
// the cache, but the first GET finds it missing and forgets it.
func TestS3DeletedElsewhere(t *testing.T) {
	for _, viaRange := range []bool{false, true} {
		a, b, counts := twoNodes(t)
		ctx := context.Background()
		if _, err := a.Put(ctx, "episodes/e/a.mp3", storagetest.Gen(1, 1000)); err != nil {
			t.Fatal(err)
		}
		if _, err := b.Stat(ctx, "episodes/e/a.mp3"); err != nil {
			t.Fatal(err)
		}
		if err := a.Delete(ctx, "episodes/e/a.mp3"); err != nil {
			t.Fatal(err)
		}
		counts.Reset()
		var err error
		if viaRange {
			_, _, err = b.OpenRange(ctx, "episodes/e/a.mp3", 0, -1)
		} else {
			r, _, oerr := b.Open(ctx, "episodes/e/a.mp3")
			if oerr != nil {
				t.Fatal(oerr)
			}
			_, err = r.Read(make([]byte, 10))
			r.Close()
		}
		if !errors.Is(err, media.ErrBlobMissing) {
			t.Errorf("range %v: read of a blob deleted elsewhere: %v, want ErrBlobMissing", viaRange, err)
		}
		wantRequests(t, counts, "read", 0, 1)
		if _, _, err := b.Open(ctx, "episodes/e/a.mp3"); !errors.Is(err, media.ErrBlobMissing) {
			t.Errorf("range %v: open after a failed read: %v, want ErrBlobMissing", viaRange, err)
		}
		wantRequests(t, counts, "open after a failed read", 1, 0)
	}
}

// TestS3OpenRange: one GET opens a blob and reads a range of it, the size
// coming from the answer; the bytes are exactly the range's.
func TestS3OpenRange(t *testing.T) {
	_, b, counts := twoNodes(t)
	ctx := context.Background()
	const size = 600_000
	data, _ := io.ReadAll(storagetest.Gen(9, size))
	if _, err := b.Put(ctx, "episodes/e/a.mp3", bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name               string
		start, end         int64
		wantFrom, wantTo   int64
		wantHeads, wantGet int
	}{
		{"whole", 0, -1, 0, size, 0, 1},
		{"two bytes", 0, 2, 0, 2, 0, 1},
		{"middle", 100_000, 100_100, 100_000, 100_100, 0, 1},
		{"to the end", 599_000, -1, 599_000, size, 0, 1},
		{"past the end", 599_990, 700_000, 599_990, size, 0, 1},
		{"suffix", -100, -1, size - 100, size, 0, 1},
		{"suffix longer than the blob", -(size + 5), -1, 0, size, 0, 1},
		{"start past the end", size, -1, size, size, 0, 1}, // S3's 416; size from the cache
	} {
		counts.Reset()
		r, info, err := b.OpenRange(ctx, "episodes/e/a.mp3", tc.start, tc.end)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if info.Size != size || info.ModTime.IsZero() {
			t.Errorf("%s: info %+v", tc.name, info)
		}
		// Read as http.ServeContent does: seek to the start, copy the range.
		if _, err := r.Seek(tc.wantFrom, io.SeekStart); err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(io.LimitReader(r, tc.wantTo-tc.wantFrom))
		r.Close()
		if err != nil || !bytes.Equal(got, data[tc.wantFrom:tc.wantTo]) {
			t.Errorf("%s: read %d bytes, %v; want bytes %d-%d", tc.name, len(got), err, tc.wantFrom, tc.wantTo)
		}
		wantRequests(t, counts, tc.name, tc.wantHeads, tc.wantGet)
	}
}
