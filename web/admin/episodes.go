package admin

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/feeds"
	"github.com/onair-fm/onair/media"
	"github.com/onair-fm/onair/publish"
	"github.com/onair-fm/onair/web/api"
	"github.com/onair-fm/onair/web/httpx"
	"github.com/onair-fm/onair/web/site"
)

func (s *Dashboard) routesAdminEpisodes(u *gin.RouterGroup) {
	u.GET("/shows/:show/episodes/new", s.Handle(s.episodeNewPage))
	u.GET("/episodes/:id", s.Handle(s.adminEpisodePage))
	u.POST("/episodes/:id", s.Handle(s.episodeUpdate))
	u.GET("/episodes/:id/delete", s.Handle(s.episodeDeletePage))
	u.POST("/episodes/:id/delete", s.Handle(s.episodeDelete))
	u.POST("/episodes/:id/articles", s.Handle(s.episodeArticles))
	u.GET("/episodes/:id/stats", s.Handle(s.episodeStatsPage))
	s.routesAdminTranscripts(u)
}

// episodeFor loads the episode in the path and its show, when the user may
// work on that show.
func (s *Dashboard) episodeFor(c *gin.Context) (*catalog.Episode, *catalog.Show, error) {
	ctx := c.Request.Context()
	e, err := s.Store.GetEpisode(ctx, c.Param("id"))
	if err != nil {
		return nil, nil, err
	}
	if !httpx.CurrentUser(c).CanEditShow(e.ShowID) {
		return nil, nil, httpx.ErrForbidden
	}
	sh, err := s.Store.GetShowByID(ctx, e.ShowID)
	if err != nil {
		return nil, nil, err
	}
	return e, sh, nil
}

func (s *Dashboard) episodeNewPage(c *gin.Context) error {
	sh, err := s.showFor(c)
	if err != nil {
		return err
	}
	return s.renderAdmin(c, http.StatusOK, "episode_new", "Upload an episode", gin.H{
		"Show": sh, "Enabled": s.uploadsOn, "MaxUpload": formatBytes(s.Cfg.MaxUpload)})
}

// adminEpisodeView is the data of the episode editor.
type adminEpisodeView struct {
	// Soundbites is the soundbites form's text (network.go).
	Soundbites string
	Show       *catalog.Show
	Episode    *catalog.Episode
	State      string
	Probe      *media.Info // read again from the stored file; nil if unreadable.
	ArtURL     string
	AudioURL   string
	Notes      string // the show notes as the form shows them (EditorNotes).
	Number     int
	Publish    string // now, schedule or draft.
	Error      string
	Query      string
	Found      []*catalog.Article
	PageURL    string
	Player     string
	Embed      string
	OEmbed     string
	// PlayerHeight is the player's fixed height, as oEmbed reports it.
	PlayerHeight int
	Feeds        api.FeedsJSON
	// Findings are what the feed check says about this episode, e.g. an
	// audio format some apps will not play.
	Findings []feeds.Finding
	// Chapters are the editor's rows: the chapters, then blank rows to add.
	Chapters []chapterRow
	// TranscriptFiles are the public transcript files once it is done.
	TranscriptFiles map[string]string
}

// chapterRow is one row of the chapter editor.
type chapterRow struct {
	catalog.Chapter
	Index int
	Start string // "12:34.5"
}

func (s *Dashboard) adminEpisodePage(c *gin.Context) error {
	e, sh, err := s.episodeFor(c)
	if err != nil {
		return err
	}
	return s.renderEpisode(c, http.StatusOK, e, sh, nil)
}

func (s *Dashboard) renderEpisode(c *gin.Context, status int, e *catalog.Episode, sh *catalog.Show, formErr error) error {
	ctx := c.Request.Context()
	v := adminEpisodeView{Show: sh, Episode: e, State: s.episodeState(e), Notes: site.EditorNotes(e), Number: e.Number,
		ArtURL: s.MediaURL(e.ArtworkKey), AudioURL: s.MediaURL(e.Audio.Key),
		PageURL: s.EpisodeURL(sh, e), Player: s.PlayerURL(e), Embed: embedCode(s.PlayerURL(e), site.PlayerHeight), PlayerHeight: site.PlayerHeight,
		Feeds: api.FeedsJSON{RSS: s.FeedURL(sh, "rss"), Atom: s.FeedURL(sh, "atom"), JSON: s.FeedURL(sh, "json")}}
	v.OEmbed = s.OEmbedURL(v.PageURL)
	for i, ch := range e.Chapters {
		v.Chapters = append(v.Chapters, chapterRow{Chapter: ch, Index: i, Start: chapterStart(ch.Start)})
	}
	for i := len(e.Chapters); i < len(e.Chapters)+3; i++ {
		v.Chapters = append(v.Chapters, chapterRow{Index: i})
	}
	if e.Transcript.Ready() {
		v.TranscriptFiles = map[string]string{}
		for _, f := range []string{"vtt", "srt", "json", "html", "txt"} {
			if e.Transcript.Timed || f == "html" || f == "txt" {
				v.TranscriptFiles[f] = s.TranscriptURL(sh, e, f)
			}
		}
	}
	v.Soundbites = soundbitesText(e.Soundbites)
	v.Findings = s.feeds.EpisodeFindings(sh, e)
	v.Publish = map[string]string{"published": "now", "scheduled": "schedule", "draft": "draft"}[v.State]
	if e.Audio.Key != "" {
		if r, bi, err := s.Blobs.Open(ctx, e.Audio.Key); err == nil {
			v.Probe, _ = media.Probe(r, bi.Size)
			r.Close()
		}
	}
	// Prefill what the file's tags know and the episode does not yet.
	if v.Probe != nil {
		if v.Notes == "" {
			v.Notes = v.Probe.Tags.Comment
		}
		if v.Number == 0 {
			v.Number = v.Probe.Tags.Track
		}
	}
	if q := strings.TrimSpace(c.Query("q")); q != "" {
		v.Query = q
		found, err := s.Store.ListArticles(ctx, q, 20)
		if err != nil {
			return err
		}
		v.Found = found
	}
	if formErr != nil {
		he := httpx.ToHTTP(formErr)
		if he.Status >= 500 {
			return formErr
		}
		v.Error, status = he.Message, he.Status
	}
	return s.renderAdmin(c, status, "episode", e.Title, v)
}

