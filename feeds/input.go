// Package feeds turns catalog data into the bytes podcast apps read: podcast
// RSS 2.0 (iTunes and Podcasting 2.0 namespaces), Atom 1.0 and JSON Feed 1.1,
// plus Podcasting 2.0 JSON chapters and a check of what Apple Podcasts would
// reject. It is pure: no HTTP, no database, no clock. The same input always
// gives the same bytes, so a feed's ETag survives a restart.
package feeds

import (
	"time"

	"github.com/onair-fm/onair/catalog"
)

// Generator is what feeds name as their generator.
const Generator = "onair"

// Links are the absolute URLs a feed points at. The web package fills them
// from its one file of URL builders, so feeds never learn routes.
type Links struct {
	Show string // the show's page
	RSS  string // the show's feeds
	Atom string
	JSON string
	// Hub is the WebSub hub the feeds advertise; "" for none.
	Hub string
	// Episode is an episode's page.
	Episode func(e *catalog.Episode) string
	// Chapters is an episode's JSON chapters; asked only for episodes that
	// have chapters.
	Chapters func(e *catalog.Episode) string
	// Transcript is an episode's transcript in a format (vtt, srt, json,
	// html, txt); asked only for episodes whose transcript is ready.
	Transcript func(e *catalog.Episode, ext string) string
	// Language is the show's, for transcripts that do not name theirs.
	Language string
	// ChapterTimestamps adds "00:00 Title" chapter lines to the notes (the
	// show's setting).
	ChapterTimestamps bool
	// Media is where a blob key is served.
	Media func(key string) string
	// Prefixes are the show's measurement prefixes, put in front of the
	// enclosure URLs (Prefixed).
	Prefixes []string
	// Page is the URL of page n of the feed in format ("rss", "atom" or
	// "json"); page 0 is the main feed. Asked only for paged feeds.
	Page func(format string, n int) string
}

// Input is one show's feed: the show, the episodes live at render time,
// newest first (as catalog.Store.ListEpisodes returns them), and its URLs.
type Input struct {
	Show     *catalog.Show
	Episodes []*catalog.Episode
	Links    Links
	// Paging places this document in a paged feed (see PageOf); zero for
	// a feed that is not paged.
	Paging Paging
	// HideOwnerEmail leaves the owner's email out (the show hides it and
	// no verification window is open).
	HideOwnerEmail bool
	// Podroll is the show's podroll, resolved (see RemoteItem).
	Podroll []RemoteItem
}

// LastChange is when anything the feed shows last changed: the show, an
// episode, an episode going live, a related article. Feeds use it for
// lastBuildDate and updated, never the wall clock, so that unchanged data
// renders to unchanged bytes.
func LastChange(sh *catalog.Show, eps []*catalog.Episode) time.Time {
	t := sh.UpdatedAt
	later := func(u time.Time) {
		if u.After(t) {
			t = u
		}
	}
	for _, e := range eps {
		later(episodeChange(e))
	}
	return t.UTC()
}

// episodeChange is when the episode or one of its articles last changed, or
// when it went live if that was later.
func episodeChange(e *catalog.Episode) time.Time {
	t := e.UpdatedAt
	if e.PublishedAt.After(t) {
		t = e.PublishedAt
	}
	for i := range e.Articles {
		if u := e.Articles[i].UpdatedAt; u.After(t) {
			t = u
		}
	}
	return t.UTC()
}

func (l Links) media(key string) string {
	if key == "" || l.Media == nil {
		return ""
	}
	return l.Media(key)
}

func (l Links) episode(e *catalog.Episode) string {
	if l.Episode == nil {
		return ""
	}
	return l.Episode(e)
}

func (l Links) chapters(e *catalog.Episode) string {
	if len(e.Chapters) == 0 || l.Chapters == nil {
		return ""
	}
	return l.Chapters(e)
}

// showArtwork is the show's cover URL, "" when it has none.
func (in *Input) showArtwork() string { return in.Links.media(in.Show.ArtworkKey) }
