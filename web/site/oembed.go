package site

import (
	"context"
	"encoding/xml"
	"fmt"
	"html/template"
	"image"
	_ "image/jpeg" // artwork sizes for oEmbed thumbnails
	_ "image/png"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/web/httpx"
)

// OEmbedResponse is an oEmbed 1.0 "rich" response, in JSON or XML.
type OEmbedResponse struct {
	XMLName         xml.Name `json:"-" xml:"oembed"`
	Type            string   `json:"type" xml:"type"`
	Version         string   `json:"version" xml:"version"`
	Title           string   `json:"title" xml:"title"`
	AuthorName      string   `json:"author_name,omitempty" xml:"author_name,omitempty"`
	AuthorURL       string   `json:"author_url,omitempty" xml:"author_url,omitempty"`
	ProviderName    string   `json:"provider_name" xml:"provider_name"`
	ProviderURL     string   `json:"provider_url" xml:"provider_url"`
	CacheAge        int      `json:"cache_age" xml:"cache_age"`
	ThumbnailURL    string   `json:"thumbnail_url,omitempty" xml:"thumbnail_url,omitempty"`
	ThumbnailWidth  int      `json:"thumbnail_width,omitempty" xml:"thumbnail_width,omitempty"`
	ThumbnailHeight int      `json:"thumbnail_height,omitempty" xml:"thumbnail_height,omitempty"`
	HTML            string   `json:"html" xml:"html"`
	Width           int      `json:"width" xml:"width"`
	Height          int      `json:"height" xml:"height"`
}

// oembedSize is what the consumer allows: 0 means no limit.
type oembedSize struct{ maxW, maxH int }

func (s *Site) oembed(c *gin.Context) error {
	format := c.DefaultQuery("format", "json")
	if format != "json" && format != "xml" {
		return httpx.NewError(http.StatusNotImplemented, "unsupported_format", "format must be json or xml")
	}
	var size oembedSize
	for _, p := range []struct {
		name string
		dst  *int
	}{{"maxwidth", &size.maxW}, {"maxheight", &size.maxH}} {
		if q := c.Query(p.name); q != "" {
			n, err := strconv.Atoi(q)
			if err != nil || n < 1 {
				return catalog.Invalidf("%s must be a positive number of pixels", p.name)
			}
			*p.dst = n
		}
	}
	raw := c.Query("url")
	if raw == "" {
		return catalog.Invalidf("url is required")
	}
	slug, id, ok := s.parsePageURL(raw)
	if !ok {
		return httpx.NewError(http.StatusNotFound, "not_found", "no oEmbed for that URL: want a show or episode page of "+s.Cfg.BaseURL)
	}
	resp, err := s.oembedFor(c.Request.Context(), slug, id, size)
	if err != nil {
		return err
	}
	c.Header("Cache-Control", "public, max-age=300")
	if format == "xml" {
		b, err := xml.Marshal(resp)
		if err != nil {
			return fmt.Errorf("site: oembed xml: %w", err)
		}
		c.Data(http.StatusOK, "text/xml; charset=utf-8", append([]byte(xml.Header), b...))
		return nil
	}
	c.JSON(http.StatusOK, resp)
	return nil
}

// parsePageURL finds the show slug (and episode id) in one of our page
// URLs: /shows/{show} or /shows/{show}/episodes/{id}, on our own host.
func (s *Site) parsePageURL(raw string) (slug, id string, ok bool) {
	u, err := url.Parse(raw)
	base, berr := url.Parse(s.Cfg.BaseURL)
	if err != nil || berr != nil || !strings.EqualFold(u.Host, base.Host) {
		return "", "", false
	}
	p := strings.TrimSuffix(strings.TrimPrefix(u.Path, strings.TrimRight(base.Path, "/")), "/")
	parts := strings.Split(strings.TrimPrefix(p, "/"), "/")
	switch {
	case len(parts) == 2 && parts[0] == "shows" && parts[1] != "":
		return parts[1], "", true
	case len(parts) == 4 && parts[0] == "shows" && parts[1] != "" && parts[2] == "episodes" && parts[3] != "":
		return parts[1], parts[3], true
	}
	return "", "", false
}