func (s *Dashboard) episodeUpdate(c *gin.Context) error {
	e, sh, err := s.episodeFor(c)
	if err != nil {
		return err
	}
	patch, err := readEpisodeForm(c)
	if err != nil {
		return s.renderEpisode(c, 0, e, sh, err)
	}
	if _, err := s.pub.UpdateEpisode(c.Request.Context(), e, patch); err != nil {
		return s.renderEpisode(c, 0, e, sh, err)
	}
	c.Redirect(http.StatusSeeOther, "/admin/episodes/"+e.ID+"?ok=saved")
	return nil
}

// readEpisodeForm reads the editor's fields: every one is sent, the show
// notes as Markdown (kept as typed, so editing again shows it rather than
// the HTML that feeds and pages get), and when the episode goes out.
func readEpisodeForm(c *gin.Context) (publish.EpisodePatch, error) {
	f := func(k string) string { return strings.TrimSpace(c.PostForm(k)) }
	title, notes, explicit := f("title"), c.PostForm("notes"), c.PostForm("explicit") == "on"
	p := publish.EpisodePatch{Title: &title, DescriptionMarkdown: &notes, Explicit: &explicit}
	num := func(k string) (*int, error) {
		n := 0
		if v := f(k); v != "" {
			var err error
			if n, err = strconv.Atoi(v); err != nil || n < 0 || n > 1_000_000 {
				return nil, catalog.Invalidf("%s must be a whole number of 0 or more", k)
			}
		}
		return &n, nil
	}
	var err error
	if p.Season, err = num("season"); err != nil {
		return p, err
	}
	if p.Number, err = num("number"); err != nil {
		return p, err
	}
	switch t := f("type"); t {
	case catalog.EpisodeFull, catalog.EpisodeTrailer, catalog.EpisodeBonus:
		p.Type = &t
	default:
		return p, catalog.Invalidf("type must be full, trailer or bonus")
	}
	if v, ok := c.GetPostForm("visibility"); ok {
		v = strings.TrimSpace(v)
		p.Visibility = &v
		at := ""
		if v == catalog.VisibilityMembers && f("public_at") != "" {
			t, err := time.ParseInLocation("2006-01-02T15:04", f("public_at"), time.UTC)
			if err != nil {
				return p, catalog.Invalidf("choose the date and time (UTC) the episode opens to everyone, or leave it empty")
			}
			at = t.Format(time.RFC3339)
		}
		p.PublicAt = &at
	}
	switch f("publish") {
	case "now":
		p.Release = &publish.Release{}
	case "schedule":
		t, err := time.ParseInLocation("2006-01-02T15:04", f("publish_at"), time.UTC)
		if err != nil {
			return p, catalog.Invalidf("choose the date and time (UTC) to publish at")
		}
		p.Release = &publish.Release{At: &t}
	case "draft":
		p.Release = &publish.Release{Draft: true}
	default:
		return p, catalog.Invalidf("choose publish now, schedule or draft")
	}
	return p, nil
}

func (s *Dashboard) episodeDeletePage(c *gin.Context) error {
	e, sh, err := s.episodeFor(c)
	if err != nil {
		return err
	}
	return s.renderAdmin(c, http.StatusOK, "episode_delete", "Delete "+e.Title, gin.H{"Episode": e, "Show": sh})
}

func (s *Dashboard) episodeDelete(c *gin.Context) error {
	e, sh, err := s.episodeFor(c)
	if err != nil {
		return err
	}
	if c.PostForm("confirm") != e.ID {
		return catalog.Invalidf("confirm the deletion on the confirmation page")
	}
	if err := s.pub.DeleteEpisode(c.Request.Context(), e); err != nil {
		return err
	}
	c.Redirect(http.StatusSeeOther, "/admin/shows/"+sh.Slug+"?ok=deleted")
	return nil
}
