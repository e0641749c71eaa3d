package web

import (
	"net/url"

	"github.com/onair-fm/onair/catalog"
)

// The one place that knows onair's public addresses. Feeds, pages, the API
// and oEmbed all build URLs here, so they always agree.

func (s *Server) showURL(sh *catalog.Show) string { return s.url("/shows/" + sh.Slug) }

// feedURL is the show's feed in format "rss", "atom" or "json".
func (s *Server) feedURL(sh *catalog.Show, format string) string {
	return s.url("/shows/" + sh.Slug + "/feed." + format)
}

func (s *Server) episodeURL(sh *catalog.Show, e *catalog.Episode) string {
	return s.url("/shows/" + sh.Slug + "/episodes/" + e.ID)
}

// chaptersURL is the episode's Podcasting 2.0 JSON chapters.
func (s *Server) chaptersURL(sh *catalog.Show, e *catalog.Episode) string {
	return s.url("/shows/" + sh.Slug + "/episodes/" + e.ID + "/chapters.json")
}

func (s *Server) playerURL(e *catalog.Episode) string { return s.url("/embed/episodes/" + e.ID) }

func (s *Server) showPlayerURL(sh *catalog.Show) string { return s.url("/embed/shows/" + sh.Slug) }

// mediaURL is where a blob is served. Keys never get other bytes, so these
// URLs are immutable.
func (s *Server) mediaURL(key string) string {
	if key == "" {
		return ""
	}
	return s.url("/media/" + key)
}

// cdnMediaURL is where --media-base-url serves a blob; media requests
// redirect there. Feeds keep pointing at mediaURL, so every request still
// reaches a node and is counted.
func (s *Server) cdnMediaURL(key string) string { return s.cfg.MediaBaseURL + "/" + key }

func (s *Server) oembedURL(pageURL string) string {
	return s.url("/oembed?format=json&url=" + url.QueryEscape(pageURL))
}

// articlePlayerURL is the player for the episodes related to a news article,
// found by the article's URL.
func (s *Server) articlePlayerURL(articleURL string) string {
	return s.url("/embed/articles?url=" + url.QueryEscape(articleURL))
}

// The publisher API's own addresses, for Location headers.

func (s *Server) apiShowURL(sh *catalog.Show) string { return s.url("/api/v1/shows/" + sh.Slug) }

func (s *Server) apiEpisodeURL(e *catalog.Episode) string { return s.url("/api/v1/episodes/" + e.ID) }

func (s *Server) apiArticleURL(a *catalog.Article) string { return s.url("/api/v1/articles/" + a.ID) }
