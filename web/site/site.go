// Package site is what listeners see in a browser: the list of shows, show
// and episode pages, the embeddable players (an episode, a show's latest
// episodes, the episodes of a news article) and oEmbed for them.
package site

import (
	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/web/httpx"
)

// Site serves the public pages and players. Make one with New.
type Site struct {
	*httpx.Env
}

// New returns the public site over env.
func New(env *httpx.Env) *Site { return &Site{Env: env} }

// Routes registers the pages, the players and oEmbed.
func (s *Site) Routes(r *gin.Engine) {
	s.routesPages(r)
	s.routesEmbed(r)
	r.Match(httpx.GetHead, "/sitemap.xml", s.Handle(s.serveSitemap))
}
