package media_test

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"

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
}
