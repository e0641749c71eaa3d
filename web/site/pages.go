package site

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/web/httpx"
)

// pageSize is how many episodes a show page lists.
const pageSize = 20

// routesPages registers the listener pages and their static files. The
// show and episode routes share their prefix with the feeds' routes
// (/shows/:show/feed.rss, /shows/:show/episodes/:id/chapters.json); gin
// tells them apart by their static segments.
func (s *Site) routesPages(r *gin.Engine) {
	r.Match(httpx.GetHead, "/", s.Handle(s.homePage))
	r.Match(httpx.GetHead, "/shows/:show", s.Handle(s.showPage))
	r.Match(httpx.GetHead, "/shows/:show/episodes/:id", s.Handle(s.episodePage))
	r.Match(httpx.GetHead, "/static/*file", s.Handle(s.ServeStatic))
	s.routesNetwork(r)
}

func (s *Site) homePage(c *gin.Context) error {
	shows, err := s.Store.ListShows(c.Request.Context())
	if err != nil {
		return err
	}
	var views []*ShowView
	for _, sh := range shows {
		views = append(views, s.PageShow(sh))
	}
	p := s.NewPage("Podcasts", views)
	p.Canonical = s.HomeURL()
	publicCache(c)
	return s.Render(c, http.StatusOK, "home.html", p)
}

type showPageData struct {
	Show       *ShowView
	Episodes   []*EpisodeView
	Page       int
	Pages      int
	Prev, Next string
	OEmbedJSON string
	OEmbedXML  string
}

func (s *Site) showPage(c *gin.Context) error {
	ctx := c.Request.Context()
	sh, err := s.PublicShow(c, c.Param("show"))
	if err != nil {
		return err
	}
	n := 1
	if q := c.Query("page"); q != "" {
		if n, err = strconv.Atoi(q); err != nil || n < 1 || n > 1_000_000 {
			return catalog.Invalidf("page must be a positive number")
		}
	}
	f := catalog.EpisodeFilter{ShowID: sh.ID, LiveAt: s.Now()}
	total, err := s.Store.CountEpisodes(ctx, f)
	if err != nil {
		return err
	}
	pages := max(1, (total+pageSize-1)/pageSize)
	if n > pages {
		return httpx.NewError(http.StatusNotFound, "not_found", "no such page of episodes")
	}
	f.Limit, f.Offset = pageSize, (n-1)*pageSize
	eps, err := s.Store.ListEpisodes(ctx, f)
	if err != nil {
		return err
	}
	sv := s.PageShow(sh)
	d := &showPageData{Show: sv, Page: n, Pages: pages,
		OEmbedJSON: s.OEmbedURL(sv.URL), OEmbedXML: s.OEmbedXMLURL(sv.URL)}
	for _, e := range eps {
		d.Episodes = append(d.Episodes, s.PageEpisode(sv, e))
	}
	if n > 1 {
		d.Prev = s.ShowPageURL(sh, n-1)
	}
	if n < pages {
		d.Next = s.ShowPageURL(sh, n+1)
	}
	p := s.NewPage(sh.Title, d)
	p.Description = plainText(sh.Description, 300)
	p.Canonical = s.ShowPageURL(sh, n)
	publicCache(c)
	return s.Render(c, http.StatusOK, "show.html", p)
}

type episodePageData struct {
	*EpisodeView
	Start        int // ?t=, seconds.
	PlayerWidth  int
	PlayerHeight int
	OEmbedJSON   string
	OEmbedXML    string
}

func (s *Site) episodePage(c *gin.Context) error {
	sh, e, err := s.liveEpisode(c, c.Param("show"), c.Param("id"))
	if err != nil {
		return err
	}
	v := s.PageEpisode(s.PageShow(sh), e)
	if err := s.withTranscript(c.Request.Context(), v, true); err != nil {
		return err
	}
	d := &episodePageData{
		EpisodeView: v, Start: startTime(c),
		PlayerWidth: PlayerMaxWidth, PlayerHeight: PlayerHeight,
		OEmbedJSON: s.OEmbedURL(v.URL), OEmbedXML: s.OEmbedXMLURL(v.URL),
	}
	p := s.NewPage(e.Title+" · "+sh.Title, d)
	p.Description = v.MetaSummary
	p.Canonical = v.URL
	publicCache(c)
	return s.Render(c, http.StatusOK, "episode.html", p)
}

// liveEpisode finds a live episode of the show; drafts, scheduled
// episodes and episodes of another show are not found.
func (s *Site) liveEpisode(c *gin.Context, slug, id string) (*catalog.Show, *catalog.Episode, error) {
	ctx := c.Request.Context()
	sh, err := s.PublicShow(c, slug)
	if err != nil {
		return nil, nil, err
	}
	e, err := s.Store.GetEpisode(ctx, id)
	if err != nil {
		return nil, nil, httpx.OrNotFound(err, "episode", id)
	}
	if e.ShowID != sh.ID || !e.IsLive(s.Now()) {
		return nil, nil, httpx.NotFound("episode", id)
	}
	return sh, e, nil
}

// publicCache lets browsers and CDNs keep a page for a minute: players on
// a busy news article are fetched once a minute per edge, not per reader,
// and a change (an episode going live, an edit) shows within the minute.
func publicCache(c *gin.Context) { c.Header("Cache-Control", "public, max-age=60") }
