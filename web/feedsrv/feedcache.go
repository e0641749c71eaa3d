package feedsrv

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/feeds"
)

// feedCache keeps each show's feeds as rendered bytes, plain and gzipped.
// An entry is good while the show's Version, the base URL and the next
// scheduled episode's time say so; every node checks the Version against
// the store on each request, so a change made through any node shows at once.
//
// A stale entry is rebuilt by one build at a time per feed (builds), and
// while it runs, requests get the entry they would have had before (stale
// while rebuilding); only a request with nothing to serve waits, and for
// that one build only. A change that comes alone is rebuilt at once; the
// changes that follow it within coalesceWindow are served stale and
// gathered into one build at the window's end, so a burst of uploads costs
// one rebuild per window, not one per upload.
// A deleted show's entries go when ShowChanged hears of it; past maxEntries
// or maxBytes, other entries go to make room for a new one.
type feedCache struct {
	mu      sync.Mutex
	entries map[feedKey]*feedEntry
	// builds are the rebuilds running or waiting for their window, one
	// per key at most.
	builds map[feedKey]*feedBuild
	// bytes is the size of every entry's plain and gzipped bodies.
	bytes int64
	// maxEntries and maxBytes bound the cache; 0 means the defaults.
	maxEntries int
	maxBytes   int64
}

// coalesceWindow is how soon after a rebuild for a change a feed that is
// read meanwhile is built again: a change that comes alone, or to a feed
// nobody else reads (a publisher writing and reading back), shows in the
// very next request; further changes within the window to a feed in
// demand are served stale for at most this long (and one build), then
// shown by one build. Other nodes' changes may take feedShowTTL anyway.
// A feed whose build takes longer gets a longer window (window), so that
// rebuilds during a burst of changes take at most about a tenth of the
// time of a core, and the rest serves requests.
const coalesceWindow = 250 * time.Millisecond

// coalesceFactor and maxCoalesceWindow make a feed's window from its
// build's duration: that many builds' time, within coalesceWindow and
// maxCoalesceWindow.
const (
	coalesceFactor    = 10
	maxCoalesceWindow = 3 * time.Second
)

// window is the entry's coalescing window (coalesceWindow).
func (e *feedEntry) window() time.Duration {
	return min(max(coalesceWindow, coalesceFactor*e.buildTook), maxCoalesceWindow)
}

// feedBuild is one rebuild of a feed. done is closed when ent or err is set.
type feedBuild struct {
	done chan struct{}
	ent  *feedEntry
	err  error
	// discard is set when the show was deleted while the build ran: what
	// it renders is answered to those waiting, not kept.
	discard bool
}

// The default bounds of a node's feed cache: three feeds each for a few
// thousand shows, and a memory budget that large shows' feeds (about 1.4 MB
// plain and gzipped for 1,000 episodes) fit in by the hundred.
const (
	defaultMaxFeedEntries = 3 * 4096
	defaultMaxFeedBytes   = 512 << 20
)

// changed reports whether any of the show's feeds are cached or building.
func (c *feedCache) changed(showID string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.entries {
		if k.showID == showID {
			return true
		}
	}
	for k := range c.builds {
		if k.showID == showID {
			return true
		}
	}
	return false
}

// forget drops the show's feeds; builds still running answer those who
// wait for them and keep nothing.
func (c *feedCache) forget(showID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.entries {
		if k.showID == showID {
			c.drop(k)
		}
	}
	for k := range c.builds {
		if k.showID == showID {
			c.drop(k)
		}
	}
}

// drop removes key's entry and build; c.mu is held.
func (c *feedCache) drop(key feedKey) {
	if e := c.entries[key]; e != nil {
		c.bytes -= e.size()
		delete(c.entries, key)
	}
	if b := c.builds[key]; b != nil {
		b.discard = true
		delete(c.builds, key)
	}
}

// store puts e under key, first dropping other entries (whichever the map
// yields first: no bookkeeping on the hot path) while the cache is over its
// bounds. The new entry is kept even alone over maxBytes: rendering it on
// every request would be worse. c.mu is held.
func (c *feedCache) store(key feedKey, e *feedEntry) {
	maxEntries, maxBytes := c.maxEntries, c.maxBytes
	if maxEntries <= 0 {
		maxEntries = defaultMaxFeedEntries
	}
	if maxBytes <= 0 {
		maxBytes = defaultMaxFeedBytes
	}
	if old := c.entries[key]; old != nil {
		c.bytes -= old.size()
		delete(c.entries, key)
	}
	for k, old := range c.entries {
		if len(c.entries) < maxEntries && c.bytes+e.size() <= maxBytes {
			break
		}
		c.bytes -= old.size()
		delete(c.entries, k)
	}
	c.entries[key] = e
	c.bytes += e.size()
}

