package web

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
)

// StatsReport is a show's download counts over [From, To), grouped By day,
// episode or app. The stats API returns it as JSON and the dashboard charts
// it; both get it from Server.ShowStats.
type StatsReport struct {
	Show  string     `json:"show"`
	From  string     `json:"from"` // first day, 2006-01-02
	To    string     `json:"to"`   // last day, inclusive
	By    string     `json:"by"`
	Total int64      `json:"total"`
	Rows  []StatsRow `json:"rows"`
}

// StatsRow is one group: a day (every day in the range, zeros included),
// an episode (with its title) or an app.
type StatsRow struct {
	Key   string `json:"key"`
	Title string `json:"title,omitempty"`
	Count int64  `json:"count"`
}

// statsDays is the default span: the last 30 days, today included.
const statsDays = 30

// ShowStats counts sh's downloads from the first to the last day given
// (UTC, both inclusive; zero values mean the last 30 days) grouped by
// catalog.StatsByDay, StatsByEpisode or StatsByApp.
func (s *Server) ShowStats(ctx context.Context, sh *catalog.Show, from, to time.Time, by string) (*StatsReport, error) {
	ds, ok := s.store.(catalog.DownloadStore)
	if !ok {
		return nil, errors.New("web: store does not keep downloads")
	}
	switch by {
	case "":
		by = catalog.StatsByDay
	case catalog.StatsByDay, catalog.StatsByEpisode, catalog.StatsByApp:
	default:
		return nil, catalog.Invalidf("by must be day, episode or app, not %q", by)
	}
	if to.IsZero() {
		to = s.now()
	}
	to = to.UTC().Truncate(24 * time.Hour)
	if from.IsZero() {
		from = to.AddDate(0, 0, -(statsDays - 1))
	}
	from = from.UTC().Truncate(24 * time.Hour)
	if from.After(to) {
		return nil, catalog.Invalidf("from (%s) is after to (%s)", from.Format(time.DateOnly), to.Format(time.DateOnly))
	}
	if to.Sub(from) > 3660*24*time.Hour {
		return nil, catalog.Invalidf("at most ten years at a time")
	}
	rows, err := ds.DownloadStats(ctx, catalog.StatsQuery{ShowID: sh.ID, From: from, To: to.AddDate(0, 0, 1), By: by})
	if err != nil {
		return nil, err
	}
	rep := &StatsReport{Show: sh.Slug, From: from.Format(time.DateOnly), To: to.Format(time.DateOnly), By: by, Rows: []StatsRow{}}
	counts := map[string]int64{}
	for _, r := range rows {
		rep.Total += r.Count
		counts[r.Key] = r.Count
	}
	switch by {
	case catalog.StatsByDay:
		for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
			k := d.Format(time.DateOnly)
			rep.Rows = append(rep.Rows, StatsRow{Key: k, Count: counts[k]})
		}
	case catalog.StatsByEpisode:
		for _, r := range rows {
			row := StatsRow{Key: r.Key, Count: r.Count, Title: "(deleted episode)"}
			if ep, err := s.store.GetEpisode(ctx, r.Key); err == nil {
				row.Title = ep.Title
			} else if !errors.Is(err, catalog.ErrNotFound) {
				return nil, err
			}
			rep.Rows = append(rep.Rows, row)
		}
	default:
		for _, r := range rows {
			rep.Rows = append(rep.Rows, StatsRow{Key: r.Key, Count: r.Count})
		}
	}
	return rep, nil
}

// getShowStats is GET /api/v1/shows/:show/stats?from=&to=&by=day|episode|app.
// from and to are days (2006-01-02) or RFC 3339 times.
func (s *Server) getShowStats(c *gin.Context) error {
	ctx := c.Request.Context()
	sh, err := s.store.GetShow(ctx, c.Param("show"))
	if errors.Is(err, catalog.ErrNotFound) {
		sh, err = s.store.GetShowByID(ctx, c.Param("show"))
	}
	if err != nil {
		return err
	}
	from, err := parseDay(c.Query("from"), "from")
	if err != nil {
		return err
	}
	to, err := parseDay(c.Query("to"), "to")
	if err != nil {
		return err
	}
	rep, err := s.ShowStats(ctx, sh, from, to, c.Query("by"))
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, rep)
	return nil
}

// parseDay reads a query's day, zero when empty.
func parseDay(v, name string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	return time.Time{}, catalog.Invalidf("%s must be a day like 2026-01-31 or an RFC 3339 time, not %q", name, v)
}
