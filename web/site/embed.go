package site

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/web/httpx"
)

// The players' sizes. The single player has one fixed height at any width
// from PlayerMinWidth to PlayerMaxWidth; the playlist adds a row per
// episode. oEmbed and the Twitter card report these.
const (
	PlayerHeight   = 200
	PlayerMinWidth = 280
	PlayerMaxWidth = 800
	playlistRow    = 52
	DefaultLimit   = 5
	maxLimit       = 50
)

// PlaylistHeight is the playlist player's height with n episodes.
func PlaylistHeight(n int) int { return PlayerHeight + n*playlistRow }

// routesEmbed registers the players that other sites put in iframes. The
// framing middleware lets the configured sites frame everything under
// /embed/. oEmbed, which hands out the iframe code, lives here too.
func (s *Site) routesEmbed(r *gin.Engine) {
	r.Match(httpx.GetHead, "/embed/episodes/:id", s.Handle(s.embedEpisode))
	r.Match(httpx.GetHead, "/embed/shows/:show", s.Handle(s.embedShow))
	r.Match(httpx.GetHead, "/embed/articles", s.Handle(s.embedArticle))
	r.Match(httpx.GetHead, "/oembed", s.Handle(s.oembed))
}

// embedData is what the player templates get.
type embedData struct {
	Title    string
	CSS, JS  string
	Theme    string // "light", "dark" or "" (follow the system).
	Color    string // accent "rrggbb", or "" for the default.
	OnColor  string // "#fff" or "#000", whichever reads on Color.
	Start    int
	Playlist bool
	Current  *EpisodeView
	Items    []*EpisodeView
}

var colorRE = regexp.MustCompile(`^#?[0-9a-fA-F]{6}$`)

// newEmbed reads the styling parameters every player takes. Bad values are
// refused rather than ignored, so whoever writes the embed code sees the
// mistake at once.
func (s *Site) newEmbed(c *gin.Context) (*embedData, error) {
	d := &embedData{CSS: s.StaticURL("player.css"), JS: s.StaticURL("player.js"), Start: startTime(c)}
	switch t := c.Query("theme"); t {
	case "", "auto":
	case "light", "dark":
		d.Theme = t
	default:
		return nil, catalog.Invalidf("theme must be light, dark or auto")
	}
	if col := c.Query("color"); col != "" {
		if !colorRE.MatchString(col) {
			return nil, catalog.Invalidf("color must be six hex digits, RRGGBB")
		}
		d.Color = strings.ToLower(strings.TrimPrefix(col, "#"))
		d.OnColor = contrastOn(d.Color)
	}
	return d, nil
}

// contrastOn returns black or white, whichever reads better on the color
// rrggbb (by its relative luminance, as WCAG defines it, roughly).
func contrastOn(rrggbb string) string {
	v, _ := strconv.ParseUint(rrggbb, 16, 32)
	r, g, b := float64(v>>16&255), float64(v>>8&255), float64(v&255)
	if 0.2126*r+0.7152*g+0.0722*b > 150 {
		return "#000"
	}
	return "#fff"
}

func (s *Site) renderEmbed(c *gin.Context, d *embedData) error {
	d.Current = d.Items[0]
	d.Playlist = len(d.Items) > 1 || d.Playlist
	if d.Title == "" {
		d.Title = d.Current.Title
	}
	publicCache(c)
	return s.Render(c, http.StatusOK, "embed.html", d)
}

func (s *Site) embedEpisode(c *gin.Context) error {
	d, err := s.newEmbed(c)
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	e, err := s.Store.GetEpisode(ctx, c.Param("id"))
	if err != nil {
		return httpx.OrNotFound(err, "episode", c.Param("id"))
	}
	if !e.IsLive(s.Now()) {
		return httpx.NotFound("episode", e.ID)
	}
	sh, err := s.Store.GetShowByID(ctx, e.ShowID)
	if err != nil {
		return err
	}
	d.Items = []*EpisodeView{s.PageEpisode(s.PageShow(sh), e)}
	if err := s.withTranscript(c.Request.Context(), d.Items[0], false); err != nil {
		return err
	}
	return s.renderEmbed(c, d)
}

// embedLimit reads ?limit= for the playlist: 1 to maxLimit, default 5.
func embedLimit(c *gin.Context) (int, error) {
	q := c.Query("limit")
	if q == "" {
		return DefaultLimit, nil
	}
	n, err := strconv.Atoi(q)
	if err != nil || n < 1 || n > maxLimit {
		return 0, catalog.Invalidf("limit must be a number from 1 to %d", maxLimit)
	}
	return n, nil
}

func (s *Site) embedShow(c *gin.Context) error {
	d, err := s.newEmbed(c)
	if err != nil {
		return err
	}
	limit, err := embedLimit(c)
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	sh, err := s.PublicShow(c, c.Param("show"))
	if err != nil {
		return err
	}
	eps, err := s.Store.ListEpisodes(ctx, catalog.EpisodeFilter{ShowID: sh.ID, LiveAt: s.Now(), Limit: limit})
	if err != nil {
		return err
	}
	if len(eps) == 0 {
		return httpx.NewError(http.StatusNotFound, "not_found", fmt.Sprintf("show %s has no episodes yet", sh.Slug))
	}
	sv := s.PageShow(sh)
	for _, e := range eps {
		d.Items = append(d.Items, s.PageEpisode(sv, e))
		_ = s.withTranscript(c.Request.Context(), d.Items[len(d.Items)-1], false) // no store access: cannot fail
	}
	d.Title, d.Playlist = sh.Title, true
	return s.renderEmbed(c, d)
}

// embedArticle is the player for the episodes related to a news article,
// found by the article's URL, so a CMS can include it on every article
// page. With no live related episode (or no such article) the answer is
// 200 with an empty body, Content-Length: 0 and X-Onair-Empty: 1: a
// template can include it everywhere and collapse the frame when empty.
func (s *Site) embedArticle(c *gin.Context) error {
	d, err := s.newEmbed(c)
	if err != nil {
		return err
	}
	u := c.Query("url")
	if u == "" {
		return catalog.Invalidf("url is required: the article's URL")
	}
	limit, err := embedLimit(c)
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	a, err := s.Store.GetArticleByURL(ctx, u)
	if err != nil && !isNotFound(err) {
		return err
	}
	if a != nil {
		eps, err := s.Store.ListEpisodes(ctx, catalog.EpisodeFilter{ArticleID: a.ID, LiveAt: s.Now(), Limit: limit})
		if err != nil {
			return err
		}
		shows := map[string]*ShowView{}
		for _, e := range eps {
			sv, ok := shows[e.ShowID]
			if !ok {
				sh, err := s.Store.GetShowByID(ctx, e.ShowID)
				if err != nil {
					return err
				}
				sv = s.PageShow(sh)
				shows[e.ShowID] = sv
			}
			d.Items = append(d.Items, s.PageEpisode(sv, e))
			_ = s.withTranscript(c.Request.Context(), d.Items[len(d.Items)-1], false) // no store access: cannot fail
		}
	}
	if len(d.Items) == 0 {
		publicCache(c)
		c.Header("X-Onair-Empty", "1")
		c.Header("Content-Type", "text/html; charset=utf-8")
		c.Header("Content-Length", "0")
		c.Status(http.StatusOK)
		return nil
	}
	if a.Title != "" {
		d.Title = a.Title
	}
	return s.renderEmbed(c, d)
}

func isNotFound(err error) bool { return errors.Is(err, catalog.ErrNotFound) }
