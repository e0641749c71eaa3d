package web

import (
	"strings"
	"testing"

	"github.com/onair-fm/onair/internal/testmedia"
)

// TestMetrics: GET /metrics speaks the Prometheus text format and has
// onair's series after some media traffic.
func TestMetrics(t *testing.T) {
	t.Parallel()
	e := newMediaEnv(t)
	ep := e.episode("Metrics", testmedia.RandomBytes(4096+16000*70, 6))
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
