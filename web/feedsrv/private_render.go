package feedsrv

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/feeds"
	"github.com/onair-fm/onair/web/httpx"
)

// A private feed differs per subscriber only in a few places: its own
// address (atom:link self) and the signature on each media URL. So a show's
// members feed is rendered once per change into a privateTemplate, the
// fixed bytes cut at those places, and each request writes the pieces with
// the subscriber's parts between them: no XML is built per request.

// privateTemplate is a show's members feed, cut where subscribers differ.
type privateTemplate struct {
	version int64
	base    string
	// expires is when the next scheduled episode goes out; zero if none.
	expires time.Time
	// segs are the fixed bytes; slots[i] goes between segs[i] and segs[i+1].
	segs  [][]byte
	slots []privateSlot
	// size is the fixed bytes' length; each slot adds its own.
	size int
	// gz is the same cut and gzipped (private_gzip.go); nil if it could
	// not be.
	gz      *gzTemplate
	sum     [sha256.Size]byte
	lastMod time.Time
	// lastModH is the Last-Modified header (hLastMod).
	lastModOnce sync.Once
	lastModH    []string
}

// privateSlot is one per-subscriber place: the feed's own URL, or the
// signature of a media URL, whose blob key block stands for.
type privateSlot struct {
	self  bool
	block httpx.MediaKeyBlock
}

// Markers put where the per-subscriber parts go while rendering: the feed's
// self link, or a media key (keys are URL-safe: nothing in a feed escapes
// them). Their random part keeps show notes from holding one.
var (
	markOpen  = "~~" + catalog.NewID() + ":"
	markClose = "~~"
	markSelf  = markOpen + "self" + markClose
)

// renderPrivate renders what sh's private feeds carry at now: every episode
// live for members, public and members alike, newest first.
func (s *Feeds) renderPrivate(ctx context.Context, sh *catalog.Show) (*privateTemplate, error) {
	now := s.Now()
	eps, err := s.Store.ListEpisodes(ctx, catalog.EpisodeFilter{ShowID: sh.ID, LiveAt: now, Members: true})
	if err != nil {
		return nil, err
	}
	next, scheduled, err := s.Store.NextScheduled(ctx, sh.ID, now)
	if err != nil {
		return nil, err
	}
	links := s.feedLinks(sh)
	links.RSS, links.Hub = markSelf, ""
	links.Media = func(key string) string {
		u := s.MediaURL(key)
		if strings.HasPrefix(key, "shows/") {
			return u // show artwork is public
		}
		return u + "?m=" + markOpen + key + markClose
	}
	blocked := *sh
	blocked.Block = true // itunes:block: directories must leave it out
	in := feeds.Input{Show: &blocked, Episodes: eps, Links: links}
	// The items come from the fragments the public feeds use: an item's
	// key covers its links, so the members feed's items (with their slot
	// markers) are kept apart from the public ones, and a change to one
	// episode renders one item again.
	fr, err := feeds.FormatRSS.Frame(in)
	if err != nil {
		return nil, err
	}
	items, err := s.fragments.Items(feeds.FormatRSS, links, eps)
	if err != nil {
		return nil, err
	}
	body := withPodcastBlock(fr.Append(nil, items))
	t := &privateTemplate{version: sh.Version, base: s.Cfg.BaseURL, sum: sha256.Sum256(body),
		lastMod: feeds.LastChange(sh, eps).Truncate(time.Second)}
	if scheduled {
		t.expires = next
	}
	if err := t.cut(body); err != nil {
		return nil, err
	}
	t.gz = newGzTemplate(t)
	return t, nil
}

// withPodcastBlock adds <podcast:block>yes</podcast:block> first in the
// channel: no directory may list a private feed.
func withPodcastBlock(body []byte) []byte {
	const ch = "<channel>"
	i := bytes.Index(body, []byte(ch))
	if i < 0 {
		return body
	}
	i += len(ch)
	out := make([]byte, 0, len(body)+40)
	out = append(out, body[:i]...)
	out = append(out, "\n    <podcast:block>yes</podcast:block>"...)
	return append(out, body[i:]...)
}

// cut splits body at its markers: the feed's own address, or a media key
// to sign.
func (t *privateTemplate) cut(body []byte) error {
	rest := body
	for {
		i := bytes.Index(rest, []byte(markOpen))
		if i < 0 {
			break
		}
		j := bytes.Index(rest[i+len(markOpen):], []byte(markClose))
		if j < 0 {
			return fmt.Errorf("feedsrv: private feed: unclosed slot")
		}
		name := string(rest[i+len(markOpen) : i+len(markOpen)+j])
		slot := privateSlot{self: name == "self"}
		if !slot.self {
			if name == "" {
				return fmt.Errorf("feedsrv: private feed: empty slot")
			}
			slot.block = httpx.KeyBlock(name)
		}
		t.segs = append(t.segs, rest[:i])
		t.slots = append(t.slots, slot)
		t.size += i
		rest = rest[i+len(markOpen)+j+len(markClose):]
	}
	t.segs = append(t.segs, rest)
	t.size += len(rest)
	return nil
}

// fresh reports whether t still shows sh at now.
func (t *privateTemplate) fresh(sh *catalog.Show, base string, now time.Time) bool {
	return t.version == sh.Version && t.base == base && (t.expires.IsZero() || now.Before(t.expires))
}

// privateTemplate returns sh's members feed template, rendering it when
// the cached one is stale; a burst of requests renders it once.
func (s *Feeds) privateTemplate(ctx context.Context, sh *catalog.Show) (*privateTemplate, error) {
	c := &s.private
	c.mu.Lock()
	t := c.templates[sh.ID]
	if t != nil && t.fresh(sh, s.Cfg.BaseURL, s.Now()) {
		c.mu.Unlock()
		return t, nil
	}
	if c.renders == nil {
		c.renders = map[string]chan struct{}{}
	}
	if wait, ok := c.renders[sh.ID]; ok {
		c.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		return s.privateTemplate(ctx, sh)
	}
	done := make(chan struct{})
	c.renders[sh.ID] = done
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		delete(c.renders, sh.ID)
		c.mu.Unlock()
		close(done)
	}()
	nt, err := s.renderPrivate(ctx, sh)
	if err != nil {
		return nil, err
	}
	if t != nil && t.sum == nt.sum {
		nt.lastMod = t.lastMod
	} else if t != nil && !nt.lastMod.After(t.lastMod) {
		nt.lastMod = maxTime(t.lastMod.Add(time.Second), s.Now().Truncate(time.Second))
	}
	c.mu.Lock()
	if c.templates == nil {
		c.templates = map[string]*privateTemplate{}
	}
	if len(c.templates) >= defaultMaxFeedEntries {
		clear(c.templates)
	}
	c.templates[sh.ID] = nt
	c.mu.Unlock()
	return nt, nil
}
