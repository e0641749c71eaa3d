package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/web/httpx"
)

func (s *Server) apiCreateArticle(c *gin.Context) error {
	var req articleRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if req.URL == nil || req.Title == nil {
		return catalog.Invalidf("url and title are required")
	}
	a := &catalog.Article{ID: catalog.NewID()}
	if err := req.apply(a); err != nil {
		return err
	}
	if err := catalog.ValidateArticle(a); err != nil {
		return err
	}
	if err := s.Store.CreateArticle(c.Request.Context(), a); err != nil {
		return urlTaken(err, a.URL)
	}
	c.Header("Location", s.APIArticleURL(a))
	c.JSON(http.StatusCreated, s.articleView(a))
	return nil
}

// apiListArticles finds articles by title or URL: ?q=words&limit=N.
func (s *Server) apiListArticles(c *gin.Context) error {
	limit, err := queryInt(c, "limit", 50, 1, 500)
	if err != nil {
		return err
	}
	as, err := s.Store.ListArticles(c.Request.Context(), strings.TrimSpace(c.Query("q")), limit)
	if err != nil {
		return err
	}
	out := make([]articleJSON, 0, len(as))
	for _, a := range as {
		out = append(out, s.articleView(a))
	}
	c.JSON(http.StatusOK, gin.H{"articles": out})
	return nil
}

func (s *Server) apiGetArticle(c *gin.Context) error {
	a, err := s.articleByParam(c)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, s.articleView(a))
	return nil
}

func (s *Server) apiUpdateArticle(c *gin.Context) error {
	var req articleRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	a, err := s.articleByParam(c)
	if err != nil {
		return err
	}
	if err := req.apply(a); err != nil {
		return err
	}
	if err := catalog.ValidateArticle(a); err != nil {
		return err
	}
	ctx := c.Request.Context()
	if err := s.Store.UpdateArticle(ctx, a); err != nil {
		return urlTaken(err, a.URL)
	}
	if a, err = s.Store.GetArticle(ctx, a.ID); err != nil {
		return err
	}
	c.JSON(http.StatusOK, s.articleView(a))
	return nil
}

func (s *Server) apiDeleteArticle(c *gin.Context) error {
	a, err := s.articleByParam(c)
	if err != nil {
		return err
	}
	if err := s.Store.DeleteArticle(c.Request.Context(), a.ID); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

func (s *Server) articleByParam(c *gin.Context) (*catalog.Article, error) {
	a, err := s.Store.GetArticle(c.Request.Context(), c.Param("id"))
	if errors.Is(err, catalog.ErrNotFound) {
		return nil, httpx.NotFound("article", c.Param("id"))
	}
	return a, err
}

// apply copies the fields that were sent into a.
func (r *articleRequest) apply(a *catalog.Article) error {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = strings.TrimSpace(*src)
		}
	}
	set(&a.URL, r.URL)
	set(&a.Title, r.Title)
	set(&a.Summary, r.Summary)
	set(&a.ImageURL, r.ImageURL)
	if r.PublishedAt != nil {
		if *r.PublishedAt == "" {
			a.PublishedAt = time.Time{}
			return nil
		}
		t, err := time.Parse(time.RFC3339, strings.TrimSpace(*r.PublishedAt))
		if err != nil {
			return catalog.Invalidf("published_at %q must be an RFC 3339 time such as 2026-01-02T15:04:05Z", *r.PublishedAt)
		}
		a.PublishedAt = t.UTC()
	}
	return nil
}

// urlTaken explains a conflict on an article write: its URL is unique.
func urlTaken(err error, url string) error {
	if errors.Is(err, catalog.ErrConflict) {
		return httpx.NewError(http.StatusConflict, "conflict", fmt.Sprintf("an article with the url %q exists already", url))
	}
	return err
}
