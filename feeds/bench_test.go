package feeds

import (
	"strconv"
	"testing"
)

// BenchmarkRender renders feeds of growing size. ns/episode and
// allocs/episode should stay flat as the feed grows.
func BenchmarkRender(b *testing.B) {
	for _, r := range renderers {
		for _, n := range []int{100, 1000, 10000} {
			in := manyInput(n)
			b.Run(r.ext+"/"+strconv.Itoa(n), func(b *testing.B) {
				b.ReportAllocs()
				var size int
				for b.Loop() {
					out, err := r.render(in)
					if err != nil {
						b.Fatal(err)
					}
					size = len(out)
				}
				b.StopTimer()
				per := float64(b.N) * float64(n)
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/per, "ns/episode")
				if allocs := testing.AllocsPerRun(1, func() { r.render(in) }); allocs > 0 {
					b.ReportMetric(allocs/float64(n), "allocs/episode")
				}
				b.ReportMetric(float64(size)/float64(n), "bytes/episode")
			})
		}
	}
}
