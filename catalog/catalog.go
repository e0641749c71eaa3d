// Package catalog is onair's domain: shows, episodes, the news articles they
// relate to, and the Store that keeps them. It imports nothing of ours; the
// SQL lives in the sibling packages catalog/sqlite and catalog/postgres.
package catalog

import (
	"time"
)

// Show is one podcast: the unit a listener subscribes to.
type Show struct {
	ID          string // random, never changes; the slug may.
	Slug        string // unique, URL-safe; the show's address.
	Title       string
	Description string
	Author      string
	OwnerName   string
	OwnerEmail  string
	Language    string   // BCP 47, e.g. "en" or "en-us".
	Categories  []string // Apple's list: "News" or "Society & Culture/Documentary".
	Explicit    bool
	Type        string // ShowEpisodic or ShowSerial.
	Link        string
	Copyright   string
	Locked      bool
	Block       bool
	Complete    bool
	NewFeedURL  string // set when the show has moved elsewhere.
	Funding     []Funding
	Persons     []Person
	// ChapterTimestamps adds the chapters to the notes in feeds as
	// "00:00 Title" lines, which Spotify and others read.
	ChapterTimestamps bool
	// FeedLimit caps the items of the main feed; older ones are in its
	// paged archives (RFC 5005). 0 is no limit.
	FeedLimit int
	// TXT are the podcast:txt entries (ownership proofs).
	TXT []TXT
	// HideOwnerEmail keeps OwnerEmail out of the public feeds except
	// until OwnerEmailUntil (a directory's verification window).
	HideOwnerEmail  bool
	OwnerEmailUntil time.Time
	// LockedOwner is podcast:locked's owner email; "" uses OwnerEmail.
	LockedOwner string
	// AnalyticsPrefixes are measurement redirects put, in order, in front
	// of enclosure URLs in the public feeds.
	AnalyticsPrefixes []string
	// Podroll are the shows this one recommends.
	Podroll []PodrollItem
	// Medium is podcast:medium; "" says nothing (apps assume podcast).
	Medium string
	// GUID is the podcast:guid, fixed at creation (UUIDv5 of the feed URL).
	GUID string
	// Version grows by one with every change to what the show's feeds and
	// pages show: the show, its episodes, the articles linked to them. Caches
	// on any node compare it to know they are stale.
	Version int64
	// MembersVersion grows by one with every change to the show's
	// subscribers, so caches of private feeds on any node know to read
	// them again without the public feeds' caches being disturbed.
	MembersVersion int64
	// ArtworkKey is the blob key of the show's cover, "" when it has none.
	ArtworkKey  string
	ArtworkMIME string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// OldSlug is a slug a show had before a rename. The show keeps it while it
// exists: every public URL under it redirects to the same URL under the
// current slug, so no other show may take it (the show itself may, by
// renaming back).
type OldSlug struct {
	Slug      string
	RetiredAt time.Time // when the show left it.
}

// Show types, as itunes:type spells them.
const (
	ShowEpisodic = "episodic"
	ShowSerial   = "serial"
)

// Funding is one podcast:funding link.
type Funding struct {
	URL   string `json:"url"`
	Title string `json:"title"`
}

// Person is one podcast:person credit.
type Person struct {
	Name  string `json:"name"`
	Role  string `json:"role,omitempty"`
	Group string `json:"group,omitempty"`
	Href  string `json:"href,omitempty"`
	Img   string `json:"img,omitempty"`
}

// Episode is one audio file published in a show.
type Episode struct {
	// ID is short, random and URL-safe; GUID goes into feeds. Neither ever
	// changes once created, whatever else does.
	ID          string
	GUID        string
	ShowID      string
	Title       string
	Description string // sanitized HTML show notes.
	// DescriptionSource is what the publisher typed in the dashboard's
	// editor (Markdown or HTML) that Description was rendered from, so the
	// editor shows it again. "" when the notes came as HTML (the API, the
	// file's tags): Description is then its own source. Whoever sets
	// Description sets this too.
	DescriptionSource string
	PublishedAt       time.Time
	Status            string // StatusPublished or StatusDraft.
	// Visibility is VisibilityPublic (the default) or VisibilityMembers:
	// members get the episode at PublishedAt, everyone else at PublicAt
	// (never, when it is zero).
	Visibility  string
	PublicAt    time.Time
	Season      int    // 0 = none.
	Number      int    // 0 = none.
	Type        string // EpisodeFull, EpisodeTrailer or EpisodeBonus.
	Explicit    bool
	Audio       Audio
	ArtworkKey  string
	ArtworkMIME string
	Chapters    []Chapter
	// ChaptersEdited is set once a publisher edits the chapters: new audio
	// then keeps them instead of bringing its own.
	ChaptersEdited bool
	// Transcript is the state of the episode's transcript (see
	// TranscriptStore), filled by GetEpisode and ListEpisodes.
	Transcript TranscriptInfo
	// TranscriptURL and TranscriptType describe a podcast:transcript, if any.
	TranscriptURL  string
	TranscriptType string
	// Soundbites are the podcast:soundbite entries, in the publisher's order.
	Soundbites []Soundbite
	// Articles are the related news articles, in the publisher's order.
	// Filled by GetEpisode and ListEpisodes; set with SetEpisodeArticles.
	Articles  []Article
	CreatedAt time.Time
	UpdatedAt time.Time
	// Warnings are what reading newly given audio found that the publisher
	// should know (a truncated file, tag text that was cleaned), for the
	// answer to that request. They are not stored.
	Warnings []string
}

// Episode statuses.
const (
	StatusPublished = "published"
	StatusDraft     = "draft"
)

// Episode types, as itunes:episodeType spells them.
const (
	EpisodeFull    = "full"
	EpisodeTrailer = "trailer"
	EpisodeBonus   = "bonus"
)

// IsLive reports whether the episode belongs in public feeds, pages, embeds
// and media at now: published, its time has come, and it is public or a
// members episode whose PublicAt has come. It is the one definition of
// "public" (EpisodeFilter.LiveAt is the same in SQL).
func (e *Episode) IsLive(now time.Time) bool {
	return e.IsLiveForMembers(now) && (e.Visibility != VisibilityMembers || (!e.PublicAt.IsZero() && !e.PublicAt.After(now)))
}

// IsLiveForMembers reports whether the episode belongs in subscribers'
// private feeds at now: published, and its time has come.
func (e *Episode) IsLiveForMembers(now time.Time) bool {
	return e.Status == StatusPublished && !e.PublishedAt.After(now)
}

// PublicDate is when the episode went (or goes) out to everyone: PublicAt
// for a members episode that opens later, else PublishedAt. Public feeds
// and pages date it so.
func (e *Episode) PublicDate() time.Time {
	if e.Visibility == VisibilityMembers && e.PublicAt.After(e.PublishedAt) {
		return e.PublicAt
	}
	return e.PublishedAt
}

// Audio is what onair knows about an episode's audio file. The blob under Key
// never changes: replacing the audio writes a new key.
type Audio struct {
	Key        string // blob key in media storage.
	FileName   string // the name it was uploaded with, for downloads.
	Size       int64
	SHA256     string // hex
	MIME       string
	Container  string
	Codec      string
	Bitrate    int // bits per second, average.
	SampleRate int
	Channels   int
	Duration   time.Duration
	// HeaderBytes is where the audio frames start (after ID3 and the like),
	// so download counting can tell a header fetch from listening.
	HeaderBytes int64
}

// Chapter is one chapter mark. End is zero when the format does not say.
type Chapter struct {
	Start time.Duration `json:"start"`
	End   time.Duration `json:"end,omitempty"`
	Title string        `json:"title"`
	URL   string        `json:"url,omitempty"`
	Image string        `json:"image,omitempty"`
	// ArticleID links the chapter to one of the episode's related
	// articles: its URL, title and image then come from the article.
	ArticleID string `json:"article_id,omitempty"`
	// ArticleTitle is the linked article's title, filled by
	// ResolvedChapters for pages and players; never stored.
	ArticleTitle string `json:"-"`
}

// Article is a news article that episodes relate to, found by its URL.
type Article struct {
	ID          string
	URL         string // unique
	Title       string
	Summary     string
	ImageURL    string
	PublishedAt time.Time // zero when unknown.
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Token is a publisher API token. Only a hash of its secret is kept.
type Token struct {
	ID         string
	Name       string
	Hash       []byte // SHA-256 of the secret.
	CreatedAt  time.Time
	LastUsedAt time.Time // zero if never used.
}
