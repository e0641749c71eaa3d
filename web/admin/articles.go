package admin

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/publish"
	"github.com/onair-fm/onair/web/httpx"
)

// episodeArticles changes an episode's related articles. The form's action
// is one of: link (an existing article by id), add (by URL, creating or
// updating the article with the title, summary and image given), edit,
// up, down, remove.
func (s *Dashboard) episodeArticles(c *gin.Context) error {
	ctx := c.Request.Context()
	e, sh, err := s.episodeFor(c)
	if err != nil {
		return err
	}
	ids := make([]string, 0, len(e.Articles)+1)
	for _, a := range e.Articles {
		ids = append(ids, a.ID)
	}
	id := c.PostForm("article")
	i := slices.Index(ids, id)
	switch c.PostForm("action") {
	case "link":
		if _, err := s.Store.GetArticle(ctx, id); err != nil {
			return err
		}
		if i < 0 {
			ids = append(ids, id)
		}
	case "add", "edit":
		in := articleForm(c)
		if err := s.mayChangeArticle(c, in); err != nil {
			return s.renderEpisode(c, 0, e, sh, err)
		}
		a, err := s.pub.PutArticle(ctx, in)
		if err != nil {
			return s.renderEpisode(c, 0, e, sh, err)
		}
		if !slices.Contains(ids, a.ID) {
			ids = append(ids, a.ID)
		}
	case "up":
		if i > 0 {
			ids[i-1], ids[i] = ids[i], ids[i-1]
		}
	case "down":
		if i >= 0 && i < len(ids)-1 {
			ids[i+1], ids[i] = ids[i], ids[i+1]
		}
	case "remove":
		if i >= 0 {
			ids = slices.Delete(ids, i, i+1)
		}
	default:
		return catalog.Invalidf("unknown action")
	}
	if _, err := s.pub.SetArticles(ctx, e, ids); err != nil {
		return err
	}
	c.Redirect(http.StatusSeeOther, "/admin/episodes/"+e.ID+"?ok=saved#articles")
	return nil
}

// mayChangeArticle is the dashboard's rule for articles: an article shows
// on the pages and feeds of every show whose episodes relate to it, so only
// a user who may edit all of those shows may change it. Anyone may create a
// new article, or link an existing one as it is (in names it by URL and
// types nothing that differs from what is stored). API tokens may do
// everything and do not come here.
func (s *Dashboard) mayChangeArticle(c *gin.Context, in publish.ArticleEdit) error {
	u := httpx.CurrentUser(c)
	if u.IsAdmin() {
		return nil
	}
	ctx := c.Request.Context()
	a, err := s.Store.GetArticleByURL(ctx, in.URL)
	if errors.Is(err, catalog.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("admin: article by url: %w", err)
	}
	changes := func(typed, stored string, blankClears bool) bool {
		return (typed != "" || blankClears) && typed != stored
	}
	if !changes(in.Title, a.Title, false) && !changes(in.Summary, a.Summary, in.Edit) && !changes(in.ImageURL, a.ImageURL, in.Edit) {
		return nil
	}
	eps, err := s.Store.ListEpisodes(ctx, catalog.EpisodeFilter{ArticleID: a.ID})
	if err != nil {
		return fmt.Errorf("admin: episodes of article: %w", err)
	}
	for _, ep := range eps {
		if !u.CanEditShow(ep.ShowID) {
			return errArticleElsewhere
		}
	}
	return nil
}

var errArticleElsewhere = httpx.NewError(http.StatusForbidden, "forbidden",
	"this article is also related to episodes of a show you may not edit, so you may not change it; link it as it is, or ask an admin")

// articleForm reads the article the form names by its URL, with the
// title, summary and image typed in; publish creates or updates it.
func articleForm(c *gin.Context) publish.ArticleEdit {
	f := func(k string) string { return strings.TrimSpace(c.PostForm(k)) }
	return publish.ArticleEdit{URL: f("url"), Title: f("title"), Summary: f("summary"), ImageURL: f("image_url"),
		Edit: c.PostForm("action") == "edit"}
}
