package feedsrv

import (
	"context"
	"sync"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/feeds"
)

// feedCache keeps each show's feeds as rendered bytes, plain and gzipped.
// An entry is good while the show's Version, the base URL and the next
// scheduled episode's time say so; every node checks the Version against
// the store on each request, so a change made through any node shows at once.
// A deleted show's entries go when ShowChanged hears of it; past maxEntries
// or maxBytes, other entries go to make room for a new one.
type feedCache struct {
	mu      sync.Mutex
	entries map[feedKey]*feedEntry
	// renders holds one lock per key, so a burst of requests for a stale
	// feed renders it once.
	renders map[feedKey]*sync.Mutex
	// bytes is the size of every entry's plain and gzipped bodies.
	bytes int64
	// changes counts the changes to a named show that ShowChanged heard
	// of. A render that began before one does not store what it rendered
	// (its show may be gone now); the next request renders again.
	changes uint64
	// maxEntries and maxBytes bound the cache; 0 means the defaults.
	maxEntries int
	maxBytes   int64
}

// The default bounds of a node's feed cache: three feeds each for a few
// thousand shows, and a memory budget that large shows' feeds (about 1.4 MB
// plain and gzipped for 1,000 episodes) fit in by the hundred.
const (
	defaultMaxFeedEntries = 3 * 4096
	defaultMaxFeedBytes   = 512 << 20
)

// changed counts a change to the show, and reports whether any of its
// feeds are cached.
func (c *feedCache) changed(showID string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.changes++
	for k := range c.entries {
		if k.showID == showID {
			return true
		}
	}
	return false
}

// forget drops the show's feeds.
func (c *feedCache) forget(showID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.entries {
		if k.showID == showID {
			c.drop(k)
		}
	}
}

// drop removes key's entry and render lock; c.mu is held. A render still
// holding that lock finishes; at worst a concurrent one renders the same
// feed again.
func (c *feedCache) drop(key feedKey) {
	if e := c.entries[key]; e != nil {
		c.bytes -= e.size()
		delete(c.entries, key)
	}
	delete(c.renders, key)
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
	for k := range c.entries {
		if len(c.entries) < maxEntries && c.bytes+e.size() <= maxBytes {
			break
		}
		c.drop(k)
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

// feedBytes returns the show's main feed in format f, rendering it if the
// cached bytes are stale.
func (s *Feeds) feedBytes(ctx context.Context, sh *catalog.Show, f *feedFormat) (*feedEntry, error) {
	return s.feedPage(ctx, sh, f, 0)
}

// feedPage returns page n of the show's feed in format f (0 the main feed),
// rendering it if the cached bytes are stale; catalog.ErrNotFound when the
// feed has no such page.
func (s *Feeds) feedPage(ctx context.Context, sh *catalog.Show, f *feedFormat, page int) (*feedEntry, error) {
	key := feedKey{sh.ID, f.name, page}
	c := &s.feedCache
	c.mu.Lock()
	if c.entries == nil {
		c.entries, c.renders = map[feedKey]*feedEntry{}, map[feedKey]*sync.Mutex{}
	}
	ent := c.entries[key]
	if ent != nil && ent.fresh(sh, s.Cfg.BaseURL, s.Now()) {
		c.mu.Unlock()
		return ent, nil
	}
	lock := c.renders[key]
	if lock == nil {
		lock = &sync.Mutex{}
		c.renders[key] = lock
	}
	c.mu.Unlock()

	lock.Lock()
	defer lock.Unlock()
	c.mu.Lock()
	prev, changes := c.entries[key], c.changes
	c.mu.Unlock()
	if prev != nil && prev != ent && prev.fresh(sh, s.Cfg.BaseURL, s.Now()) {
		return prev, nil // rendered while we waited
	}
	next, err := s.renderFeed(ctx, sh, f, page)
	if err != nil {
		c.mu.Lock()
		if c.entries[key] == nil {
			delete(c.renders, key) // a page that does not exist leaves nothing
		}
		c.mu.Unlock()
		return nil, err
	}
	// sh may have been read before it was deleted: a deleted show's feed
	// is not kept. A deletion after this look reaches ShowChanged after
	// it, which the check of c.changes below sees or drops what we store.
	if !s.showExists(ctx, sh.ID) {
		c.mu.Lock()
		delete(c.renders, key)
		c.mu.Unlock()
		return next, nil
	}
	if prev != nil && prev.sum != next.sum {
		// The data's own times do not move on every change (deleting an
		// episode, linking an older article), but Last-Modified must.
		if !next.lastMod.After(prev.lastMod) {
			next.setLastMod(maxTime(prev.lastMod.Add(time.Second), s.Now()))
		}
	}
	if prev != nil && prev.sum == next.sum {
		next.setLastMod(prev.lastMod)
	}
	c.mu.Lock()
	if c.changes == changes {
		c.store(key, next)
	} else if c.entries[key] == nil {
		delete(c.renders, key)
	}
	c.mu.Unlock()
	return next, nil
}

// renderFeed renders page n of the show's feed as it is at s.Now().
func (s *Feeds) renderFeed(ctx context.Context, sh *catalog.Show, f *feedFormat, page int) (*feedEntry, error) {
	now := s.Now()
	in, err := s.liveFeed(ctx, sh)
	if err != nil {
		return nil, err
	}
	eps, paging, ok := feeds.PageOf(in.Episodes, sh.FeedLimit, page)
	if !ok {
		return nil, catalog.ErrNotFound
	}
	in.Episodes, in.Paging = eps, paging
	next, scheduled, err := s.Store.NextScheduled(ctx, sh.ID, now)
	if err != nil {
		return nil, err
	}
	body, err := f.render(in)
	if err != nil {
		return nil, err
	}
	ent := newFeedEntry(body, feeds.LastChange(sh, in.Episodes))
	ent.version, ent.base = sh.Version, s.Cfg.BaseURL
	if scheduled {
		ent.expires = next
	}
	// A verification window that closes hides the owner's email again.
	if !in.HideOwnerEmail && sh.HideOwnerEmail && (ent.expires.IsZero() || sh.OwnerEmailUntil.Before(ent.expires)) {
		ent.expires = sh.OwnerEmailUntil
	}
	return ent, nil
}
