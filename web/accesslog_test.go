package web

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/onair-fm/onair/internal/testmedia"
	"github.com/onair-fm/onair/logs"
)

// Every request is one JSON line, with what the client was answered,
// through the handler onair serve logs with.
func TestAccessLog(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	env := newFeedEnv(t, Config{})
	env.srv.Log = slog.New(logs.NewHandler(&out, nil))
	env.SeedShow("daily", 3)
	body, _ := env.Get("/shows/daily/feed.rss")
	missing := env.Do(http.MethodGet, "/shows/no\"such/feed.rss")
	lines := bytes.Split(bytes.TrimSuffix(out.Bytes(), []byte("\n")), []byte("\n"))
	if len(lines) != 2 {
		t.Fatalf("%d log lines, want 2:\n%s", len(lines), out.Bytes())
	}
	type line struct {
		Time      time.Time `json:"time"`
		Level     string    `json:"level"`
		Msg       string    `json:"msg"`
		Method    string    `json:"method"`
		Path      string    `json:"path"`
		Status    int       `json:"status"`
		Bytes     int       `json:"bytes"`
		Duration  int64     `json:"duration"`
		RequestID string    `json:"request_id"`
	}
	var got [2]line
	for i, l := range lines {
		if err := json.Unmarshal(l, &got[i]); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
	}
	want := line{Time: got[0].Time, Level: "INFO", Msg: "request", Method: "GET", Path: "/shows/daily/feed.rss",
		Status: 200, Bytes: len(body), Duration: got[0].Duration, RequestID: got[0].RequestID}
	if got[0] != want || got[0].Time.IsZero() || got[0].Duration <= 0 || len(got[0].RequestID) != 16 {
		t.Errorf("feed line %+v, want %+v", got[0], want)
	}
	if got[1].Path != `/shows/no"such/feed.rss` || got[1].Status != 404 ||
		got[1].RequestID != missing.Header().Get("X-Request-Id") || got[1].RequestID == got[0].RequestID {
		t.Errorf("404 line %+v; answered X-Request-Id %q", got[1], missing.Header().Get("X-Request-Id"))
	}
}

// Media goes out around gin's writer (sendfile); its request lines still
// say how many body bytes were sent.
func TestAccessLogMediaBytes(t *testing.T) {
	t.Parallel()
	e := newMediaEnv(t)
	var out bytes.Buffer
	e.srv.Log = slog.New(logs.NewHandler(&out, nil))
	ep := e.episode("Bytes", testmedia.RandomBytes(100_000, 3))
	path := "/media/" + ep.Audio.Key
	for _, tc := range []struct {
		rng  string
		code int
		want int
	}{
		{"", 200, 100_000},
		{"bytes=1000-1999", 206, 1000},
		{"bytes=99990-", 206, 10},
	} {
		out.Reset()
		hdr := map[string]string{}
		if tc.rng != "" {
			hdr["Range"] = tc.rng
		}
		res, body := e.do(http.MethodGet, path, hdr)
		var line struct {
			Status int `json:"status"`
			Bytes  int `json:"bytes"`
		}
		e.flush()
		if err := json.Unmarshal(bytes.TrimSpace(out.Bytes()), &line); err != nil {
			t.Fatalf("log %q: %v", out.String(), err)
		}
		if res.StatusCode != tc.code || len(body) != tc.want || line.Status != tc.code || line.Bytes != tc.want {
			t.Errorf("Range %q: answered %d with %d bytes, logged %+v", tc.rng, res.StatusCode, len(body), line)
		}
	}
}
