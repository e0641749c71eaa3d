package catalog

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestValidateShow(t *testing.T) {
	ok := func() *Show {
		return &Show{Slug: "daily-news", Title: "Daily", Language: "en-US", Type: ShowEpisodic,
			Categories: []string{"News", "News/Daily News"}, OwnerEmail: "desk@example.com",
			Link: "https://example.com", Funding: []Funding{{URL: "https://example.com/give"}}}
	}
	tests := []struct {
		name   string
		change func(*Show)
		want   string // "" = valid; else a word the message must contain
	}{
		{"valid", func(*Show) {}, ""},
		{"one-letter slug", func(s *Show) { s.Slug = "a" }, ""},
		{"slug with capitals", func(s *Show) { s.Slug = "Daily" }, "slug"},
		{"slug ending in a hyphen", func(s *Show) { s.Slug = "daily-" }, "slug"},
		{"slug too long", func(s *Show) { s.Slug = strings.Repeat("a", 65) }, "slug"},
		{"no title", func(s *Show) { s.Title = " " }, "title"},
		{"bad language", func(s *Show) { s.Language = "english" }, "language"},
		{"bad type", func(s *Show) { s.Type = "weekly" }, "type"},
		{"bad category", func(s *Show) { s.Categories = []string{"Politics"} }, "Apple"},
		{"category twice", func(s *Show) { s.Categories = []string{"News", "News"} }, "twice"},
		{"bad email", func(s *Show) { s.OwnerEmail = "Desk <desk@example.com>" }, "owner_email"},
		{"ftp link", func(s *Show) { s.Link = "ftp://example.com" }, "link"},
		{"relative funding", func(s *Show) { s.Funding[0].URL = "/give" }, "funding"},
		{"nameless person", func(s *Show) { s.Persons = []Person{{Role: "host"}} }, "name"},
		{"control character", func(s *Show) { s.Title = "a\x00b" }, "control"},
		{"bad UTF-8", func(s *Show) { s.Author = "\xff" }, "UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := ok()
			tt.change(s)
			checkValid(t, ValidateShow(s), tt.want)
		})
	}
}

func TestValidateEpisodeAndArticle(t *testing.T) {
	ep := func(change func(*Episode)) error {
		e := &Episode{Title: "One", Status: StatusPublished, Type: EpisodeFull, PublishedAt: time.Now()}
		change(e)
		return ValidateEpisode(e)
	}
	checkValid(t, ep(func(*Episode) {}), "")
	checkValid(t, ep(func(e *Episode) { e.Status = StatusDraft; e.Type = EpisodeBonus; e.Season = 2 }), "")
	checkValid(t, ep(func(e *Episode) { e.Title = "" }), "title")
	checkValid(t, ep(func(e *Episode) { e.Status = "live" }), "status")
	checkValid(t, ep(func(e *Episode) { e.Type = "clip" }), "type")
	checkValid(t, ep(func(e *Episode) { e.Number = -1 }), "negative")
	checkValid(t, ep(func(e *Episode) { e.PublishedAt = time.Time{} }), "published_at")
	checkValid(t, ep(func(e *Episode) { e.TranscriptURL = "javascript:x" }), "transcript_url")

	ar := func(change func(*Article)) error {
		a := &Article{URL: "https://news.example.com/a", Title: "A"}
		change(a)
		return ValidateArticle(a)
	}
	checkValid(t, ar(func(*Article) {}), "")
	checkValid(t, ar(func(a *Article) { a.URL = "news.example.com/a" }), "url")
	checkValid(t, ar(func(a *Article) { a.Title = "" }), "title")
	checkValid(t, ar(func(a *Article) { a.ImageURL = "data:image/png;base64,x" }), "image_url")
}

// TestTitlesFoldLineBreaks: CR, LF and tab in a show, episode or article
// title become one space (a title is one line everywhere); other control
// characters are still refused.
func TestTitlesFoldLineBreaks(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a\r\nb", "a b"},
		{"a\nb", "a b"},
		{"a\tb", "a b"},
		{"a \r\n\t b", "a b"},
		{"a\n\n\nb\rc", "a b c"},
		{"\r\ntitle\n", "title"},
		{"two  spaces stay", "two  spaces stay"},
		{"plain", "plain"},
	}
	for _, tt := range tests {
		sh := &Show{Slug: "s", Title: tt.in, Language: "en", Type: ShowEpisodic}
		e := &Episode{Title: tt.in, Status: StatusPublished, Type: EpisodeFull, PublishedAt: time.Now()}
		a := &Article{URL: "https://news.example.com/a", Title: tt.in}
		for kind, err := range map[string]error{"show": ValidateShow(sh), "episode": ValidateEpisode(e), "article": ValidateArticle(a)} {
			if err != nil {
				t.Errorf("%s title %q refused: %v", kind, tt.in, err)
			}
		}
		for kind, got := range map[string]string{"show": sh.Title, "episode": e.Title, "article": a.Title} {
			if got != tt.want {
				t.Errorf("%s title %q stored as %q, want %q", kind, tt.in, got, tt.want)
			}
		}
	}
	for _, blank := range []string{"\r\n", "\t \n"} {
		checkValid(t, ValidateEpisode(&Episode{Title: blank, Status: StatusPublished, Type: EpisodeFull, PublishedAt: time.Now()}), "title")
	}
	checkValid(t, ValidateArticle(&Article{URL: "https://news.example.com/a", Title: "a\x07b"}), "control")
}

func checkValid(t *testing.T, err error, want string) {
	t.Helper()
	switch {
	case want == "" && err != nil:
		t.Errorf("refused: %v", err)
	case want != "" && err == nil:
		t.Errorf("accepted, want an error about %s", want)
	case want != "" && (!strings.Contains(err.Error(), want) || !errors.Is(err, ErrInvalid)):
		t.Errorf("error %q, want ErrInvalid mentioning %q", err, want)
	}
}
