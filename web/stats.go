package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/analytics"
	"github.com/onair-fm/onair/catalog"
)

// getShowStats is GET /api/v1/shows/:show/stats?from=&to=&by=day|episode|app,
// the show by slug or id; from and to are days (2006-01-02, both
// inclusive) or RFC 3339 times. The body is an analytics.Report.
func (s *Server) getShowStats(c *gin.Context) error {
	ctx := c.Request.Context()
	sh, err := s.store.GetShow(ctx, c.Param("show"))
	if errors.Is(err, catalog.ErrNotFound) {
		sh, err = s.store.GetShowByID(ctx, c.Param("show"))
	}
	if err != nil {
		return orNotFound(err, "show", c.Param("show"))
	}
	from, err := analytics.ParseDay(c.Query("from"), "from")
	if err != nil {
		return err
	}
	to, err := analytics.ParseDay(c.Query("to"), "to")
	if err != nil {
		return err
	}
	rep, err := analytics.ShowStats(ctx, s.store, sh, from, to, c.Query("by"), s.now())
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, rep)
	return nil
}
