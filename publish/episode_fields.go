package publish

import (
	"html"
	"path"
	"strings"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/media"
)

// EpisodePatch is what a publisher sends about an episode: a nil field is
// not sent, and keeps the episode's value (or a new episode's default, or
// what its file's tags say). Text is trimmed.
type EpisodePatch struct {
	Title *string
	// Description is the show notes as HTML, sanitized when applied.
	Description *string
	// DescriptionMarkdown is the show notes as Markdown, instead of
	// Description: stored with the HTML it renders to (MarkdownNotes).
	DescriptionMarkdown *string
	// PublishedAt is an RFC 3339 time, as the API sends it.
	PublishedAt    *string
	Status         *string
	Season         *int
	Number         *int
	Type           *string
	Explicit       *bool
	TranscriptURL  *string
	TranscriptType *string
	// Visibility is "public" or "members".
	Visibility *string
	// PublicAt is an RFC 3339 time when a members episode opens to
	// everyone; "" clears it (members only, for good).
	PublicAt *string
	// Release, when set, is the dashboard's choice of when the episode
	// goes out; it sets Status and PublishedAt.
	Release *Release
}

// Release is when the dashboard's editor puts an episode out.
type Release struct {
	// Draft keeps the episode out of the feeds.
	Draft bool
	// At schedules it. When nil and not Draft, it goes out now, or keeps
	// its date if it is out already: publishing an episode live since last
	// week again must not move it to the top of the feed.
	At *time.Time
}

// apply copies the fields that were sent into e; now is "now" for Release.
func (r *EpisodePatch) apply(e *catalog.Episode, now time.Time) error {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = strings.TrimSpace(*src)
		}
	}
	set(&e.Title, r.Title)
	switch {
	case r.Description != nil && r.DescriptionMarkdown != nil:
		return catalog.Invalidf("send the show notes as description (HTML) or as description_markdown (Markdown), not both")
	case r.Description != nil:
		// HTML sent through the API is its own source: the editor shows it.
		e.Description, e.DescriptionSource = catalog.SanitizeNotes(*r.Description), ""
	case r.DescriptionMarkdown != nil:
		notes, src, err := MarkdownNotes(*r.DescriptionMarkdown)
		if err != nil {
			return err
		}
		e.Description, e.DescriptionSource = notes, src
	}
	if r.PublishedAt != nil {
		t, err := time.Parse(time.RFC3339, strings.TrimSpace(*r.PublishedAt))
		if err != nil {
			return catalog.Invalidf("published_at %q must be an RFC 3339 time such as 2026-01-02T15:04:05Z", *r.PublishedAt)
		}
		e.PublishedAt = t.UTC()
	}
	set(&e.Status, r.Status)
	set(&e.Visibility, r.Visibility)
	if r.PublicAt != nil {
		v := strings.TrimSpace(*r.PublicAt)
		if v == "" {
			e.PublicAt = time.Time{}
		} else {
			t, err := time.Parse(time.RFC3339, v)
			if err != nil {
				return catalog.Invalidf("public_at %q must be an RFC 3339 time such as 2026-01-02T15:04:05Z, or empty", *r.PublicAt)
			}
			e.PublicAt = t.UTC()
		}
	}
	if r.Visibility != nil && e.Visibility == catalog.VisibilityPublic && r.PublicAt == nil {
		// Making an episode public drops the time it would have become so.
		e.PublicAt = time.Time{}
	}
	set(&e.Type, r.Type)
	set(&e.TranscriptURL, r.TranscriptURL)
	set(&e.TranscriptType, r.TranscriptType)
	if r.Season != nil {
		e.Season = *r.Season
	}
	if r.Number != nil {
		e.Number = *r.Number
	}
	if r.Explicit != nil {
		e.Explicit = *r.Explicit
	}
	if rel := r.Release; rel != nil {
		switch {
		case rel.Draft:
			e.Status = catalog.StatusDraft
		case rel.At != nil:
			e.Status, e.PublishedAt = catalog.StatusPublished, *rel.At
		default:
			if e.Status != catalog.StatusPublished || e.PublishedAt.After(now) {
				e.PublishedAt = now
			}
			e.Status = catalog.StatusPublished
		}
	}
	return nil
}

// fillFromTags gives e what the file says about itself; fields the
// publisher sends override these afterwards.
func fillFromTags(e *catalog.Episode, t media.Tags, fileName string) {
	e.Title = strings.TrimSpace(t.Title)
	if e.Title == "" {
		e.Title = strings.TrimSpace(strings.TrimSuffix(fileName, path.Ext(fileName)))
	}
	if c := strings.TrimSpace(t.Comment); c != "" {
		e.Description = catalog.SanitizeNotes("<p>" + strings.ReplaceAll(html.EscapeString(c), "\n", "<br>") + "</p>")
		e.DescriptionSource = ""
	}
	if t.Track > 0 {
		e.Number = t.Track
	}
}
