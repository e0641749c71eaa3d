package feedsrv

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/web/httpx"
)

// waitBuilds waits until no feed build runs or waits for its window.
func (env *feedEnv) waitBuilds() {
	env.T.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		c := &env.srv.feedCache
		c.mu.Lock()
		var b *feedBuild
		for _, b = range c.builds {
			break
		}
		c.mu.Unlock()
		if b == nil {
			return
		}
		select {
		case <-b.done:
		case <-time.After(time.Until(deadline)):
			env.T.Fatal("a feed build did not finish in 10 s")
		}
	}
}

// gatedStore holds ListEpisodes until gate is closed, so a test can look at
// what requests get while a rebuild runs.
type gatedStore struct {
	catalog.Store
	mu      sync.Mutex
	gate    chan struct{}
	entered chan struct{}
}

func (g *gatedStore) hold() {
	g.mu.Lock()
	g.gate, g.entered = make(chan struct{}), make(chan struct{}, 16)
	g.mu.Unlock()
}

func (g *gatedStore) release() {
	g.mu.Lock()
	close(g.gate)
	g.gate = nil
	g.mu.Unlock()
}

func (g *gatedStore) ListEpisodes(ctx context.Context, f catalog.EpisodeFilter) ([]*catalog.Episode, error) {
	g.mu.Lock()
	gate, entered := g.gate, g.entered
	g.mu.Unlock()
	if gate != nil {
		entered <- struct{}{}
		<-gate
	}
	return g.Store.ListEpisodes(ctx, f)
}

// TestFeedStaleWhileRebuild: while a feed rebuilds, requests get the last
// good body at once, with that body's ETag (and 304 for it); a request
// with nothing cached waits for the one rebuild; and the rebuild's result
// is what the next request gets.
func TestFeedStaleWhileRebuild(t *testing.T) {
	env := newFeedEnv(t, httpx.Config{})
	sh, eps := env.SeedShow("daily", 3)
	g := &gatedStore{Store: env.srv.Store}
	env.srv.Store = g
	oldBody, rec := env.Get("/shows/daily/feed.rss")
	oldTag := rec.Header().Get("ETag")

	eps[0].Title = "Rebuilt title"
	must(t, env.Store.UpdateEpisode(env.Ctx(), eps[0]))
	env.Advance(feedShowTTL)
	g.hold()
	// The first request after the change starts the rebuild and waits for it.
	first := make(chan *httptest.ResponseRecorder)
	go func() { first <- env.Do(http.MethodGet, "/shows/daily/feed.rss") }()
	<-g.entered
	// Others get the last good body meanwhile, at once.
	for range 3 {
		body, r := env.Get("/shows/daily/feed.rss")
		if body != oldBody || r.Header().Get("ETag") != oldTag {
			t.Fatalf("during the rebuild: ETag %s, want the old body's %s", r.Header().Get("ETag"), oldTag)
		}
		if r := env.Do(http.MethodGet, "/shows/daily/feed.rss", "If-None-Match", oldTag); r.Code != http.StatusNotModified {
			t.Errorf("If-None-Match with the served ETag during the rebuild: %d", r.Code)
		}
	}
	// A feed nobody asked for yet waits for its own build.
	cold := make(chan *httptest.ResponseRecorder)
	go func() { cold <- env.Do(http.MethodGet, "/shows/daily/feed.json") }()
	<-g.entered
	select {
	case <-cold:
		t.Fatal("a request with nothing cached answered before its build")
	case <-time.After(50 * time.Millisecond):
	}
	g.release()
	if r := <-first; r.Code != 200 || !strings.Contains(r.Body.String(), "Rebuilt title") || r.Header().Get("ETag") == oldTag {
		t.Errorf("the request that rebuilt: %d, ETag %s", r.Code, r.Header().Get("ETag"))
	}
	if r := <-cold; r.Code != 200 || !strings.Contains(r.Body.String(), "Rebuilt title") {
		t.Errorf("the cold request: %d", r.Code)
	}
	body, r := env.Get("/shows/daily/feed.rss")
	if !strings.Contains(body, "Rebuilt title") || r.Header().Get("ETag") == oldTag {
		t.Error("after the rebuild the feed is still the old one")
	}
	_ = sh
}

// TestFeedRebuildsCoalesce: a burst of changes, each followed by requests,
// costs one rebuild per coalescing window, not one per change, and the
// last change shows once the window has passed.
func TestFeedRebuildsCoalesce(t *testing.T) {
	env := newFeedEnv(t, httpx.Config{})
	_, eps := env.SeedShow("daily", 3)
	env.Get("/shows/daily/feed.rss")
	before, start := env.srv.rebuilds.Load(), time.Now()
	for i := range 20 {
		eps[0].Title = "Burst " + string(rune('a'+i))
		must(t, env.Store.UpdateEpisode(env.Ctx(), eps[0]))
		env.srv.ShowChanged("") // as every write through this node does
		for range 5 {
			if r := env.Do(http.MethodGet, "/shows/daily/feed.rss"); r.Code != 200 {
				t.Fatalf("GET: %d", r.Code)
			}
		}
	}
	env.waitBuilds()
	// The first change is rebuilt at once, the rest once per window of
	// real time the burst took (the test's clock stands still).
	windows := int64(time.Since(start)/coalesceWindow) + 1
	if n := env.srv.rebuilds.Load() - before; n > 1+windows {
		t.Errorf("20 changes in %d windows cost %d rebuilds", windows, n)
	}
	env.Advance(maxCoalesceWindow)
	env.waitBuilds()
	if body, _ := env.Get("/shows/daily/feed.rss"); !strings.Contains(body, "Burst t") {
		t.Error("the last change of the burst is not in the feed after the window")
	}
}

