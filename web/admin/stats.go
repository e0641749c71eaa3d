package admin

import (
	"context"
	"html/template"
	"net/http"
	"sort"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/analytics"
	"github.com/onair-fm/onair/catalog"
)

// statsView is the data of a stats page.
type statsView struct {
	Show     *catalog.Show
	Episode  *catalog.Episode // nil for the whole show.
	From, To string           // 2006-01-02, inclusive
	Total    int64
	Chart    template.HTML
	Top      []chartPoint // episodes by downloads
	Apps     []chartPoint
}

// statsRange reads ?from=&to= (dates, as the stats API reads them),
// defaulting to the last 30 days.
func (s *Dashboard) statsRange(c *gin.Context) (from, to time.Time, err error) {
	to = s.Now().UTC().Truncate(24 * time.Hour)
	from = to.AddDate(0, 0, -29)
	if v := c.Query("to"); v != "" {
		if to, err = analytics.ParseDay(v, "to"); err != nil {
			return from, to, err
		}
		to = to.UTC().Truncate(24 * time.Hour)
	}
	if v := c.Query("from"); v != "" {
		if from, err = analytics.ParseDay(v, "from"); err != nil {
			return from, to, err
		}
		from = from.UTC().Truncate(24 * time.Hour)
	}
	if from.After(to) {
		return from, to, catalog.Invalidf("from is after to")
	}
	return from, to, nil
}

func (s *Dashboard) showStatsPage(c *gin.Context) error {
	sh, err := s.showFor(c)
	if err != nil {
		return err
	}
	return s.renderStats(c, sh, nil)
}

func (s *Dashboard) episodeStatsPage(c *gin.Context) error {
	e, sh, err := s.episodeFor(c)
	if err != nil {
		return err
	}
	return s.renderStats(c, sh, e)
}

func (s *Dashboard) renderStats(c *gin.Context, sh *catalog.Show, e *catalog.Episode) error {
	from, to, err := s.statsRange(c)
	if err != nil {
		return err
	}
	v := statsView{Show: sh, Episode: e, From: from.Format(time.DateOnly), To: to.Format(time.DateOnly)}
	days, top, apps, total, err := s.adminStats(c.Request.Context(), sh, e, from, to)
	if err != nil {
		return err
	}
	v.Total, v.Top, v.Apps = total, top, apps
	v.Chart = barChart(days, "Downloads per day")
	title := "Stats: " + sh.Title
	if e != nil {
		title = "Stats: " + e.Title
	}
	return s.renderAdmin(c, http.StatusOK, "stats", title, v)
}

// adminStats gathers a stats page's numbers with the analytics area's
// reports: downloads per day and the apps, of the show or of one of its
// episodes, and for the show its top episodes.
func (s *Dashboard) adminStats(ctx context.Context, sh *catalog.Show, e *catalog.Episode, from, to time.Time) (days, top, apps []chartPoint, total int64, err error) {
	now := s.Now()
	report := func(by string) (*analytics.Report, error) {
		if e != nil {
			return analytics.EpisodeStats(ctx, s.Store, sh, e, from, to, by, now)
		}
		return analytics.ShowStats(ctx, s.Store, sh, from, to, by, now)
	}
	rep, err := report(catalog.StatsByDay)
	if err != nil {
		return nil, nil, nil, 0, err
	}
	total = rep.Total
	for _, r := range rep.Rows {
		days = append(days, chartPoint{Label: r.Key, Count: r.Count})
	}
	if e == nil {
		eps, err := report(catalog.StatsByEpisode)
		if err != nil {
			return nil, nil, nil, 0, err
		}
		for _, r := range eps.Rows {
			top = append(top, chartPoint{Label: r.Title, Count: r.Count})
		}
		sort.SliceStable(top, func(i, j int) bool { return top[i].Count > top[j].Count })
		top = top[:min(len(top), 10)]
	}
	if rep, err = report(catalog.StatsByApp); err != nil {
		return nil, nil, nil, 0, err
	}
	for _, r := range rep.Rows {
		apps = append(apps, chartPoint{Label: r.Key, Count: r.Count})
	}
	sort.SliceStable(apps, func(i, j int) bool { return apps[i].Count > apps[j].Count })
	return days, top, apps, total, nil
}
