package delivery

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// ownerTTL is how long media delivery trusts what it read about a blob's
// episode or show. A blob's bytes never change; only titles (download
// names), the current MIME type or a deletion can, and those may take this
// long to show on every node.
const ownerTTL = time.Second

// ownerCacheMax bounds the cache; when full it starts over.
const ownerCacheMax = 4096

// ownerCache keeps recently read episodes and shows for media delivery,
// so a client fetching a file in many small ranges costs one catalog read
// a second, not one per range.
type ownerCache struct {
	mu sync.Mutex
	m  map[string]ownerEntry
}

type ownerEntry struct {
	ep      *catalog.Episode
	show    *catalog.Show
	err     error // ErrNotFound is remembered too
	expires time.Time
}

// episode returns the episode id, from the cache or the store. The result
// is shared: callers must not change it.
func (c *ownerCache) episode(ctx context.Context, st catalog.Store, id string, now time.Time) (*catalog.Episode, error) {
	e, ok := c.get("e/"+id, now)
	if !ok {
		ep, err := st.GetEpisode(ctx, id)
		e = ownerEntry{ep: ep, err: err}
		c.put("e/"+id, e, now)
	}
	return e.ep, e.err
}

// show is episode for shows.
func (c *ownerCache) show(ctx context.Context, st catalog.Store, id string, now time.Time) (*catalog.Show, error) {
	e, ok := c.get("s/"+id, now)
	if !ok {
		sh, err := st.GetShowByID(ctx, id)
		e = ownerEntry{show: sh, err: err}
		c.put("s/"+id, e, now)
	}
	return e.show, e.err
}

func (c *ownerCache) get(k string, now time.Time) (ownerEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[k]
	if !ok || now.After(e.expires) {
		return ownerEntry{}, false
	}
	return e, true
}

func (c *ownerCache) put(k string, e ownerEntry, now time.Time) {
	if e.err != nil && !errors.Is(e.err, catalog.ErrNotFound) {
		return // a failing store is asked again next time
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= ownerCacheMax {
		c.m = make(map[string]ownerEntry)
	}
	e.expires = now.Add(ownerTTL)
	c.m[k] = e
}
