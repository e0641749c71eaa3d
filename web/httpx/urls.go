package httpx

import (
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"strings"

	"github.com/onair-fm/onair/catalog"
)

// URLs is the one place that knows onair's public addresses. Feeds, pages,
// the API and oEmbed all build URLs here, so they always agree. Env
// embeds it.
type URLs struct {
	// Base is the public address without a trailing slash (Config.BaseURL).
	Base string
	// MediaBase is Config.MediaBaseURL, a CDN serving blobs by key.
	MediaBase string
}

// ShowURL is the show's page.
func (s URLs) ShowURL(sh *catalog.Show) string { return s.URL("/shows/" + sh.Slug) }

// FeedURL is the show's feed in format "rss", "atom" or "json".
func (s URLs) FeedURL(sh *catalog.Show, format string) string {
	return s.SlugFeedURL(sh.Slug, format)
}

// SlugFeedURL is the feed at a slug, which may be one a show had before.
func (s URLs) SlugFeedURL(slug, format string) string {
	return s.URL("/shows/" + slug + "/feed." + format)
}

// EpisodeURL is the episode's page.
func (s URLs) EpisodeURL(sh *catalog.Show, e *catalog.Episode) string {
	return s.URL("/shows/" + sh.Slug + "/episodes/" + e.ID)
}

// ChaptersURL is the episode's Podcasting 2.0 JSON chapters.
func (s URLs) ChaptersURL(sh *catalog.Show, e *catalog.Episode) string {
	return s.URL("/shows/" + sh.Slug + "/episodes/" + e.ID + "/chapters.json")
}

// TranscriptURL is the episode's transcript in a format: vtt, srt, json,
// html or txt.
func (s URLs) TranscriptURL(sh *catalog.Show, e *catalog.Episode, ext string) string {
	return s.URL("/shows/" + sh.Slug + "/episodes/" + e.ID + "/transcript." + ext)
}

// PlayerURL is the episode's embeddable player.
func (s URLs) PlayerURL(e *catalog.Episode) string { return s.URL("/embed/episodes/" + e.ID) }

// ShowPlayerURL is the show's playlist player.
func (s URLs) ShowPlayerURL(sh *catalog.Show) string { return s.URL("/embed/shows/" + sh.Slug) }

// MediaURL is where a blob is served. Keys never get other bytes, so these
// URLs are immutable.
func (s URLs) MediaURL(key string) string {
	if key == "" {
		return ""
	}
	return s.URL("/media/" + key)
}

// cdnMediaURL is where --media-base-url serves a blob; media requests
// redirect there. Feeds keep pointing at mediaURL, so every request still
// reaches a node and is counted.
func (s URLs) CDNMediaURL(key string) string { return s.MediaBase + "/" + key }

// OEmbedURL is the oEmbed (JSON) of a page.
func (s URLs) OEmbedURL(pageURL string) string {
	return s.URL("/oembed?format=json&url=" + url.QueryEscape(pageURL))
}

// ArticlePlayerURL is the player for the episodes related to a news article,
// found by the article's URL.
func (s URLs) ArticlePlayerURL(articleURL string) string {
	return s.URL("/embed/articles?url=" + url.QueryEscape(articleURL))
}

// The publisher API's own addresses, for Location headers.

// APIShowURL is the show in the publisher API.
func (s URLs) APIShowURL(sh *catalog.Show) string { return s.URL("/api/v1/shows/" + sh.Slug) }

// APIEpisodeURL is the episode in the publisher API.
func (s URLs) APIEpisodeURL(e *catalog.Episode) string { return s.URL("/api/v1/episodes/" + e.ID) }

// APIArticleURL is the article in the publisher API.
func (s URLs) APIArticleURL(a *catalog.Article) string { return s.URL("/api/v1/articles/" + a.ID) }

// EpisodeAtURL is the episode page starting playback at t seconds (t > 0).
func (s URLs) EpisodeAtURL(sh *catalog.Show, e *catalog.Episode, t int) string {
	u := s.EpisodeURL(sh, e)
	if t > 0 {
		u += "?t=" + strconv.Itoa(t)
	}
	return u
}

