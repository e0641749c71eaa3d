package site

import (
	"encoding/xml"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/web/httpx"
)

// The network page: every show on the server with its feeds and the shows
// it recommends (its podroll), and the same list as OPML, which podcast
// apps import to subscribe to a whole network at once.

func (s *Site) routesNetwork(r *gin.Engine) {
	r.Match(httpx.GetHead, "/network", s.Handle(s.networkPage))
	r.Match(httpx.GetHead, "/network.opml", s.Handle(s.networkOPML))
}

// NetworkShow is a show on the network page.
type NetworkShow struct {
	*ShowView
	Recommends []Recommended
}

// Recommended is one entry of a show's podroll as the page links it.
type Recommended struct {
	Title, URL string
}

type networkData struct {
	Shows []NetworkShow
	OPML  string
}

func (s *Site) networkPage(c *gin.Context) error {
	shows, err := s.Store.ListShows(c.Request.Context())
	if err != nil {
		return err
	}
	byID := make(map[string]*catalog.Show, len(shows))
	for _, sh := range shows {
		byID[sh.ID] = sh
	}
	d := &networkData{OPML: s.URL("/network.opml")}
	for _, sh := range shows {
		ns := NetworkShow{ShowView: s.PageShow(sh)}
		for _, p := range sh.Podroll {
			switch other := byID[p.ShowID]; {
			case p.ShowID != "" && other != nil:
				ns.Recommends = append(ns.Recommends, Recommended{Title: other.Title, URL: s.ShowURL(other)})
			case p.FeedURL != "":
				title := p.Title
				if title == "" {
					title = p.FeedURL
				}
				ns.Recommends = append(ns.Recommends, Recommended{Title: title, URL: p.FeedURL})
			}
		}
		d.Shows = append(d.Shows, ns)
	}
	p := s.NewPage("Network", d)
	p.Canonical = s.URL("/network")
	publicCache(c)
	return s.Render(c, http.StatusOK, "network.html", p)
}

type opml struct {
	XMLName xml.Name      `xml:"opml"`
	Version string        `xml:"version,attr"`
	Title   string        `xml:"head>title"`
	Items   []opmlOutline `xml:"body>outline"`
}

type opmlOutline struct {
	Type    string `xml:"type,attr"`
	Text    string `xml:"text,attr"`
	Title   string `xml:"title,attr"`
	XMLURL  string `xml:"xmlUrl,attr"`
	HTMLURL string `xml:"htmlUrl,attr"`
}

// networkOPML lists every show's RSS feed as OPML 2.0.
func (s *Site) networkOPML(c *gin.Context) error {
	shows, err := s.Store.ListShows(c.Request.Context())
	if err != nil {
		return err
	}
	doc := opml{Version: "2.0", Title: "Podcasts on " + s.HomeURL(), Items: []opmlOutline{}}
	for _, sh := range shows {
		doc.Items = append(doc.Items, opmlOutline{Type: "rss", Text: sh.Title, Title: sh.Title,
			XMLURL: s.FeedURL(sh, "rss"), HTMLURL: s.ShowURL(sh)})
	}
	b, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	publicCache(c)
	c.Header("Access-Control-Allow-Origin", "*")
	c.Data(http.StatusOK, "text/x-opml; charset=utf-8", append([]byte(xml.Header), b...))
	return nil
}
