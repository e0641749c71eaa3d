package feedsrv

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/web/httpx"
)

// privateState is what a node keeps for private feeds: the rendered
// templates by show, the subscribers by token hash, the unknown-token
// limiter and the fetches already counted for sharing.
type privateState struct {
	mu        sync.Mutex
	templates map[string]*privateTemplate
	renders   map[string]chan struct{}
	subs      map[[sha256.Size]byte]*catalog.Subscriber
	limiter   failLimiter
	sharing   fetchSet
	// slugs are the slugs of shows by id, to find them in feedShow's cache.
	slugs map[string]string
}

// maxCachedSubscribers bounds the subscriber cache; past it, it starts over.
const maxCachedSubscribers = 200_000

// RoutesPrivate registers the subscribers' private feeds.
func (s *Feeds) RoutesPrivate(r *gin.Engine) {
	r.Match(httpx.GetHead, httpx.PrivateFeedPrefix+":file", s.Handle(s.servePrivate))
}

var (
	hPrivate   = []string{"private"}
	hNoIndex   = []string{"noindex, nofollow"}
	hRSSType   = []string{"application/rss+xml; charset=utf-8"}
	errLimited = httpx.NewError(http.StatusTooManyRequests, "rate_limited", "too many unknown feed addresses from this network; try again in a minute")
)

// servePrivate answers /feeds/private/TOKEN.rss: the subscriber's feed, or
// 410 with a feed that says why it ended. Unknown tokens are 404 and
// limited per client network.
func (s *Feeds) servePrivate(c *gin.Context) error {
	ctx := c.Request.Context()
	now := s.Now()
	h := c.Writer.Header()
	h["Cache-Control"] = hPrivate
	h["X-Robots-Tag"] = hNoIndex
	token, ok := strings.CutSuffix(c.Param("file"), ".rss")
	ip := c.ClientIP()
	if s.private.limiter.blocked(ip, now) {
		h["Retry-After"] = []string{strconv.Itoa(int(failWindow / time.Second))}
		return errLimited
	}
	if !ok || len(token) < 16 || len(token) > 128 {
		s.private.limiter.fail(ip, now)
		return catalog.ErrNotFound
	}
	sub, sh, err := s.subscriberFor(ctx, token)
	if errors.Is(err, catalog.ErrNotFound) {
		s.private.limiter.fail(ip, now)
		return catalog.ErrNotFound
	}
	if err != nil {
		return err
	}
	if why := sub.Inactive(now); why != "" {
		return s.serveEnded(c, sh, sub, token, why)
	}
	s.noteFetch(ctx, sub, ip, c.Request.UserAgent(), now)
	t, err := s.privateTemplate(ctx, sh)
	if err != nil {
		return err
	}
	signer, err := s.MediaSigner(ctx)
	if err != nil {
		return err
	}
	exp := httpx.MediaExpiry(now)
	etag := t.etag(sub.ID, exp)
	etagGz := gzETag(etag)
	h["Content-Type"] = hRSSType
	h["Vary"] = hVary
	h["Last-Modified"] = t.hLastMod()
	gz := t.gz != nil && acceptsGzip(c.Request.Header["Accept-Encoding"])
	if gz {
		h["Content-Encoding"] = hGzip
		h["Etag"] = []string{etagGz}
	} else {
		h["Etag"] = []string{etag}
	}
	if noneMatchLists(c.Request, etag, etagGz) {
		delete(h, "Content-Type")
		c.Writer.WriteHeader(http.StatusNotModified)
		return nil
	}
	ss := signer.ForSubscriber(sub.ID, exp)
	self := s.PrivateFeedURL(token)
	bp := bodyPool.Get().(*[]byte)
	var body []byte
	if gz {
		body, gz = t.gz.write((*bp)[:0], t, ss, self)
	}
	if !gz {
		delete(h, "Content-Encoding")
		h["Etag"] = []string{etag}
		body = t.write((*bp)[:0], ss, self)
	}
	h["Content-Length"] = []string{strconv.Itoa(len(body))}
	c.Writer.WriteHeader(http.StatusOK)
	if c.Request.Method != http.MethodHead {
		httpx.WriteWhole(c.Writer, c.Request, body)
	}
	if cap(body) <= 8<<20 {
		*bp = body
		bodyPool.Put(bp)
	}
	return nil
}

