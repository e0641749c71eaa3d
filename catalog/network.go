package catalog

import (
	"net/mail"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
)

// The settings of a show that large feeds and networks of shows need:
// paging, ownership proofs for directories, measurement prefixes and the
// shows it recommends. They are fields of Show; this file holds their
// types and checks.

// TXT is one podcast:txt entry: a free-form value a directory asks the
// publisher to put in the feed to prove ownership, such as Apple's
// purpose="applepodcastsverify".
type TXT struct {
	Purpose string `json:"purpose,omitempty"`
	Value   string `json:"value"`
}

// PodrollItem is one show a show recommends (podcast:remoteItem in its
// podcast:podroll): another show on this server, named by its ID, or a
// feed elsewhere, named by its podcast:guid or its feed URL (or both).
type PodrollItem struct {
	ShowID   string `json:"show_id,omitempty"`
	FeedGUID string `json:"feed_guid,omitempty"`
	FeedURL  string `json:"feed_url,omitempty"`
	Title    string `json:"title,omitempty"`
}

// Soundbite is one podcast:soundbite: a part of an episode worth sharing.
type Soundbite struct {
	Start    time.Duration `json:"start"`
	Duration time.Duration `json:"duration"`
	Title    string        `json:"title,omitempty"`
}

// Media kinds podcast:medium allows, the list variants ("L") included.
var Mediums = []string{"podcast", "music", "video", "film", "audiobook", "newsletter", "blog",
	"publisher", "course", "mixed",
	"podcastL", "musicL", "videoL", "filmL", "audiobookL", "newsletterL", "blogL", "publisherL", "courseL"}

// Limits the Podcasting 2.0 namespace sets, and onair's own bounds.
const (
	maxTXTPurpose = 128
	maxTXTValue   = 4000
	maxTXT        = 20
	// MaxAnalyticsPrefixes bounds the chain of measurement prefixes: every
	// one is a redirect a listener's app waits for.
	MaxAnalyticsPrefixes = 5
	maxPodroll           = 100
	maxSoundbiteTitle    = 128
	maxSoundbites        = 50
	// OwnerEmailWindow is how long "show the owner's email" shows it in
	// a feed whose owner email is hidden: long enough for a directory to
	// read the feed and send its code.
	OwnerEmailWindow = 48 * time.Hour
)

// ShowsOwnerEmail reports whether the show's public feed carries the owner's
// email at now: always unless hidden, and while a verification window is open.
func (s *Show) ShowsOwnerEmail(now time.Time) bool {
	return !s.HideOwnerEmail || now.Before(s.OwnerEmailUntil)
}

// validateNetwork checks the paging, ownership, measurement and network
// settings of a show.
func validateNetwork(s *Show) error {
	if s.FeedLimit < 0 {
		return Invalidf("feed_limit must be 0 (no limit) or more")
	}
	if s.Medium != "" && !slices.Contains(Mediums, s.Medium) {
		return Invalidf("medium %q must be one of %s", s.Medium, strings.Join(Mediums, ", "))
	}
	if s.HideOwnerEmail && s.OwnerEmail == "" {
		return Invalidf("hide_owner_email needs an owner_email to hide")
	}
	if s.LockedOwner != "" {
		if err := checkEmail("locked_owner", s.LockedOwner); err != nil {
			return err
		}
	}
	if len(s.TXT) > maxTXT {
		return Invalidf("txt has %d entries; at most %d", len(s.TXT), maxTXT)
	}
	for _, t := range s.TXT {
		switch {
		case strings.TrimSpace(t.Value) == "":
			return Invalidf("every txt entry needs a value")
		case len(t.Value) > maxTXTValue:
			return Invalidf("a txt value is longer than %d characters", maxTXTValue)
		case len(t.Purpose) > maxTXTPurpose:
			return Invalidf("a txt purpose is longer than %d characters", maxTXTPurpose)
		}
		if err := checkText(t.Purpose, t.Value); err != nil {
			return err
		}
	}
	if err := ValidateAnalyticsPrefixes(s.AnalyticsPrefixes); err != nil {
		return err
	}
	if len(s.Podroll) > maxPodroll {
		return Invalidf("podroll has %d shows; at most %d", len(s.Podroll), maxPodroll)
	}
	for _, p := range s.Podroll {
		if err := validatePodrollItem(s, p); err != nil {
			return err
		}
	}
	return nil
}

