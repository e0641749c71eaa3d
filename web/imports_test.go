package web

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/internal/testmedia"
)

// oldHost serves a small podcast the way another host would: a feed with
// two episodes, real audio behind both enclosures, and a cover Apple takes.
func oldHost(t *testing.T) *httptest.Server {
	t.Helper()
	cover := testmedia.Picture(t, "jpeg", 1400, 1400)
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/feed.xml":
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write([]byte(strings.ReplaceAll(`<?xml version="1.0"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
<channel><title>Old Host Show</title><description>Moving to onair.</description><language>en</language>
<itunes:image href="BASE/cover.jpg"/><itunes:category text="News"/>
<itunes:owner><itunes:email>desk@example.com</itunes:email></itunes:owner>
<item><title>Two</title><guid>old-2</guid><pubDate>Tue, 02 Jan 2024 10:00:00 +0000</pubDate><enclosure url="BASE/a/mp3_vbr_xing.mp3" length="1" type="audio/mpeg"/></item>
<item><title>One</title><guid isPermaLink="true">https://old.example/ep/1</guid><pubDate>Mon, 01 Jan 2024 10:00:00 EST</pubDate><enclosure url="BASE/a/mp3_cbr_id3v23_apic.mp3" length="48711" type="audio/mpeg"/></item>
</channel></rss>`, "BASE", srv.URL)))
		case "/cover.jpg":
			w.Write(cover)
		default:
			b, err := os.ReadFile(testmedia.Fixture(t, strings.TrimPrefix(r.URL.Path, "/a/")))
			if err != nil {
				http.NotFound(w, r)
				return
			}
			http.ServeContent(w, r, "a.mp3", time.Time{}, bytes.NewReader(b))
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

type importAnswer struct {
	ID     string `json:"id"`
	URL    string `json:"url"`
	State  string `json:"state"`
	Error  string `json:"error"`
	Report *struct {
		Imported int `json:"imported"`
		Existing int `json:"existing"`
		Done     int `json:"done"`
		Results  []struct {
			GUID   string `json:"guid"`
			Status string `json:"status"`
		} `json:"results"`
	} `json:"report"`
}

// waitImport polls GET /api/v1/imports/ID until the import ends.
func (e *apiEnv) waitImport(id string) importAnswer {
	e.t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		var got importAnswer
		if st := e.json(http.MethodGet, "/api/v1/imports/"+id, nil, &got); st != http.StatusOK {
			e.t.Fatalf("GET import = %d", st)
		}
		if got.State == catalog.ImportDone || got.State == catalog.ImportFailed {
			return got
		}
	}
	e.t.Fatal("the import did not end")
	return importAnswer{}
}

func TestAPIImport(t *testing.T) {
	t.Parallel()
	forBackends(t, func(t *testing.T, newAPI envMaker) {
		t.Parallel()
		testAPIImport(t, newAPI)
	})
}

func testAPIImport(t *testing.T, newAPI envMaker) {
	host := oldHost(t)
	e := newAPI(t, Config{BaseURL: testBaseURL, ImportAllowPrivate: true, MaxUpload: 1 << 30})
	var started importAnswer
	st := e.json(http.MethodPost, "/api/v1/imports", map[string]any{"feed_url": host.URL + "/feed.xml", "show": "moved"}, &started)
	if st != http.StatusAccepted || started.ID == "" || started.URL != testBaseURL+"/api/v1/imports/"+started.ID {
		t.Fatalf("POST = %d %+v", st, started)
	}
	done := e.waitImport(started.ID)
	if done.State != catalog.ImportDone || done.Report == nil || done.Report.Imported != 2 {
		t.Fatalf("import ended %+v", done)
	}
	status, body := e.do(http.MethodGet, "/shows/moved/feed.rss", "", nil)
	if status != http.StatusOK || !strings.Contains(string(body), ">old-2</guid>") || !strings.Contains(string(body), ">https://old.example/ep/1</guid>") ||
		!strings.Contains(string(body), "<pubDate>Mon, 01 Jan 2024 15:00:00 +0000</pubDate>") {
		t.Errorf("feed %d: %s", status, body)
	}
	var again importAnswer
	e.json(http.MethodPost, "/api/v1/imports", map[string]any{"feed_url": host.URL + "/feed.xml", "show": "moved", "mirror": "6h"}, &again)
	if second := e.waitImport(again.ID); second.Report.Imported != 0 || second.Report.Existing != 2 {
		t.Errorf("second import %+v", second.Report)
	}
	var src struct {
		FeedURL string `json:"feed_url"`
		Every   string `json:"every"`
	}
	if st := e.json(http.MethodGet, "/api/v1/shows/moved/source", nil, &src); st != http.StatusOK || src.FeedURL != host.URL+"/feed.xml" || src.Every != "6h0m0s" {
		t.Errorf("source %d %+v", st, src)
	}
	if st := e.json(http.MethodDelete, "/api/v1/shows/moved/source", nil, nil); st != http.StatusNoContent {
		t.Errorf("DELETE source = %d", st)
	}
	var list struct {
		Imports []importAnswer `json:"imports"`
	}
	if e.json(http.MethodGet, "/api/v1/imports", nil, &list); len(list.Imports) != 2 {
		t.Errorf("list %+v", list)
	}
}

