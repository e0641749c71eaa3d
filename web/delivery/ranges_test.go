package delivery

import (
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/onair-fm/onair/catalog"
)

func TestPlainRange(t *testing.T) {
	for _, tc := range []struct {
		hdr        map[string]string
		start, end int64
		ok         bool
	}{
		{nil, 0, -1, true},
		{map[string]string{"Range": "bytes=0-1"}, 0, 2, true},
		{map[string]string{"Range": "bytes=100-"}, 100, -1, true},
		{map[string]string{"Range": "bytes=-500"}, -500, -1, true},
		{map[string]string{"Range": "bytes=-0"}, 0, 0, false},
		{map[string]string{"Range": "bytes=5-4"}, 0, 0, false},
		{map[string]string{"Range": "bytes=0-1,5-6"}, 0, 0, false},
		{map[string]string{"Range": "bytes= 0 - 1 ,"}, 0, 2, true}, // blanks and empty parts as ServeContent reads them
		{map[string]string{"Range": "items=0-1"}, 0, 0, false},
		{map[string]string{"Range": "bytes=x-1"}, 0, 0, false},
		{map[string]string{"If-None-Match": `"x"`}, 0, 0, false},
		{map[string]string{"Range": "bytes=0-1", "If-Range": `"x"`}, 0, 0, false},
	} {
		h := http.Header{}
		for k, v := range tc.hdr {
			h.Set(k, v)
		}
		start, end, ok := plainRange(h)
		if ok != tc.ok || ok && (start != tc.start || end != tc.end) {
			t.Errorf("plainRange(%v) = %d, %d, %v; want %d, %d, %v", tc.hdr, start, end, ok, tc.start, tc.end, tc.ok)
		}
	}
}

func TestParseRanges(t *testing.T) {
	br := func(s, e int64) catalog.ByteRange { return catalog.ByteRange{Start: s, End: e} }
	tests := []struct {
		h    string
		size int64
		want []catalog.ByteRange
	}{
		{"bytes=0-1", 100, []catalog.ByteRange{br(0, 2)}},
		{"bytes=10-", 100, []catalog.ByteRange{br(10, 100)}},
		{"bytes=-10", 100, []catalog.ByteRange{br(90, 100)}},
		{"bytes=-1000", 100, []catalog.ByteRange{br(0, 100)}},
		{"bytes=90-1000", 100, []catalog.ByteRange{br(90, 100)}},
		{"bytes=0-0, 5-9 ,-1", 100, []catalog.ByteRange{br(0, 1), br(5, 10), br(99, 100)}},
		{"bytes=100-", 100, nil},
		{"bytes=5-4", 100, nil},
		{"bytes=-0", 100, nil},
		{"bytes=x-1", 100, nil},
		{"items=0-1", 100, nil},
		{"bytes=0-1", 0, nil},
		{"bytes=4294967296-4294967305", 5 << 30, []catalog.ByteRange{br(4294967296, 4294967306)}},
	}
	for _, tt := range tests {
		if got := parseRanges(tt.h, tt.size); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("parseRanges(%q, %d) = %v, want %v", tt.h, tt.size, got, tt.want)
		}
	}
}

func FuzzParseRanges(f *testing.F) {
	for _, s := range []string{"bytes=0-1", "bytes=-5,7-", "bytes=1-2,3-4", "bytes= 9 - 10 ", "bytes=-"} {
		f.Add(s, int64(100))
	}
	f.Fuzz(func(t *testing.T, h string, size int64) {
		for _, r := range parseRanges(h, size) {
			if r.Start < 0 || r.End > size || r.Start >= r.End {
				t.Fatalf("parseRanges(%q, %d) gave %v", h, size, r)
			}
		}
	})
}

func TestContentRangeStart(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"bytes 0-1/100", 0, true},
		{"bytes 4294967296-4294967305/5368709120", 4294967296, true},
		{"bytes */100", 0, false},
		{"", 0, false},
		{"bytes -1-2/3", 0, false},
	}
	for _, tt := range tests {
		got, ok := contentRangeStart(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("contentRangeStart(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestContentDisposition(t *testing.T) {
	tests := []struct {
		kind, title, ext, want string
	}{
		{"inline", "Plain title", ".mp3", `inline; filename="Plain title.mp3"`},
		{"attachment", "Ça va", ".mp3", `attachment; filename="_a va.mp3"; filename*=UTF-8''%C3%87a%20va.mp3`},
		{"attachment", `a/b\c"d:e?`, ".m4a", `attachment; filename="a-b-c-d-e-.m4a"`},
		{"attachment", "  spaced \t out\n ", ".mp3", `attachment; filename="spaced out.mp3"`},
		{"attachment", "100% news", ".mp3", `attachment; filename="100_ news.mp3"; filename*=UTF-8''100%25%20news.mp3`},
		{"inline", "", ".mp3", "inline"},
		{"inline", "...", ".mp3", "inline"},
		{"inline", strings.Repeat("x", 200), ".mp3", `inline; filename="` + strings.Repeat("x", 120) + `.mp3"`},
	}
	for _, tt := range tests {
		if got := contentDisposition(tt.kind, tt.title, tt.ext); got != tt.want {
			t.Errorf("contentDisposition(%q, %q, %q) = %s, want %s", tt.kind, tt.title, tt.ext, got, tt.want)
		}
	}
}
