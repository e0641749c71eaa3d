package feeds

import (
	"strconv"
	"testing"
)

// BenchmarkRenderPage renders the main feed and the oldest archive page of
// a show limited to 100 items, as the show grows from 100 to 10,000
// episodes: a page costs the same whatever the show's size (ns/item flat),
// because it is a slice of the item list.
func BenchmarkRenderPage(b *testing.B) {
	const limit = 100
	for _, n := range []int{100, 1000, 10000} {
		in := manyInput(n)
		in.Show.FeedLimit = limit
		pagedLinks(&in)
		for _, page := range []string{"main", "oldest"} {
			b.Run("rss/"+strconv.Itoa(n)+"/"+page, func(b *testing.B) {
				b.ReportAllocs()
				k := 0
				if page == "oldest" && n > limit {
					k = 1
				}
				p := in
				eps, paging, ok := PageOf(in.Episodes, limit, k)
				if !ok {
					b.Fatal("no page")
				}
				p.Episodes, p.Paging = eps, paging
				for b.Loop() {
					if _, err := RSS(p); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/(float64(b.N)*float64(len(eps))), "ns/item")
			})
		}
	}
}
