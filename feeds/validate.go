package feeds

import (
	"bytes"
	"fmt"
	"image"
	_ "image/jpeg" // DecodeConfig reads JPEG artwork
	_ "image/png"  // and PNG
	"io"
	"strings"
	"time"
)

// Finding is one thing Apple Podcasts or the Podcasting 2.0 spec would
// object to, with what to do about it in plain words.
type Finding struct {
	// Severity is SeverityError when a directory would refuse the feed or
	// the episode, SeverityWarning when it would accept it but show it
	// worse or ignore a part of it.
	Severity string `json:"severity"`
	Code     string `json:"code"`
	// Episode and EpisodeTitle name the episode (its GUID and title); both
	// are "" for a finding about the show.
	Episode      string `json:"episode,omitempty"`
	EpisodeTitle string `json:"episode_title,omitempty"`
	Message      string `json:"message"`
	Fix          string `json:"fix"`
}

// Severities of findings.
const (
	SeverityError   = "error"
	SeverityWarning = "warning"
)

// Image is what Validate needs to know of an artwork file.
type Image struct {
	Width, Height int
	Format        string // "jpeg", "png", "gif", "webp"...
}

// MeasureImage reads just enough of an image to know its size and format.
func MeasureImage(r io.Reader) (*Image, error) {
	head, err := io.ReadAll(io.LimitReader(r, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("feeds: read artwork: %w", err)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(head))
	if err != nil {
		return &Image{Format: sniffImage(head)}, nil
	}
	return &Image{Width: cfg.Width, Height: cfg.Height, Format: format}, nil
}

// sniffImage names formats the standard library cannot decode, so the
// finding can say what the file is.
func sniffImage(b []byte) string {
	switch {
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return "webp"
	case len(b) >= 6 && (string(b[:6]) == "GIF87a" || string(b[:6]) == "GIF89a"):
		return "gif"
	case len(b) >= 12 && string(b[4:12]) == "ftypavif":
		return "avif"
	}
	return "unknown"
}

// Check is what Validate looks at, read from a feed (ParseRSS) or built
// from the catalog (CheckOf).
type Check struct {
	Title, Description, Language string
	OwnerEmail                   string
	Categories                   []string // "News", "Society & Culture/Documentary"
	Explicit                     string   // as written: "true", "false", "" when missing
	PodcastGUID                  string
	ArtworkURL                   string
	Artwork                      *Image // nil when not measured
	Items                        []CheckItem
	Network                      NetworkCheck
}

// CheckItem is one episode as Validate sees it.
type CheckItem struct {
	Title, GUID     string
	EnclosureURL    string
	EnclosureType   string
	EnclosureLength int64
	// EnclosureCodec is what the audio really is ("mp3", "mp2", "aac", ...,
	// as media probing names it); "" when unknown. The type alone does not
	// tell MP3 from the older MPEG layers, all served as audio/mpeg.
	EnclosureCodec string
	Duration       time.Duration // 0 when missing
	Artwork        *Image        // the episode's own artwork; nil when none or not measured
	Soundbites     []SoundbiteCheck
}

// CheckOf describes a show's feed for Validate: the show with the given
// episodes (live ones for the feed, or just one for an episode's warnings),
// and the artwork's measurements when known.
func CheckOf(in Input, artwork *Image) *Check {
	sh := in.Show
	c := &Check{
		Title: clean(sh.Title), Description: clean(sh.Description), Language: clean(sh.Language),
		OwnerEmail: clean(sh.OwnerEmail), Categories: sh.Categories, Explicit: "false",
		PodcastGUID: sh.GUID, ArtworkURL: in.showArtwork(), Artwork: artwork,
	}
	if sh.Explicit {
		c.Explicit = "true"
	}
	c.Network = NetworkCheck{TXT: sh.TXT, LockedOwner: in.lockedOwner(), Medium: clean(sh.Medium)}
	for _, r := range in.Podroll {
		c.Network.RemoteItems = append(c.Network.RemoteItems, clean(r.FeedGUID))
	}
	for _, e := range in.Episodes {
		it := CheckItem{Title: clean(e.Title), GUID: clean(e.GUID), EnclosureType: e.Audio.MIME,
			EnclosureLength: e.Audio.Size, EnclosureCodec: e.Audio.Codec, Duration: e.Audio.Duration}
		for _, b := range soundbites(e) {
			it.Soundbites = append(it.Soundbites, SoundbiteCheck(b))
		}
		if e.Audio.Key != "" {
			it.EnclosureURL = in.Links.media(e.Audio.Key)
			if it.EnclosureURL == "" {
				it.EnclosureURL = e.Audio.Key
			}
		}
		c.Items = append(c.Items, it)
	}
	return c
}

// AppleMaxDescription is the longest show or episode description Apple
// Podcasts accepts, in bytes.
const AppleMaxDescription = 4000

// appleEnclosureTypes are the MIME types Apple Podcasts plays.
var appleEnclosureTypes = map[string]bool{
	"audio/mpeg": true, "audio/x-m4a": true, "audio/mp4": true,
	"video/mp4": true, "video/quicktime": true, "video/x-m4v": true, "application/pdf": true,
}

// Validate lists what Apple Podcasts and the Podcasting 2.0 spec would
// object to in c: show-level findings first, then each episode's in order.
func Validate(c *Check) []Finding {
	var out []Finding
	add := func(sev, code, msg, fix string) {
		out = append(out, Finding{Severity: sev, Code: code, Message: msg, Fix: fix})
	}
	if strings.TrimSpace(c.Title) == "" {
		add(SeverityError, "no_title", "The show has no title.", "Give the show a title.")
	}
	switch n := len(c.Description); {
	case strings.TrimSpace(c.Description) == "":
		add(SeverityError, "no_description", "The show has no description.",
			"Write a few sentences about the show; Apple Podcasts shows them on the show's page.")
	case n > AppleMaxDescription:
		add(SeverityError, "description_too_long",
			fmt.Sprintf("The show's description is %d bytes; Apple Podcasts accepts at most %d.", n, AppleMaxDescription),
			fmt.Sprintf("Shorten the description by at least %d bytes (accented letters and emoji count as several).", n-AppleMaxDescription))
	}
	out = append(out, validateArtwork(c)...)
	out = append(out, validateCategories(c.Categories)...)
	if strings.TrimSpace(c.OwnerEmail) == "" {
		add(SeverityError, "no_owner_email", "The feed has no owner email (itunes:owner).",
			"Set the owner email: Apple Podcasts Connect sends the ownership check there.")
	}
	if c.Explicit != "true" && c.Explicit != "false" {
		add(SeverityError, "explicit_missing", fmt.Sprintf("itunes:explicit is %q; Apple wants true or false.", c.Explicit),
			"Say whether the show is explicit.")
	}
	if c.Language == "" {
		add(SeverityWarning, "no_language", "The show has no language.",
			`Set the language (e.g. "en" or "fr-ca") so directories list the show for the right listeners.`)
	}
	if c.PodcastGUID == "" {
		add(SeverityWarning, "no_podcast_guid", "The feed has no podcast:guid.",
			"Add a podcast:guid so apps keep following the show when its feed moves.")
	} else if !isUUID(c.PodcastGUID) {
		add(SeverityWarning, "bad_podcast_guid", fmt.Sprintf("podcast:guid %q is not a UUID.", c.PodcastGUID),
			"Use the UUIDv5 of the feed URL, as the Podcasting 2.0 spec says.")
	}
	if len(c.Items) == 0 {
		add(SeverityWarning, "no_episodes", "The feed has no published episodes.",
			"Publish at least one episode; Apple Podcasts does not accept an empty show.")
	}
	out = append(out, validateNetworkTags(c)...)
	return append(out, validateItems(c.Items)...)
}
