package site

import (
	"encoding/xml"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
)

// maxSitemapURLs is the most URLs one sitemap may list (sitemaps.org).
const maxSitemapURLs = 50_000

type sitemapURLSet struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// serveSitemap is /sitemap.xml: the home page, every show's page and the
// page of every episode the public may see now (Episode.IsLive: no draft,
// no scheduled episode, no members episode before its public_at).
func (s *Site) serveSitemap(c *gin.Context) error {
	ctx := c.Request.Context()
	shows, err := s.Store.ListShows(ctx)
	if err != nil {
		return err
	}
	set := sitemapURLSet{NS: "http://www.sitemaps.org/schemas/sitemap/0.9", URLs: []sitemapURL{{Loc: s.HomeURL()}}}
	now := s.Now()
	for _, sh := range shows {
		if len(set.URLs) >= maxSitemapURLs {
			break
		}
		set.URLs = append(set.URLs, sitemapURL{Loc: s.ShowURL(sh), LastMod: sh.UpdatedAt.UTC().Format("2006-01-02")})
		eps, err := s.Store.ListEpisodes(ctx, catalog.EpisodeFilter{ShowID: sh.ID, LiveAt: now, Limit: maxSitemapURLs - len(set.URLs)})
		if err != nil {
			return err
		}
		for _, e := range eps {
			set.URLs = append(set.URLs, sitemapURL{Loc: s.EpisodeURL(sh, e), LastMod: e.UpdatedAt.UTC().Format("2006-01-02")})
		}
	}
	b, err := xml.MarshalIndent(set, "", "  ")
	if err != nil {
		return err
	}
	c.Header("Cache-Control", "public, max-age=300")
	c.Data(http.StatusOK, "application/xml; charset=utf-8", append([]byte(xml.Header), b...))
	return nil
}
