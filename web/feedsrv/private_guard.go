package feedsrv

import (
	"context"
	"html"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/feeds"
)

// Unknown private feed tokens are limited per client network: after
// failLimit misses within failWindow, the network gets 429 until the
// window ends. Guessing a 256-bit token is hopeless anyway; the limit
// keeps scanners from costing a catalog read each.
const (
	failLimit  = 20
	failWindow = time.Minute
	// maxFailClients bounds the limiter's memory; past it, it starts over.
	maxFailClients = 100_000
)

type failLimiter struct {
	mu sync.Mutex
	m  map[string]*failCount
}

type failCount struct {
	n     int
	start time.Time
}

// blocked reports whether ip's network is over the limit at now.
func (l *failLimiter) blocked(ip string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	fc := l.m[clientNetwork(ip)]
	return fc != nil && now.Sub(fc.start) < failWindow && fc.n >= failLimit
}

// fail counts one unknown token from ip.
func (l *failLimiter) fail(ip string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.m == nil || len(l.m) >= maxFailClients {
		l.m = map[string]*failCount{}
	}
	k := clientNetwork(ip)
	fc := l.m[k]
	if fc == nil || now.Sub(fc.start) >= failWindow {
		fc = &failCount{start: now}
		l.m[k] = fc
	}
	fc.n++
}

// clientNetwork is the network a client address belongs to for limits and
// sharing: its /24 for IPv4, its /48 for IPv6.
func clientNetwork(ip string) string {
	a := net.ParseIP(ip)
	if a == nil {
		return ip
	}
	if v4 := a.To4(); v4 != nil {
		return v4.Mask(net.CIDRMask(24, 32)).String() + "/24"
	}
	return a.Mask(net.CIDRMask(48, 128)).String() + "/48"
}

// fetchSet remembers the (subscriber, day, network, app) fetches this node
// has recorded, so that polling from the same place costs no write.
type fetchSet struct {
	mu  sync.Mutex
	day string
	m   map[string]bool
}

const maxFetches = 500_000

// noteFetch records a fetch of sub's feed for sharing detection, and flags
// (or rotates) the subscriber when the day's distinct networks or apps go
// over the policy.
func (s *Feeds) noteFetch(ctx context.Context, sub *catalog.Subscriber, ip, ua string, now time.Time) {
	pol := s.Cfg.Sharing
	if pol.MaxNetworks <= 0 && pol.MaxAgents <= 0 {
		return
	}
	day := now.UTC().Format("2006-01-02")
	network := clientNetwork(ip)
	// The set is this node's memory only; what is stored is hashed.
	k := sub.ID + "|" + network + "|" + ua
	fs := &s.private.sharing
	fs.mu.Lock()
	if fs.day != day || len(fs.m) >= maxFetches {
		fs.day, fs.m = day, map[string]bool{}
	}
	seen := fs.m[k]
	fs.m[k] = true
	fs.mu.Unlock()
	if seen {
		return
	}
	signer, err := s.MediaSigner(ctx)
	if err != nil {
		return
	}
	f := catalog.SubscriberFetch{SubscriberID: sub.ID, Day: day,
		Network: signer.Hash("net", day, network), Agent: signer.Hash("ua", day, ua)}
	nets, agents, err := s.Store.RecordSubscriberFetch(ctx, f)
	if err != nil {
		s.Log.WarnContext(ctx, "members: record a private feed fetch", "subscriber", sub.ID, "err", err)
		return
	}
	if !pol.Exceeded(nets, agents) || (sub.SharingSuspected && !pol.AutoRotate) || s.Pub == nil {
		return
	}
	if _, err := s.Pub.SuspectSharing(ctx, sub, pol); err != nil {
		s.Log.WarnContext(ctx, "members: flag a shared feed", "subscriber", sub.ID, "err", err)
		return
	}
	// The change happened in a GET: drop what this node trusts now, as a
	// write request would (ForgetShowsAfterWrites).
	s.ShowChanged("")
	s.Log.InfoContext(ctx, "members: private feed looks shared", "subscriber", sub.ID, "networks", nets, "apps", agents)
}

// serveEnded answers a revoked or expired subscriber's feed: 410 Gone with
// a feed of one item that says why, which podcast apps show.
func (s *Feeds) serveEnded(c *gin.Context, sh *catalog.Show, sub *catalog.Subscriber, token, why string) error {
	when, title, text := sub.RevokedAt, "Your subscription to this feed was cancelled",
		"This private feed was cancelled. If you are still a member, ask "+sh.Title+" for your new feed address."
	if why == "expired" {
		when, title, text = sub.ExpiresAt, "Your subscription has expired",
			"Your membership of "+sh.Title+" ended, and this private feed with it. Renew it to get the members' episodes again."
	}
	if when.IsZero() {
		when = sub.UpdatedAt
	}
	blocked := *sh
	blocked.Block = true
	ep := &catalog.Episode{GUID: "onair-subscription-" + why + "-" + sub.ID, Title: title,
		Description: "<p>" + html.EscapeString(text) + "</p>", PublishedAt: when, UpdatedAt: when,
		Status: catalog.StatusPublished, Type: catalog.EpisodeFull}
	links := s.feedLinks(sh)
	links.RSS, links.Hub = s.PrivateFeedURL(token), ""
	body, err := feeds.RSS(feeds.Input{Show: &blocked, Episodes: []*catalog.Episode{ep}, Links: links})
	if err != nil {
		return err
	}
	body = withPodcastBlock(body)
	h := c.Writer.Header()
	h["Content-Type"] = hRSSType
	c.Writer.WriteHeader(http.StatusGone)
	if c.Request.Method != http.MethodHead {
		c.Writer.Write(body)
	}
	return nil
}
