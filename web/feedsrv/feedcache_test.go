package feedsrv

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/web/httpx"
)

// cachedFeeds counts the feeds (entries and builds) the node keeps for the
// show.
func (env *feedEnv) cachedFeeds(showID string) (entries, builds int) {
	c := &env.srv.feedCache
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.entries {
		if k.showID == showID {
			entries++
		}
	}
	for k := range c.builds {
		if k.showID == showID {
			builds++
		}
	}
	return entries, builds
}

func (env *feedEnv) cachedShows() int {
	c := &env.srv.feedShows
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.m)
}

// getFeeds fetches the show's three feeds.
func (env *feedEnv) getFeeds(slug string) {
	for _, f := range feedFormats {
		env.Get("/shows/" + slug + "/feed." + f.name)
	}
}

// TestFeedCacheForgetsDeletedShows: a deleted show's rendered feeds leave
// the cache when ShowChanged says so (the API calls it after a delete,
// PostgreSQL's notification for other nodes' deletes), and no other show's
// do.
func TestFeedCacheForgetsDeletedShows(t *testing.T) {
	for _, tc := range []struct {
		name   string
		delete func(env *feedEnv, sh *catalog.Show)
	}{
		{"through another node", func(env *feedEnv, sh *catalog.Show) {
			must(env.T, env.Store.DeleteShow(env.Ctx(), sh.ID))
			env.srv.ShowChanged(sh.ID) // as PostgreSQL's notification does
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := newFeedEnv(t, httpx.Config{})
			gone, _ := env.SeedShow("gone", 2)
			kept, _ := env.SeedShow("kept", 2)
			env.getFeeds("gone")
			env.getFeeds("kept")
			if n, _ := env.cachedFeeds(gone.ID); n != len(feedFormats) {
				t.Fatalf("%d feeds cached before the deletion", n)
			}
			tc.delete(env, gone)
			if n, r := env.cachedFeeds(gone.ID); n != 0 || r != 0 {
				t.Errorf("after the deletion the cache keeps %d feeds and %d builds of the show", n, r)
			}
			if n, _ := env.cachedFeeds(kept.ID); n != len(feedFormats) {
				t.Errorf("the other show has %d feeds cached, want %d", n, len(feedFormats))
			}
			if r := env.Do(http.MethodGet, "/shows/gone/feed.rss"); r.Code != http.StatusNotFound {
				t.Errorf("GET the deleted show's feed: %d", r.Code)
			}
			if n, _ := env.cachedFeeds(gone.ID); n != 0 {
				t.Errorf("a request for the deleted show cached %d feeds", n)
			}
		})
	}
}

// TestFeedCacheKeepsChangedShows: a change that is not a deletion keeps
// the show's entry, so Last-Modified moves on from it.
func TestFeedCacheKeepsChangedShows(t *testing.T) {
	env := newFeedEnv(t, httpx.Config{})
	sh, eps := env.SeedShow("daily", 2)
	env.getFeeds("daily")
	must(t, env.Store.DeleteEpisode(env.Ctx(), eps[0].ID))
	env.srv.ShowChanged(sh.ID)
	if n, _ := env.cachedFeeds(sh.ID); n != len(feedFormats) {
		t.Errorf("a changed show has %d feeds cached, want %d", n, len(feedFormats))
	}
}

// TestFeedCacheRenderOfDeletedShow: a request that read the show just
// before it was deleted still answers, but does not put its feed back in
// the cache.
func TestFeedCacheRenderOfDeletedShow(t *testing.T) {
	env := newFeedEnv(t, httpx.Config{})
	env.SeedShow("daily", 1)
	sh, err := env.srv.feedShow(env.Ctx(), "daily") // trusted for feedShowTTL
	must(t, err)
	must(t, env.Store.DeleteShow(env.Ctx(), sh.ID))
	env.srv.ShowChanged(sh.ID)
	if _, err := env.srv.feedBytes(env.Ctx(), sh, feedRSS); err != nil {
		t.Fatal(err)
	}
	if n, r := env.cachedFeeds(sh.ID); n != 0 || r != 0 {
		t.Errorf("the deleted show's feed was cached: %d entries, %d builds", n, r)
	}
}

