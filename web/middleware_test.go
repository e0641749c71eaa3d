package web

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestRequestID: a client's X-Request-Id is kept when it is a plain token
// (1-64 visible ASCII characters), else the server makes one up; the id
// in the response header is the one the log line names, byte for byte, so
// a request can be found in the logs by what the client was told.
func TestRequestID(t *testing.T) {
	t.Parallel()
	e := newMediaEnv(t)
	var logs bytes.Buffer
	e.srv.Log = slog.New(slog.NewJSONHandler(&logs, nil))
	h := e.srv.Handler()
	made := regexp.MustCompile(`^[0-9a-f]{16}$`)
	tests := []struct {
		name, sent string
		kept       bool
	}{
		{"none", "", false},
		{"uuid", "0b6f8d2e-7c1a-4f3e-9d5b-2a8c4e6f1b3d", true},
		{"token with punctuation", "Root=1-5759e988;Parent=53995c3f", true},
		{"64 bytes", strings.Repeat("a", 64), true},
		{"65 bytes", strings.Repeat("a", 65), false},
		{"huge", strings.Repeat("x", 8000), false},
		{"invalid UTF-8", "\xff\xfeid", false},
		{"non-ASCII", "id-é", false},
		{"tab inside", "a\tb", false},
		{"space inside", "a b", false},
		{"markup", "<script>", true},
	}
	for _, tt := range tests {
		logs.Reset()
		hdr := map[string]string{}
		if tt.sent != "" {
			hdr["X-Request-Id"] = tt.sent
		}
		res, _ := serveFrom(h, "GET", "/healthz", "127.0.0.1:5000", hdr)
		got := res.Header().Get("X-Request-Id")
		switch {
		case tt.kept && got != tt.sent:
			t.Errorf("%s: X-Request-Id %q, want %q kept", tt.name, got, tt.sent)
		case !tt.kept && !made.MatchString(got):
			t.Errorf("%s: X-Request-Id %q, want one the server made", tt.name, got)
		}
		var line struct {
			RequestID string `json:"request_id"`
		}
		if err := json.Unmarshal(logs.Bytes(), &line); err != nil {
			t.Fatalf("%s: log line %q: %v", tt.name, logs.String(), err)
		}
		if line.RequestID != got {
			t.Errorf("%s: logged request_id %q, answered %q", tt.name, line.RequestID, got)
		}
	}
}

// Public data (feeds, chapters) goes without the headers that belong to
// one request or to pages: a shared cache hands it to everyone, and it is
// not a page anyone could frame. Errors on those routes still name their
// request, and pages keep both.
func TestPublicDataHeaders(t *testing.T) {
	t.Parallel()
	env := newFeedEnv(t, Config{})
	env.SeedShow("daily", 2)
	for _, tc := range []struct {
		path   string
		code   int
		public bool
	}{
		{"/shows/daily/feed.rss", 200, true},
		{"/shows/daily/feed.atom", 200, true},
		{"/shows/daily/feed.json", 200, true},
		{"/shows/nosuch/feed.rss", 404, true},
		{"/shows/daily", 200, false},
		{"/healthz", 200, false},
		{"/no/such/path", 404, false},
	} {
		rec := env.Do(http.MethodGet, tc.path)
		h := rec.Header()
		if rec.Code != tc.code {
			t.Fatalf("%s: %d", tc.path, rec.Code)
		}
		if framed := h.Get("X-Frame-Options") != "" || h.Get("Content-Security-Policy") != ""; framed == tc.public {
			t.Errorf("%s: X-Frame-Options %q, CSP %q", tc.path, h.Get("X-Frame-Options"), h.Get("Content-Security-Policy"))
		}
		if hasID := h.Get("X-Request-Id") != ""; hasID != (!tc.public || tc.code != 200) {
			t.Errorf("%s: X-Request-Id %q", tc.path, h.Get("X-Request-Id"))
		}
	}
	// An error on a public data route shown as a page refuses frames.
	page := env.Do(http.MethodGet, "/shows/nosuch/feed.rss", "Accept", "text/html")
	if page.Code != 404 || page.Header().Get("X-Frame-Options") != "DENY" || page.Header().Get("Content-Security-Policy") == "" {
		t.Errorf("HTML 404 on a feed route: %d %v", page.Code, page.Header())
	}
	// A client's own id on public data is logged, not echoed.
	var logs bytes.Buffer
	env.srv.Log = slog.New(slog.NewJSONHandler(&logs, nil))
	rec := env.Do(http.MethodGet, "/shows/daily/feed.rss", "X-Request-Id", "client-42")
	if rec.Header().Get("X-Request-Id") != "" || !strings.Contains(logs.String(), `"request_id":"client-42"`) {
		t.Errorf("header %q, log %s", rec.Header().Get("X-Request-Id"), logs.String())
	}
}
