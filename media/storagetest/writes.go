package storagetest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"sync"
	"testing"
	"time"

	"github.com/onair-fm/onair/media"
)

// failingReader yields bytes until at, then calls fail and, if it returns
// an error, returns that.
type failingReader struct {
	r    io.Reader
	n    int64
	at   int64
	fail func() error
}

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n >= f.at && f.fail != nil {
		if err := f.fail(); err != nil {
			return 0, err
		}
		f.fail = nil
	}
	n, err := f.r.Read(p)
	f.n += int64(n)
	return n, err
}

// testFailedPut checks that a cancelled or failing upload leaves no blob
// and nothing half-written: early (inside the first part) and late (after
// whole parts went up).
func testFailedPut(t *testing.T, s media.Storage) {
	for _, tc := range []struct {
		name   string
		at     int64
		cancel bool
	}{
		{"cancel early", 1000, true},
		{"cancel after a part", 17 << 20, true},
		{"reader error early", 10, false},
		{"reader error after a part", 17 << 20, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			fail := func() error { return errors.New("client went away") }
			if tc.cancel {
				fail = func() error { cancel(); return nil }
			}
			key := "episodes/failed/x.mp3"
			_, err := s.Put(ctx, key, &failingReader{r: Gen(1, 40<<20), at: tc.at, fail: fail})
			if err == nil {
				t.Fatal("Put succeeded, want an error")
			}
			if _, err := s.Stat(context.Background(), key); !errors.Is(err, media.ErrBlobMissing) {
				t.Errorf("Stat after failed Put = %v, want ErrBlobMissing", err)
			}
			if lo, ok := s.(Leftovers); ok {
				left, err := lo.Leftovers(context.Background())
				if err != nil || len(left) != 0 {
					t.Errorf("left behind: %v, %v", left, err)
				}
			}
			// The key is still free.
			put(t, s, key, []byte("after"))
			s.Delete(context.Background(), key)
		})
	}
}

// testRacingPut puts one key from several goroutines at once: exactly one
// wins, and the blob holds the winner's bytes. The large case races whole
// multipart uploads, so the last step (completing the upload) must be
// conditional too.
func testRacingPut(t *testing.T, s media.Storage) {
	const writers = 3
	for _, size := range []int64{1, 17 << 20} {
		key := "episodes/race/" + fmtKey(int(size)) + ".mp3"
		var wg sync.WaitGroup
		errs := make([]error, writers)
		for i := range writers {
			wg.Go(func() {
				_, errs[i] = s.Put(context.Background(), key, Gen(uint64(i), size))
			})
		}
		wg.Wait()
		won := -1
		for i, err := range errs {
			switch {
			case err == nil && won >= 0:
				t.Errorf("size %d: writers %d and %d both won", size, won, i)
			case err == nil:
				won = i
			case !errors.Is(err, media.ErrExists):
				t.Errorf("size %d: writer %d: %v, want nil or ErrExists", size, i, err)
			}
		}
		if won < 0 {
			t.Fatalf("size %d: no writer won", size)
		}
		r, _, err := s.Open(context.Background(), key)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := sum(t, r)
		r.Close()
		if want, _ := sum(t, Gen(uint64(won), size)); got != want {
			t.Errorf("size %d: blob is not the winner's bytes", size)
		}
	}
	if lo, ok := s.(Leftovers); ok {
		if left, err := lo.Leftovers(context.Background()); err != nil || len(left) != 0 {
			t.Errorf("losers left behind: %v, %v", left, err)
		}
	}
}

// testLarge streams 40 MB through Put (several S3 parts) and reads it back.
func testLarge(t *testing.T, s media.Storage) {
	const size = 40 << 20
	want, _ := sum(t, Gen(40, size))
	key := "episodes/large/a.mp3"
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	info, err := s.Put(ctx, key, Gen(40, size))
	if err != nil {
		t.Fatal(err)
	}
	if info.Size != size || info.SHA256 != want {
		t.Errorf("Put = %+v, want size %d sha %s", info, size, want)
	}
	r, _, err := s.Open(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if got, n := sum(t, r); got != want || n != size {
		t.Errorf("read back %d bytes with sha %s, want %d with %s", n, got, size, want)
	}
	tail := make([]byte, 1000)
	if _, err := r.ReadAt(tail, size-1000); err != nil {
		t.Fatal(err)
	}
	whole, _ := io.ReadAll(Gen(40, size))
	if !bytes.Equal(tail, whole[size-1000:]) {
		t.Error("ReadAt of the tail differs")
	}
}