// TestFeedCacheBounded: requests for made-up slugs cache nothing, a slug
// whose show is gone leaves the show cache, and both caches stay within
// their bounds however many shows are asked for.
func TestFeedCacheBounded(t *testing.T) {
	env := newFeedEnv(t, httpx.Config{})
	for i := range 2000 {
		if r := env.Do(http.MethodGet, fmt.Sprintf("/shows/nope-%d/feed.rss", i)); r.Code != http.StatusNotFound {
			t.Fatalf("GET a made-up slug: %d", r.Code)
		}
	}
	if n := env.cachedShows(); n != 0 {
		t.Errorf("%d made-up slugs are cached", n)
	}
	if n := len(env.srv.feedCache.entries); n != 0 {
		t.Errorf("%d feeds cached for made-up slugs", n)
	}

	// A show deleted where no notification comes from: once its trust
	// runs out, the next request finds it gone and forgets the slug.
	sh, _ := env.SeedShow("gone", 1)
	env.Get("/shows/gone/feed.rss")
	must(t, env.Store.DeleteShow(env.Ctx(), sh.ID))
	env.Advance(feedShowTTL)
	if r := env.Do(http.MethodGet, "/shows/gone/feed.rss"); r.Code != http.StatusNotFound {
		t.Fatalf("GET a deleted show's feed: %d", r.Code)
	}
	if n := env.cachedShows(); n != 0 {
		t.Errorf("the deleted show's slug is still cached (%d shows)", n)
	}

	env.srv.feedShows.max = 3
	env.srv.feedCache.maxEntries = 4
	var slugs []string
	for i := range 5 {
		slug := fmt.Sprintf("show-%d", i)
		env.SeedShow(slug, 1)
		slugs = append(slugs, slug)
	}
	for _, slug := range slugs {
		env.getFeeds(slug)
		if n := env.cachedShows(); n > 3 {
			t.Fatalf("%d shows cached, bound 3", n)
		}
		c := &env.srv.feedCache
		c.mu.Lock()
		n, b := len(c.entries), len(c.builds)
		c.mu.Unlock()
		if n > 4 || b > 0 {
			t.Fatalf("%d feeds cached, bound 4, and %d builds left running", n, b)
		}
	}
	for _, slug := range slugs {
		if body, _ := env.Get("/shows/" + slug + "/feed.rss"); !strings.Contains(body, "Show "+slug) {
			t.Errorf("the feed of %s is wrong", slug)
		}
	}

	// A byte budget smaller than two feeds keeps one: the newest.
	c := &env.srv.feedCache
	c.maxEntries, c.maxBytes = 0, 1
	env.SeedShow("newest", 1)
	env.Get("/shows/newest/feed.atom")
	c.mu.Lock()
	n, bytes := len(c.entries), c.bytes
	var sum int64
	for _, e := range c.entries {
		sum += e.size()
	}
	c.mu.Unlock()
	if n != 1 || bytes != sum {
		t.Errorf("over the byte budget: %d entries, %d bytes counted, %d held", n, bytes, sum)
	}
}

// slowShowStore counts GetShow calls and makes each take a while, as a
// store busy with writes does.
type slowShowStore struct {
	catalog.Store
	reads atomic.Int64
}

func (s *slowShowStore) GetShow(ctx context.Context, slug string) (*catalog.Show, error) {
	s.reads.Add(1)
	time.Sleep(50 * time.Millisecond)
	return s.Store.GetShow(ctx, slug)
}

// TestFeedShowReadShared: the feed requests that find no trusted show
// together (all of them, after each write) share one store read, and a
// read that started before a change is not trusted after it.
func TestFeedShowReadShared(t *testing.T) {
	t.Parallel()
	env := newFeedEnv(t, httpx.Config{})
	env.SeedShow("daily", 3)
	env.Get("/shows/daily/feed.rss")
	st := &slowShowStore{Store: env.srv.Store}
	env.srv.Store = st
	env.srv.ShowChanged("")
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if r := env.Do(http.MethodGet, "/shows/daily/feed.rss"); r.Code != http.StatusOK {
				t.Errorf("GET: %d", r.Code)
			}
		}()
	}
	wg.Wait()
	if n := st.reads.Load(); n != 1 {
		t.Errorf("16 requests after a change read the show %d times, want 1", n)
	}
	// A change while a read runs: the read's show is not kept.
	env.srv.ShowChanged("")
	done := make(chan struct{})
	go func() { env.Do(http.MethodGet, "/shows/daily/feed.rss"); close(done) }()
	for st.reads.Load() < 2 {
		time.Sleep(time.Millisecond)
	}
	env.srv.ShowChanged("")
	<-done
	if n := env.cachedShows(); n != 0 {
		t.Errorf("a show read before a change is trusted after it (%d cached)", n)
	}
}
