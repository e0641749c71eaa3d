package feedsrv

import (
	"context"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/feeds"
	"github.com/onair-fm/onair/web/httpx"
)

// feedFormat is one of a show's feeds.
type feedFormat struct {
	name        string // "rss", "atom" or "json", as in feed.rss and feedURL
	contentType []string
	format      *feeds.Format
}

var (
	feedRSS  = &feedFormat{"rss", []string{"application/rss+xml; charset=utf-8"}, feeds.FormatRSS}
	feedAtom = &feedFormat{"atom", []string{"application/atom+xml; charset=utf-8"}, feeds.FormatAtom}
	feedJSON = &feedFormat{"json", []string{"application/feed+json; charset=utf-8"}, feeds.FormatJSON}

	feedFormats = []*feedFormat{feedRSS, feedAtom, feedJSON}
)

// Routes registers the show feeds, the episodes' JSON chapters and the
// publisher's feed check.
func (s *Feeds) Routes(r *gin.Engine, api *gin.RouterGroup) {
	for _, f := range feedFormats {
		path := "/shows/:show/feed." + f.name
		r.Match(httpx.GetHead, path, anyOrigin, s.Handle(s.serveFeed(f)))
		r.OPTIONS(path, httpx.CORSPreflight)
		s.PublicData[path] = true
	}
	r.Match(httpx.GetHead, "/shows/:show/episodes/:id/chapters.json", anyOrigin, s.Handle(s.serveChapters))
	s.PublicData["/shows/:show/episodes/:id/chapters.json"] = true
	r.OPTIONS("/shows/:show/episodes/:id/chapters.json", httpx.CORSPreflight)
	s.transcriptRoutes(r)
	api.GET("/shows/:show/validate", s.Handle(s.apiValidateShow))
}

// anyOrigin lets pages on any site read the response (CORS): feeds and
// chapters are public, and web podcast players fetch them from their own
// origin.
func anyOrigin(c *gin.Context) {
	c.Writer.Header()["Access-Control-Allow-Origin"] = hAnyOrigin
	c.Next()
}

var hAnyOrigin = []string{"*"}

// serveFeed answers from the rendered bytes. Its only per-request work is
// the show's version check (feedShow), which keeps every node's cache honest.
func (s *Feeds) serveFeed(f *feedFormat) func(*gin.Context) error {
	return func(c *gin.Context) error {
		sh, err := s.feedShow(c.Request.Context(), c.Param("show"))
		if err != nil {
			return s.ShowMoved(c, c.Param("show"), err)
		}
		page, ok := pageParam(c)
		if !ok {
			return httpx.NotFound("feed page", c.Query("page"))
		}
		ent, err := s.feedPage(c.Request.Context(), sh, f, page)
		if err != nil {
			return httpx.OrNotFound(err, "feed page", c.Query("page"))
		}
		if sh.NewFeedURL != "" {
			ent.serveMovedOut(c.Writer, c.Request, f.contentType, sh.NewFeedURL)
			return nil
		}
		ent.serve(c.Writer, c.Request, f.contentType)
		return nil
	}
}

// feedLinks are the URLs a show's feeds point at, all from urls.go.
func (s *Feeds) feedLinks(sh *catalog.Show) feeds.Links {
	return feeds.Links{
		Show: s.ShowURL(sh),
		RSS:  s.FeedURL(sh, feedRSS.name),
		Atom: s.FeedURL(sh, feedAtom.name),
		JSON: s.FeedURL(sh, feedJSON.name),
		Hub:  s.Cfg.WebSubHub,
		Episode: func(e *catalog.Episode) string {
			return s.EpisodeURL(sh, e)
		},
		Chapters: func(e *catalog.Episode) string {
			return s.ChaptersURL(sh, e)
		},
		Transcript: func(e *catalog.Episode, ext string) string {
			return s.TranscriptURL(sh, e, ext)
		},
		Language:          sh.Language,
		ChapterTimestamps: sh.ChapterTimestamps,
		Media:             s.MediaURL,
		Prefixes:          sh.AnalyticsPrefixes,
		Page: func(format string, n int) string {
			return s.FeedPageURL(sh, format, n)
		},
	}
}

