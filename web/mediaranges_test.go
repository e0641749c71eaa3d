package web

import (
	"reflect"
	"strings"
	"testing"

	"github.com/onair-fm/onair/catalog"
)

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

// TestMetrics: GET /metrics speaks the Prometheus text format and has
// onair's series after some media traffic.
func TestMetrics(t *testing.T) {
	e := newMediaEnv(t)
	ep := e.episode("Metrics", randomBytes(4096+16000*70, 6))
	e.do("GET", "/media/"+ep.Audio.Key, map[string]string{"User-Agent": "Overcast/3.0"})
	e.do("GET", "/media/episodes/nope/x.mp3", nil)
	e.do("GET", "/media/episodes/nope/x.mp3", nil)
	// Made-up methods share one label, not a series each.
	e.do("BREW", "/media/"+ep.Audio.Key, nil)
	e.do("WHEN", "/media/"+ep.Audio.Key, nil)
	e.flush()
	res, body := e.do("GET", "/metrics", nil)
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("GET /metrics: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	for _, want := range []string{
		`onair_http_requests_total{method="GET",route="/media/*key",status="200"} 1`,
		`onair_http_requests_total{method="GET",route="/media/*key",status="404"} 2`,
		`onair_http_requests_total{method="other",route="unmatched",status="405"} 2`,
		"onair_media_bytes_served_total 1.124096e+06",
		"onair_download_events_recorded_total 1",
		"onair_download_events_dropped_total 0",
		"onair_downloads_counted_total 1",
		"onair_http_request_duration_seconds_bucket{route=\"/media/*key\"",
		"go_goroutines ",
		"process_resident_memory_bytes ",
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if strings.Contains(string(body), `method="BREW"`) {
		t.Error("a made-up method became a label value")
	}
}
