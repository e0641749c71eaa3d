package feedsrv

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
	gojson "github.com/mmcdole/gofeed/json"
	"github.com/mmcdole/gofeed/rss"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/internal/feedtest"
	"github.com/onair-fm/onair/web/httpx"
)

// TestFeedPagesFollowNext: a show limited to 10 items serves the newest 10
// in its main feed and the rest on archive pages; following next from the
// main feed of each format yields every episode exactly once, and every
// page is served as the main feed is (ETag, 304, gzip), parsed by gofeed.
func TestFeedPagesFollowNext(t *testing.T) {
	t.Parallel()
	env := newFeedEnv(t, httpx.Config{})
	sh, eps := env.SeedShow("daily", 25)
	sh.FeedLimit = 10
	if err := env.Store.UpdateShow(env.Ctx(), sh); err != nil {
		t.Fatal(err)
	}
	const base = "https://pod.example.com"
	for _, format := range []string{"rss", "atom", "json"} {
		seen := map[string]int{}
		path, pages := "/shows/daily/feed."+format, 0
		for path != "" {
			body, rec := env.Get(path)
			if _, err := gofeed.NewParser().ParseString(body); err != nil {
				t.Fatalf("%s: gofeed: %v", path, err)
			}
			etag := rec.Header().Get("ETag")
			if r := env.Do(http.MethodGet, path, "If-None-Match", etag); r.Code != http.StatusNotModified {
				t.Errorf("%s: conditional GET = %d, want 304", path, r.Code)
			}
			gz := env.Do(http.MethodGet, path, "Accept-Encoding", "gzip")
			if gz.Header().Get("Content-Encoding") != "gzip" || string(feedtest.Gunzip(t, gz.Body.Bytes())) != body {
				t.Errorf("%s: gzip answer differs", path)
			}
			next, guids := pageOf(t, format, body)
			if pages == 0 && len(guids) != 10 {
				t.Errorf("%s: main feed has %d items, want the newest 10", path, len(guids))
			}
			for _, g := range guids {
				seen[g]++
			}
			if next != "" && !strings.HasPrefix(next, base) {
				t.Fatalf("%s: next link %q is not on the server", path, next)
			}
			path = strings.TrimPrefix(next, base)
			if pages++; pages > 5 {
				t.Fatalf("%s: next links loop", format)
			}
		}
		if pages != 3 {
			t.Errorf("%s: %d pages, want 3", format, pages)
		}
		for _, e := range eps {
			id := e.GUID
			if format == "atom" {
				id = "urn:uuid:" + strings.ToLower(e.GUID)
			}
			if seen[id] != 1 {
				t.Errorf("%s: episode %s came %d times", format, e.Title, seen[id])
			}
		}
	}
	for _, bad := range []string{"?page=0", "?page=3", "?page=01", "?page=x", "?page=-1", "?page=99999999999999999999"} {
		if r := env.Do(http.MethodGet, "/shows/daily/feed.rss"+bad); r.Code != http.StatusNotFound {
			t.Errorf("page %s = %d, want 404", bad, r.Code)
		}
	}
}

// pageOf reads a feed's next link and its items' ids.
func pageOf(t *testing.T, format, body string) (next string, guids []string) {
	t.Helper()
	switch format {
	case "rss":
		f, err := (&rss.Parser{}).Parse(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range f.Extensions["atom"]["link"] {
			if l.Attrs["rel"] == "next" {
				next = l.Attrs["href"]
			}
		}
		for _, it := range f.Items {
			guids = append(guids, it.GUID.Value)
		}
	case "atom":
		f, err := (&atom.Parser{}).Parse(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range f.Links {
			if l.Rel == "next" {
				next = l.Href
			}
		}
		for _, e := range f.Entries {
			guids = append(guids, e.ID)
		}
	default:
		f, err := (&gojson.Parser{}).Parse(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		next = f.NextURL
		for _, it := range f.Items {
			guids = append(guids, it.ID)
		}
	}
	return next, guids
}

// TestFeedOwnershipAndNetwork: a hidden owner email is in the feed only
// during its verification window, which closes by itself; the podroll
// names a show on this server by its podcast:guid and feed URL.
func TestFeedOwnershipAndNetwork(t *testing.T) {
	t.Parallel()
	env := newFeedEnv(t, httpx.Config{})
	other, _ := env.SeedShow("other", 1)
	sh, _ := env.SeedShow("daily", 2)
	sh.HideOwnerEmail = true
	sh.Locked = true
	sh.Medium = "podcast"
	sh.TXT = []catalog.TXT{{Purpose: "applepodcastsverify", Value: "code-1"}}
	sh.Podroll = []catalog.PodrollItem{{ShowID: other.ID}, {FeedURL: "https://feeds.example.org/x.xml"}}
	if err := env.Store.UpdateShow(env.Ctx(), sh); err != nil {
		t.Fatal(err)
	}
	body, _ := env.Get("/shows/daily/feed.rss")
	if strings.Contains(body, "ada@example.com") {
		t.Error("the hidden owner email is in the feed")
	}
	for _, want := range []string{
		`<podcast:remoteItem feedGuid="` + other.GUID + `" feedUrl="https://pod.example.com/shows/other/feed.rss"></podcast:remoteItem>`,
		`<podcast:remoteItem feedGuid="` + catalog.ShowGUID("https://feeds.example.org/x.xml") + `" feedUrl="https://feeds.example.org/x.xml">`,
		`<podcast:txt purpose="applepodcastsverify">code-1</podcast:txt>`,
		`<podcast:medium>podcast</podcast:medium>`,
		`<podcast:locked>yes</podcast:locked>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("feed lacks %s", want)
		}
	}

	sh.OwnerEmailUntil = env.Now().Add(catalog.OwnerEmailWindow)
	if err := env.Store.UpdateShow(env.Ctx(), sh); err != nil {
		t.Fatal(err)
	}
	env.Advance(2 * time.Second) // past the show cache's second
	body, _ = env.Get("/shows/daily/feed.rss")
	if !strings.Contains(body, "<itunes:email>ada@example.com</itunes:email>") || !strings.Contains(body, `<podcast:locked owner="ada@example.com">yes`) {
		t.Errorf("the owner email is not shown during its window:\n%s", body[:min(len(body), 3000)])
	}
	env.Advance(catalog.OwnerEmailWindow)
	body, _ = env.Get("/shows/daily/feed.rss")
	if strings.Contains(body, "ada@example.com") {
		t.Error("the owner email is still shown after its window closed")
	}
	if b := []byte(body); !bytes.Contains(b, []byte("<podcast:locked>yes")) {
		t.Error("podcast:locked lost")
	}
}
