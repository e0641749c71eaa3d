// Package storagetest is the one test suite every media.Storage passes:
// local disk always, S3 when ONAIR_TEST_S3 points at a server.
package storagetest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/onair-fm/onair/media"
)

// Leftovers is implemented by storages that can list what an unfinished
// Put may leave behind (temporary files, incomplete multipart uploads).
type Leftovers interface {
	Leftovers(ctx context.Context) ([]string, error)
}

// Run runs the suite. open returns a new, empty storage for each subtest.
func Run(t *testing.T, open func(t *testing.T) media.Storage) {
	t.Run("RoundTrip", func(t *testing.T) { testRoundTrip(t, open(t)) })
	t.Run("Ranges", func(t *testing.T) { testRanges(t, open(t)) })
	t.Run("Exists", func(t *testing.T) { testExists(t, open(t)) })
	t.Run("Missing", func(t *testing.T) { testMissing(t, open(t)) })
	t.Run("InvalidKey", func(t *testing.T) { testInvalidKey(t, open(t)) })
	t.Run("FailedPut", func(t *testing.T) { testFailedPut(t, open(t)) })
	t.Run("RacingPut", func(t *testing.T) { testRacingPut(t, open(t)) })
	t.Run("Large", func(t *testing.T) { testLarge(t, open(t)) })
	t.Run("List", func(t *testing.T) { testList(t, open(t)) })
}

// Gen returns n deterministic pseudo-random bytes made as they are read,
// so a test can stream a large blob without holding it.
func Gen(seed uint64, n int64) io.Reader {
	var s [32]byte
	s[0] = byte(seed)
	s[1] = byte(seed >> 8)
	return io.LimitReader(rand.NewChaCha8(s), n)
}

func sum(t testing.TB, r io.Reader) (string, int64) {
	t.Helper()
	h := sha256.New()
	n, err := io.Copy(h, r)
	if err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil)), n
}

func put(t testing.TB, s media.Storage, key string, data []byte) media.BlobInfo {
	t.Helper()
	info, err := s.Put(context.Background(), key, bytes.NewReader(data))
	if err != nil {
		t.Fatalf("Put %s: %v", key, err)
	}
	return info
}

func readAll(t testing.TB, s media.Storage, key string) []byte {
	t.Helper()
	r, _, err := s.Open(context.Background(), key)
	if err != nil {
		t.Fatalf("Open %s: %v", key, err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("read %s: %v", key, err)
	}
	return b
}

func testRoundTrip(t *testing.T, s media.Storage) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		size int
	}{
		{"empty", 0}, {"one byte", 1}, {"small", 1000}, {"over read-ahead", 700 << 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data, _ := io.ReadAll(Gen(uint64(tc.size), int64(tc.size)))
			key := "episodes/ep1/" + fmtKey(tc.size) + ".mp3"
			info := put(t, s, key, data)
			want := sha256.Sum256(data)
			if info.Key != key || info.Size != int64(len(data)) || info.SHA256 != hex.EncodeToString(want[:]) {
				t.Errorf("Put = %+v, want size %d sha %x", info, len(data), want)
			}
			st, err := s.Stat(ctx, key)
			if err != nil || st.Size != int64(len(data)) || st.ModTime.IsZero() {
				t.Errorf("Stat = %+v, %v; want size %d and a time", st, err, len(data))
			}
			if got := readAll(t, s, key); !bytes.Equal(got, data) {
				t.Errorf("read back %d bytes, want %d equal bytes", len(got), len(data))
			}
			if err := s.Delete(ctx, key); err != nil {
				t.Fatalf("Delete: %v", err)
			}
			if _, err := s.Stat(ctx, key); !errors.Is(err, media.ErrBlobMissing) {
				t.Errorf("Stat after Delete = %v, want ErrBlobMissing", err)
			}
		})
	}
}

