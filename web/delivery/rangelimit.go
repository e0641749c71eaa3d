package delivery

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/onair-fm/onair/catalog"
)

// maxRangeParts is how many parts a multipart/byteranges answer may have
// once overlapping and adjacent ranges are merged. Players ask for one
// range; a request for more than this many separate pieces of one file is
// a scan or an attack, and each part costs a seek, a part header and a
// write.
const maxRangeParts = 16

// limitRanges rewrites a Range header with several ranges (after
// cleanRange) the way nginx treats them: ranges that cannot be satisfied
// are dropped, overlapping and adjacent ones are merged (RFC 9110 15.3.7.2
// allows it; the parts keep the order in which their first range was
// asked for), and an abusive request is answered with the whole file (the
// Range is removed, so the answer is a 200): one whose ranges add up to
// more than the file, or that still has more than maxRangeParts parts.
// A single range, a malformed header, or one with nothing satisfiable is
// left to http.ServeContent (206 or 416 as before).
func limitRanges(h http.Header, size int64) {
	v := h.Get("Range")
	if v == "" || !strings.Contains(v, ",") {
		return
	}
	specs := rangeSpecs(v)
	if len(specs) < 2 {
		return
	}
	rs := make([]catalog.ByteRange, 0, len(specs))
	var sum int64
	for _, s := range specs {
		r, ok := resolveRange(s, size)
		if !ok {
			continue
		}
		sum += r.End - r.Start
		rs = append(rs, r)
	}
	if len(rs) == 0 {
		return
	}
	if sum > size {
		h.Del("Range")
		return
	}
	if rs = coalesceRanges(rs); len(rs) > maxRangeParts {
		h.Del("Range")
		return
	}
	h.Set("Range", formatRanges(rs))
}

// resolveRange turns one range of a header into the bytes [Start, End) of
// a blob of size; not ok when the blob cannot satisfy it.
func resolveRange(s rangeSpec, size int64) (catalog.ByteRange, bool) {
	switch {
	case size <= 0:
		return catalog.ByteRange{}, false
	case s.first < 0:
		return catalog.ByteRange{Start: max(size+s.first, 0), End: size}, true
	case s.first >= size:
		return catalog.ByteRange{}, false
	case s.last < 0:
		return catalog.ByteRange{Start: s.first, End: size}, true
	}
	return catalog.ByteRange{Start: s.first, End: min(s.last+1, size)}, true
}

// coalesceRanges merges ranges that overlap or touch. Each merged range
// takes the place of the earliest-listed range in it, so ranges that merge
// with nothing keep the order they were asked in.
func coalesceRanges(rs []catalog.ByteRange) []catalog.ByteRange {
	type group struct {
		r     catalog.ByteRange
		first int // index of its earliest-listed range
	}
	order := make([]int, len(rs))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(rs[a].Start, rs[b].Start) })
	groups := make([]group, 0, len(rs))
	for _, i := range order {
		r := rs[i]
		if n := len(groups); n > 0 && r.Start <= groups[n-1].r.End {
			g := &groups[n-1]
			g.r.End = max(g.r.End, r.End)
			g.first = min(g.first, i)
			continue
		}
		groups = append(groups, group{r, i})
	}
	slices.SortFunc(groups, func(a, b group) int { return cmp.Compare(a.first, b.first) })
	out := rs[:0]
	for _, g := range groups {
		out = append(out, g.r)
	}
	return out
}

// formatRanges writes ranges back as a Range header value.
func formatRanges(rs []catalog.ByteRange) string {
	b := make([]byte, 0, 6+len(rs)*24)
	b = append(b, "bytes="...)
	for i, r := range rs {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, r.Start, 10)
		b = append(b, '-')
		b = strconv.AppendInt(b, r.End-1, 10)
	}
	return string(b)
}