// hLastMod is the Last-Modified header value, made once.
func (t *privateTemplate) hLastMod() []string {
	t.lastModOnce.Do(func() { t.lastModH = []string{t.lastMod.UTC().Format(http.TimeFormat)} })
	return t.lastModH
}

// etag names one subscriber's feed: the template's bytes, the subscriber,
// the signatures' expiry and their form are all that make it.
func (t *privateTemplate) etag(subID string, exp time.Time) string {
	h := sha256.New()
	h.Write([]byte("aes signatures\x00")) // the form of the signatures in it
	h.Write(t.sum[:])
	h.Write([]byte(subID))
	h.Write([]byte(strconv.FormatInt(exp.Unix(), 10)))
	return `"p` + hex.EncodeToString(h.Sum(nil)[:16]) + `"`
}

// write appends one subscriber's feed, assembled from the template, to buf:
// their feed's address and a MAC for each media URL, made afresh (an AES
// block each, cheaper than keeping them).
func (t *privateTemplate) write(buf []byte, ss *httpx.SubscriberSigner, self string) []byte {
	for i, seg := range t.segs {
		buf = append(buf, seg...)
		if i == len(t.slots) {
			break
		}
		if sl := &t.slots[i]; sl.self {
			buf = append(buf, self...)
		} else {
			buf = ss.Append(buf, &sl.block)
		}
	}
	return buf
}

// bodyPool holds the buffers private feeds are assembled in.
var bodyPool = sync.Pool{New: func() any { return new([]byte) }}

// subscriberFor finds the subscriber whose token this is and their show.
// A subscriber read before is trusted while the show (read at most
// feedShowTTL ago, or when a change notification dropped it) has the
// members version the subscriber was read with: any change to a show's
// subscribers, on any node, moves that version.
func (s *Feeds) subscriberFor(ctx context.Context, token string) (*catalog.Subscriber, *catalog.Show, error) {
	hash := catalog.HashToken(token)
	key := [sha256.Size]byte(hash)
	p := &s.private
	p.mu.Lock()
	sub := p.subs[key]
	p.mu.Unlock()
	if sub != nil {
		sh, err := s.feedShowByID(ctx, sub.ShowID)
		if err == nil && sh.MembersVersion == sub.MembersVersion {
			return sub, sh, nil
		}
	}
	sub, err := s.Store.SubscriberByTokenHash(ctx, hash)
	if err != nil {
		p.mu.Lock()
		delete(p.subs, key)
		p.mu.Unlock()
		return nil, nil, err
	}
	if subtle.ConstantTimeCompare(sub.TokenHash, hash) != 1 {
		return nil, nil, catalog.ErrNotFound
	}
	sh, err := s.feedShowByID(ctx, sub.ShowID)
	if err != nil {
		return nil, nil, err
	}
	if sh.MembersVersion == sub.MembersVersion {
		p.mu.Lock()
		if p.subs == nil || len(p.subs) >= maxCachedSubscribers {
			p.subs = map[[sha256.Size]byte]*catalog.Subscriber{}
		}
		p.subs[key] = sub
		p.mu.Unlock()
	}
	return sub, sh, nil
}

// feedShowByID is feedShow for a show known by id: the show trusted under
// its slug when it is the same show, else a fresh read, trusted from then on.
func (s *Feeds) feedShowByID(ctx context.Context, id string) (*catalog.Show, error) {
	p := &s.private
	p.mu.Lock()
	slug := p.slugs[id]
	p.mu.Unlock()
	now := s.Now()
	if slug != "" {
		c := &s.feedShows
		c.mu.RLock()
		cs, ok := c.m[slug]
		c.mu.RUnlock()
		if ok && cs.sh.ID == id && !now.Before(cs.at) && now.Sub(cs.at) < feedShowTTL {
			return cs.sh, nil
		}
	}
	sh, err := s.Store.GetShowByID(ctx, id)
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	if p.slugs == nil || len(p.slugs) >= defaultMaxCachedShows {
		p.slugs = map[string]string{}
	}
	p.slugs[id] = sh.Slug
	p.mu.Unlock()
	c := &s.feedShows
	c.mu.Lock()
	c.put(sh.Slug, cachedShow{sh, now})
	c.mu.Unlock()
	return sh, nil
}
