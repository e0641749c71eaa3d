package feedsrv

import (
	"context"
	"errors"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/feeds"
)

// FeedPageURL is page n of the show's feed in format: the feed itself for
// 0, "feed.rss?page=N" for its archive pages (numbered from the oldest, so
// a page's URL keeps its items; see feeds.PageOf).
func (s *Feeds) FeedPageURL(sh *catalog.Show, format string, n int) string {
	u := s.FeedURL(sh, format)
	if n > 0 {
		u += "?page=" + strconv.Itoa(n)
	}
	return u
}

// pageParam reads the page a feed request asks for: 0 without ?page, a
// positive number written plainly, or false for anything else (so that
// one page has one URL, and one cache entry).
func pageParam(c *gin.Context) (int, bool) {
	if c.Request.URL.RawQuery == "" {
		return 0, true // most requests: no query for gin to parse into a map
	}
	q, ok := c.GetQuery("page")
	if !ok {
		return 0, true
	}
	n, err := strconv.Atoi(q)
	if err != nil || n < 1 || strconv.Itoa(n) != q {
		return 0, false
	}
	return n, true
}

// podroll resolves the show's podroll for its feeds: shows on this server
// by their podcast:guid and feed URL (a show deleted since is left out),
// remote feeds as given, their guid derived from the feed URL when only
// that was given.
func (s *Feeds) podroll(ctx context.Context, sh *catalog.Show) ([]feeds.RemoteItem, error) {
	var out []feeds.RemoteItem
	for _, p := range sh.Podroll {
		if p.ShowID == "" {
			guid := p.FeedGUID
			if guid == "" {
				guid = catalog.ShowGUID(p.FeedURL)
			}
			out = append(out, feeds.RemoteItem{FeedGUID: guid, FeedURL: p.FeedURL})
			continue
		}
		other, err := s.Store.GetShowByID(ctx, p.ShowID)
		if errors.Is(err, catalog.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, feeds.RemoteItem{FeedGUID: other.GUID, FeedURL: s.FeedURL(other, "rss"), Medium: other.Medium})
	}
	return out, nil
}
