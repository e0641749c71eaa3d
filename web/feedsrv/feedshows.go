package feedsrv

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
)

// feedShowTTL is how long a feed request trusts the show (and its Version)
// it last read. Without it every request is a database query, which halves
// what a node serves. A change made through this node drops the trusted
// shows at once (ForgetShowsAfterWrites), one made through another node
// does when PostgreSQL's notification arrives (ShowChanged), and without
// one every node's feeds show the change within this time.
const feedShowTTL = time.Second

// ShowTTL is how long a change made through another node may take to show
// in this node's feeds when no notification arrives (feedShowTTL).
const ShowTTL = feedShowTTL

// showCache keeps recently read shows by slug for feed requests. It keeps
// only shows that exist (a slug that is not found is not remembered, and
// its entry goes), and at most max of them, so requests for made-up slugs
// cannot grow it.
type showCache struct {
	mu  sync.RWMutex
	m   map[string]cachedShow
	max int // 0 means defaultMaxCachedShows.
	// reads are the store reads in flight by slug: the requests that
	// miss together (all of them, after each write) share one read.
	reads map[string]*showRead
	// gen counts ShowChanged calls: a read that started before one is
	// answered to those who waited for it, not kept.
	gen uint64
}

// showRead is one store read of a show that requests share.
type showRead struct {
	done chan struct{}
	sh   *catalog.Show
	err  error
}

// showReadTimeout bounds a shared read. It runs on the server's background
// context, not the request's: it goes on, for the others, if the request
// that started it goes away, and Stop cancels and waits for it.
const showReadTimeout = 10 * time.Second

// defaultMaxCachedShows bounds the showCache. Its entries are trusted for
// feedShowTTL only, so a full cache loses little by dropping them.
const defaultMaxCachedShows = 4096

type cachedShow struct {
	sh *catalog.Show
	at time.Time
}

// feedShow is the show for a feed request: the one read less than
// feedShowTTL ago, or a fresh read. A slug no show has now is the store's
// ErrNotFound (the show may have had it: see ShowMoved).
func (s *Feeds) feedShow(ctx context.Context, slug string) (*catalog.Show, error) {
	now := s.Now()
	c := &s.feedShows
	c.mu.RLock()
	cs, ok := c.m[slug]
	c.mu.RUnlock()
	if ok && !now.Before(cs.at) && now.Sub(cs.at) < feedShowTTL {
		return cs.sh, nil
	}
	bg := s.background()
	if err := bg.Err(); err != nil { // stopped: the store may be closed
		return nil, fmt.Errorf("feedsrv: the server is stopping: %w", err)
	}
	c.mu.Lock()
	rd := c.reads[slug]
	if rd == nil {
		rd = &showRead{done: make(chan struct{})}
		if c.reads == nil {
			c.reads = map[string]*showRead{}
		}
		c.reads[slug] = rd
		s.buildsWG.Add(1) // Stop waits for it, as for rebuilds
		go s.readShow(bg, slug, rd, c.gen, now)
	}
	c.mu.Unlock()
	select {
	case <-rd.done:
		return rd.sh, rd.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// readShow reads the show for everyone waiting on rd, and keeps it unless
// a change came meanwhile (gen moved on).
func (s *Feeds) readShow(ctx context.Context, slug string, rd *showRead, gen uint64, now time.Time) {
	defer s.buildsWG.Done()
	ctx, cancel := context.WithTimeout(ctx, showReadTimeout)
	defer cancel()
	rd.sh, rd.err = s.Store.GetShow(ctx, slug)
	c := &s.feedShows
	c.mu.Lock()
	if c.reads[slug] == rd {
		delete(c.reads, slug)
	}
	switch {
	case c.gen != gen:
	case rd.err == nil:
		c.put(slug, cachedShow{rd.sh, now})
	case errors.Is(rd.err, catalog.ErrNotFound):
		delete(c.m, slug)
	}
	c.mu.Unlock()
	close(rd.done)
}

// put stores cs under slug, making room first when the cache is full: the
// entries too old to be trusted go, or all of them if none is. c.mu is held.
func (c *showCache) put(slug string, cs cachedShow) {
	if c.m == nil {
		c.m = map[string]cachedShow{}
	}
	max := c.max
	if max <= 0 {
		max = defaultMaxCachedShows
	}
	if _, ok := c.m[slug]; !ok && len(c.m) >= max {
		for k, v := range c.m {
			if cs.at.Before(v.at) || cs.at.Sub(v.at) >= feedShowTTL {
				delete(c.m, k)
			}
		}
		if len(c.m) >= max {
			clear(c.m)
		}
	}
	c.m[slug] = cs
}

// ShowChanged drops what feed requests trust about shows, so the next one
// reads the store. serve wires it to the store's change notifications
// (PostgreSQL LISTEN/NOTIFY) so that other nodes' changes show at once.
// Given the show's id, it also drops that show's rendered feeds when the
// show is gone (the notification does not say it was a deletion; a show
// that changed keeps them, for its Last-Modified to move on).
func (s *Feeds) ShowChanged(showID string) {
	c := &s.feedShows
	c.mu.Lock()
	clear(c.m)
	clear(c.reads) // reads started before the change are not joined
	c.gen++
	c.mu.Unlock()
	if showID == "" || !s.feedCache.changed(showID) {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if !s.showExists(ctx, showID) {
		s.feedCache.forget(showID)
	}
}

// showExists reports whether the show is in the store; when the store
// cannot tell, it says yes, so a show's feeds are never dropped by mistake.
func (s *Feeds) showExists(ctx context.Context, showID string) bool {
	_, err := s.Store.GetShowByID(ctx, showID)
	if err != nil && !errors.Is(err, catalog.ErrNotFound) {
		s.Log.WarnContext(ctx, "feed cache: look up a changed show", "show", showID, "err", err)
	}
	return !errors.Is(err, catalog.ErrNotFound)
}

// ForgetShowsAfterWrites drops the trusted shows after every request that
// may have changed the catalog, so this node's own changes show at once.
func (s *Feeds) ForgetShowsAfterWrites(c *gin.Context) {
	c.Next()
	switch c.Request.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
	default:
		s.ShowChanged("")
	}
}
