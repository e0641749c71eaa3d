package catalog

import (
	"net/mail"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// The checks every writer of the catalog (API, dashboard, import) applies
// before storing, so a bad value is refused with a message the publisher can
// act on instead of surfacing later as a broken feed.

var (
	slugRe     = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$`)
	languageRe = regexp.MustCompile(`^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$`)
	// titleBreakRe is a line break or tab with the spaces around it.
	titleBreakRe = regexp.MustCompile(`[ ]*[\r\n\t][ \t\r\n]*`)
)

// FoldTitle turns line breaks and tabs in a title (a pasted title often
// has them) into single spaces: a title is one line in every feed, app
// and page.
func FoldTitle(s string) string {
	if !strings.ContainsAny(s, "\r\n\t") {
		return s
	}
	return strings.TrimSpace(titleBreakRe.ReplaceAllString(s, " "))
}

// Limits on text fields, in bytes. Apple truncates descriptions at 4000;
// onair stores more but warns (see DescriptionLimit).
const (
	maxTitle = 1000
	maxText  = 256 << 10
	// DescriptionLimit is the longest description Apple Podcasts shows.
	DescriptionLimit = 4000
)

// ReservedSlugs are the slugs no show may take: the static path segments
// that routes put where a show's slug goes (/admin/shows/new), which would
// hide that show's page behind them.
var ReservedSlugs = []string{"new"}

// CheckNewSlug refuses a reserved slug for a show that is created or
// renamed. A show that has one already keeps it (it is refused only when
// taken anew), so it still works through the API until it is renamed.
func CheckNewSlug(slug string) error {
	if slices.Contains(ReservedSlugs, slug) {
		return Invalidf("slug %q is reserved: onair's own addresses use it (such as /admin/shows/%s); choose another", slug, slug)
	}
	return nil
}

// ValidateShow checks a show before it is stored, folding line breaks in
// its title to spaces (FoldTitle).
func ValidateShow(s *Show) error {
	s.Title = FoldTitle(s.Title)
	switch {
	case !slugRe.MatchString(s.Slug):
		return Invalidf("slug %q must be 1-64 lowercase letters, digits and inner hyphens", s.Slug)
	case strings.TrimSpace(s.Title) == "":
		return Invalidf("title is required")
	case len(s.Title) > maxTitle:
		return Invalidf("title is longer than %d bytes", maxTitle)
	case len(s.Description) > maxText:
		return Invalidf("description is longer than %d bytes", maxText)
	case !languageRe.MatchString(s.Language):
		return Invalidf("language %q must be a language code such as en or en-US", s.Language)
	case s.Type != ShowEpisodic && s.Type != ShowSerial:
		return Invalidf("type %q must be %q or %q", s.Type, ShowEpisodic, ShowSerial)
	}
	if s.OwnerEmail != "" {
		if a, err := mail.ParseAddress(s.OwnerEmail); err != nil || a.Address != s.OwnerEmail {
			return Invalidf("owner_email %q is not an e-mail address", s.OwnerEmail)
		}
	}
	seen := map[string]bool{}
	for _, c := range s.Categories {
		if !ValidCategory(c) {
			return Invalidf("category %q is not on Apple's list (write e.g. \"News\" or \"Society & Culture/Documentary\")", c)
		}
		if seen[c] {
			return Invalidf("category %q is listed twice", c)
		}
		seen[c] = true
	}
	for name, u := range map[string]string{"link": s.Link, "new_feed_url": s.NewFeedURL} {
		if u != "" && !webURL(u) {
			return Invalidf("%s %q must be an absolute http(s) URL", name, u)
		}
	}
	for _, f := range s.Funding {
		if !webURL(f.URL) {
			return Invalidf("funding url %q must be an absolute http(s) URL", f.URL)
		}
	}
	for _, p := range s.Persons {
		if strings.TrimSpace(p.Name) == "" {
			return Invalidf("every person needs a name")
		}
	}
	if err := validateNetwork(s); err != nil {
		return err
	}
	return checkText(s.Title, s.Description, s.Author, s.OwnerName, s.Copyright)
}

// ValidateEpisode checks an episode's metadata before it is stored,
// folding line breaks in its title to spaces (FoldTitle).
func ValidateEpisode(e *Episode) error {
	e.Title = FoldTitle(e.Title)
	switch {
	case strings.TrimSpace(e.Title) == "":
		return Invalidf("title is required")
	case len(e.Title) > maxTitle:
		return Invalidf("title is longer than %d bytes", maxTitle)
	case len(e.Description) > maxText:
		return Invalidf("description is longer than %d bytes", maxText)
	case len(e.DescriptionSource) > maxText:
		return Invalidf("show notes are longer than %d bytes", maxText)
	case e.Status != StatusPublished && e.Status != StatusDraft:
		return Invalidf("status %q must be %q or %q", e.Status, StatusPublished, StatusDraft)
	case e.Type != EpisodeFull && e.Type != EpisodeTrailer && e.Type != EpisodeBonus:
		return Invalidf("type %q must be %q, %q or %q", e.Type, EpisodeFull, EpisodeTrailer, EpisodeBonus)
	case e.Season < 0 || e.Number < 0:
		return Invalidf("season and number must not be negative")
	case e.PublishedAt.IsZero():
		return Invalidf("published_at is required")
	case e.TranscriptURL != "" && !webURL(e.TranscriptURL):
		return Invalidf("transcript_url %q must be an absolute http(s) URL", e.TranscriptURL)
	}
	if err := validateVisibility(e); err != nil {
		return err
	}
	if err := ValidateSoundbites(e.Soundbites, e.Audio.Duration); err != nil {
		return err
	}
	return checkText(e.Title, e.Description, e.DescriptionSource)
}

// ValidateArticle checks an article before it is stored, folding line
// breaks in its title to spaces (FoldTitle).
func ValidateArticle(a *Article) error {
	a.Title = FoldTitle(a.Title)
	switch {
	case !webURL(a.URL):
		return Invalidf("url %q must be an absolute http(s) URL", a.URL)
	case len(a.URL) > 2048:
		return Invalidf("url is longer than 2048 bytes")
	case strings.TrimSpace(a.Title) == "":
		return Invalidf("title is required")
	case len(a.Title) > maxTitle:
		return Invalidf("title is longer than %d bytes", maxTitle)
	case len(a.Summary) > maxText:
		return Invalidf("summary is longer than %d bytes", maxText)
	case a.ImageURL != "" && !webURL(a.ImageURL):
		return Invalidf("image_url %q must be an absolute http(s) URL", a.ImageURL)
	}
	return checkText(a.Title, a.Summary)
}

func webURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// checkText refuses text no feed can carry: invalid UTF-8 and control
// characters that XML 1.0 forbids.
func checkText(fields ...string) error {
	for _, f := range fields {
		if !utf8.ValidString(f) {
			return Invalidf("text must be valid UTF-8")
		}
		for _, r := range f {
			if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF {
				return Invalidf("text contains the control character %U, which feeds cannot carry", r)
			}
		}
	}
	return nil
}

// ValidSlug reports whether s has the shape of a show's slug.
func ValidSlug(s string) bool { return slugRe.MatchString(s) }

// validateVisibility checks an episode's visibility and public_at: a
// public episode has no public_at (it is public at published_at), and a
// members episode's public_at, when set, comes after its published_at
// (early access: members first, everyone later).
func validateVisibility(e *Episode) error {
	if e.Visibility == "" {
		e.Visibility = VisibilityPublic
	}
	switch {
	case e.Visibility != VisibilityPublic && e.Visibility != VisibilityMembers:
		return Invalidf("visibility %q must be %q or %q", e.Visibility, VisibilityPublic, VisibilityMembers)
	case e.Visibility == VisibilityPublic && !e.PublicAt.IsZero():
		return Invalidf("public_at is only for members episodes (visibility %q): a public episode is public at its published_at", VisibilityMembers)
	case !e.PublicAt.IsZero() && e.PublicAt.Before(e.PublishedAt):
		return Invalidf("public_at %s must not be before published_at %s: members get the episode first",
			e.PublicAt.UTC().Format("2006-01-02T15:04:05Z"), e.PublishedAt.UTC().Format("2006-01-02T15:04:05Z"))
	}
	return nil
}
