package api

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/web/httpx"
)

func (s *API) apiCreateArticle(c *gin.Context) error {
	var req articleRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	a, err := s.pub.CreateArticle(c.Request.Context(), req.Patch())
	if err != nil {
		return err
	}
	c.Header("Location", s.APIArticleURL(a))
	c.JSON(http.StatusCreated, s.articleView(a))
	return nil
}

// apiListArticles finds articles by title or URL: ?q=words&limit=N.
func (s *API) apiListArticles(c *gin.Context) error {
	limit, err := queryInt(c, "limit", 50, 1, 500)
	if err != nil {
		return err
	}
	as, err := s.Store.ListArticles(c.Request.Context(), strings.TrimSpace(c.Query("q")), limit)
	if err != nil {
		return err
	}
	out := make([]ArticleJSON, 0, len(as))
	for _, a := range as {
		out = append(out, s.articleView(a))
	}
	c.JSON(http.StatusOK, gin.H{"articles": out})
	return nil
}

func (s *API) apiGetArticle(c *gin.Context) error {
	a, err := s.articleByParam(c)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, s.articleView(a))
	return nil
}

func (s *API) apiUpdateArticle(c *gin.Context) error {
	var req articleRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	a, err := s.articleByParam(c)
	if err != nil {
		return err
	}
	if a, err = s.pub.UpdateArticle(c.Request.Context(), a, req.Patch()); err != nil {
		return err
	}
	c.JSON(http.StatusOK, s.articleView(a))
	return nil
}

func (s *API) apiDeleteArticle(c *gin.Context) error {
	a, err := s.articleByParam(c)
	if err != nil {
		return err
	}
	if err := s.pub.DeleteArticle(c.Request.Context(), a); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

func (s *API) articleByParam(c *gin.Context) (*catalog.Article, error) {
	a, err := s.Store.GetArticle(c.Request.Context(), c.Param("id"))
	if errors.Is(err, catalog.ErrNotFound) {
		return nil, httpx.NotFound("article", c.Param("id"))
	}
	return a, err
}