// feedKey names a cached feed: a show's feed in one format, page 0 the main
// feed and 1 on its paged archives (feeds.PageOf).
type feedKey struct {
	showID, format string
	page           int
}

// feedBytes returns the show's main feed in format f (feedPage).
func (s *Feeds) feedBytes(ctx context.Context, sh *catalog.Show, f *feedFormat) (*feedEntry, error) {
	return s.feedPage(ctx, sh, f, 0)
}

// feedPage returns page n of the show's feed in format f (0 the main feed;
// catalog.ErrNotFound when there is no such page): the cached entry when it
// is fresh, the stale one while a rebuild runs or waits for its window,
// and otherwise the result of a rebuild it starts and waits for (or until
// ctx ends: the rebuild goes on for the next request).
func (s *Feeds) feedPage(ctx context.Context, sh *catalog.Show, f *feedFormat, page int) (*feedEntry, error) {
	key := feedKey{sh.ID, f.name, page}
	c := &s.feedCache
	now := s.Now()
	c.mu.Lock()
	if c.entries == nil {
		c.entries, c.builds = map[feedKey]*feedEntry{}, map[feedKey]*feedBuild{}
	}
	ent := c.entries[key]
	if ent != nil && ent.fresh(sh, s.Cfg.BaseURL, now) {
		ent.hits++
		c.mu.Unlock()
		return ent, nil
	}
	b := c.builds[key]
	switch {
	case b != nil && ent != nil:
		ent.hits++
		c.mu.Unlock()
		return ent, nil // stale while the rebuild runs
	case b != nil:
		// nothing to serve: wait for the running build
	case ent != nil && ent.rebuilt && (ent.hits > 0 || ent.burst) && ent.base == s.Cfg.BaseURL &&
		!now.Before(ent.builtAt) && now.Sub(ent.builtAt) < ent.window():
		// rebuilt for a change moments ago and read since, or gathered
		// from a burst that goes on: a burst of changes to a feed in
		// demand, so gather this change with the next ones
		ent.hits++
		s.startBuild(key, nil, f, ent.window()-now.Sub(ent.builtAt))
		c.mu.Unlock()
		return ent, nil
	default:
		b = s.startBuild(key, sh, f, 0)
	}
	c.mu.Unlock()
	select {
	case <-b.done:
		return b.ent, b.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// startBuild starts a rebuild of key after delay, of sh, or of the show as
// the store has it then when sh is nil. It runs on its own context, so a
// client that goes away does not stop it. c.mu is held.
func (s *Feeds) startBuild(key feedKey, sh *catalog.Show, f *feedFormat, delay time.Duration) *feedBuild {
	c := &s.feedCache
	b := &feedBuild{done: make(chan struct{})}
	bg := s.background()
	if err := bg.Err(); err != nil { // stopped: the store may be closed
		b.err = fmt.Errorf("feedsrv: the server is stopping: %w", err)
		close(b.done)
		return b
	}
	c.builds[key] = b
	s.buildsWG.Add(1)
	go func() {
		defer s.buildsWG.Done()
		if delay > 0 {
			t := time.NewTimer(delay)
			select {
			case <-t.C:
			case <-bg.Done():
				t.Stop()
			}
		}
		ctx, cancel := context.WithTimeout(bg, buildTimeout)
		defer cancel()
		var ent *feedEntry
		err := ctx.Err()
		if err == nil {
			ent, err = s.build(ctx, key, sh, f)
		}
		if err == nil && delay > 0 {
			ent.burst = true
		}
		c.mu.Lock()
		defer c.mu.Unlock()
		b.ent, b.err = ent, err
		if c.builds[key] == b {
			delete(c.builds, key)
		}
		if err == nil && !b.discard {
			c.store(key, ent)
		}
		close(b.done)
	}()
	return b
}

// background is the context rebuilds run under; Stop cancels it.
func (s *Feeds) background() context.Context {
	s.bgOnce.Do(func() { s.bgCtx, s.bgCancel = context.WithCancel(context.Background()) })
	return s.bgCtx
}

// Stop cancels the rebuilds running or waiting for their window, refuses
// new ones and waits for them (or ctx), so that none touches the store
// once it is closed. Call it when no request or job is left.
func (s *Feeds) Stop(ctx context.Context) error {
	s.background()
	s.bgCancel()
	done := make(chan struct{})
	go func() { s.buildsWG.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("feedsrv: rebuilds still running: %w", ctx.Err())
	}
}

// buildTimeout bounds one rebuild; the store's queries are its slow part.
const buildTimeout = time.Minute

// build renders the feed of key. Its Last-Modified moves on from the
// entry it replaces when the bytes differ (the data's own times do not
// move on every change: deleting an episode, linking an older article).
func (s *Feeds) build(ctx context.Context, key feedKey, sh *catalog.Show, f *feedFormat) (*feedEntry, error) {
	start := time.Now()
	s.rebuilds.Add(1)
	if sh == nil {
		var err error
		if sh, err = s.Store.GetShowByID(ctx, key.showID); err != nil {
			return nil, err
		}
	}
	next, err := s.renderFeed(ctx, sh, f, key.page)
	if err != nil {
		if !errors.Is(err, context.Canceled) && !errors.Is(err, catalog.ErrNotFound) {
			s.Log.Error("feed rebuild failed", "show", sh.Slug, "format", f.name, "err", err)
		}
		return nil, err
	}
	next.buildTook = time.Since(start)
	s.observeFeedBuild(f.name, next.buildTook)
	// sh may have been read before it was deleted: a deleted show's feed
	// is not kept. A deletion after this look reaches ShowChanged, which
	// marks this build to keep nothing, or drops what it stored.
	if !s.showExists(ctx, sh.ID) {
		s.feedCache.mu.Lock()
		if b := s.feedCache.builds[key]; b != nil {
			b.discard = true
		}
		s.feedCache.mu.Unlock()
		return next, nil
	}
	s.feedCache.mu.Lock()
	prev := s.feedCache.entries[key]
	s.feedCache.mu.Unlock()
	next.rebuilt = prev != nil
	switch {
	case prev == nil:
	case prev.sum == next.sum:
		next.setLastMod(prev.lastMod)
	case !next.lastMod.After(prev.lastMod):
		next.setLastMod(maxTime(prev.lastMod.Add(time.Second), s.Now()))
	}
	return next, nil
}

// renderFeed renders the show's feed as it is at s.Now(): the frame anew,
// the items from s.fragments, rendering only those that changed.
func (s *Feeds) renderFeed(ctx context.Context, sh *catalog.Show, f *feedFormat, page int) (*feedEntry, error) {
	now := s.Now()
	in, err := s.liveFeed(ctx, sh)
	if err != nil {
		return nil, err
	}
	// Page n of a limited feed is a slice of the live items (feeds.PageOf).
	eps, paging, ok := feeds.PageOf(in.Episodes, sh.FeedLimit, page)
	if !ok {
		return nil, catalog.ErrNotFound
	}
	in.Episodes, in.Paging = eps, paging
	next, scheduled, err := s.Store.NextScheduled(ctx, sh.ID, now)
	if err != nil {
		return nil, err
	}
	fr, err := f.format.Frame(in)
	if err != nil {
		return nil, err
	}
	items, err := s.fragments.Items(f.format, in.Links, in.Episodes)
	if err != nil {
		return nil, err
	}
	ent := newFeedEntry(fr.Append(nil, items), feeds.LastChange(sh, in.Episodes))
	ent.version, ent.base, ent.builtAt = sh.Version, s.Cfg.BaseURL, now
	if scheduled {
		ent.expires = next
	}
	// A verification window that closes hides the owner's email again.
	if !in.HideOwnerEmail && sh.HideOwnerEmail && (ent.expires.IsZero() || sh.OwnerEmailUntil.Before(ent.expires)) {
		ent.expires = sh.OwnerEmailUntil
	}
	return ent, nil
}

// observeFeedBuild records a rebuild's time in the metrics.
func (s *Feeds) observeFeedBuild(format string, d time.Duration) {
	s.Metrics.ObserveFeedBuild(format, d)
}
