package web

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"testing"
	"time"
)

// slogLine is the line slog's JSON handler writes for logRequest's record.
func slogLine(t testing.TB, at time.Time, method, path string, status, size int, d time.Duration, id string) []byte {
	var buf bytes.Buffer
	r := slog.NewRecord(at, slog.LevelInfo, "request", 0)
	r.AddAttrs(slog.String("method", method), slog.String("path", path), slog.Int("status", status),
		slog.Int("bytes", size), slog.Duration("duration", d), slog.String("request_id", id))
	if err := slog.NewJSONHandler(&buf, nil).Handle(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestAccessLineMatchesSlog(t *testing.T) {
	utc := time.Date(2026, 11, 25, 16, 47, 49, 119388268, time.UTC)
	zoned := time.Date(2026, 3, 1, 12, 0, 0, 0, time.FixedZone("", -5*3600))
	for _, tc := range []struct {
		name, method, path, id string
		at                     time.Time
	}{
		{"feed", "GET", "/shows/bench/feed.rss", "a0533bb42f0edc6b", utc},
		{"whole second in a zone", "HEAD", "/", "x", zoned},
		{"quotes and backslashes", "GET", `/a"b\c`, `id"\`, utc},
		{"controls", "GET", "/a\x00b\x01\x1f\t\n\r\x7f", "", utc},
		{"invalid UTF-8", "G\xffT", "/\xff\xfe/\xc3", "\xed\xa0\x80", utc},
		{"separators", "GET", "/a\u2028b\u2029c", "", utc},
		{"HTML and non-ASCII", "GET", "/<script>&é/日本/🎙", "", utc},
	} {
		want := slogLine(t, tc.at, tc.method, tc.path, 404, 12345, 16485*time.Nanosecond, tc.id)
		got := appendAccessLine(nil, tc.at, tc.method, tc.path, 404, 12345, 16485*time.Nanosecond, tc.id)
		if !bytes.Equal(got, want) {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, want)
		}
	}
}

func FuzzAccessLine(f *testing.F) {
	f.Add("GET", "/shows/x/feed.rss", "id", int64(0))
	f.Add("G\xffT", "/a\"\\\x00\u2028", "\xed\xa0\x80", int64(1<<40))
	f.Fuzz(func(t *testing.T, method, path, id string, d int64) {
		at := time.Unix(1764089269, d%1e9).UTC()
		want := slogLine(t, at, method, path, 200, int(d), time.Duration(d), id)
		got := appendAccessLine(nil, at, method, path, 200, int(d), time.Duration(d), id)
		if !bytes.Equal(got, want) {
			t.Fatalf("\n got %s\nwant %s", got, want)
		}
	})
}

// With Config.AccessLog, every request is one JSON line there, with what
// the client was answered.
func TestAccessLogConfigured(t *testing.T) {
	var logs bytes.Buffer
	env := newFeedEnv(t, Config{AccessLog: &logs})
	env.seedShow("daily", 3)
	body, _ := env.get("/shows/daily/feed.rss")
	missing := env.do(http.MethodGet, "/shows/no\"such/feed.rss")
	lines := bytes.Split(bytes.TrimSuffix(logs.Bytes(), []byte("\n")), []byte("\n"))
	if len(lines) != 2 {
		t.Fatalf("%d log lines, want 2:\n%s", len(lines), logs.Bytes())
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
