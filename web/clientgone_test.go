package web

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/internal/testlog"
	"github.com/onair-fm/onair/logs"
)

// logLines parses the JSON log lines written to s.
func logLines(t *testing.T, s *testlog.Buffer) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(s.String()), "\n") {
		if l == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line %q: %v", l, err)
		}
		out = append(out, m)
	}
	return out
}

// blockingStore holds ListEpisodes until release is closed, or fails it
// with fail when that is set.
type blockingStore struct {
	catalog.Store
	entered chan struct{}
	release chan struct{}
	fail    error
}

func (b *blockingStore) ListEpisodes(ctx context.Context, f catalog.EpisodeFilter) ([]*catalog.Episode, error) {
	if b.fail != nil {
		return nil, b.fail
	}
	if b.entered != nil {
		b.entered <- struct{}{}
		<-b.release
	}
	return b.Store.ListEpisodes(ctx, f)
}

// TestClientGoneIsNo5xx: clients that go away mid-request (a feed request
// waiting for its rebuild, an upload whose body is cut off) are logged as
// 499 at INFO (the request line) and DEBUG, never as an error, and
// counted as 499 in /metrics, never as a 5xx.
func TestClientGoneIsNo5xx(t *testing.T) {
	t.Parallel()
	env := newFeedEnv(t, Config{})
	sh, _ := env.SeedShow("daily", 2)
	var out testlog.Buffer
	bs := &blockingStore{Store: env.srv.Store, entered: make(chan struct{}, 4), release: make(chan struct{})}
	env.srv.Store = bs
	env.srv.Log = slog.New(logs.NewHandler(&out, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv := httptest.NewServer(env.H)
	defer srv.Close()

	// A feed request whose client leaves while the feed is being built.
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/shows/daily/feed.rss", nil)
	errc := make(chan error, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		errc <- err
	}()
	<-bs.entered
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("the client's request: %v", err)
	}

	// An upload whose client closes the connection halfway through the body.
	secret, tok := catalog.NewToken("test")
	must(t, env.Store.CreateToken(env.Ctx(), tok))
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	part := "--b\r\nContent-Disposition: form-data; name=\"audio\"; filename=\"a.mp3\"\r\nContent-Type: audio/mpeg\r\n\r\nID3" +
		strings.Repeat("\x00", 64<<10)
	fmt.Fprintf(conn, "POST /api/v1/shows/%s/episodes HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"+
		"Content-Type: multipart/form-data; boundary=b\r\nContent-Length: %d\r\n\r\n%s", sh.Slug, secret, 10<<20, part)
	time.Sleep(100 * time.Millisecond)
	conn.Close()

	// Both requests end; the rebuild goes on and is kept.
	waitFor(t, func() bool { return strings.Count(out.String(), `"msg":"request"`) >= 2 })
	close(bs.release)
	var statuses []float64
	for _, l := range logLines(t, &out) {
		if l["level"] == "ERROR" || l["level"] == "WARN" {
			t.Errorf("logged as %s: %v", l["level"], l)
		}
		if l["msg"] == "request" {
			statuses = append(statuses, l["status"].(float64))
			if l["level"] != "INFO" {
				t.Errorf("request line at %s", l["level"])
			}
		}
		if l["msg"] == "client went away" && (l["level"] != "DEBUG" || l["request_id"] == "") {
			t.Errorf("client-gone line %v", l)
		}
	}
	if len(statuses) != 2 || statuses[0] != 499 || statuses[1] != 499 {
		t.Errorf("request lines' statuses %v, want 499 and 499\n%s", statuses, out.String())
	}
	metrics := getMetrics(t, srv.URL)
	if strings.Contains(metrics, `status="5`) {
		t.Errorf("a 5xx was counted:\n%s", grepLines(metrics, "onair_http_requests_total"))
	}
	if !strings.Contains(metrics, `onair_http_requests_total{method="GET",route="/shows/:show/feed.rss",status="499"} 1`) ||
		!strings.Contains(metrics, `route="/api/v1/shows/:show/episodes",status="499"} 1`) {
		t.Errorf("the 499s are not counted:\n%s", grepLines(metrics, "onair_http_requests_total"))
	}
	if body, _ := env.Get("/shows/daily/feed.rss"); !strings.Contains(body, "<item>") {
		t.Error("the feed does not answer after the client left")
	}
	if eps, _ := env.Store.ListEpisodes(env.Ctx(), catalog.EpisodeFilter{ShowID: sh.ID}); len(eps) != 2 {
		t.Errorf("%d episodes after the cut-off upload, want the 2 there were", len(eps))
	}
}

// TestServerErrorLogged: a real 5xx is logged at ERROR with the request id
// the client was told, and the underlying error.
func TestServerErrorLogged(t *testing.T) {
	t.Parallel()
	env := newFeedEnv(t, Config{})
	env.SeedShow("daily", 1)
	var out testlog.Buffer
	env.srv.Store = &blockingStore{Store: env.srv.Store, fail: errors.New("sqlite: list episodes: disk I/O error")}
	env.srv.Log = slog.New(logs.NewHandler(&out, nil))
	rec := env.Do(http.MethodGet, "/shows/daily/feed.rss")
	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("GET: %d", rec.Code)
	}
	id := rec.Header().Get("X-Request-Id")
	var found bool
	for _, l := range logLines(t, &out) {
		if l["level"] == "ERROR" && l["msg"] == "request failed" {
			found = true
			if l["request_id"] != id || !strings.Contains(fmt.Sprint(l["err"]), "disk I/O error") || l["status"] != 500.0 {
				t.Errorf("error line %v; the client was told request id %q", l, id)
			}
		}
	}
	if !found {
		t.Errorf("no error line:\n%s", out.String())
	}
}

