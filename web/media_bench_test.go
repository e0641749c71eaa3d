package web

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"syscall"
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

// BenchmarkMediaManyRanges compares one request for 3,400 one-byte ranges
// spread over a 48 MB episode with one request for 3,400 bytes in one
// range. cpu-ns/op is the process's user+system CPU per request (server
// and client share the process).
func BenchmarkMediaManyRanges(b *testing.B) {
	e := newMediaEnv(b)
	const size, n = 48 << 20, 3400
	ep := e.episode("Bench", testmedia.RandomBytes(size, 9))
	url := e.ts.URL + "/media/" + ep.Audio.Key
	var many strings.Builder
	many.WriteString("bytes=")
	for i := range n {
		if i > 0 {
			many.WriteByte(',')
		}
		off := i * (size / n)
		fmt.Fprintf(&many, "%d-%d", off, off)
	}
	for _, bc := range []struct{ name, rng string }{
		{"one range", fmt.Sprintf("bytes=0-%d", n-1)},
		{"3400 one-byte ranges", many.String()},
	} {
		b.Run(bc.name, func(b *testing.B) {
			c := &http.Client{}
			buf := make([]byte, 64<<10)
			var got int64
			cpu0 := processCPU()
			b.ResetTimer()
			for b.Loop() {
				req, _ := http.NewRequest("GET", url, nil)
				req.Header.Set("Range", bc.rng)
				res, err := c.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				m, _ := io.CopyBuffer(io.Discard, res.Body, buf)
				got += m
				res.Body.Close()
			}
			b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op")
			b.ReportMetric(float64(got)/float64(b.N), "resp-bytes/op")
		})
	}
}

// processCPU is the CPU time the process has used so far, in nanoseconds.
func processCPU() int64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Utime.Nano() + ru.Stime.Nano()
}
