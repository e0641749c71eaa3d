package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/onair-fm/onair/analytics"
	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/internal/testmedia"
)

// TestDownloadCounting drives the real server with request sequences and
// a controlled clock, then reads the counts back through the stats API.
func TestDownloadCounting(t *testing.T) {
	t.Parallel()
	const (
		iphone  = "AppleCoreMedia/1.0.0.21E236 (iPhone; U; CPU OS 17_4 like Mac OS X; en_us)"
		firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"
		bot     = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
		minute  = 4096 + 960000 // header plus one minute at 128 kb/s
	)
	type req struct {
		ip, ua, method, rng string
		after               time.Duration // clock moves this much first
	}
	ranges64k := func(ip, ua string, upTo int) []req {
		var rs []req
		for off := 0; off < upTo; off += 64 << 10 {
			rs = append(rs, req{ip, ua, "GET", fmt.Sprintf("bytes=%d-%d", off, min(off+64<<10, upTo)-1), 50 * time.Millisecond})
		}
		return rs
	}
	tests := []struct {
		name string
		reqs []req
		want int64
	}{
		{"Apple probe only", []req{{"192.0.2.1", iphone, "GET", "bytes=0-1", 0}}, 0},
		{"Apple probe then the file", []req{
			{"192.0.2.1", iphone, "GET", "bytes=0-1", 0},
			{"192.0.2.1", iphone, "GET", "bytes=0-", time.Second},
		}, 1},
		{"64 KB ranges", ranges64k("192.0.2.2", firefox, 3*minute), 1},
		{"stops after 30 seconds", ranges64k("192.0.2.3", firefox, 4096+480000), 0},
		{"header plus 59 seconds", []req{{"192.0.2.5", firefox, "GET", fmt.Sprintf("bytes=0-%d", 4096+59*16000-1), 0}}, 0},
		{"header plus 61 seconds", []req{{"192.0.2.6", firefox, "GET", fmt.Sprintf("bytes=0-%d", 4096+61*16000-1), 0}}, 1},
		{"HEAD never counts", []req{{"192.0.2.4", iphone, "HEAD", "", 0}, {"192.0.2.4", iphone, "HEAD", "bytes=0-", 0}}, 0},
		{"two listeners behind one IPv4", []req{
			{"198.51.100.7", iphone, "GET", "", 0},
			{"198.51.100.7", firefox, "GET", "", time.Second},
			{"198.51.100.7", iphone, "GET", "", time.Minute},
		}, 2},
		{"one IPv6 /64 with changing host bits", []req{
			{"2001:db8:5:6::1", iphone, "GET", "bytes=0-500000", 0},
			{"2001:db8:5:6:a:b:c:d", iphone, "GET", "bytes=500001-1000000", time.Minute},
			{"2001:db8:5:6:ffff::9", iphone, "GET", "", time.Minute},
		}, 1},
		{"a bot", []req{{"192.0.2.9", bot, "GET", "", 0}, {"192.0.2.9", "curl/8.5.0", "GET", "", 0}}, 0},
		{"24-hour boundary", []req{
			{"192.0.2.10", iphone, "GET", "", 0},
			{"192.0.2.10", iphone, "GET", "", 24*time.Hour - time.Second},
			{"192.0.2.10", iphone, "GET", "", time.Second},
		}, 2},
	}
	e := newMediaEnv(t)
	body := testmedia.RandomBytes(4096+16000*300, 3) // five minutes
	eps := map[string]*catalog.Episode{}
	for i, tt := range tests {
		eps[tt.name] = e.episode(fmt.Sprintf("Episode %d", i), body)
	}
	start := e.clock
	for _, tt := range tests {
		ep := eps[tt.name]
		e.clock = start
		for _, r := range tt.reqs {
			e.clock = e.clock.Add(r.after)
			hdr := map[string]string{"User-Agent": r.ua, "X-Forwarded-For": r.ip}
			if r.rng != "" {
				hdr["Range"] = r.rng
			}
			res, _ := e.do(r.method, "/media/"+ep.Audio.Key, hdr)
			if res.StatusCode != 200 && res.StatusCode != 206 {
				t.Fatalf("%s: %s %s: status %d", tt.name, r.method, r.rng, res.StatusCode)
			}
			e.flush()
		}
	}
	token := e.token()
	var rep analytics.Report
	e.getJSON("/api/v1/shows/news/stats?by=episode&from=2026-03-01&to=2026-03-05", token, &rep)
	got := map[string]int64{}
	for _, r := range rep.Rows {
		got[r.Key] = r.Count
	}
	var total int64
	for _, tt := range tests {
		if n := got[eps[tt.name].ID]; n != tt.want {
			t.Errorf("%s: %d downloads, want %d", tt.name, n, tt.want)
		}
		total += tt.want
	}
	if rep.Total != total {
		t.Errorf("total %d, want %d", rep.Total, total)
	}
	if e.rec.Dropped() != 0 || e.rec.Counted() != total {
		t.Errorf("recorder: %d dropped, %d counted; want 0 and %d", e.rec.Dropped(), e.rec.Counted(), total)
	}

	e.getJSON("/api/v1/shows/news/stats?by=app&from=2026-03-01&to=2026-03-05", token, &rep)
	apps := map[string]int64{}
	for _, r := range rep.Rows {
		apps[r.Key] = r.Count
	}
	if apps["Apple Podcasts"] != 5 || apps["Firefox"] != 3 || len(apps) != 2 {
		t.Errorf("by app: %v, want Apple Podcasts 5, Firefox 3", apps)
	}
	e.getJSON("/api/v1/shows/news/stats?by=day&from=2026-03-01&to=2026-03-04", token, &rep)
	days := []string{}
	for _, r := range rep.Rows {
		days = append(days, fmt.Sprintf("%s=%d", r.Key, r.Count))
	}
	if strings.Join(days, " ") != "2026-03-01=0 2026-03-02=7 2026-03-03=1 2026-03-04=0" {
		t.Errorf("by day: %v", days)
	}
}

