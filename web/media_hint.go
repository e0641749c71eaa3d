package web

import (
	"net/http"

	"github.com/onair-fm/onair/media"
)

// hintRead tells a reader that can use it (S3's) which bytes
// http.ServeContent is about to read: the whole blob without a Range, the
// one range with one. The reader then makes one GET for exactly those
// bytes instead of a probe block and growing windows. Several ranges, or a
// Range that ServeContent will ignore, only cost the hint.
func hintRead(rd media.Reader, r *http.Request, size int64) {
	h, ok := rd.(media.RangeHinter)
	if !ok || r.Method != http.MethodGet {
		return
	}
	rng := r.Header.Get("Range")
	if rng == "" {
		h.ReadHint(0, size)
		return
	}
	if rs := parseRanges(rng, size); len(rs) == 1 {
		h.ReadHint(rs[0].Start, rs[0].End)
	}
}
