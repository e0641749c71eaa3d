package web

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"testing"

	"github.com/onair-fm/onair/internal/testmedia"
)

// BenchmarkMediaRange1MiB fetches 1 MiB ranges at random offsets of a
// 32 MiB episode over a real listener, with download counting on.
func BenchmarkMediaRange1MiB(b *testing.B) {
	e := newMediaEnv(b)
	const size = 32 << 20
	ep := e.episode("Bench", testmedia.RandomBytes(size, 9))
	url := e.ts.URL + "/media/" + ep.Audio.Key
	b.SetBytes(1 << 20)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		c := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
		buf := make([]byte, 64<<10)
		for pb.Next() {
			off := rand.IntN(size - 1<<20)
			req, _ := http.NewRequest("GET", url, nil)
			req.Header.Set("Range", fmt.Sprintf("bytes=%d-%d", off, off+1<<20-1))
			req.Header.Set("User-Agent", "Overcast/3.0")
			res, err := c.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			io.CopyBuffer(io.Discard, res.Body, buf)
			res.Body.Close()
			if res.StatusCode != 206 {
				b.Fatalf("status %d", res.StatusCode)
			}
		}
	})
}
