package web

import (
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"strings"

	"github.com/onair-fm/onair/catalog"
)

// The one place that knows onair's public addresses. Feeds, pages, the API
// and oEmbed all build URLs here, so they always agree.

func (s *Server) showURL(sh *catalog.Show) string { return s.url("/shows/" + sh.Slug) }

// feedURL is the show's feed in format "rss", "atom" or "json".
func (s *Server) feedURL(sh *catalog.Show, format string) string {
	return s.slugFeedURL(sh.Slug, format)
}

// slugFeedURL is the feed at a slug, which may be one a show had before.
func (s *Server) slugFeedURL(slug, format string) string {
	return s.url("/shows/" + slug + "/feed." + format)
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

// episodeAtURL is the episode page starting playback at t seconds (t > 0).
func (s *Server) episodeAtURL(sh *catalog.Show, e *catalog.Episode, t int) string {
	u := s.episodeURL(sh, e)
	if t > 0 {
		u += "?t=" + strconv.Itoa(t)
	}
	return u
}

// showPageURL is page n (from 1) of the show's episode list.
func (s *Server) showPageURL(sh *catalog.Show, page int) string {
	if page <= 1 {
		return s.showURL(sh)
	}
	return s.showURL(sh) + "?page=" + strconv.Itoa(page)
}

func (s *Server) homeURL() string { return s.url("/") }

// downloadURL is the audio as an attachment rather than for playing inline.
func (s *Server) downloadURL(key string) string {
	if key == "" {
		return ""
	}
	return s.mediaURL(key) + "?download=1"
}

// staticURL is a file under web/static, versioned by its content hash so
// it can be cached for good.
func (s *Server) staticURL(name string) string {
	return s.url("/static/" + name + "?v=" + staticVersion(name))
}

// appLink is a "subscribe in this app" link. The URL may use an app's own
// scheme, which html/template would refuse, so it is typed as trusted: it
// is built here from our own feed URL only.
type appLink struct {
	Name string
	URL  template.URL
}

// subscribeLinks are the links that add the show to a podcast app.
func (s *Server) subscribeLinks(sh *catalog.Show) []appLink {
	rss := s.feedURL(sh, "rss")
	bare := strings.TrimPrefix(strings.TrimPrefix(rss, "https://"), "http://")
	return []appLink{
		{"Apple Podcasts", template.URL("podcasts://" + bare)},
		{"Overcast", template.URL("overcast://x-callback-url/add?url=" + url.QueryEscape(rss))},
		{"Pocket Casts", template.URL("pktc://subscribe/" + bare)},
		{"AntennaPod", template.URL("https://antennapod.org/deeplink/subscribe?url=" +
			url.QueryEscape(rss) + "&title=" + url.QueryEscape(sh.Title))},
		{"Other apps (podcast://)", template.URL("podcast://" + bare)},
		{"Other apps (pcast://)", template.URL("pcast://" + bare)},
	}
}

// shareTarget is a share link: Pattern has {u} for the shared URL and {t}
// for the title, both to be filled with uriComponent (the player's JS fills
// the same pattern with encodeURIComponent when the link gains ?t=).
type shareTarget struct {
	Name    string
	Pattern string
	URL     string
}

var sharePatterns = []struct{ name, pattern string }{
	{"Email", "mailto:?subject={t}&body={u}"},
	{"Telegram", "https://t.me/share/url?url={u}&text={t}"},
	{"X", "https://x.com/intent/post?url={u}&text={t}"},
	{"Facebook", "https://www.facebook.com/sharer/sharer.php?u={u}"},
	{"VK", "https://vk.com/share.php?url={u}&title={t}"},
}

// shareLinks are the share links for a page URL with the given title.
func shareLinks(pageURL, title string) []shareTarget {
	r := strings.NewReplacer("{u}", uriComponent(pageURL), "{t}", uriComponent(title))
	out := make([]shareTarget, len(sharePatterns))
	for i, p := range sharePatterns {
		out[i] = shareTarget{Name: p.name, Pattern: p.pattern, URL: r.Replace(p.pattern)}
	}
	return out
}

// uriComponent escapes s exactly as JavaScript's encodeURIComponent does,
// so links built here and in the player agree byte for byte.
func uriComponent(s string) string {
	const keep = "-_.!~*'()"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(keep, c) >= 0 {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

func (s *Server) oembedXMLURL(pageURL string) string {
	return s.url("/oembed?format=xml&url=" + url.QueryEscape(pageURL))
}

// iframeURL is a player URL with its size-dependent parameters.
func iframeURL(playerURL string, limit int) string {
	if limit > 0 {
		return playerURL + "?limit=" + strconv.Itoa(limit)
	}
	return playerURL
}

// uploadsURL is the tus endpoint for resumable uploads; tusd builds each
// upload's Location from it.
func (s *Server) uploadsURL() string { return s.url("/api/v1/uploads/") }

// adminEpisodeURL is the episode's page in the dashboard.
func (s *Server) adminEpisodeURL(e *catalog.Episode) string { return s.url("/admin/episodes/" + e.ID) }