func getMetrics(t *testing.T, base string) string {
	t.Helper()
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("GET /metrics: %d", resp.StatusCode)
	}
	return string(b)
}

func grepLines(s, prefix string) string {
	var out []string
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), prefix) {
			out = append(out, sc.Text())
		}
	}
	return strings.Join(out, "\n")
}

// TestOpsMetrics: an upload is timed by stage (probe, store) and a feed
// rebuild by format, in /metrics.
func TestOpsMetrics(t *testing.T) {
	t.Parallel()
	e := newAPI(t)
	e.createShow("daily")
	e.uploadOK("daily", fixture(t, "mp3_cbr_id3v23_apic.mp3"))
	if st, _ := e.do("GET", "/shows/daily/feed.rss", "", nil); st != 200 {
		t.Fatalf("GET feed: %d", st)
	}
	m := getMetrics(t, e.ts.URL)
	for _, want := range []string{
		`onair_upload_processing_seconds_count{stage="probe"} 1`,
		`onair_upload_processing_seconds_count{stage="store"} 1`,
		`onair_feed_build_duration_seconds_count{format="rss"} 1`,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %s:\n%s", want, grepLines(m, "onair_"))
		}
	}
}

// TestHealthzBuild: /healthz and onair_build_info say which build runs,
// and nothing else about the server.
func TestHealthzBuild(t *testing.T) {
	t.Parallel()
	b := Build{Version: "v1.2.3", Commit: "abc123", Date: "2026-12-05T10:00:00Z", Go: "go1.99"}
	e := newAPI(t, Config{BaseURL: testBaseURL, Build: b})
	st, body := e.do("GET", "/healthz", "", nil)
	var got map[string]string
	if err := json.Unmarshal(body, &got); st != 200 || err != nil {
		t.Fatalf("healthz: %d %v %s", st, err, body)
	}
	want := map[string]string{"status": "ok", "version": "v1.2.3", "commit": "abc123", "date": "2026-12-05T10:00:00Z", "go": "go1.99"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("healthz = %v, want %v", got, want)
	}
	m := getMetrics(t, e.ts.URL)
	if !strings.Contains(m, `onair_build_info{commit="abc123",date="2026-12-05T10:00:00Z",goversion="go1.99",version="v1.2.3"} 1`) {
		t.Errorf("no onair_build_info:\n%s", grepLines(m, "onair_build"))
	}
}
