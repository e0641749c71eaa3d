package feedsrv

import (
	"crypto/sha256"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/internal/feedtest"
	"github.com/onair-fm/onair/web/httpx"
)

// A members episode pings the WebSub hub only when it becomes public (its
// public_at), never when it goes out to members: the public feeds did not
// change until then.
func TestWebSubMembersEpisode(t *testing.T) {
	pings := make(chan string, 16)
	hub := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		v, _ := url.ParseQuery(string(b))
		pings <- v.Get("hub.url")
		w.WriteHeader(http.StatusNoContent)
	}))
	defer hub.Close()
	env := newFeedEnv(t, httpx.Config{WebSubHub: hub.URL})
	sh, _ := env.SeedShow("daily", 1)
	seen := map[feedKey][sha256.Size]byte{}
	env.srv.RefreshFeeds(env.Ctx(), seen)
	noPing := func(when string) {
		t.Helper()
		select {
		case u := <-pings:
			t.Fatalf("%s: ping for %s", when, u)
		case <-time.After(50 * time.Millisecond):
		}
	}
	members := &catalog.Episode{ShowID: sh.ID, Title: "Members only", Status: catalog.StatusPublished,
		PublishedAt: feedtest.T0.Add(-time.Minute), Type: catalog.EpisodeFull, Visibility: catalog.VisibilityMembers}
	early := &catalog.Episode{ShowID: sh.ID, Title: "Early", Status: catalog.StatusPublished,
		PublishedAt: feedtest.T0.Add(-time.Minute), Type: catalog.EpisodeFull, Visibility: catalog.VisibilityMembers,
		PublicAt: feedtest.T0.Add(time.Hour)}
	must(t, env.Store.CreateEpisode(env.Ctx(), members))
	must(t, env.Store.CreateEpisode(env.Ctx(), early))
	env.Advance(feedShowTTL)
	env.srv.RefreshFeeds(env.Ctx(), seen)
	noPing("members episodes out to members")
	env.Advance(time.Hour)
	env.srv.RefreshFeeds(env.Ctx(), seen)
	select {
	case u := <-pings:
		if u != "https://pod.example.com/shows/daily/feed.rss" && u != "https://pod.example.com/shows/daily/feed.atom" && u != "https://pod.example.com/shows/daily/feed.json" {
			t.Errorf("ping for %s", u)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no ping when the early-access episode became public")
	}
}