func validatePodrollItem(s *Show, p PodrollItem) error {
	switch {
	case p.ShowID != "" && (p.FeedGUID != "" || p.FeedURL != ""):
		return Invalidf("a podroll entry names a show on this server or a remote feed, not both")
	case p.ShowID == "" && p.FeedGUID == "" && p.FeedURL == "":
		return Invalidf("a podroll entry needs a show, a feed_guid or a feed_url")
	case p.ShowID != "" && p.ShowID == s.ID:
		return Invalidf("a show cannot list itself in its podroll")
	case p.FeedURL != "" && !webURL(p.FeedURL):
		return Invalidf("podroll feed_url %q must be an absolute http(s) URL", p.FeedURL)
	case p.FeedGUID != "" && !uuidRe.MatchString(p.FeedGUID):
		return Invalidf("podroll feed_guid %q must be a podcast:guid (a UUID)", p.FeedGUID)
	}
	return checkText(p.Title)
}

// ValidateAnalyticsPrefixes checks a chain of measurement prefixes: each an
// absolute http(s) URL ending in "/" with no query or fragment (the media
// URL is appended to it), none twice.
func ValidateAnalyticsPrefixes(ps []string) error {
	if len(ps) > MaxAnalyticsPrefixes {
		return Invalidf("analytics_prefixes has %d prefixes; at most %d", len(ps), MaxAnalyticsPrefixes)
	}
	seen := map[string]bool{}
	for _, p := range ps {
		u, err := url.Parse(p)
		switch {
		case err != nil || !webURL(p):
			return Invalidf("analytics prefix %q must be an absolute http(s) URL such as https://op3.dev/e/", p)
		case u.RawQuery != "" || u.Fragment != "" || strings.ContainsAny(p, "?#"):
			return Invalidf("analytics prefix %q must not have a query or fragment: the media URL is appended to it", p)
		case !strings.HasSuffix(p, "/"):
			return Invalidf("analytics prefix %q must end with /", p)
		case seen[StripScheme(p)]:
			return Invalidf("analytics prefix %q is listed twice", p)
		}
		seen[StripScheme(p)] = true
	}
	return nil
}

// ValidateSoundbites checks an episode's soundbites against its duration
// (0 when unknown): each starts within the audio, lasts a positive time
// and ends within it.
func ValidateSoundbites(bs []Soundbite, audio time.Duration) error {
	if len(bs) > maxSoundbites {
		return Invalidf("an episode has at most %d soundbites", maxSoundbites)
	}
	for _, b := range bs {
		switch {
		case b.Start < 0:
			return Invalidf("a soundbite's start must not be negative")
		case b.Duration <= 0:
			return Invalidf("a soundbite's duration must be more than 0")
		case audio > 0 && b.Start+b.Duration > audio:
			return Invalidf("the soundbite at %s ends after the audio (%s)", b.Start, audio)
		case len(b.Title) > maxSoundbiteTitle:
			return Invalidf("a soundbite's title is longer than %d characters", maxSoundbiteTitle)
		}
		if err := checkText(b.Title); err != nil {
			return err
		}
	}
	return nil
}

// StripScheme is u without "https://" or "http://".
func StripScheme(u string) string {
	if r, ok := strings.CutPrefix(u, "https://"); ok {
		return r
	}
	if r, ok := strings.CutPrefix(u, "http://"); ok {
		return r
	}
	return u
}

var uuidRe = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

func checkEmail(field, s string) error {
	if a, err := mail.ParseAddress(s); err != nil || a.Address != s {
		return Invalidf("%s %q is not an e-mail address", field, s)
	}
	return nil
}
