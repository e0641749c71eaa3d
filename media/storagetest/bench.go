package storagetest

import (
	"context"
	"testing"

	"github.com/onair-fm/onair/media"
)

// BenchmarkPut streams a 40 MB blob per iteration. Its B/op shows the
// memory one upload holds: about one part for S3 and a copy buffer for
// local disk, not the 40 MB of the blob.
func BenchmarkPut(b *testing.B, open func(b *testing.B) media.Storage) {
	const size = 40 << 20
	s := open(b)
	b.SetBytes(size)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		key := "bench/" + fmtKey(i) + ".mp3"
		if _, err := s.Put(context.Background(), key, Gen(uint64(i), size)); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		s.Delete(context.Background(), key)
		b.StartTimer()
	}
}
