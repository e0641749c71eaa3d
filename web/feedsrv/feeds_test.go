package feedsrv

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/mmcdole/gofeed"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/internal/feedtest"
	"github.com/onair-fm/onair/web/httpx"
)

func TestFeedServing(t *testing.T) {
	env := newFeedEnv(t, httpx.Config{})
	env.SeedShow("daily", 3)
	for _, tc := range []struct{ path, ctype string }{
		{"/shows/daily/feed.rss", "application/rss+xml; charset=utf-8"},
		{"/shows/daily/feed.atom", "application/atom+xml; charset=utf-8"},
		{"/shows/daily/feed.json", "application/feed+json; charset=utf-8"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			body, rec := env.Get(tc.path)
			h := rec.Header()
			if h.Get("Content-Type") != tc.ctype || h.Get("Vary") != "Accept-Encoding" ||
				!strings.HasPrefix(h.Get("Cache-Control"), "public, max-age=") || h.Get("Content-Encoding") != "" {
				t.Errorf("headers = %v", h)
			}
			etag, lastMod := h.Get("ETag"), h.Get("Last-Modified")
			if len(etag) < 10 || etag[0] != '"' || strings.HasPrefix(etag, "W/") {
				t.Errorf("ETag %q is not strong", etag)
			}
			if _, err := http.ParseTime(lastMod); err != nil {
				t.Errorf("Last-Modified %q: %v", lastMod, err)
			}
			f, err := gofeed.NewParser().ParseString(body)
			if err != nil || len(f.Items) != 3 || f.Items[0].Title != "Episode C" {
				t.Fatalf("parsed feed: %v, %+v", err, f)
			}

			gz := env.Do(http.MethodGet, tc.path, "Accept-Encoding", "br, gzip;q=0.8")
			if gz.Code != 200 || gz.Header().Get("Content-Encoding") != "gzip" || gz.Header().Get("ETag") == etag {
				t.Errorf("gzip: %d %v", gz.Code, gz.Header())
			}
			if got := string(feedtest.Gunzip(t, gz.Body.Bytes())); got != body {
				t.Error("gzip body differs from the plain body")
			}
			if refused := env.Do(http.MethodGet, tc.path, "Accept-Encoding", "gzip;q=0"); refused.Header().Get("Content-Encoding") != "" {
				t.Error("gzip sent to a client that refused it")
			}

			head := env.Do(http.MethodHead, tc.path)
			if head.Code != 200 || head.Body.Len() != 0 || head.Header().Get("ETag") != etag ||
				head.Header().Get("Content-Length") != rec.Header().Get("Content-Length") {
				t.Errorf("HEAD: %d, %d bytes, %v", head.Code, head.Body.Len(), head.Header())
			}

			for _, cond := range [][]string{
				{"If-None-Match", etag},
				{"If-None-Match", `"nope", ` + etag},
				{"If-None-Match", "W/" + etag},
				{"If-None-Match", gz.Header().Get("ETag")},
				{"If-None-Match", "*"},
				{"If-Modified-Since", lastMod},
				{"If-Modified-Since", later(t, lastMod)},
			} {
				r := env.Do(http.MethodGet, tc.path, cond...)
				if r.Code != http.StatusNotModified || r.Body.Len() != 0 || r.Header().Get("ETag") == "" {
					t.Errorf("%s: %s = %d, want 304 with an ETag", cond[0], cond[1], r.Code)
				}
			}
			for _, cond := range [][]string{
				{"If-None-Match", `"other"`},
				{"If-Modified-Since", "Sat, 01 Jan 2000 00:00:00 GMT"},
				// If-None-Match wins over If-Modified-Since.
				{"If-None-Match", `"other"`, "If-Modified-Since", lastMod},
			} {
				if r := env.Do(http.MethodGet, tc.path, cond...); r.Code != 200 || r.Body.String() != body {
					t.Errorf("%v = %d, want 200 with the feed", cond, r.Code)
				}
			}
		})
	}
	if r := env.Do(http.MethodGet, "/shows/nope/feed.rss"); r.Code != 404 {
		t.Errorf("unknown show: %d", r.Code)
	}
}

// TestFeedETagAcrossRestart: the same catalog gives the same bytes, ETag and
// Last-Modified from a new process.
func TestFeedETagAcrossRestart(t *testing.T) {
	env := newFeedEnv(t, httpx.Config{})
	env.SeedShow("daily", 4)
	type seen struct{ body, etag, lastMod string }
	get := func() map[string]seen {
		out := map[string]seen{}
		for _, f := range feedFormats {
			body, rec := env.Get("/shows/daily/feed." + f.name)
			out[f.name] = seen{body, rec.Header().Get("ETag"), rec.Header().Get("Last-Modified")}
		}
		return out
	}
	before := get()
	env.Advance(10 * time.Minute)
	env.open(httpx.Config{})
	after := get()
	for name, b := range before {
		if a := after[name]; a != b {
			t.Errorf("%s: after a restart ETag %s -> %s, Last-Modified %s -> %s", name, b.etag, a.etag, b.lastMod, a.lastMod)
		}
	}
}

