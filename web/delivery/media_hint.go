package delivery

import (
	"context"
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

// openMedia opens the blob for http.ServeContent. Storage that can start
// reading in the request that finds the blob (S3: a ranged GET whose
// Content-Range gives the size) does so for a plain GET of the whole blob
// or of one range: one request to storage instead of a HEAD and a GET, and
// a blob deleted through another node is a 404 before any header goes out.
// HEAD, several ranges and conditional requests (often answered without a
// byte) open as usual, from the storage's cached info when it has it.
func (s *Media) openMedia(ctx context.Context, r *http.Request, key string) (media.Reader, media.BlobInfo, error) {
	if ro, ok := s.Blobs.(media.RangeOpener); ok && r.Method == http.MethodGet {
		if start, end, ok := plainRange(r.Header); ok {
			return ro.OpenRange(ctx, key, start, end)
		}
	}
	return s.Blobs.Open(ctx, key)
}

// plainRange reads a request that asks for the whole blob, or one range
// of it (rangeSpecs), without conditions, as RangeOpener's start and end:
// "a-b", "a-" and the suffix "-n". Anything else is not ok and opens as
// usual.
func plainRange(h http.Header) (start, end int64, ok bool) {
	for _, c := range []string{"If-Range", "If-None-Match", "If-Modified-Since", "If-Match", "If-Unmodified-Since"} {
		if h.Get(c) != "" {
			return 0, 0, false
		}
	}
	v := h.Get("Range")
	if v == "" {
		return 0, -1, true
	}
	specs := rangeSpecs(v)
	if len(specs) != 1 {
		return 0, 0, false
	}
	r := specs[0]
	if r.last < 0 {
		return r.first, -1, true
	}
	return r.first, r.last + 1, true
}
