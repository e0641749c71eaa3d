package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

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
	for _, f := range feedFormats {
		if _, ok := c.entries[feedKey{showID, f.name}]; ok {
			return true
		}
	}
	return false
}

// forget drops the show's feeds.
func (c *feedCache) forget(showID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, f := range feedFormats {
		c.drop(feedKey{showID, f.name})
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

// feedShowTTL is how long a feed request trusts the show (and its Version)
// it last read. Without it every request is a database query, which halves
// what a node serves. A change made through this node drops the trusted
// shows at once (forgetShowsAfterWrites), one made through another node
// does when PostgreSQL's notification arrives (ShowChanged), and without
// one every node's feeds show the change within this time.
const feedShowTTL = time.Second

// showCache keeps recently read shows by slug for feed requests. It keeps
// only shows that exist (a slug that is not found is not remembered, and
// its entry goes), and at most max of them, so requests for made-up slugs
// cannot grow it.
type showCache struct {
	mu  sync.RWMutex
	m   map[string]cachedShow
	max int // 0 means defaultMaxCachedShows.
}

// defaultMaxCachedShows bounds the showCache. Its entries are trusted for
// feedShowTTL only, so a full cache loses little by dropping them.
const defaultMaxCachedShows = 4096

type cachedShow struct {
	sh *catalog.Show
	at time.Time
}

// feedShow is the show for a feed request: the one read less than
// feedShowTTL ago, or a fresh read. A slug no show has now is the store's
// ErrNotFound (the show may have had it: see showMoved).
func (s *Server) feedShow(ctx context.Context, slug string) (*catalog.Show, error) {
	now := s.now()
	c := &s.feedShows
	c.mu.RLock()
	cs, ok := c.m[slug]
	c.mu.RUnlock()
	if ok && !now.Before(cs.at) && now.Sub(cs.at) < feedShowTTL {
		return cs.sh, nil
	}
	sh, err := s.store.GetShow(ctx, slug)
	if err != nil {
		if ok && errors.Is(err, catalog.ErrNotFound) {
			c.mu.Lock()
			delete(c.m, slug)
			c.mu.Unlock()
		}
		return nil, err
	}
	c.mu.Lock()
	c.put(slug, cachedShow{sh, now})
	c.mu.Unlock()
	return sh, nil
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
func (s *Server) ShowChanged(showID string) {
	c := &s.feedShows
	c.mu.Lock()
	clear(c.m)
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
func (s *Server) showExists(ctx context.Context, showID string) bool {
	_, err := s.store.GetShowByID(ctx, showID)
	if err != nil && !errors.Is(err, catalog.ErrNotFound) {
		s.log.WarnContext(ctx, "feed cache: look up a changed show", "show", showID, "err", err)
	}
	return !errors.Is(err, catalog.ErrNotFound)
}

// forgetShowsAfterWrites drops the trusted shows after every request that
// may have changed the catalog, so this node's own changes show at once.
func (s *Server) forgetShowsAfterWrites(c *gin.Context) {
	c.Next()
	switch c.Request.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
	default:
		s.ShowChanged("")
	}
}

type feedKey struct {
	showID, format string
}

// feedEntry is one rendered feed and the headers that go with it, built
// once so that serving allocates nothing.
type feedEntry struct {
	version int64
	base    string
	// expires is when the next scheduled episode goes live; zero if none.
	expires time.Time
	sum     [sha256.Size]byte
	lastMod time.Time

	plain, gz       []byte
	etag, etagGz    string
	hEtag, hEtagGz  []string
	hLength, hLenGz []string
	hLastMod        []string
}

var (
	hCacheControl = []string{"public, max-age=60"}
	hVary         = []string{"Accept-Encoding"}
	hGzip         = []string{"gzip"}
)

// newFeedEntry prepares body for serving: its gzip form, a strong ETag per
// encoding (a hash of the bytes, so the same catalog gives the same ETag on
// every node and after a restart) and the header values.
func newFeedEntry(body []byte, lastMod time.Time) *feedEntry {
	e := &feedEntry{plain: body, sum: sha256.Sum256(body)}
	var zb bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&zb, gzip.BestCompression)
	zw.Write(body)
	zw.Close()
	e.gz = zb.Bytes()
	tag := hex.EncodeToString(e.sum[:16])
	e.etag, e.etagGz = `"`+tag+`"`, `"`+tag+`-gz"`
	e.hEtag, e.hEtagGz = []string{e.etag}, []string{e.etagGz}
	e.hLength = []string{strconv.Itoa(len(e.plain))}
	e.hLenGz = []string{strconv.Itoa(len(e.gz))}
	e.setLastMod(lastMod)
	return e
}

// size is what the entry's bodies take in memory.
func (e *feedEntry) size() int64 { return int64(len(e.plain) + len(e.gz)) }

func (e *feedEntry) setLastMod(t time.Time) {
	e.lastMod = t.UTC().Truncate(time.Second)
	e.hLastMod = []string{e.lastMod.Format(http.TimeFormat)}
}

// fresh reports whether e still shows sh at now.
func (e *feedEntry) fresh(sh *catalog.Show, base string, now time.Time) bool {
	return e.version == sh.Version && e.base == base && (e.expires.IsZero() || now.Before(e.expires))
}

// feedBytes returns the show's feed in format f, rendering it if the cached
// bytes are stale.
func (s *Server) feedBytes(ctx context.Context, sh *catalog.Show, f *feedFormat) (*feedEntry, error) {
	key := feedKey{sh.ID, f.name}
	c := &s.feedCache
	c.mu.Lock()
	if c.entries == nil {
		c.entries, c.renders = map[feedKey]*feedEntry{}, map[feedKey]*sync.Mutex{}
	}
	ent := c.entries[key]
	if ent != nil && ent.fresh(sh, s.cfg.BaseURL, s.now()) {
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
	if prev != nil && prev != ent && prev.fresh(sh, s.cfg.BaseURL, s.now()) {
		return prev, nil // rendered while we waited
	}
	next, err := s.renderFeed(ctx, sh, f)
	if err != nil {
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
			next.setLastMod(maxTime(prev.lastMod.Add(time.Second), s.now()))
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

// renderFeed renders the show's feed as it is at s.now().
func (s *Server) renderFeed(ctx context.Context, sh *catalog.Show, f *feedFormat) (*feedEntry, error) {
	now := s.now()
	in, err := s.liveFeed(ctx, sh)
	if err != nil {
		return nil, err
	}
	next, scheduled, err := s.store.NextScheduled(ctx, sh.ID, now)
	if err != nil {
		return nil, err
	}
	body, err := f.render(in)
	if err != nil {
		return nil, err
	}
	ent := newFeedEntry(body, feeds.LastChange(sh, in.Episodes))
	ent.version, ent.base = sh.Version, s.cfg.BaseURL
	if scheduled {
		ent.expires = next
	}
	return ent, nil
}

// serve writes the entry, or 304 when the client has it, in the encoding
// the client accepts.
func (e *feedEntry) serve(w http.ResponseWriter, r *http.Request, contentType []string) {
	h := w.Header()
	h["Content-Type"] = contentType
	h["Cache-Control"] = hCacheControl
	h["Vary"] = hVary
	h["Last-Modified"] = e.hLastMod
	body, length := e.plain, e.hLength
	if acceptsGzip(r.Header["Accept-Encoding"]) {
		body, length = e.gz, e.hLenGz
		h["Content-Encoding"] = hGzip
		h["Etag"] = e.hEtagGz
	} else {
		h["Etag"] = e.hEtag
	}
	if e.notModified(r) {
		delete(h, "Content-Type")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h["Content-Length"] = length
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// notModified applies If-None-Match, or If-Modified-Since when there is
// none (RFC 9110, 13.2.2). Either encoding's ETag matches: they name the
// same content.
func (e *feedEntry) notModified(r *http.Request) bool {
	if inm := r.Header["If-None-Match"]; len(inm) > 0 {
		for _, v := range inm {
			if etagListHas(v, e.etag) || etagListHas(v, e.etagGz) {
				return true
			}
		}
		return false
	}
	if ims := r.Header["If-Modified-Since"]; len(ims) > 0 {
		t, err := http.ParseTime(ims[0])
		return err == nil && !e.lastMod.After(t)
	}
	return false
}

// etagListHas reports whether an If-None-Match value lists tag, comparing
// weakly as RFC 9110 says for If-None-Match.
func etagListHas(list, tag string) bool {
	for list != "" {
		var item string
		item, list, _ = strings.Cut(list, ",")
		item = strings.TrimSpace(item)
		if item == "*" {
			return true
		}
		if len(item) > 2 && item[0] == 'W' && item[1] == '/' {
			item = item[2:]
		}
		if item == tag {
			return true
		}
	}
	return false
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
