package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

// OldSlugJSON is a slug a show had before a rename: its public URLs
// redirect to the show until it is released.
type OldSlugJSON struct {
	Slug      string    `json:"slug"`
	RetiredAt time.Time `json:"retired_at"`
}

// apiOldSlugs lists the show's old slugs, the one it left last first.
func (s *API) apiOldSlugs(c *gin.Context) error {
	sh, err := s.ShowByParam(c)
	if err != nil {
		return err
	}
	olds, err := s.Store.OldSlugs(c.Request.Context(), sh.ID)
	if err != nil {
		return err
	}
	out := make([]OldSlugJSON, 0, len(olds))
	for _, o := range olds {
		out = append(out, OldSlugJSON{o.Slug, o.RetiredAt})
	}
	c.JSON(http.StatusOK, gin.H{"old_slugs": out})
	return nil
}

// apiReleaseOldSlug frees one of the show's old slugs: its URLs stop
// redirecting (podcast apps still subscribed there lose the feed) and any
// show may take it.
func (s *API) apiReleaseOldSlug(c *gin.Context) error {
	sh, err := s.ShowByParam(c)
	if err != nil {
		return err
	}
	if err := s.pub.ReleaseSlug(c.Request.Context(), sh, c.Param("slug")); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}
