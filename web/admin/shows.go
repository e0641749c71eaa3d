package admin

import (
	"context"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/web/httpx"
)

func (s *Dashboard) routesAdminShows(u *gin.RouterGroup) {
	u.GET("/shows/new", s.requireAdmin, s.Handle(s.showNewPage))
	u.POST("/shows", s.requireAdmin, s.Handle(s.showCreate))
	u.GET("/shows/:show", s.Handle(s.adminShowPage))
	u.POST("/shows/:show", s.requireAdmin, s.Handle(s.showUpdate))
	u.POST("/shows/:show/old-slugs/release", s.requireAdmin, s.Handle(s.showReleaseSlug))
	u.GET("/shows/:show/stats", s.Handle(s.showStatsPage))
	// The show forms carry the artwork file besides the fields.
	s.SetBodyLimit(http.MethodPost, u.BasePath()+"/shows", maxArtworkBytes+httpx.FormBody)
	s.SetBodyLimit(http.MethodPost, u.BasePath()+"/shows/:show", maxArtworkBytes+httpx.FormBody)
}

// visibleShows are the shows the user works on: all of them for an admin.
func (s *Dashboard) visibleShows(ctx context.Context, u *catalog.User) ([]*catalog.Show, error) {
	all, err := s.Store.ListShows(ctx)
	if err != nil {
		return nil, err
	}
	if u.IsAdmin() {
		return all, nil
	}
	var out []*catalog.Show
	for _, sh := range all {
		if u.CanEditShow(sh.ID) {
			out = append(out, sh)
		}
	}
	return out, nil
}

// showFor loads the show named in the path when the user may see it.
func (s *Dashboard) showFor(c *gin.Context) (*catalog.Show, error) {
	sh, err := s.FindShow(c.Request.Context(), c.Param("show"))
	if err != nil {
		return nil, err
	}
	if !httpx.CurrentUser(c).CanEditShow(sh.ID) {
		return nil, httpx.ErrForbidden
	}
	return sh, nil
}

type showRow struct {
	Show     *catalog.Show
	Episodes int
	ArtURL   string
}

func (s *Dashboard) dashboardHome(c *gin.Context) error {
	ctx := c.Request.Context()
	shows, err := s.visibleShows(ctx, httpx.CurrentUser(c))
	if err != nil {
		return err
	}
	rows := make([]showRow, 0, len(shows))
	for _, sh := range shows {
		n, err := s.Store.CountEpisodes(ctx, catalog.EpisodeFilter{ShowID: sh.ID})
		if err != nil {
			return err
		}
		rows = append(rows, showRow{Show: sh, Episodes: n, ArtURL: s.MediaURL(sh.ArtworkKey)})
	}
	return s.renderAdmin(c, http.StatusOK, "home", "Shows", gin.H{"Shows": rows})
}

func (s *Dashboard) showNewPage(c *gin.Context) error {
	sh := &catalog.Show{Language: "en", Type: catalog.ShowEpisodic}
	return s.renderShowForm(c, http.StatusOK, sh, true, nil)
}

// showForm is the data of the show editor.
type showForm struct {
	Show *catalog.Show
	New  bool
	// Action is where the form posts: the show's address as the request
	// named it, not Show.Slug, which may be a new slug that was refused.
	Action     string
	OldSlugs   []catalog.OldSlug
	Error      string
	Categories []string
	Funding    string
	Persons    string
	ArtURL     string
	Network    networkForm
}

func (s *Dashboard) renderShowForm(c *gin.Context, status int, sh *catalog.Show, isNew bool, formErr error) error {
	f := showForm{Show: sh, New: isNew, Categories: catalog.Categories(), Funding: fundingText(sh.Funding),
		Persons: personsText(sh.Persons), ArtURL: s.MediaURL(sh.ArtworkKey), Action: "/admin/shows",
		Network: s.networkFormOf(c.Request.Context(), sh)}
	if !isNew {
		f.Action = "/admin/shows/" + c.Param("show")
	}
	if formErr != nil {
		he := httpx.ToHTTP(formErr)
		if he.Status >= 500 {
			return formErr
		}
		f.Error, status = he.Message, he.Status
	}
	title := "New show"
	if !isNew {
		title = "Edit " + sh.Title
	}
	return s.renderAdmin(c, status, "show_form", title, f)
}

func (s *Dashboard) showCreate(c *gin.Context) error {
	sh := &catalog.Show{}
	if err := s.readShowForm(c, sh, true); err != nil {
		return s.renderShowForm(c, 0, sh, true, err)
	}
	art, err := formArtwork(c)
	if err != nil {
		return s.renderShowForm(c, 0, sh, true, err)
	}
	if err := s.pub.CreateShow(c.Request.Context(), sh, art); err != nil {
		return s.renderShowForm(c, 0, sh, true, err)
	}
	c.Redirect(http.StatusSeeOther, "/admin/shows/"+sh.Slug+"?ok=created")
	return nil
}

