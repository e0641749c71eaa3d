package site

import (
	"encoding/json"
	"html"
	"html/template"
	"regexp"
	"strings"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/web/httpx"
)

// ShowView is a show as the templates see it: the catalog's fields plus
// every URL already built.
type ShowView struct {
	*catalog.Show
	URL, ArtURL, PlayerURL string
	RSS, Atom, JSON        string
	Apps                   []httpx.AppLink
	DescHTML               template.HTML // sanitized description.
}

// PageShow is a show as pages and players show it.
func (s *Site) PageShow(sh *catalog.Show) *ShowView {
	return &ShowView{
		Show:      sh,
		URL:       s.ShowURL(sh),
		ArtURL:    s.MediaURL(sh.ArtworkKey),
		PlayerURL: s.ShowPlayerURL(sh),
		RSS:       s.FeedURL(sh, "rss"),
		Atom:      s.FeedURL(sh, "atom"),
		JSON:      s.FeedURL(sh, "json"),
		Apps:      s.SubscribeLinks(sh),
		DescHTML:  showNotesHTML(sh.Description),
	}
}

// EpisodeView is an episode as the templates see it.
type EpisodeView struct {
	*catalog.Episode
	Show        *ShowView
	URL         string
	PlayerURL   string
	AudioURL    string
	DownloadURL string
	ArtURL      string // the episode's own artwork, else the show's.
	Duration    string // "25:26"
	Spoken      string // "25 minutes 26 seconds", for screen readers
	Seconds     int64
	Summary     string        // plain text of the episode's own notes; "" when it has none.
	MetaSummary string        // Summary, else the show's description: for meta descriptions.
	Notes       template.HTML // sanitized show notes.
	Chapters    []chapterView
	// ChaptersJSON is [[seconds, "title"], ...] for the playlist's player,
	// which swaps chapters when it swaps episodes.
	ChaptersJSON string
	Share        []httpx.ShareTarget
	// Transcript is the transcript's paragraphs for the episode page;
	// TranscriptJSON the URL the player loads its cues from; both empty
	// when there is none.
	Transcript      []paragraphView
	TranscriptLang  string
	TranscriptJSON  string
	TranscriptFiles []transcriptFile
}

type chapterView struct {
	catalog.Chapter
	At      string // "12:05"
	Seconds int64
	Link    string // the episode page starting at this chapter.
	// Label is the chapter's title, with the linked article's when that
	// differs (a chapter that is a story).
	Label string
}

// PageEpisode is an episode of sv as pages and players show it.
func (s *Site) PageEpisode(sv *ShowView, e *catalog.Episode) *EpisodeView {
	v := &EpisodeView{
		Episode:     e,
		Show:        sv,
		URL:         s.EpisodeURL(sv.Show, e),
		PlayerURL:   s.PlayerURL(e),
		AudioURL:    s.MediaURL(e.Audio.Key),
		DownloadURL: s.DownloadURL(e.Audio.Key),
		ArtURL:      s.MediaURL(e.ArtworkKey),
		Duration:    httpx.FormatDuration(e.Audio.Duration),
		Spoken:      httpx.SpokenDuration(e.Audio.Duration),
		Seconds:     int64(e.Audio.Duration / time.Second),
		Notes:       showNotesHTML(e.Description),
	}
	if v.ArtURL == "" {
		v.ArtURL = sv.ArtURL
	}
	// An episode without notes shows no summary in lists (the show's
	// description there read as if it were the episode's); link previews
	// still want some description, so they fall back to the show's.
	v.Summary = plainText(string(v.Notes), 300)
	v.MetaSummary = v.Summary
	if v.MetaSummary == "" {
		v.MetaSummary = plainText(sv.Description, 300)
	}
	for _, ch := range e.ResolvedChapters() {
		sec := int64(ch.Start / time.Second)
		label := ch.Title
		if ch.ArticleTitle != "" && ch.ArticleTitle != ch.Title {
			label += ": " + ch.ArticleTitle
		}
		v.Chapters = append(v.Chapters, chapterView{
			Chapter: ch, At: httpx.FormatDuration(ch.Start), Seconds: sec,
			Link: s.EpisodeAtURL(sv.Show, e, int(sec)), Label: label,
		})
	}
	cj := make([][2]any, len(v.Chapters))
	for i, ch := range v.Chapters {
		cj[i] = [2]any{ch.Seconds, ch.Label}
	}
	b, _ := json.Marshal(cj)
	v.ChaptersJSON = string(b)
	v.Share = httpx.ShareLinks(v.URL, e.Title)
	return v
}

var (
	blockRE = regexp.MustCompile(`(?i)</?(p|br|li|ul|ol|h[1-6]|div|blockquote|pre)\b[^>]*>`)
	tagRE   = regexp.MustCompile(`<[^>]*>`)
	spaceRE = regexp.MustCompile(`\s+`)
)

// plainText turns (sanitized) HTML into one line of text of at most max
// runes, cut at a word, for meta descriptions and oEmbed.
func plainText(h string, max int) string {
	t := html.UnescapeString(tagRE.ReplaceAllString(blockRE.ReplaceAllString(h, " "), ""))
	t = strings.TrimSpace(spaceRE.ReplaceAllString(t, " "))
	r := []rune(t)
	if len(r) <= max {
		return t
	}
	cut := string(r[:max])
	if i := strings.LastIndexByte(cut, ' '); i > max/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.;:") + "…"
}
