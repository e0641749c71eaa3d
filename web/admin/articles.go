package admin

import (
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/publish"
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
		a, err := s.pub.PutArticle(ctx, articleForm(c))
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

// articleForm reads the article the form names by its URL, with the
// title, summary and image typed in; publish creates or updates it.
func articleForm(c *gin.Context) publish.ArticleEdit {
	f := func(k string) string { return strings.TrimSpace(c.PostForm(k)) }
	return publish.ArticleEdit{URL: f("url"), Title: f("title"), Summary: f("summary"), ImageURL: f("image_url"),
		Edit: c.PostForm("action") == "edit"}
}
