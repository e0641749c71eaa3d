package api

import (
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/web/httpx"
)

// The API's response bodies: everything a client needs, with absolute URLs
// from urls.go, so it never has to build an address itself.

// ShowJSON is a show as the API answers it.
type ShowJSON struct {
	ID          string        `json:"id"`
	GUID        string        `json:"guid"`
	Slug        string        `json:"slug"`
	Title       string        `json:"title"`
	Description string        `json:"description"`
	Author      string        `json:"author"`
	OwnerName   string        `json:"owner_name"`
	OwnerEmail  string        `json:"owner_email"`
	Language    string        `json:"language"`
	Categories  []string      `json:"categories"`
	Explicit    bool          `json:"explicit"`
	Type        string        `json:"type"`
	Link        string        `json:"link"`
	Copyright   string        `json:"copyright"`
	Locked      bool          `json:"locked"`
	Block       bool          `json:"block"`
	Complete    bool          `json:"complete"`
	NewFeedURL  string        `json:"new_feed_url"`
	Funding     []FundingJSON `json:"funding"`
	Persons     []PersonJSON  `json:"persons"`
	networkJSON
	// ChapterTimestamps: chapter lines in the notes in feeds.
	ChapterTimestamps bool      `json:"chapter_timestamps"`
	ArtworkURL        string    `json:"artwork_url"`
	Feeds             FeedsJSON `json:"feeds"`
	PageURL           string    `json:"page_url"`
	PlayerURL         string    `json:"player_url"`
	Version           int64     `json:"version"`
	CreatedAt         time.Time `json:"created_at"`
	UpdatedAt         time.Time `json:"updated_at"`
	Warnings          []string  `json:"warnings,omitempty"`
}

// FeedsJSON are a show's feed URLs.
type FeedsJSON struct {
	RSS  string `json:"rss"`
	Atom string `json:"atom"`
	JSON string `json:"json"`
}

// EpisodeJSON is an episode as the API (and a finished tus upload) answers it.
type EpisodeJSON struct {
	ID                  string          `json:"id"`
	GUID                string          `json:"guid"`
	Show                string          `json:"show"`
	Title               string          `json:"title"`
	Description         string          `json:"description"`
	DescriptionMarkdown string          `json:"description_markdown,omitempty"` // the notes' Markdown, if written so
	PublishedAt         time.Time       `json:"published_at"`
	Status              string          `json:"status"`
	Visibility          string          `json:"visibility"`
	PublicAt            *time.Time      `json:"public_at"`
	Season              *int            `json:"season"`
	Number              *int            `json:"number"`
	Type                string          `json:"type"`
	Explicit            bool            `json:"explicit"`
	DurationMS          int64           `json:"duration_ms"`
	Duration            string          `json:"duration"`
	Audio               AudioJSON       `json:"audio"`
	ArtworkURL          string          `json:"artwork_url"`
	PageURL             string          `json:"page_url"`
	PlayerURL           string          `json:"player_url"`
	ChaptersURL         string          `json:"chapters_url,omitempty"`
	TranscriptURL       string          `json:"transcript_url,omitempty"`
	TranscriptType      string          `json:"transcript_type,omitempty"`
	RelatedArticles     []ArticleJSON   `json:"related_articles"`
	Chapters            []ChapterJSON   `json:"chapters"`
	Soundbites          []SoundbiteJSON `json:"soundbites"`
	// ChaptersEdited: the chapters are the publisher's, not the audio's.
	ChaptersEdited bool           `json:"chapters_edited"`
	Transcript     TranscriptJSON `json:"transcript"`
	CreatedAt      time.Time      `json:"created_at"`
	UpdatedAt      time.Time      `json:"updated_at"`
	Warnings       []string       `json:"warnings,omitempty"`
}

// AudioJSON is an episode's audio file as the API answers it.
type AudioJSON struct {
	URL        string `json:"url"`
	FileName   string `json:"file_name"`
	Size       int64  `json:"size"`
	MIME       string `json:"mime"`
	Container  string `json:"container"`
	Codec      string `json:"codec"`
	Bitrate    int    `json:"bitrate"`
	SampleRate int    `json:"sample_rate"`
	Channels   int    `json:"channels"`
	SHA256     string `json:"sha256"`
}

// ChapterJSON is one chapter of an episode.
type ChapterJSON struct {
	StartMS int64  `json:"start_ms"`
	EndMS   int64  `json:"end_ms,omitempty"`
	Title   string `json:"title"`
	URL     string `json:"url,omitempty"`
	Image   string `json:"image,omitempty"`
	// ArticleID links the chapter to a related article, whose URL, image
	// and title (ArticleTitle) it shows.
	ArticleID    string `json:"article_id,omitempty"`
	ArticleTitle string `json:"article_title,omitempty"`
}