// TestStatsAPIErrors: bad queries are 422, unknown shows 404, no token 401.
func TestStatsAPIErrors(t *testing.T) {
	t.Parallel()
	e := newMediaEnv(t)
	token := e.token()
	tests := []struct {
		path   string
		token  string
		status int
	}{
		{"/api/v1/shows/news/stats", token, 200},
		{"/api/v1/shows/" + e.show.ID + "/stats?by=app", token, 200},
		{"/api/v1/shows/news/stats?by=week", token, 422},
		{"/api/v1/shows/news/stats?from=yesterday", token, 422},
		{"/api/v1/shows/news/stats?from=2026-03-05&to=2026-03-01", token, 422},
		// The first day Go can name is its zero time, which meant "not
		// sent": the span silently became the 30 days before to.
		{"/api/v1/shows/news/stats?from=0001-01-01&to=2026-03-01", token, 422},
		{"/api/v1/shows/news/stats?from=0001-01-01T00:00:00Z", token, 422},
		{"/api/v1/shows/news/stats?from=0001-01-01&to=9999-12-31", token, 422},
		{"/api/v1/shows/news/stats?to=0001-01-01", token, 422},
		{"/api/v1/shows/news/stats?from=1969-12-31&to=1970-01-02", token, 422},
		{"/api/v1/shows/news/stats?from=1970-01-01&to=1970-01-02", token, 200},
		{"/api/v1/shows/nope/stats", token, 404},
		{"/api/v1/shows/news/stats", "", 401},
	}
	for _, tt := range tests {
		res, _ := e.do("GET", tt.path, map[string]string{"Authorization": "Bearer " + tt.token})
		if res.StatusCode != tt.status {
			t.Errorf("GET %s: %d, want %d", tt.path, res.StatusCode, tt.status)
		}
	}
}

// token stores an API token and returns its secret.
func (e *mediaEnv) token() string {
	e.t.Helper()
	secret := "test-token-" + catalog.NewID()
	if err := e.store.CreateToken(e.t.Context(), &catalog.Token{Name: "test", Hash: catalog.HashToken(secret)}); err != nil {
		e.t.Fatal(err)
	}
	return secret
}

func (e *mediaEnv) getJSON(path, token string, v any) {
	e.t.Helper()
	res, b := e.do("GET", path, map[string]string{"Authorization": "Bearer " + token})
	if res.StatusCode != http.StatusOK {
		e.t.Fatalf("GET %s: %d %s", path, res.StatusCode, b)
	}
	if err := json.Unmarshal(b, v); err != nil {
		e.t.Fatalf("GET %s: %v", path, err)
	}
}

// TestForwardedForTrust: X-Forwarded-For names the listener only when the
// peer is a trusted proxy (loopback by default); otherwise anyone could
// fake addresses to inflate counts.
func TestForwardedForTrust(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		proxies []string
		want    int64
	}{
		{"loopback proxy trusted", nil, 2},
		{"no proxy trusted", []string{}, 1},
		{"another proxy trusted", []string{"10.0.0.0/8"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newMediaEnv(t, func(c *Config) { c.TrustedProxies = tt.proxies })
			ep := e.episode("Trust", testmedia.RandomBytes(4096+16000*70, 7))
			for _, ip := range []string{"192.0.2.1", "192.0.2.2"} {
				e.do("GET", "/media/"+ep.Audio.Key, map[string]string{"User-Agent": "Overcast/3.0", "X-Forwarded-For": ip})
			}
			e.flush()
			if got := e.rec.Counted(); got != tt.want {
				t.Errorf("%d downloads, want %d", got, tt.want)
			}
		})
	}
}
