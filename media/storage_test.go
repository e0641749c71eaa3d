package media_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/onair-fm/onair/media"
	"github.com/onair-fm/onair/media/storagetest"
)

func openLocal(t testing.TB) media.Storage {
	s, err := media.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestLocalStorage(t *testing.T) {
	storagetest.Run(t, func(t *testing.T) media.Storage { return openLocal(t) })
}

func TestS3Storage(t *testing.T) {
	storagetest.Run(t, func(t *testing.T) media.Storage { return storagetest.S3(t) })
}

func BenchmarkLocalPut(b *testing.B) {
	storagetest.BenchmarkPut(b, func(b *testing.B) media.Storage { return openLocal(b) })
}

func BenchmarkS3Put(b *testing.B) {
	storagetest.BenchmarkPut(b, func(b *testing.B) media.Storage { return storagetest.S3(b) })
}

// countingTransport counts the GETs that reach S3.
type countingTransport struct{ gets atomic.Int64 }

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method == http.MethodGet {
		c.gets.Add(1)
	}
	return http.DefaultTransport.RoundTrip(r)
}

// TestS3ReadAhead checks that many small reads near each other cost one
// ranged GET, and that streaming a blob costs a few GETs, not one a read.
func TestS3ReadAhead(t *testing.T) {
	cfg := storagetest.S3Bucket(t)
	ct := &countingTransport{}
	cfg.Transport = ct
	s, err := media.NewS3(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	const size = 20 << 20
	if _, err := s.Put(context.Background(), "a/b.mp3", storagetest.Gen(1, size)); err != nil {
		t.Fatal(err)
	}
	r, _, err := s.Open(context.Background(), "a/b.mp3")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()

	before := ct.gets.Load()
	p := make([]byte, 10)
	for off := int64(0); off < 200<<10; off += 1 << 10 {
		if _, err := r.ReadAt(p, off); err != nil {
			t.Fatal(err)
		}
	}
	if n := ct.gets.Load() - before; n != 1 {
		t.Errorf("200 small ReadAt within 200 KiB made %d GETs, want 1", n)
	}

	before = ct.gets.Load()
	buf := make([]byte, 32<<10)
	var total int
	for {
		n, err := r.Read(buf)
		total += n
		if err != nil {
			break
		}
	}
	// 256K, then windows of 512K, 1M, 2M, 4M, 8M and the rest.
	if n := ct.gets.Load() - before; total != size || n > 8 {
		t.Errorf("streaming %d bytes made %d GETs (read %d), want at most 8", size, n, total)
	}

	// Told the range first (as web does before http.ServeContent), a read
	// of it is one GET, whole file or part.
	for _, rng := range [][2]int64{{0, size}, {1000, 1_001_000}, {size - 5, size}} {
		r.(media.RangeHinter).ReadHint(rng[0], rng[1])
		before = ct.gets.Load()
		if _, err := r.Seek(rng[0], io.SeekStart); err != nil {
			t.Fatal(err)
		}
		n, err := io.Copy(io.Discard, io.LimitReader(r, rng[1]-rng[0]))
		if err != nil || n != rng[1]-rng[0] {
			t.Fatalf("hinted read %v: %d, %v", rng, n, err)
		}
		if gets := ct.gets.Load() - before; gets != 1 {
			t.Errorf("hinted read of %v made %d GETs, want 1", rng, gets)
		}
	}
}

// TestS3Presign fetches a blob through a presigned URL, whole and by range,
// with the response headers the URL asks for.
func TestS3Presign(t *testing.T) {
	s := storagetest.S3(t)
	ctx := context.Background()
	data, _ := io.ReadAll(storagetest.Gen(3, 100_000))
	if _, err := s.Put(ctx, "episodes/e/a.mp3", bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	u, err := s.PresignGet(ctx, "episodes/e/a.mp3", time.Minute, "audio/mpeg", `attachment; filename="a.mp3"`)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		rng      string
		from, to int
		status   int
	}{{"", 0, len(data), 200}, {"bytes=10-19", 10, 20, 206}} {
		req, _ := http.NewRequest("GET", u, nil)
		if tc.rng != "" {
			req.Header.Set("Range", tc.rng)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || !bytes.Equal(body, data[tc.from:tc.to]) {
			t.Errorf("GET %q = %d, %d bytes; want %d, bytes %d-%d", tc.rng, resp.StatusCode, len(body), tc.status, tc.from, tc.to)
		}
		if ct, cd := resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"); ct != "audio/mpeg" || cd != `attachment; filename="a.mp3"` {
			t.Errorf("headers: Content-Type %q, Content-Disposition %q", ct, cd)
		}
	}
	// The signature covers the key: another key with the same query fails.
	other := strings.Replace(u, "a.mp3", "b.mp3", 1)
	resp, err := http.Get(other)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("tampered URL: %s, want 403", resp.Status)
	}
}
