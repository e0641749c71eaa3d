package web

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/onair-fm/onair/analytics"
	"github.com/onair-fm/onair/internal/testmedia"
)

// TestEpisodeStatsAPI: GET /api/v1/episodes/{id}/stats counts one
// episode's downloads, by day and by app, with the show stats' query and
// report; the show's other episode's downloads are not in it.
func TestEpisodeStatsAPI(t *testing.T) {
	t.Parallel()
	const (
		iphone  = "AppleCoreMedia/1.0.0.21E236 (iPhone; U; CPU OS 17_4 like Mac OS X; en_us)"
		firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"
	)
	e := newMediaEnv(t)
	body := testmedia.RandomBytes(4096+16000*70, 5) // 70 seconds: a whole GET counts
	a := e.episode("A", body)
	b := e.episode("B", body)
	// 2026-03-02: A twice (two apps), B once; 2026-03-03: A once more.
	for _, d := range []struct {
		day    int
		ep     string
		ip, ua string
	}{
		{0, a.Audio.Key, "192.0.2.1", iphone},
		{0, a.Audio.Key, "192.0.2.2", firefox},
		{0, b.Audio.Key, "192.0.2.3", firefox},
		{1, a.Audio.Key, "192.0.2.4", iphone},
	} {
		e.clock = time.Date(2026, 3, 2+d.day, 10, 0, 0, 0, time.UTC)
		res, _ := e.do("GET", "/media/"+d.ep, map[string]string{"User-Agent": d.ua, "X-Forwarded-For": d.ip})
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", d.ep, res.StatusCode)
		}
		e.flush()
	}
	token := e.token()
	rows := func(rep analytics.Report) string {
		var out []string
		for _, r := range rep.Rows {
			out = append(out, fmt.Sprintf("%s=%d", r.Key, r.Count))
		}
		if rep.By == "app" { // equal counts come in any order
			slices.Sort(out)
		}
		return strings.Join(out, " ")
	}
	tests := []struct {
		path  string
		total int64
		rows  string
	}{
		{"/api/v1/episodes/" + a.ID + "/stats?by=day&from=2026-03-01&to=2026-03-04", 3,
			"2026-03-01=0 2026-03-02=2 2026-03-03=1 2026-03-04=0"},
		{"/api/v1/episodes/" + a.ID + "/stats?by=app&from=2026-03-01&to=2026-03-04", 3, "Apple Podcasts=2 Firefox=1"},
		{"/api/v1/episodes/" + b.ID + "/stats?by=app&from=2026-03-01&to=2026-03-04", 1, "Firefox=1"},
		{"/api/v1/episodes/" + b.ID + "/stats?from=2026-03-03T00:00:00Z&to=2026-03-03", 0, "2026-03-03=0"},
		{"/api/v1/episodes/" + a.ID + "/stats?by=episode&from=2026-03-01&to=2026-03-04", 3, a.ID + "=3"},
		{"/api/v1/shows/news/stats?by=app&from=2026-03-01&to=2026-03-04", 4, "Apple Podcasts=2 Firefox=2"},
	}
	for _, tt := range tests {
		var rep analytics.Report
		e.getJSON(tt.path, token, &rep)
		got := rows(rep)
		if rep.Total != tt.total || got != tt.rows || rep.Show != "news" {
			t.Errorf("GET %s: show %q, total %d, rows %q; want news, %d, %q", tt.path, rep.Show, rep.Total, got, tt.total, tt.rows)
		}
		if want := strings.HasPrefix(tt.path, "/api/v1/episodes/"); want != (rep.Episode != "") {
			t.Errorf("GET %s: episode %q", tt.path, rep.Episode)
		}
	}
	// No span: the last 30 days up to today, as for a show.
	var rep analytics.Report
	e.getJSON("/api/v1/episodes/"+a.ID+"/stats", token, &rep)
	if rep.By != "day" || rep.Episode != a.ID || rep.To != "2026-03-03" || rep.From != "2026-02-02" || len(rep.Rows) != 30 || rep.Total != 3 {
		t.Errorf("default report: %+v", rep)
	}

	for _, tt := range []struct {
		path   string
		token  string
		status int
	}{
		{"/api/v1/episodes/" + a.ID + "/stats?by=week", token, 422},
		{"/api/v1/episodes/" + a.ID + "/stats?from=yesterday", token, 422},
		{"/api/v1/episodes/" + a.ID + "/stats?from=2026-03-05&to=2026-03-01", token, 422},
		{"/api/v1/episodes/nope/stats", token, 404},
		{"/api/v1/episodes/" + a.ID + "/stats", "", 401},
	} {
		res, _ := e.do("GET", tt.path, map[string]string{"Authorization": "Bearer " + tt.token})
		if res.StatusCode != tt.status {
			t.Errorf("GET %s: %d, want %d", tt.path, res.StatusCode, tt.status)
		}
	}
}
