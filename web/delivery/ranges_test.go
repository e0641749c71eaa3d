package delivery

import (
	"net/http"
	"reflect"
	"strconv"
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
		{"attachment", "evil\u202E3pm.exe", ".mp3", `attachment; filename="evil3pm.exe.mp3"`},
		{"attachment", "\u2067Ça\u200F va\u061C\u2069", ".mp3", `attachment; filename="_a va.mp3"; filename*=UTF-8''%C3%87a%20va.mp3`},
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

func TestLimitRanges(t *testing.T) {
	many := func(n, step int) string {
		parts := make([]string, n)
		for i := range parts {
			parts[i] = strconv.Itoa(i*step) + "-" + strconv.Itoa(i*step)
		}
		return "bytes=" + strings.Join(parts, ",")
	}
	tests := []struct {
		name, in string
		size     int64
		want     string // "" when the Range is removed (the whole file)
	}{
		{"single range untouched", "bytes=5-9", 100, "bytes=5-9"},
		{"suffix untouched", "bytes=-10", 100, "bytes=-10"},
		{"distinct ranges kept in order", "bytes=50-59,0-0,-5", 100, "bytes=50-59,0-0,95-99"},
		{"duplicates merge", "bytes=0-0,0-0", 100, "bytes=0-0"},
		{"overlap merges", "bytes=0-9,5-14", 100, "bytes=0-14"},
		{"adjacent merge", "bytes=0-9,10-19", 100, "bytes=0-19"},
		{"merged range takes the first one's place", "bytes=40-49,10-19,0-9", 100, "bytes=40-49,0-19"},
		{"a gap keeps two parts", "bytes=0-9,11-19", 100, "bytes=0-9,11-19"},
		{"unsatisfiable ones dropped", "bytes=0-1,200-300,5-6", 100, "bytes=0-1,5-6"},
		{"nothing satisfiable: left for 416", "bytes=200-,300-", 100, "bytes=200-,300-"},
		{"malformed: left as is", "bytes=0-1,x", 100, "bytes=0-1,x"},
		{"ranges summing past the file: whole file", "bytes=0-,0-", 100, ""},
		{"cap after merging", many(maxRangeParts, 2), 1000, many(maxRangeParts, 2)},
		{"one part over the cap: whole file", many(maxRangeParts+1, 2), 1000, ""},
		{"1000 one-byte ranges: whole file", many(1000, 39), 39 << 10, ""},
		{"1000 equal ranges merge", "bytes=" + strings.Repeat("0-0,", 999) + "0-0", 10000, "bytes=0-0"},
		{"1000 equal ranges past the file's size: whole file", "bytes=" + strings.Repeat("0-0,", 999) + "0-0", 999, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{"Range": {tt.in}}
			limitRanges(h, tt.size)
			if got := h.Get("Range"); got != tt.want {
				t.Errorf("limitRanges(%.60q, %d) = %.60q, want %.60q", tt.in, tt.size, got, tt.want)
			}
		})
	}
}
