package web

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
)

// episodeArticles changes an episode's related articles. The form's action
// is one of: link (an existing article by id), add (by URL, creating or
// updating the article with the title, summary and image given), edit,
// up, down, remove.
func (s *Server) episodeArticles(c *gin.Context) error {
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
		a, err := s.saveArticleForm(c)
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
	if err := s.Store.SetEpisodeArticles(ctx, e.ID, ids); err != nil {
		return err
	}
	c.Redirect(http.StatusSeeOther, "/admin/episodes/"+e.ID+"?ok=saved#articles")
	return nil
}

// saveArticleForm creates the article with the form's URL, or updates the
// one that has it, with the title, summary and image typed in.
func (s *Server) saveArticleForm(c *gin.Context) (*catalog.Article, error) {
	ctx := c.Request.Context()
	f := func(k string) string { return strings.TrimSpace(c.PostForm(k)) }
	u := f("url")
	if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
		return nil, catalog.Invalidf("the article's URL must start with https:// or http://")
	}
	img := f("image_url")
	if img != "" && !strings.HasPrefix(img, "https://") && !strings.HasPrefix(img, "http://") {
		return nil, catalog.Invalidf("the image must be an http(s) URL")
	}
	a, err := s.Store.GetArticleByURL(ctx, u)
	switch {
	case errors.Is(err, catalog.ErrNotFound):
		a = &catalog.Article{URL: u, Title: f("title"), Summary: f("summary"), ImageURL: img}
		if err := catalog.ValidateArticle(a); err != nil {
			return nil, err
		}
		return a, s.Store.CreateArticle(ctx, a)
	case err != nil:
		return nil, err
	}
	if t := f("title"); t != "" {
		a.Title = t
	}
	if v := f("summary"); v != "" || c.PostForm("action") == "edit" {
		a.Summary = v
	}
	if img != "" || c.PostForm("action") == "edit" {
		a.ImageURL = img
	}
	if err := catalog.ValidateArticle(a); err != nil {
		return nil, err
	}
	return a, s.Store.UpdateArticle(ctx, a)
}
