package feedsrv

import (
	"context"
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// websubClient sends hub pings; a hub that hangs must not pile up goroutines.
var websubClient = &http.Client{Timeout: 10 * time.Second}

// pingHub tells the WebSub hub that feedURL changed, in the background so
// that the watcher never waits for the hub. A failed ping is logged: the
// hub still gets the change from its next poll.
func (s *Feeds) pingHub(feedURL string) {
	go func() {
		if err := s.publish(context.Background(), feedURL); err != nil {
			s.Log.Warn("websub ping failed", "hub", s.Cfg.WebSubHub, "feed", feedURL, "err", err)
		}
	}()
}

// publish sends one WebSub publish ping (hub.mode=publish, hub.url=feed).
func (s *Feeds) publish(ctx context.Context, feedURL string) error {
	form := url.Values{"hub.mode": {"publish"}, "hub.url": {feedURL}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.Cfg.WebSubHub, strings.NewReader(form.Encode()))
	if err != nil {
		return fmt.Errorf("websub: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := websubClient.Do(req)
	if err != nil {
		return fmt.Errorf("websub: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("websub: hub answered %s", resp.Status)
	}
	return nil
}

// WatchFeeds is the WebSub publisher: every interval until ctx ends it
// brings each show's feeds up to date and pings the hub for those whose
// bytes changed since it last looked, edits and scheduled episodes going
// live alike, whether or not anyone asked for the feed. Pings come only
// from here, and only from the node holding the "websub" lease (see
// watchTick), so a deployment of many nodes pings once. It does nothing
// without a hub.
func (s *Feeds) WatchFeeds(ctx context.Context, interval time.Duration) {
	if s.Cfg.WebSubHub == "" && s.Cfg.NotifyCmd == "" {
		return
	}
	if s.Cfg.NotifyCmd != "" {
		var wg sync.WaitGroup
		defer wg.Wait() // commands still running are ended with ctx
		for range notifyWorkers {
			wg.Add(1)
			go func() { defer wg.Done(); s.runNotifier(ctx) }()
		}
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	seen := map[feedKey][sha256.Size]byte{}
	holder := catalog.NewID()
	for {
		s.watchTick(ctx, holder, 2*interval, seen)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// RefreshFeeds brings every show's cached feeds up to date and pings the hub
// for each that differs from what seen holds (nothing on the first look).
func (s *Feeds) RefreshFeeds(ctx context.Context, seen map[feedKey][sha256.Size]byte) {
	shows, err := s.Store.ListShows(ctx)
	if err != nil {
		s.Log.Warn("websub: list shows", "err", err)
		return
	}
	listed := make(map[string]bool, len(shows))
	for _, sh := range shows {
		listed[sh.ID] = true
	}
	for k := range seen {
		if !listed[k.showID] {
			delete(seen, k) // a deleted show's
		}
	}
	for _, sh := range shows {
		var changed []string // formats whose feed changed since the last look
		for _, f := range feedFormats {
			ent, err := s.feedBytes(ctx, sh, f)
			if err != nil {
				if ctx.Err() == nil {
					s.Log.Warn("websub: render feed", "show", sh.Slug, "format", f.name, "err", err)
				}
				continue
			}
			key := feedKey{sh.ID, f.name, 0}
			if last, ok := seen[key]; ok && last != ent.sum {
				changed = append(changed, f.name)
			}
			seen[key] = ent.sum
		}
		if len(changed) > 0 {
			s.pingChanged(ctx, sh, changed)
		}
	}
}

// pingChanged pings the hub for the show's changed feeds, at its current
// slug and at every slug it had before a rename: hub subscribers of an old
// feed URL hear of changes too, and fetching it follow its 301.
func (s *Feeds) pingChanged(ctx context.Context, sh *catalog.Show, formats []string) {
	slugs := []string{sh.Slug}
	old, err := s.Store.OldSlugs(ctx, sh.ID)
	if err != nil {
		s.Log.Warn("websub: old slugs", "show", sh.Slug, "err", err)
	}
	for _, o := range old {
		slugs = append(slugs, o.Slug)
	}
	for _, slug := range slugs {
		for _, f := range formats {
			if s.Cfg.WebSubHub != "" {
				s.pingHub(s.SlugFeedURL(slug, f))
			}
			if f == feedRSS.name {
				s.notifyChanged(s.SlugFeedURL(slug, f))
			}
		}
	}
}