// testRanges reads a blob the ways callers do: ReadAt at scattered
// offsets (the prober), Seek and Read, and through http.ServeContent.
func testRanges(t *testing.T, s media.Storage) {
	const size = 900 << 10
	data, _ := io.ReadAll(Gen(7, size))
	key := "episodes/ranges/a.mp3"
	put(t, s, key, data)
	r, info, err := s.Open(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if info.Size != size {
		t.Fatalf("Open size = %d, want %d", info.Size, size)
	}
	for _, c := range []struct{ off, n int64 }{
		{0, 10}, {size - 10, 10}, {300 << 10, 4}, {12, 100}, {size - 1, 1}, {100, 300 << 10}, {5, 1}, {400 << 10, 256 << 10},
	} {
		p := make([]byte, c.n)
		n, err := r.ReadAt(p, c.off)
		if err != nil || int64(n) != c.n || !bytes.Equal(p, data[c.off:c.off+c.n]) {
			t.Errorf("ReadAt(%d bytes at %d) = %d, %v; want the blob's bytes", c.n, c.off, n, err)
		}
	}
	p := make([]byte, 20)
	if n, err := r.ReadAt(p, size-10); n != 10 || err != io.EOF || !bytes.Equal(p[:10], data[size-10:]) {
		t.Errorf("ReadAt past the end = %d, %v; want 10, io.EOF", n, err)
	}
	if n, err := r.ReadAt(p, size); n != 0 || err != io.EOF {
		t.Errorf("ReadAt at the end = %d, %v; want 0, io.EOF", n, err)
	}
	for _, off := range []int64{size / 2, 3, size - 5000, 0} {
		if _, err := r.Seek(off, io.SeekStart); err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(io.LimitReader(r, 300<<10))
		end := min(off+300<<10, size)
		if err != nil || !bytes.Equal(got, data[off:end]) {
			t.Errorf("Seek(%d)+Read = %d bytes, %v; want %d", off, len(got), err, end-off)
		}
	}
	if n, err := r.Seek(-4, io.SeekEnd); n != size-4 || err != nil {
		t.Errorf("Seek(-4, End) = %d, %v", n, err)
	}

	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r, info, err := s.Open(req.Context(), key)
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		defer r.Close()
		w.Header().Set("Content-Type", "audio/mpeg")
		http.ServeContent(w, req, "", info.ModTime, r)
	}))
	defer srv.Close()
	for _, c := range []struct {
		rng      string
		from, to int64
		status   int
	}{
		{"", 0, size, 200}, {"bytes=0-1", 0, 2, 206}, {"bytes=1000-", 1000, size, 206},
		{"bytes=-500", size - 500, size, 206}, {"bytes=262000-263000", 262000, 263001, 206},
	} {
		req, _ := http.NewRequest("GET", srv.URL, nil)
		if c.rng != "" {
			req.Header.Set("Range", c.rng)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != c.status || !bytes.Equal(body, data[c.from:c.to]) {
			t.Errorf("GET Range %q = %d, %d bytes, %v; want %d with bytes %d-%d", c.rng, resp.StatusCode, len(body), err, c.status, c.from, c.to)
		}
	}
}

func testExists(t *testing.T, s media.Storage) {
	key := "shows/s1/cover.jpg"
	put(t, s, key, []byte("first"))
	for _, data := range [][]byte{[]byte("second"), nil, bytes.Repeat([]byte("x"), 6<<20)} {
		if _, err := s.Put(context.Background(), key, bytes.NewReader(data)); !errors.Is(err, media.ErrExists) {
			t.Errorf("second Put of %d bytes = %v, want ErrExists", len(data), err)
		}
	}
	if got := readAll(t, s, key); string(got) != "first" {
		t.Errorf("after refused Put the blob is %q, want %q", got, "first")
	}
}

func testMissing(t *testing.T, s media.Storage) {
	ctx := context.Background()
	key := "episodes/none/nothing.mp3"
	if _, _, err := s.Open(ctx, key); !errors.Is(err, media.ErrBlobMissing) {
		t.Errorf("Open missing = %v, want ErrBlobMissing", err)
	}
	if _, err := s.Stat(ctx, key); !errors.Is(err, media.ErrBlobMissing) {
		t.Errorf("Stat missing = %v, want ErrBlobMissing", err)
	}
	if err := s.Delete(ctx, key); err != nil {
		t.Errorf("Delete missing = %v, want nil", err)
	}
}

func testInvalidKey(t *testing.T, s media.Storage) {
	ctx := context.Background()
	for _, key := range []string{"", "../x", "a/../../b", "/abs", "a//b", ".hidden", "a b"} {
		if _, err := s.Put(ctx, key, bytes.NewReader([]byte("x"))); err == nil || errors.Is(err, media.ErrExists) {
			t.Errorf("Put(%q) = %v, want an invalid key error", key, err)
		}
		if _, err := s.Stat(ctx, key); err == nil {
			t.Errorf("Stat(%q) = nil error, want one", key)
		}
	}
}

func fmtKey(n int) string { return "k" + strconv.Itoa(n) }
