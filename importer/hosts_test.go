package importer

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/feeds"
	"github.com/onair-fm/onair/internal/testmedia"
)

// hostServer serves the fixture feeds in testdata/feeds the way the old
// hosts would: __BASE__ is the server's URL, /audio/NAME the repo's audio
// fixtures (with ranges), /art/ pictures Apple takes, /files/ chapters and
// transcripts. ?add=1 adds one newer item to a feed.
func hostServer(t *testing.T) *httptest.Server {
	t.Helper()
	cover := testmedia.Picture(t, "jpeg", 1400, 1400)
	files := map[string][]byte{
		"/art/cover.jpg":         cover,
		"/art/ep.jpg":            testmedia.Picture(t, "jpeg", 1500, 1500),
		"/art/ep.png":            testmedia.Picture(t, "png", 1400, 1400),
		"/files/chapters.json":   []byte(`{"version":"1.2.0","chapters":[{"startTime":0,"title":"Intro"},{"startTime":1.5,"title":"Story","url":"https://example.com/s"},{"startTime":2,"title":"marker","toc":false}]}`),
		"/files/transcript.vtt":  []byte("WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n<v Ana>Hello.\n"),
		"/files/transcript.srt":  []byte("1\n00:00:00,000 --> 00:00:02,000\nHello.\n"),
		"/files/transcript.json": []byte(`{"version":"1.0.0","segments":[{"startTime":0,"endTime":2,"body":"Hello."}]}`),
		"/files/transcript.txt":  []byte("Hello.\n"),
	}
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/feeds/"):
			b, err := os.ReadFile(filepath.Join("testdata", "feeds", filepath.Base(r.URL.Path)))
			if err != nil {
				http.NotFound(w, r)
				return
			}
			if r.URL.Query().Get("add") == "1" {
				extra := `<item><title>After the move</title><guid isPermaLink="false">extra-` + filepath.Base(r.URL.Path) +
					`</guid><pubDate>Mon, 01 Jan 2024 12:00:00 +0000</pubDate><description>New.</description>` +
					`<enclosure url="__BASE__/audio/mp3_vbr_xing.mp3" length="102672" type="audio/mpeg"/></item>`
				b = bytes.Replace(b, []byte("<!--EXTRA-->"), []byte(extra), 1)
			}
			b = bytes.ReplaceAll(b, []byte("__BASE__"), []byte(srv.URL))
			etag := fmt.Sprintf(`"%x"`, sha256.Sum256(b))
			w.Header().Set("ETag", etag)
			if r.Header.Get("If-None-Match") == etag {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write(b)
		case strings.HasPrefix(r.URL.Path, "/audio/"):
			f, err := os.Open(testmedia.Fixture(t, filepath.Base(r.URL.Path)))
			if err != nil {
				http.NotFound(w, r)
				return
			}
			defer f.Close()
			http.ServeContent(w, r, f.Name(), time.Time{}, f)
		default:
			b, ok := files[r.URL.Path]
			if !ok {
				http.NotFound(w, r)
				return
			}
			http.ServeContent(w, r, r.URL.Path, time.Time{}, bytes.NewReader(b))
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// manifestDurations are the true durations of the repo's audio fixtures.
func manifestDurations(t *testing.T) map[string]int64 {
	b, err := os.ReadFile(testmedia.Fixture(t, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var entries []struct {
		File       string `json:"file"`
		DurationMS int64  `json:"decoded_duration_ms"`
	}
	if err := json.Unmarshal(b, &entries); err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, e := range entries {
		out[e.File] = e.DurationMS
	}
	return out
}

// renderFeed is the show's RSS as onair serves it, and the findings of
// onair validate on it (the artwork measured from storage).
func (e *env) renderFeed(slug string) ([]byte, []feeds.Finding) {
	e.t.Helper()
	sh, err := e.store.GetShow(e.ctx, slug)
	if err != nil {
		e.t.Fatal(err)
	}
	eps, err := e.store.ListEpisodes(e.ctx, catalog.EpisodeFilter{ShowID: sh.ID, LiveAt: time.Now()})
	if err != nil {
		e.t.Fatal(err)
	}
	base := "https://pod.example"
	in := feeds.Input{Show: sh, Episodes: eps, Links: feeds.Links{
		Show: base + "/shows/" + slug, RSS: base + "/shows/" + slug + "/feed.rss",
		Episode: func(ep *catalog.Episode) string { return base + "/shows/" + slug + "/episodes/" + ep.ID },
		Chapters: func(ep *catalog.Episode) string {
			return base + "/shows/" + slug + "/episodes/" + ep.ID + "/chapters.json"
		},
		Media: func(key string) string { return base + "/media/" + key },
	}}
	b, err := feeds.RSS(in)
	if err != nil {
		e.t.Fatal(err)
	}
	check, err := feeds.ParseRSS(bytes.NewReader(b))
	if err != nil {
		e.t.Fatal(err)
	}
	if sh.ArtworkKey != "" {
		r, _, err := e.blobs.Open(e.ctx, sh.ArtworkKey)
		if err != nil {
			e.t.Fatal(err)
		}
		check.Artwork, err = feeds.MeasureImage(r)
		r.Close()
		if err != nil {
			e.t.Fatal(err)
		}
	}
	return b, feeds.Validate(check)
}

// TestImportHosts imports a feed shaped like each host's and checks the
// show onair then serves: it passes onair validate; gofeed reads the
// source's GUIDs, titles and dates from it; durations are the audio's
// true ones; a second run imports nothing; a new item comes with the next.
func TestImportHosts(t *testing.T) {
	srv := hostServer(t)
	truth := manifestDurations(t)
	names, _ := filepath.Glob("testdata/feeds/*.xml")
	if len(names) < 9 {
		t.Fatalf("%d fixture feeds", len(names))
	}
	for _, path := range names {
		name := strings.TrimSuffix(filepath.Base(path), ".xml")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, false)
			url := srv.URL + "/feeds/" + name + ".xml"
			rep := e.run(url, name, Options{Concurrency: 2})
			for _, r := range rep.Results {
				if r.Status != ItemImported {
					t.Errorf("%q: %s %s %v", r.Title, r.Status, r.Error, r.Problems)
				}
			}
			src := parseSource(t, url)
			body, findings := e.renderFeed(name)
			for _, f := range findings {
				if f.Severity == feeds.SeverityError {
					t.Errorf("onair validate: %s: %s", f.Code, f.Message)
				}
			}
			out, err := gofeed.NewParser().ParseString(string(body))
			if err != nil {
				t.Fatalf("gofeed: %v", err)
			}
			got := map[string]*gofeed.Item{}
			for _, it := range out.Items {
				got[it.GUID] = it
			}
			for i, it := range src.Items {
				guid := it.GUID
				if guid == "" {
					guid = DeriveGUID(it.Enclosures[0].URL)
				}
				o := got[guid]
				if it.PublishedParsed == nil {
					if o != nil {
						t.Errorf("item %d with date %q is in the feed", i, it.Published)
					}
					continue
				}
				if o == nil {
					t.Errorf("item %d, GUID %q, is not in the feed", i, guid)
					continue
				}
				if o.Title != strings.TrimSpace(it.Title) || !o.PublishedParsed.Equal(*it.PublishedParsed) {
					t.Errorf("%q: %q %s, want %q %s", guid, o.Title, o.PublishedParsed, it.Title, it.PublishedParsed)
				}
				file := filepath.Base(strings.SplitN(it.Enclosures[0].URL, "?", 2)[0])
				want := truth[file]
				ep := e.episodes(name)[guid]
				if d := ep.Audio.Duration.Milliseconds() - want; d < -50 || d > 50 {
					t.Errorf("%q: %s is %d ms, truly %d ms", guid, file, ep.Audio.Duration.Milliseconds(), want)
				}
				if o.ITunesExt == nil || o.ITunesExt.Duration != fmt.Sprint(int64(ep.Audio.Duration/time.Second)) {
					t.Errorf("%q: itunes:duration %v, want %d", guid, o.ITunesExt, int64(ep.Audio.Duration/time.Second))
				}
			}
			again := e.run(url, name, Options{})
			if again.Imported != 0 || again.Failed != 0 {
				t.Errorf("second run imported %d, failed %d", again.Imported, again.Failed)
			}
			added := e.run(url+"?add=1", name, Options{})
			if added.Imported != 1 || e.episodes(name)["extra-"+name+".xml"] == nil {
				t.Errorf("run with a new item imported %d", added.Imported)
			}
		})
	}
}

func parseSource(t *testing.T, url string) *gofeed.Feed {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	f, err := gofeed.NewParser().Parse(resp.Body)
	if err != nil {
		t.Fatalf("gofeed on the source: %v", err)
	}
	return f
}
