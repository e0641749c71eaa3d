package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// websubClient sends hub pings; a hub that hangs must not pile up goroutines.
var websubClient = &http.Client{Timeout: 10 * time.Second}

// pingHub tells the WebSub hub that feedURL changed, in the background so
// that no listener's request waits for the hub. A failed ping is logged:
// the hub still gets the change from its next poll.
func (s *Server) pingHub(feedURL string) {
	if s.cfg.WebSubHub == "" {
		return
	}
	go func() {
		if err := s.publish(context.Background(), feedURL); err != nil {
			s.log.Warn("websub ping failed", "hub", s.cfg.WebSubHub, "feed", feedURL, "err", err)
		}
	}()
}

// publish sends one WebSub publish ping (hub.mode=publish, hub.url=feed).
func (s *Server) publish(ctx context.Context, feedURL string) error {
	form := url.Values{"hub.mode": {"publish"}, "hub.url": {feedURL}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.cfg.WebSubHub, strings.NewReader(form.Encode()))
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

// WatchFeeds re-renders stale feeds every interval until ctx ends, so the
// hub hears of a change (or of a scheduled episode going live) even when no
// one has asked for the feed since. It matters only with a hub configured.
func (s *Server) WatchFeeds(ctx context.Context, interval time.Duration) {
	if s.cfg.WebSubHub == "" {
		return
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		s.refreshFeeds(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// refreshFeeds brings every show's cached feeds up to date; feedBytes pings
// the hub for each one that changed.
func (s *Server) refreshFeeds(ctx context.Context) {
	shows, err := s.store.ListShows(ctx)
	if err != nil {
		s.log.Warn("websub: list shows", "err", err)
		return
	}
	for _, sh := range shows {
		for _, f := range feedFormats {
			if _, err := s.feedBytes(ctx, sh, f); err != nil && ctx.Err() == nil {
				s.log.Warn("websub: render feed", "show", sh.Slug, "format", f.name, "err", err)
			}
		}
	}
}