// ShowPageURL is page n (from 1) of the show's episode list.
func (s URLs) ShowPageURL(sh *catalog.Show, page int) string {
	if page <= 1 {
		return s.ShowURL(sh)
	}
	return s.ShowURL(sh) + "?page=" + strconv.Itoa(page)
}

// HomeURL is the list of shows.
func (s URLs) HomeURL() string { return s.URL("/") }

// DownloadURL is the audio as an attachment rather than for playing inline.
func (s URLs) DownloadURL(key string) string {
	if key == "" {
		return ""
	}
	return s.MediaURL(key) + "?download=1"
}

// StaticURL is a file under web/static, versioned by its content hash so
// it can be cached for good.
func (s URLs) StaticURL(name string) string {
	return s.URL("/static/" + name + "?v=" + StaticVersion(name))
}

// AppLink is a "subscribe in this app" link. The URL may use an app's own
// scheme, which html/template would refuse, so it is typed as trusted: it
// is built here from our own feed URL only.
type AppLink struct {
	Name string
	URL  template.URL
}

// SubscribeLinks are the links that add the show to a podcast app.
func (s URLs) SubscribeLinks(sh *catalog.Show) []AppLink {
	rss := s.FeedURL(sh, "rss")
	bare := strings.TrimPrefix(strings.TrimPrefix(rss, "https://"), "http://")
	return []AppLink{
		{"Apple Podcasts", template.URL("podcasts://" + bare)},
		{"Overcast", template.URL("overcast://x-callback-url/add?url=" + url.QueryEscape(rss))},
		{"Pocket Casts", template.URL("pktc://subscribe/" + bare)},
		{"AntennaPod", template.URL("https://antennapod.org/deeplink/subscribe?url=" +
			url.QueryEscape(rss) + "&title=" + url.QueryEscape(sh.Title))},
		{"Other apps (podcast://)", template.URL("podcast://" + bare)},
		{"Other apps (pcast://)", template.URL("pcast://" + bare)},
	}
}

// ShareTarget is a share link: Pattern has {u} for the shared URL and {t}
// for the title, both to be filled with URIComponent (the player's JS fills
// the same pattern with encodeURIComponent when the link gains ?t=).
type ShareTarget struct {
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

// ShareLinks are the share links for a page URL with the given title.
func ShareLinks(pageURL, title string) []ShareTarget {
	r := strings.NewReplacer("{u}", URIComponent(pageURL), "{t}", URIComponent(title))
	out := make([]ShareTarget, len(sharePatterns))
	for i, p := range sharePatterns {
		out[i] = ShareTarget{Name: p.name, Pattern: p.pattern, URL: r.Replace(p.pattern)}
	}
	return out
}

// URIComponent escapes s exactly as JavaScript's encodeURIComponent does,
// so links built here and in the player agree byte for byte.
func URIComponent(s string) string {
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

// OEmbedXMLURL is the oEmbed (XML) of a page.
func (s URLs) OEmbedXMLURL(pageURL string) string {
	return s.URL("/oembed?format=xml&url=" + url.QueryEscape(pageURL))
}

// IframeURL is a player URL with its size-dependent parameters.
func IframeURL(playerURL string, limit int) string {
	if limit > 0 {
		return playerURL + "?limit=" + strconv.Itoa(limit)
	}
	return playerURL
}

// UploadsURL is the tus endpoint for resumable uploads; tusd builds each
// upload's Location from it.
func (s URLs) UploadsURL() string { return s.URL("/api/v1/uploads/") }

// AdminEpisodeURL is the episode's page in the dashboard.
func (s URLs) AdminEpisodeURL(e *catalog.Episode) string { return s.URL("/admin/episodes/" + e.ID) }

// url returns the absolute URL of path on this server.
func (s URLs) URL(path string) string { return s.Base + path }
