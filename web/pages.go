package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
)

// pageSize is how many episodes a show page lists.
const pageSize = 20

// routesPages registers the listener pages and their static files. The
// show and episode routes share their prefix with the feeds' routes
// (/shows/:show/feed.rss, /shows/:show/episodes/:id/chapters.json); gin
// tells them apart by their static segments.
func (s *Server) routesPages(r *gin.Engine, api *gin.RouterGroup) {
	r.Match(getHead, "/", s.handle(s.homePage))
	r.Match(getHead, "/shows/:show", s.handle(s.showPage))
	r.Match(getHead, "/shows/:show/episodes/:id", s.handle(s.episodePage))
	r.Match(getHead, "/static/*file", s.handle(s.serveStatic))
}

// page is what every page template gets: the layout's fields plus the
// page's own data in Data.
type page struct {
	Title       string
	Description string
	Canonical   string
	Home        string
	CSS, JS     string
	Data        any
}

func (s *Server) newPage(title string, data any) *page {
	return &page{Title: title, Home: s.homeURL(), CSS: s.staticURL("site.css"), JS: s.staticURL("site.js"), Data: data}
}

func (s *Server) homePage(c *gin.Context) error {
	shows, err := s.store.ListShows(c.Request.Context())
	if err != nil {
		return err
	}
	var views []*showView
	for _, sh := range shows {
		views = append(views, s.pageShow(sh))
	}
	p := s.newPage("Podcasts", views)
	p.Canonical = s.homeURL()
	publicCache(c)
	return s.render(c, http.StatusOK, "home.html", p)
}

type showPageData struct {
	Show       *showView
	Episodes   []*episodeView
	Page       int
	Pages      int
	Prev, Next string
	OEmbedJSON string
	OEmbedXML  string
}

func (s *Server) showPage(c *gin.Context) error {
	ctx := c.Request.Context()
	sh, err := s.publicShow(c, c.Param("show"))
	if err != nil {
		return err
	}
	n := 1
	if q := c.Query("page"); q != "" {
		if n, err = strconv.Atoi(q); err != nil || n < 1 || n > 1_000_000 {
			return catalog.Invalidf("page must be a positive number")
		}
	}
	f := catalog.EpisodeFilter{ShowID: sh.ID, LiveAt: s.now()}
	total, err := s.store.CountEpisodes(ctx, f)
	if err != nil {
		return err
	}
	pages := max(1, (total+pageSize-1)/pageSize)
	if n > pages {
		return httpError(http.StatusNotFound, "not_found", "no such page of episodes")
	}
	f.Limit, f.Offset = pageSize, (n-1)*pageSize
	eps, err := s.store.ListEpisodes(ctx, f)
	if err != nil {
		return err
	}
	sv := s.pageShow(sh)
	d := &showPageData{Show: sv, Page: n, Pages: pages,
		OEmbedJSON: s.oembedURL(sv.URL), OEmbedXML: s.oembedXMLURL(sv.URL)}
	for _, e := range eps {
		d.Episodes = append(d.Episodes, s.pageEpisode(sv, e))
	}
	if n > 1 {
		d.Prev = s.showPageURL(sh, n-1)
	}
	if n < pages {
		d.Next = s.showPageURL(sh, n+1)
	}
	p := s.newPage(sh.Title, d)
	p.Description = plainText(sh.Description, 300)
	p.Canonical = s.showPageURL(sh, n)
	publicCache(c)
	return s.render(c, http.StatusOK, "show.html", p)
}

type episodePageData struct {
	*episodeView
	Start        int // ?t=, seconds.
	PlayerWidth  int
	PlayerHeight int
	OEmbedJSON   string
	OEmbedXML    string
}

func (s *Server) episodePage(c *gin.Context) error {
	sh, e, err := s.liveEpisode(c, c.Param("show"), c.Param("id"))
	if err != nil {
		return err
	}
	v := s.pageEpisode(s.pageShow(sh), e)
	d := &episodePageData{
		episodeView: v, Start: startTime(c),
		PlayerWidth: playerMaxWidth, PlayerHeight: playerHeight,
		OEmbedJSON: s.oembedURL(v.URL), OEmbedXML: s.oembedXMLURL(v.URL),
	}
	p := s.newPage(e.Title+" · "+sh.Title, d)
	p.Description = v.MetaSummary
	p.Canonical = v.URL
	publicCache(c)
	return s.render(c, http.StatusOK, "episode.html", p)
}

// liveEpisode finds a live episode of the show; drafts, scheduled
// episodes and episodes of another show are not found.
func (s *Server) liveEpisode(c *gin.Context, slug, id string) (*catalog.Show, *catalog.Episode, error) {
	ctx := c.Request.Context()
	sh, err := s.publicShow(c, slug)
	if err != nil {
		return nil, nil, err
	}
	e, err := s.store.GetEpisode(ctx, id)
	if err != nil {
		return nil, nil, orNotFound(err, "episode", id)
	}
	if e.ShowID != sh.ID || !e.IsLive(s.now()) {
		return nil, nil, notFound("episode", id)
	}
	return sh, e, nil
}

// publicCache lets browsers and CDNs keep a page for a minute: players on
// a busy news article are fetched once a minute per edge, not per reader,
// and a change (an episode going live, an edit) shows within the minute.
func publicCache(c *gin.Context) { c.Header("Cache-Control", "public, max-age=60") }

// startTime reads ?t= (whole or fractional seconds; junk means 0).
func startTime(c *gin.Context) int {
	f, err := strconv.ParseFloat(c.Query("t"), 64)
	if err != nil || !(f >= 0 && f <= 1e7) { // also refuses NaN
		return 0
	}
	return int(f)
}