// TestFeedRebuildOutlivesClient: a client that goes away while its
// request waits for a rebuild gets its context's error, and the rebuild
// still finishes and is kept.
func TestFeedRebuildOutlivesClient(t *testing.T) {
	env := newFeedEnv(t, httpx.Config{})
	sh, _ := env.SeedShow("daily", 2)
	g := &gatedStore{Store: env.srv.Store}
	env.srv.Store = g
	g.hold()
	ctx, cancel := context.WithCancel(env.Ctx())
	errc := make(chan error)
	go func() {
		_, err := env.srv.feedBytes(ctx, sh, feedRSS)
		errc <- err
	}()
	<-g.entered
	cancel()
	if err := <-errc; err != context.Canceled {
		t.Fatalf("feedBytes after the client left: %v", err)
	}
	g.release()
	env.waitBuilds()
	if n, _ := env.cachedFeeds(sh.ID); n != 1 {
		t.Errorf("the rebuild was not kept: %d feeds cached", n)
	}
}

// TestFeedRebuildRendersOnlyChanges: a rebuild after one episode changed
// renders that item only; the others come from the fragment cache.
func TestFeedRebuildRendersOnlyChanges(t *testing.T) {
	env := newFeedEnv(t, httpx.Config{})
	_, eps := env.SeedShow("daily", 5)
	env.Get("/shows/daily/feed.rss")
	if n := env.srv.fragments.Len(); n != 5 {
		t.Fatalf("%d fragments after the first render, want 5", n)
	}
	eps[2].Title = "Only this one"
	must(t, env.Store.UpdateEpisode(env.Ctx(), eps[2]))
	env.Advance(feedShowTTL)
	if body, _ := env.Get("/shows/daily/feed.rss"); !strings.Contains(body, "Only this one") {
		t.Fatal("the change is not in the feed")
	}
	if n := env.srv.fragments.Len(); n != 6 {
		t.Errorf("%d fragments after one change, want 6 (one new)", n)
	}
}

// A feed that takes longer to build gathers changes over a longer window,
// so that its rebuilds take a bounded share of the machine.
func TestCoalesceWindow(t *testing.T) {
	t.Parallel()
	for took, want := range map[time.Duration]time.Duration{
		0:                      coalesceWindow,
		5 * time.Millisecond:   coalesceWindow,
		100 * time.Millisecond: time.Second,
		time.Second:            maxCoalesceWindow,
	} {
		if got := (&feedEntry{buildTook: took}).window(); got != want {
			t.Errorf("a build of %v: window %v, want %v", took, got, want)
		}
	}
}

// TestFeedBurstGoesOn: once a burst's changes were gathered into one
// build, a change right after it is part of the same burst, even before
// anyone read that build: it is served stale and gathered too, rather than
// rebuilt at once for the next request.
func TestFeedBurstGoesOn(t *testing.T) {
	env := newFeedEnv(t, httpx.Config{})
	_, eps := env.SeedShow("daily", 3)
	change := func(title string) {
		eps[0].Title = title
		must(t, env.Store.UpdateEpisode(env.Ctx(), eps[0]))
		env.srv.ShowChanged("")
	}
	env.Get("/shows/daily/feed.rss")
	change("Change one") // alone: the next request rebuilds it
	if body, _ := env.Get("/shows/daily/feed.rss"); !strings.Contains(body, "Change one") {
		t.Fatal("a change alone is not in the next request")
	}
	env.Get("/shows/daily/feed.rss") // read since
	change("Change two")             // within the window: gathered
	if body, _ := env.Get("/shows/daily/feed.rss"); !strings.Contains(body, "Change one") {
		t.Fatal("a change in a burst was not served stale")
	}
	env.waitBuilds() // the gathered build, at the window's end
	change("Change three")
	body, _ := env.Get("/shows/daily/feed.rss")
	if !strings.Contains(body, "Change two") || strings.Contains(body, "Change three") {
		t.Error("a change right after a gathered build was not gathered with the burst")
	}
	env.waitBuilds()
	env.Advance(maxCoalesceWindow)
	if body, _ := env.Get("/shows/daily/feed.rss"); !strings.Contains(body, "Change three") {
		t.Error("the burst's last change is not in the feed after its window")
	}
}