func (s *Dashboard) showUpdate(c *gin.Context) error {
	sh, err := s.showFor(c)
	if err != nil {
		return err
	}
	if err := s.readShowForm(c, sh, false); err != nil {
		return s.renderShowForm(c, 0, sh, false, err)
	}
	art, err := formArtwork(c)
	if err != nil {
		return s.renderShowForm(c, 0, sh, false, err)
	}
	if _, err := s.pub.UpdateShow(c.Request.Context(), sh, art); err != nil {
		return s.renderShowForm(c, 0, sh, false, err)
	}
	c.Redirect(http.StatusSeeOther, "/admin/shows/"+sh.Slug+"?ok=saved")
	return nil
}

// readShowForm copies the form into sh; publish checks it.
func (s *Dashboard) readShowForm(c *gin.Context, sh *catalog.Show, isNew bool) error {
	f := func(k string) string { return strings.TrimSpace(c.PostForm(k)) }
	// A new slug on an edit moves the show (its old URLs redirect); a
	// form without the field keeps the slug.
	if _, sent := c.GetPostForm("slug"); sent || isNew {
		sh.Slug = strings.ToLower(f("slug"))
	}
	sh.Title, sh.Description, sh.Author = f("title"), f("description"), f("author")
	sh.OwnerName, sh.OwnerEmail, sh.Language = f("owner_name"), f("owner_email"), f("language")
	sh.Type, sh.Link, sh.Copyright, sh.NewFeedURL = f("type"), f("link"), f("copyright"), f("new_feed_url")
	sh.Explicit, sh.Locked = c.PostForm("explicit") == "on", c.PostForm("locked") == "on"
	sh.Block, sh.Complete = c.PostForm("block") == "on", c.PostForm("complete") == "on"
	sh.ChapterTimestamps = c.PostForm("chapter_timestamps") == "on"
	sh.Categories = nil
	for _, cat := range c.PostFormArray("categories") {
		if cat = strings.TrimSpace(cat); cat != "" {
			sh.Categories = append(sh.Categories, cat)
		}
	}
	sh.Funding = parseFunding(c.PostForm("funding"))
	sh.Persons = parsePersons(c.PostForm("persons"))
	if len(sh.Categories) > 3 {
		return catalog.Invalidf("choose at most three categories")
	}
	return s.readNetworkForm(c, sh)
}

// parseFunding reads funding links, one per line: URL, then the title.
func parseFunding(text string) []catalog.Funding {
	var out []catalog.Funding
	for _, line := range strings.Split(text, "\n") {
		u, title, _ := strings.Cut(strings.TrimSpace(line), " ")
		if u != "" {
			out = append(out, catalog.Funding{URL: u, Title: strings.TrimSpace(title)})
		}
	}
	return out
}

// parsePersons reads podcast:person credits, one per line:
// name | role | group | href | img, trailing parts optional.
func parsePersons(text string) []catalog.Person {
	var out []catalog.Person
	for _, line := range strings.Split(text, "\n") {
		parts := strings.Split(line, "|")
		for len(parts) < 5 {
			parts = append(parts, "")
		}
		for i := range parts {
			parts[i] = strings.TrimSpace(parts[i])
		}
		if parts[0] != "" {
			out = append(out, catalog.Person{Name: parts[0], Role: parts[1], Group: parts[2], Href: parts[3], Img: parts[4]})
		}
	}
	return out
}

func personsText(ps []catalog.Person) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(strings.TrimRight(strings.Join([]string{p.Name, p.Role, p.Group, p.Href, p.Img}, " | "), " |"))
		b.WriteString("\n")
	}
	return b.String()
}

func fundingText(fs []catalog.Funding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(strings.TrimSpace(f.URL + " " + f.Title))
		b.WriteString("\n")
	}
	return b.String()
}

// showReleaseSlug frees the old slug named by the form's slug field, as
// DELETE /api/v1/shows/{show}/old-slugs/{old} does.
func (s *Dashboard) showReleaseSlug(c *gin.Context) error {
	sh, err := s.showFor(c)
	if err != nil {
		return err
	}
	if err := s.pub.ReleaseSlug(c.Request.Context(), sh, c.PostForm("slug")); err != nil {
		return err
	}
	c.Redirect(http.StatusSeeOther, "/admin/shows/"+sh.Slug+"?ok=released")
	return nil
}