// liveFeed reads what a show's feeds show now: its live episodes, newest
// first.
func (s *Feeds) liveFeed(ctx context.Context, sh *catalog.Show) (feeds.Input, error) {
	eps, err := s.Store.ListEpisodes(ctx, catalog.EpisodeFilter{ShowID: sh.ID, LiveAt: s.Now()})
	if err != nil {
		return feeds.Input{}, err
	}
	podroll, err := s.podroll(ctx, sh)
	if err != nil {
		return feeds.Input{}, err
	}
	in := s.feedInput(sh, eps)
	in.Podroll = podroll
	return in, nil
}

// feedInput is what the public feeds render for a show and these of its
// episodes, podroll aside.
func (s *Feeds) feedInput(sh *catalog.Show, eps []*catalog.Episode) feeds.Input {
	return feeds.Input{Show: sh, Episodes: catalog.PublicView(eps), Links: s.feedLinks(sh),
		HideOwnerEmail: !sh.ShowsOwnerEmail(s.Now())}
}

// serveChapters sends an episode's Podcasting 2.0 JSON chapters. Episodes
// without chapters, drafts and scheduled ones have none to show.
func (s *Feeds) serveChapters(c *gin.Context) error {
	sh, e, err := s.liveEpisode(c)
	if err != nil {
		return err
	}
	if len(e.Chapters) == 0 {
		return catalog.ErrNotFound
	}
	b, err := feeds.Chapters(sh, e)
	if err != nil {
		return err
	}
	ent := newFeedEntry(b, e.UpdatedAt)
	ent.serve(c.Writer, c.Request, chaptersType)
	return nil
}

var chaptersType = []string{feeds.ChaptersType + "; charset=utf-8"}

// liveEpisode is the live episode of a public show that a request's :show
// and :id name; ErrNotFound for a draft, a scheduled episode or another
// show's.
func (s *Feeds) liveEpisode(c *gin.Context) (*catalog.Show, *catalog.Episode, error) {
	sh, err := s.PublicShow(c, c.Param("show"))
	if err != nil {
		return nil, nil, err
	}
	e, err := s.Store.GetEpisode(c.Request.Context(), c.Param("id"))
	if err != nil {
		return nil, nil, httpx.OrNotFound(err, "episode", c.Param("id"))
	}
	if e.ShowID != sh.ID || !e.IsLive(s.Now()) {
		return nil, nil, catalog.ErrNotFound
	}
	return sh, e, nil
}

// acceptsGzip reports whether Accept-Encoding allows gzip (RFC 9110,
// 12.5.3): a gzip entry (or x-gzip, its old name) with a q above 0, or
// else a "*" entry with one. An entry for gzip decides over "*" wherever
// it stands ("*, gzip;q=0" refuses gzip). It allocates nothing: it runs on
// every feed request.
func acceptsGzip(values []string) bool {
	star := false // a "*" entry allows it, unless a gzip entry says otherwise
	for _, v := range values {
		for v != "" {
			var part string
			part, v, _ = strings.Cut(v, ",")
			name, params, _ := strings.Cut(part, ";")
			name = strings.TrimSpace(name)
			switch {
			case strings.EqualFold(name, "gzip") || strings.EqualFold(name, "x-gzip"):
				return qAbove0(params)
			case name == "*":
				star = qAbove0(params)
			}
		}
	}
	return star
}

// qAbove0 reports whether an Accept-Encoding entry's parameters give it a
// weight above 0: no q is 1, and a q that cannot be read counts as given.
func qAbove0(params string) bool {
	for params != "" {
		var p string
		p, params, _ = strings.Cut(params, ";")
		k, q, _ := strings.Cut(p, "=")
		if strings.EqualFold(strings.TrimSpace(k), "q") {
			f, err := strconv.ParseFloat(strings.TrimSpace(q), 64)
			return err != nil || f > 0
		}
	}
	return true
}
