package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/analytics"
	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/web/httpx"
)

// getShowStats is GET /api/v1/shows/:show/stats?from=&to=&by=day|episode|app,
// the show by slug or id; from and to are days (2006-01-02, both
// inclusive) or RFC 3339 times. The body is an analytics.Report.
func (s *API) getShowStats(c *gin.Context) error {
	ctx := c.Request.Context()
	sh, err := catalog.FindShowOrID(ctx, s.Store, c.Param("show"))
	if err != nil {
		return httpx.OrNotFound(err, "show", c.Param("show"))
	}
	from, to, err := statsSpan(c)
	if err != nil {
		return err
	}
	rep, err := analytics.ShowStats(ctx, s.Store, sh, from, to, c.Query("by"), s.Now())
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, rep)
	return nil
}

// getEpisodeStats is GET /api/v1/episodes/:id/stats, getShowStats for one
// episode: the same query and report, counting only its downloads, so its
// days and apps are its own (by=episode is the one row).
func (s *API) getEpisodeStats(c *gin.Context) error {
	sh, e, err := s.episodeByParam(c)
	if err != nil {
		return err
	}
	from, to, err := statsSpan(c)
	if err != nil {
		return err
	}
	rep, err := analytics.EpisodeStats(c.Request.Context(), s.Store, sh, e, from, to, c.Query("by"), s.Now())
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, rep)
	return nil
}

// statsSpan reads the stats API's ?from=&to=; zero when not sent.
func statsSpan(c *gin.Context) (from, to time.Time, err error) {
	if from, err = analytics.ParseDay(c.Query("from"), "from"); err != nil {
		return from, to, err
	}
	to, err = analytics.ParseDay(c.Query("to"), "to")
	return from, to, err
}