func TestFeedRoutesBesidePages(t *testing.T) {
	// The pages area registers these; the feed routes must live beside them.
	env := newFeedEnv(t, httpx.Config{})
	env.SeedShow("daily", 1)
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.GET("/shows/:show", func(c *gin.Context) { c.String(200, "show page "+c.Param("show")) })
	r.GET("/shows/:show/episodes/:id", func(c *gin.Context) { c.String(200, "episode page "+c.Param("id")) })
	env.srv.Routes(r, r.Group("/api/v1"))
	for path, want := range map[string]string{
		"/shows/daily":                            "show page daily",
		"/shows/daily/episodes/abc":               "episode page abc",
		"/shows/daily/feed.rss":                   "<rss",
		"/shows/daily/feed.json":                  `"version"`,
		"/shows/daily/episodes/abc/chapters.json": "not found",
	} {
		rec := httptest.NewRecorder()
		r.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("GET %s = %d %q, want %q", path, rec.Code, rec.Body.String(), want)
		}
	}
}

func TestChapters(t *testing.T) {
	env := newFeedEnv(t, httpx.Config{})
	sh, eps := env.SeedShow("daily", 2)
	e := eps[0]
	e.Chapters = []catalog.Chapter{{Start: 0, Title: "Intro"}, {Start: 90 * time.Second, Title: "News", URL: "https://example.com/n"}}
	if err := env.Store.UpdateEpisode(env.Ctx(), e); err != nil {
		t.Fatal(err)
	}
	body, rec := env.Get("/shows/daily/episodes/" + e.ID + "/chapters.json")
	if rec.Header().Get("Content-Type") != "application/json+chapters; charset=utf-8" ||
		!strings.Contains(body, `"startTime": 90`) || !strings.Contains(body, `"version": "1.2.0"`) {
		t.Errorf("chapters: %v\n%s", rec.Header(), body)
	}
	if r := env.Do(http.MethodGet, "/shows/daily/episodes/"+eps[1].ID+"/chapters.json"); r.Code != 404 {
		t.Errorf("episode without chapters: %d", r.Code)
	}
	if r := env.Do(http.MethodGet, "/shows/other/episodes/"+e.ID+"/chapters.json"); r.Code != 404 {
		t.Errorf("wrong show: %d", r.Code)
	}
	rss, _ := env.Get("/shows/daily/feed.rss")
	link := `<podcast:chapters url="https://pod.example.com/shows/daily/episodes/` + e.ID + `/chapters.json" type="application/json+chapters">`
	if strings.Count(rss, "<podcast:chapters") != 1 || !strings.Contains(rss, link) {
		t.Errorf("feed should link only the episode with chapters:\n%s", rss)
	}
	_ = sh
}

func later(t *testing.T, httpTime string) string {
	tm, err := http.ParseTime(httpTime)
	if err != nil {
		t.Fatal(err)
	}
	return tm.Add(time.Hour).Format(http.TimeFormat)
}

// TestFeedConcurrent renders and serves under concurrent requests while
// the show changes; run with -race.
func TestFeedConcurrent(t *testing.T) {
	env := newFeedEnv(t, httpx.Config{})
	_, eps := env.SeedShow("daily", 5)
	done := make(chan struct{})
	for w := range 4 {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := range 30 {
				f := feedFormats[(w+i)%len(feedFormats)]
				if r := env.Do(http.MethodGet, "/shows/daily/feed."+f.name, "Accept-Encoding", "gzip"); r.Code != 200 {
					t.Errorf("GET: %d", r.Code)
					return
				}
			}
		}()
	}
	for i := range 10 {
		eps[i%len(eps)].Title = "Edit " + string(rune('a'+i))
		must(t, env.Store.UpdateEpisode(env.Ctx(), eps[i%len(eps)]))
		env.srv.ShowChanged("")
	}
	for range 4 {
		<-done
	}
	// Edits within the coalescing window show once it has passed.
	env.Advance(maxCoalesceWindow)
	env.waitBuilds()
	body, _ := env.Get("/shows/daily/feed.rss")
	if !strings.Contains(body, "Edit j") {
		t.Error("the last edit is not in the feed")
	}
}
