package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/publish"
)

func (s *Server) apiCreateShow(c *gin.Context) error {
	var req showRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	sh, err := publish.NewShow(req.patch())
	if err != nil {
		return err
	}
	if err := s.pub.CreateShow(c.Request.Context(), sh, nil); err != nil {
		return err
	}
	c.Header("Location", s.apiShowURL(sh))
	v := s.showView(sh)
	v.Warnings = s.showWarnings(c.Request.Context(), sh)
	c.JSON(http.StatusCreated, v)
	return nil
}

func (s *Server) apiListShows(c *gin.Context) error {
	shows, err := s.store.ListShows(c.Request.Context())
	if err != nil {
		return err
	}
	out := make([]showJSON, 0, len(shows))
	for _, sh := range shows {
		out = append(out, s.showView(sh))
	}
	c.JSON(http.StatusOK, gin.H{"shows": out})
	return nil
}

func (s *Server) apiGetShow(c *gin.Context) error {
	sh, err := s.showByParam(c)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, s.showView(sh))
	return nil
}

func (s *Server) apiUpdateShow(c *gin.Context) error {
	var req showRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	ctx := c.Request.Context()
	sh, err := s.showByParam(c)
	if err != nil {
		return err
	}
	// A new slug moves the show: the store keeps the old one, whose URLs
	// redirect to the new ones (moved.go).
	req.patch().Apply(sh)
	if sh, err = s.pub.UpdateShow(ctx, sh, nil); err != nil {
		return err
	}
	v := s.showView(sh)
	v.Warnings = s.showWarnings(c.Request.Context(), sh)
	c.JSON(http.StatusOK, v)
	return nil
}

// apiDeleteShow removes the show, its episodes, and then their blobs.
func (s *Server) apiDeleteShow(c *gin.Context) error {
	sh, err := s.showByParam(c)
	if err != nil {
		return err
	}
	if err := s.pub.DeleteShow(c.Request.Context(), sh); err != nil {
		return err
	}
	s.ShowChanged(sh.ID) // its cached feeds go
	c.Status(http.StatusNoContent)
	return nil
}

// showWarnings lists what Apple Podcasts or Podcasting 2.0 apps would
// refuse or show worse in the show's feed as it is now (feeds.Validate):
// stored anyway, and reported so the publisher can fix it.
func (s *Server) showWarnings(ctx context.Context, sh *catalog.Show) []string {
	return s.findingsFor(ctx, sh, "")
}

// findingsFor is the validator's findings about the show (episodeGUID "")
// or about one of its live episodes, as "what is wrong. How to fix it."
func (s *Server) findingsFor(ctx context.Context, sh *catalog.Show, episodeGUID string) []string {
	fs, err := s.showFindings(ctx, sh)
	if err != nil {
		s.log.WarnContext(ctx, "validate feed for warnings", "show", sh.Slug, "err", err)
		return nil
	}
	var w []string
	for _, f := range fs {
		if f.Episode == episodeGUID {
			w = append(w, f.Message+" "+f.Fix)
		}
	}
	return w
}

// showByParam loads the show named by the :show parameter: its slug, or
// one it had before a rename.
func (s *Server) showByParam(c *gin.Context) (*catalog.Show, error) {
	return s.findShow(c.Request.Context(), c.Param("show"))
}

// notFound is the 404 for a missing thing the client named, in its words
// rather than the store's.
func notFound(kind, name string) error {
	return httpError(http.StatusNotFound, "not_found", fmt.Sprintf("%s %q not found", kind, name))
}

// orNotFound is err, with catalog.ErrNotFound told as notFound: listeners
// following a stale link see what is missing, not the store's error.
func orNotFound(err error, kind, name string) error {
	if errors.Is(err, catalog.ErrNotFound) {
		return notFound(kind, name)
	}
	return err
}