func (s *Site) oembedFor(ctx context.Context, slug, id string, size oembedSize) (*OEmbedResponse, error) {
	// An old page URL (a show renamed since) is the show's: the embed
	// code and URLs given back are the current ones.
	sh, err := s.FindShow(ctx, slug)
	if err != nil {
		return nil, err
	}
	sv := s.PageShow(sh)
	// The player cannot be narrower than PlayerMinWidth: like a maxheight
	// below its height, a smaller maxwidth has no embed to offer (oEmbed
	// says 404 when none fits).
	if size.maxW > 0 && size.maxW < PlayerMinWidth {
		return nil, httpx.NewError(http.StatusNotFound, "not_found",
			fmt.Sprintf("the player needs %d px of width, more than maxwidth", PlayerMinWidth))
	}
	width := PlayerMaxWidth
	if size.maxW > 0 && size.maxW < width {
		width = size.maxW
	}
	r := &OEmbedResponse{
		Type: "rich", Version: "1.0", CacheAge: 3600,
		AuthorName: sh.Author, AuthorURL: sv.URL,
		ProviderName: s.providerName(), ProviderURL: s.HomeURL(),
		Width: width,
	}
	if r.AuthorName == "" {
		r.AuthorName = sh.Title
	}
	artKey := sh.ArtworkKey
	var src, label string
	if id != "" {
		e, err := s.Store.GetEpisode(ctx, id)
		if err != nil {
			return nil, httpx.OrNotFound(err, "episode", id)
		}
		if e.ShowID != sh.ID || !e.IsLive(s.Now()) {
			return nil, httpx.NotFound("episode", id)
		}
		if size.maxH > 0 && size.maxH < PlayerHeight {
			return nil, httpx.NewError(http.StatusNotFound, "not_found",
				fmt.Sprintf("the player needs %d px of height, more than maxheight", PlayerHeight))
		}
		if e.ArtworkKey != "" {
			artKey = e.ArtworkKey
		}
		r.Title, r.Height = e.Title, PlayerHeight
		src, label = s.PlayerURL(e), "Podcast player: "+e.Title
	} else {
		n, err := s.Store.CountEpisodes(ctx, catalog.EpisodeFilter{ShowID: sh.ID, LiveAt: s.Now(), Limit: DefaultLimit})
		if err != nil {
			return nil, err
		}
		n = min(max(n, 1), DefaultLimit)
		// Fewer rows when the consumer's maxheight asks for less; then the
		// iframe asks for fewer episodes too.
		limit := 0
		for size.maxH > 0 && n > 1 && PlaylistHeight(n) > size.maxH {
			n--
			limit = n
		}
		if size.maxH > 0 && PlaylistHeight(n) > size.maxH {
			return nil, httpx.NewError(http.StatusNotFound, "not_found",
				fmt.Sprintf("the playlist needs %d px of height, more than maxheight", PlaylistHeight(1)))
		}
		r.Title, r.Height = sh.Title, PlaylistHeight(n)
		src, label = httpx.IframeURL(sv.PlayerURL, limit), "Podcast episodes: "+sh.Title
	}
	r.HTML = IframeHTML(src, label, r.Width, r.Height)
	if w, h, ok := s.imageSize(ctx, artKey); ok && (size.maxW == 0 || w <= size.maxW) && (size.maxH == 0 || h <= size.maxH) {
		r.ThumbnailURL, r.ThumbnailWidth, r.ThumbnailHeight = s.MediaURL(artKey), w, h
	}
	return r, nil
}

// IframeHTML is the embed code: as wide as the page allows up to width,
// at the player's fixed height.
func IframeHTML(src, title string, width, height int) string {
	return fmt.Sprintf(`<iframe src="%s" title="%s" width="%d" height="%d" style="border:0;width:100%%;max-width:%dpx" loading="lazy" allow="autoplay; clipboard-write"></iframe>`,
		template.HTMLEscapeString(src), template.HTMLEscapeString(title), width, height, width)
}

// providerName is the host the server answers on, e.g. "pod.example.com".
func (s *Site) providerName() string {
	if u, err := url.Parse(s.Cfg.BaseURL); err == nil && u.Host != "" {
		return u.Host
	}
	return "onair"
}

// imageSize reads an artwork blob's pixel size from its header.
func (s *Site) imageSize(ctx context.Context, key string) (w, h int, ok bool) {
	if key == "" {
		return 0, 0, false
	}
	rd, _, err := s.Blobs.Open(ctx, key)
	if err != nil {
		return 0, 0, false
	}
	defer rd.Close()
	cfg, _, err := image.DecodeConfig(rd)
	if err != nil {
		return 0, 0, false
	}
	return cfg.Width, cfg.Height, true
}