// ArticleJSON is a news article as the API answers it.
type ArticleJSON struct {
	ID          string     `json:"id"`
	URL         string     `json:"url"`
	Title       string     `json:"title"`
	Summary     string     `json:"summary"`
	ImageURL    string     `json:"image_url"`
	PublishedAt *time.Time `json:"published_at"`
	PlayerURL   string     `json:"player_url"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
}

func (s *API) showView(sh *catalog.Show) ShowJSON {
	v := ShowJSON{
		ID: sh.ID, GUID: sh.GUID, Slug: sh.Slug, Title: sh.Title, Description: sh.Description,
		Author: sh.Author, OwnerName: sh.OwnerName, OwnerEmail: sh.OwnerEmail, Language: sh.Language,
		Categories: sh.Categories, Explicit: sh.Explicit, Type: sh.Type, Link: sh.Link,
		Copyright: sh.Copyright, Locked: sh.Locked, Block: sh.Block, Complete: sh.Complete, ChapterTimestamps: sh.ChapterTimestamps,
		NewFeedURL: sh.NewFeedURL, Funding: []FundingJSON{}, Persons: []PersonJSON{},
		ArtworkURL: s.MediaURL(sh.ArtworkKey),
		Feeds: FeedsJSON{
			RSS:  s.FeedURL(sh, "rss"),
			Atom: s.FeedURL(sh, "atom"),
			JSON: s.FeedURL(sh, "json"),
		},
		PageURL:   s.ShowURL(sh),
		PlayerURL: s.ShowPlayerURL(sh),
		Version:   sh.Version,
		CreatedAt: sh.CreatedAt.UTC(),
		UpdatedAt: sh.UpdatedAt.UTC(),
	}
	if v.Categories == nil {
		v.Categories = []string{}
	}
	for _, f := range sh.Funding {
		v.Funding = append(v.Funding, FundingJSON(f))
	}
	for _, p := range sh.Persons {
		v.Persons = append(v.Persons, PersonJSON(p))
	}
	v.networkJSON = s.networkView(sh)
	return v
}

func (s *API) episodeView(sh *catalog.Show, e *catalog.Episode) EpisodeJSON {
	v := EpisodeJSON{
		ID: e.ID, GUID: e.GUID, Show: sh.Slug, Title: e.Title,
		Description: e.Description, DescriptionMarkdown: e.DescriptionSource,
		PublishedAt: e.PublishedAt.UTC(), Status: e.Status, Type: e.Type, Explicit: e.Explicit,
		DurationMS: e.Audio.Duration.Milliseconds(),
		Duration:   httpx.FormatDuration(e.Audio.Duration),
		Audio: AudioJSON{
			URL: s.MediaURL(e.Audio.Key), FileName: e.Audio.FileName, Size: e.Audio.Size,
			MIME: e.Audio.MIME, Container: e.Audio.Container, Codec: e.Audio.Codec,
			Bitrate: e.Audio.Bitrate, SampleRate: e.Audio.SampleRate, Channels: e.Audio.Channels,
			SHA256: e.Audio.SHA256,
		},
		ArtworkURL:      s.MediaURL(e.ArtworkKey),
		PageURL:         s.EpisodeURL(sh, e),
		PlayerURL:       s.PlayerURL(e),
		TranscriptURL:   e.TranscriptURL,
		TranscriptType:  e.TranscriptType,
		RelatedArticles: []ArticleJSON{},
		Chapters:        []ChapterJSON{},
		CreatedAt:       e.CreatedAt.UTC(),
		UpdatedAt:       e.UpdatedAt.UTC(),
	}
	if v.ArtworkURL == "" {
		v.ArtworkURL = s.MediaURL(sh.ArtworkKey)
	}
	v.Visibility = e.Visibility
	if v.Visibility == "" {
		v.Visibility = catalog.VisibilityPublic
	}
	if !e.PublicAt.IsZero() {
		t := e.PublicAt.UTC()
		v.PublicAt = &t
	}
	if e.Season > 0 {
		v.Season = &e.Season
	}
	if e.Number > 0 {
		v.Number = &e.Number
	}
	if len(e.Chapters) > 0 {
		v.ChaptersURL = s.ChaptersURL(sh, e)
	}
	for _, ch := range e.ResolvedChapters() {
		v.Chapters = append(v.Chapters, ChapterJSON{
			StartMS: ch.Start.Milliseconds(), EndMS: ch.End.Milliseconds(),
			Title: ch.Title, URL: ch.URL, Image: ch.Image, ArticleID: ch.ArticleID, ArticleTitle: ch.ArticleTitle,
		})
	}
	v.ChaptersEdited = e.ChaptersEdited
	v.Transcript = s.transcriptView(sh, e)
	for i := range e.Articles {
		v.RelatedArticles = append(v.RelatedArticles, s.articleView(&e.Articles[i]))
	}
	v.Soundbites = soundbitesView(e)
	return v
}

func (s *API) articleView(a *catalog.Article) ArticleJSON {
	v := ArticleJSON{
		ID: a.ID, URL: a.URL, Title: a.Title, Summary: a.Summary, ImageURL: a.ImageURL,
		PlayerURL: s.ArticlePlayerURL(a.URL),
		CreatedAt: a.CreatedAt.UTC(), UpdatedAt: a.UpdatedAt.UTC(),
	}
	if !a.PublishedAt.IsZero() {
		t := a.PublishedAt.UTC()
		v.PublishedAt = &t
	}
	return v
}
