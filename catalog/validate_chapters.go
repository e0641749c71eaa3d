package catalog

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// MaxChapters is the most chapters an episode may have.
const MaxChapters = 500

// ValidateChapters checks chapters against their episode: titles (or an
// article to take one from), starts that increase and fall within the
// audio, http(s) links, and articles the episode relates to.
func ValidateChapters(e *Episode, chs []Chapter) error {
	if len(chs) > MaxChapters {
		return Invalidf("at most %d chapters", MaxChapters)
	}
	d := e.Audio.Duration
	for i, c := range chs {
		n := i + 1
		if c.ArticleID != "" && !relates(e, c.ArticleID) {
			return Invalidf("chapter %d: article %q is not one of the episode's related articles", n, c.ArticleID)
		}
		if c.Title == "" && c.ArticleID == "" {
			return Invalidf("chapter %d: a title is required", n)
		}
		if utf8.RuneCountInString(c.Title) > 200 {
			return Invalidf("chapter %d: the title is over 200 characters", n)
		}
		if err := checkText(c.Title); err != nil {
			return Invalidf("chapter %d: %v", n, InvalidMessage(err))
		}
		if c.Start < 0 || i > 0 && c.Start <= chs[i-1].Start {
			return Invalidf("chapter %d starts at %s, not after chapter %d: starts must increase", n, clockOf(c.Start), i)
		}
		if d > 0 && c.Start >= d {
			return Invalidf("chapter %d starts at %s, after the audio ends (%s)", n, clockOf(c.Start), clockOf(d))
		}
		if c.End != 0 && (c.End <= c.Start || d > 0 && c.End > d+time.Second) {
			return Invalidf("chapter %d: the end %s is not between its start and the audio's end", n, clockOf(c.End))
		}
		if c.URL != "" && !webURL(c.URL) {
			return Invalidf("chapter %d: url %q must be an absolute http(s) URL", n, c.URL)
		}
		if c.Image != "" && !webURL(c.Image) {
			return Invalidf("chapter %d: image %q must be an absolute http(s) URL", n, c.Image)
		}
	}
	return nil
}

func relates(e *Episode, articleID string) bool {
	for _, a := range e.Articles {
		if a.ID == articleID {
			return true
		}
	}
	return false
}

// clockOf is d as m:ss.mmm, for messages.
func clockOf(d time.Duration) string {
	ms := d.Milliseconds()
	s := ms / 1000
	out := itoa(s/60) + ":" + string(rune('0'+s%60/10)) + string(rune('0'+s%10))
	if ms%1000 != 0 {
		f := itoa(1000 + ms%1000)
		out += "." + f[1:]
	}
	return out
}
func itoa(n int64) string { return strconv.FormatInt(n, 10) }
