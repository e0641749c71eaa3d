package httpx

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
)

// A renamed show keeps its old slugs (catalog.OldSlug): every public URL
// under one answers 301 Moved Permanently to the same URL under the current
// slug, so podcast apps move their subscription (they follow a permanent
// redirect of a feed and keep its new address), links in articles keep
// working and search engines move the pages. The publisher API and the
// dashboard take an old slug as the show's name (catalog.FindShow).

// movedError is a public URL under a show's old slug; WriteError answers it
// with a 301 to Location.
type movedError struct{ location string }

func (e *movedError) Error() string { return "moved permanently to " + e.location }

// movedCache is how long browsers and CDNs may keep a redirect. Not for
// ever: a show may take an old slug back, and a redirect kept past that
// would send its readers in a circle.
var movedCache = []string{"public, max-age=3600"}

// PublicShow returns the show named slug for a public page, feed or
// player; a slug the show had before a rename is a *movedError.
func (s *Env) PublicShow(c *gin.Context, slug string) (*catalog.Show, error) {
	sh, err := s.Store.GetShow(c.Request.Context(), slug)
	if err != nil {
		return nil, s.ShowMoved(c, slug, err)
	}
	return sh, nil
}

// ShowMoved turns err, the store's answer for slug, into a *movedError to
// the show's current URL when the show had slug before, and into a 404 when
// no show has or had it. Other errors pass unchanged. It is only asked
// after the current slug was not found, so serving shows costs nothing more.
func (s *Env) ShowMoved(c *gin.Context, slug string, err error) error {
	if !errors.Is(err, catalog.ErrNotFound) {
		return err
	}
	sh, err := s.Store.ShowByOldSlug(c.Request.Context(), slug)
	if err != nil {
		return OrNotFound(err, "show", slug)
	}
	return &movedError{location: s.movedURL(c.Request.URL, slug, sh.Slug)}
}

// movedURL is u with the show segment of its path (/shows/{from} or
// /embed/shows/{from}, the first /shows/ in it) naming to instead, on this
// server's base URL, with the query kept.
func (s *Env) movedURL(u *url.URL, from, to string) string {
	p := u.EscapedPath()
	if i := strings.Index(p, "/shows/"); i >= 0 {
		head, rest := p[:i+len("/shows/")], p[i+len("/shows/"):]
		name, tail, more := strings.Cut(rest, "/")
		if n, err := url.PathUnescape(name); err == nil && n == from {
			p = head + url.PathEscape(to)
			if more {
				p += "/" + tail
			}
		}
	}
	loc := s.URL(p)
	if u.RawQuery != "" {
		loc += "?" + u.RawQuery
	}
	return loc
}

// FindShow is the show named slug, now or before a rename: the API's and
// the dashboard's way to name shows, which an old slug keeps working for.
func (s *Env) FindShow(ctx context.Context, slug string) (*catalog.Show, error) {
	sh, err := catalog.FindShow(ctx, s.Store, slug)
	return sh, OrNotFound(err, "show", slug)
}

// writeMoved answers a *movedError.
func writeMoved(c *gin.Context, me *movedError) {
	c.Writer.Header()["Cache-Control"] = movedCache
	http.Redirect(c.Writer, c.Request, me.location, http.StatusMovedPermanently)
}

// ShowByParam loads the show named by the :show parameter: its slug, or
// one it had before a rename.
func (s *Env) ShowByParam(c *gin.Context) (*catalog.Show, error) {
	return s.FindShow(c.Request.Context(), c.Param("show"))
}