// TestAPIImportRefused: without --import-allow-private, a feed on
// loopback fails with words that say why; bad requests are 422s.
func TestAPIImportRefused(t *testing.T) {
	t.Parallel()
	host := oldHost(t)
	e := newAPI(t)
	var started importAnswer
	if st := e.json(http.MethodPost, "/api/v1/imports", map[string]any{"feed_url": host.URL + "/feed.xml", "show": "moved"}, &started); st != http.StatusAccepted {
		t.Fatalf("POST = %d", st)
	}
	if got := e.waitImport(started.ID); got.State != catalog.ImportFailed || !strings.Contains(got.Error, "private") {
		t.Errorf("import %+v", got)
	}
	if _, err := e.store.GetShow(t.Context(), "moved"); err == nil {
		t.Error("a refused import created the show")
	}
	for _, body := range []string{`{"feed_url":"ftp://x.example/feed","show":"a"}`, `{"feed_url":"https://x.example/feed","show":"Not A Slug"}`,
		`{"feed_url":"https://x.example/feed","show":"a","mirror":"1s"}`} {
		status, b := e.do(http.MethodPost, "/api/v1/imports", "application/json", strings.NewReader(body))
		wantErr(t, status, b, http.StatusUnprocessableEntity, "invalid")
	}
	status, b := e.do(http.MethodGet, "/api/v1/imports/nope", "", nil)
	wantErr(t, status, b, http.StatusNotFound, "not_found")
}

// TestFeedMovedOut: a show with new_feed_url answers its feeds with a 301
// to the new address (conditional requests too), the final feed as body
// with itunes:new-feed-url; clearing it undoes the move.
func TestFeedMovedOut(t *testing.T) {
	t.Parallel()
	env := newFeedEnv(t, Config{})
	sh, _ := env.SeedShow("leaving", 2)
	body, rec := env.Get("/shows/leaving/feed.rss")
	etag := rec.Header().Get("ETag")
	sh.NewFeedURL = "https://new-host.example/feed.xml"
	if err := env.Store.UpdateShow(env.Ctx(), sh); err != nil {
		t.Fatal(err)
	}
	env.Advance(2 * time.Second) // past the trusted show's second
	for _, hdr := range [][]string{nil, {"If-None-Match", etag}} {
		r := env.Do(http.MethodGet, "/shows/leaving/feed.rss", hdr...)
		if r.Code != http.StatusMovedPermanently || r.Header().Get("Location") != sh.NewFeedURL ||
			!strings.Contains(r.Body.String(), "<itunes:new-feed-url>https://new-host.example/feed.xml</itunes:new-feed-url>") {
			t.Errorf("%v: %d %q %.200s", hdr, r.Code, r.Header().Get("Location"), r.Body)
		}
	}
	sh.NewFeedURL = ""
	if err := env.Store.UpdateShow(env.Ctx(), sh); err != nil {
		t.Fatal(err)
	}
	env.Advance(2 * time.Second)
	if again, _ := env.Get("/shows/leaving/feed.rss"); strings.Contains(again, "new-feed-url") || len(again) < len(body)/2 {
		t.Errorf("after undo: %.200s", again)
	}
}
