package admin

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/publish"
	"github.com/onair-fm/onair/web/site"
)

// The dashboard's side of paging, ownership proofs, measurement prefixes,
// networks of shows and soundbites: the show form's fields as text (one
// entry per line), the "show the email for 48 hours" button and the
// episode's soundbites form.

func (s *Dashboard) routesAdminNetwork(u *gin.RouterGroup) {
	u.POST("/shows/:show/owner-email-window", s.requireAdmin, s.Handle(s.showOwnerEmailWindow))
	u.POST("/episodes/:id/soundbites", s.Handle(s.episodeSoundbites))
}

// networkForm are the show form's text fields of this file.
type networkForm struct {
	TXT, Prefixes, Podroll string
	Mediums                []string
	// EmailShownUntil is when an open verification window closes.
	EmailShownUntil time.Time
}

func (s *Dashboard) networkFormOf(ctx context.Context, sh *catalog.Show) networkForm {
	f := networkForm{Mediums: catalog.Mediums, Prefixes: strings.Join(sh.AnalyticsPrefixes, "\n")}
	var b strings.Builder
	for _, t := range sh.TXT {
		if t.Purpose != "" {
			b.WriteString(t.Purpose + " | ")
		}
		b.WriteString(t.Value + "\n")
	}
	f.TXT = b.String()
	b.Reset()
	for _, p := range sh.Podroll {
		switch {
		case p.ShowID != "":
			if other, err := s.Store.GetShowByID(ctx, p.ShowID); err == nil {
				b.WriteString(other.Slug + "\n")
			}
		case p.FeedURL != "":
			b.WriteString(p.FeedURL + "\n")
		default:
			b.WriteString(p.FeedGUID + "\n")
		}
	}
	f.Podroll = b.String()
	if sh.HideOwnerEmail && s.Now().Before(sh.OwnerEmailUntil) {
		f.EmailShownUntil = sh.OwnerEmailUntil
	}
	return f
}

// readNetworkForm copies the form's fields of this file into sh; the
// podroll names shows on this server by slug, remote ones by feed URL or
// podcast:guid.
func (s *Dashboard) readNetworkForm(c *gin.Context, sh *catalog.Show) error {
	limit := strings.TrimSpace(c.PostForm("feed_limit"))
	sh.FeedLimit = 0
	if limit != "" {
		n, err := strconv.Atoi(limit)
		if err != nil {
			return catalog.Invalidf("feed limit %q must be a whole number (0 for no limit)", limit)
		}
		sh.FeedLimit = n
	}
	sh.Medium = strings.TrimSpace(c.PostForm("medium"))
	sh.LockedOwner = strings.TrimSpace(c.PostForm("locked_owner"))
	hide := c.PostForm("hide_owner_email") == "on"
	if !hide {
		sh.OwnerEmailUntil = time.Time{}
	}
	sh.HideOwnerEmail = hide
	sh.TXT = nil
	for _, line := range lines(c.PostForm("txt")) {
		purpose, value, ok := strings.Cut(line, "|")
		if !ok {
			purpose, value = "", line
		}
		sh.TXT = append(sh.TXT, catalog.TXT{Purpose: strings.TrimSpace(purpose), Value: strings.TrimSpace(value)})
	}
	sh.AnalyticsPrefixes = lines(c.PostForm("analytics_prefixes"))
	var entries []publish.PodrollEntry
	for _, line := range lines(c.PostForm("podroll")) {
		switch {
		case strings.Contains(line, "://"):
			entries = append(entries, publish.PodrollEntry{FeedURL: line})
		case strings.Count(line, "-") == 4 && len(line) == 36:
			entries = append(entries, publish.PodrollEntry{FeedGUID: line})
		default:
			entries = append(entries, publish.PodrollEntry{Show: strings.ToLower(line)})
		}
	}
	podroll, err := s.pub.Podroll(c.Request.Context(), entries)
	if err != nil {
		return err
	}
	sh.Podroll = podroll
	return nil
}

// lines are the text's non-empty lines, trimmed.
func lines(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// showOwnerEmailWindow is the "show the email for 48 hours" button.
func (s *Dashboard) showOwnerEmailWindow(c *gin.Context) error {
	sh, err := s.showFor(c)
	if err != nil {
		return err
	}
	if _, err := s.pub.RevealOwnerEmail(c.Request.Context(), sh); err != nil {
		return err
	}
	c.Redirect(http.StatusSeeOther, "/admin/shows/"+sh.Slug+"?ok=email-shown")
	return nil
}

// soundbitesText is the episode's soundbites as its form shows them: one
// per line, start, duration in seconds, then the title.
func soundbitesText(bs []catalog.Soundbite) string {
	var b strings.Builder
	for _, x := range bs {
		fmt.Fprintf(&b, "%s %s %s\n", clockOf(x.Start), strconv.FormatFloat(x.Duration.Seconds(), 'f', -1, 64), x.Title)
	}
	return b.String()
}

func clockOf(d time.Duration) string {
	s := int(d / time.Second)
	out := fmt.Sprintf("%d:%02d", s/60, s%60)
	if s >= 3600 {
		out = fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	if ms := d % time.Second; ms != 0 {
		out += strings.TrimRight(fmt.Sprintf("%.3f", ms.Seconds())[1:], "0")
	}
	return out
}

// parseSoundbites reads the form: "12:34 30 The vote" per line (the start
// as seconds or a clock, the duration in seconds, the title optional).
func parseSoundbites(text string) ([]catalog.Soundbite, error) {
	var out []catalog.Soundbite
	for _, line := range lines(text) {
		f := strings.Fields(line)
		if len(f) < 2 {
			return nil, catalog.Invalidf("soundbite %q: write the start, the duration in seconds, then the title", line)
		}
		start, err := parseClock(f[0])
		if err != nil {
			return nil, catalog.Invalidf("soundbite %q: the start %q is not a time such as 12:34", line, f[0])
		}
		dur, err := strconv.ParseFloat(f[1], 64)
		if err != nil || dur != dur || dur > 1e7 {
			return nil, catalog.Invalidf("soundbite %q: the duration %q is not a number of seconds", line, f[1])
		}
		out = append(out, catalog.Soundbite{Start: start, Duration: time.Duration(dur * float64(time.Second)).Round(time.Millisecond),
			Title: strings.Join(f[2:], " ")})
	}
	return out, nil
}

// parseClock reads a start as seconds or [[h:]m:]s with a fraction.
func parseClock(s string) (time.Duration, error) {
	whole, frac, _ := strings.Cut(s, ".")
	secs, ok := site.ParseStart(whole)
	if !ok {
		return 0, fmt.Errorf("admin: bad time %q", s)
	}
	d := time.Duration(secs) * time.Second
	if frac != "" {
		f, err := strconv.ParseFloat("0."+frac, 64)
		if err != nil {
			return 0, err
		}
		d += time.Duration(f * float64(time.Second)).Round(time.Millisecond)
	}
	return d, nil
}

// episodeSoundbites saves the episode's soundbites form.
func (s *Dashboard) episodeSoundbites(c *gin.Context) error {
	e, sh, err := s.episodeFor(c)
	if err != nil {
		return err
	}
	bs, err := parseSoundbites(c.PostForm("soundbites"))
	if err != nil {
		return s.renderEpisode(c, 0, e, sh, err)
	}
	if _, err := s.pub.SetSoundbites(c.Request.Context(), e, bs); err != nil {
		return s.renderEpisode(c, 0, e, sh, err)
	}
	c.Redirect(http.StatusSeeOther, "/admin/episodes/"+e.ID+"?ok=soundbites#soundbites")
	return nil
}
