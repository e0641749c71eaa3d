package analytics

import (
	"context"
	"errors"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// Report is a show's (or one episode's) download counts over whole UTC
// days From..To (both inclusive), grouped By day, episode or app. The stats API sends it as
// JSON, onair stats prints it, the dashboard charts it.
type Report struct {
	Show string `json:"show"`
	// Episode is the episode's id in one episode's report.
	Episode string `json:"episode,omitempty"`
	From    string `json:"from"` // 2006-01-02
	To      string `json:"to"`   // 2006-01-02, inclusive
	By      string `json:"by"`
	Total   int64  `json:"total"`
	Rows    []Row  `json:"rows"`
}

// Row is one group: a day (every day of the span, zeros included), an
// episode (with its title) or an app.
type Row struct {
	Key   string `json:"key"`
	Title string `json:"title,omitempty"`
	Count int64  `json:"count"`
}

// DefaultDays is the span when none is given: the last 30 days, today
// included.
const DefaultDays = 30

// ShowStats counts sh's downloads from the day of from to the day of to
// (UTC; zero values mean the DefaultDays up to now), grouped by
// catalog.StatsByDay (the default when by is ""), StatsByEpisode,
// StatsByApp or StatsByAudience (members against public). Bad arguments are catalog.ErrInvalid.
func ShowStats(ctx context.Context, st catalog.Store, sh *catalog.Show, from, to time.Time, by string, now time.Time) (*Report, error) {
	return stats(ctx, st, sh, "", from, to, by, now)
}

// EpisodeStats is ShowStats for one episode of sh: only its downloads
// count, so its days and apps are its own.
func EpisodeStats(ctx context.Context, st catalog.Store, sh *catalog.Show, e *catalog.Episode, from, to time.Time, by string, now time.Time) (*Report, error) {
	return stats(ctx, st, sh, e.ID, from, to, by, now)
}

// stats is ShowStats, for one episode when episodeID is set.
func stats(ctx context.Context, st catalog.Store, sh *catalog.Show, episodeID string, from, to time.Time, by string, now time.Time) (*Report, error) {
	switch by {
	case "":
		by = catalog.StatsByDay
	case catalog.StatsByDay, catalog.StatsByEpisode, catalog.StatsByApp, catalog.StatsByAudience:
	default:
		return nil, catalog.Invalidf("by must be day, episode, app or audience, not %q", by)
	}
	if to.IsZero() {
		to = now
	}
	to = to.UTC().Truncate(24 * time.Hour)
	if from.IsZero() {
		from = to.AddDate(0, 0, -(DefaultDays - 1))
	}
	from = from.UTC().Truncate(24 * time.Hour)
	if from.After(to) {
		return nil, catalog.Invalidf("from (%s) is after to (%s)", from.Format(time.DateOnly), to.Format(time.DateOnly))
	}
	if to.Sub(from) > 3660*24*time.Hour {
		return nil, catalog.Invalidf("at most ten years at a time")
	}
	rows, err := st.DownloadStats(ctx, catalog.StatsQuery{ShowID: sh.ID, EpisodeID: episodeID, From: from, To: to.AddDate(0, 0, 1), By: by})
	if err != nil {
		return nil, err
	}
	rep := &Report{Show: sh.Slug, Episode: episodeID, From: from.Format(time.DateOnly), To: to.Format(time.DateOnly), By: by, Rows: []Row{}}
	counts := map[string]int64{}
	for _, r := range rows {
		rep.Total += r.Count
		counts[r.Key] = r.Count
	}
	switch by {
	case catalog.StatsByDay:
		for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
			k := d.Format(time.DateOnly)
			rep.Rows = append(rep.Rows, Row{Key: k, Count: counts[k]})
		}
	case catalog.StatsByEpisode:
		for _, r := range rows {
			row := Row{Key: r.Key, Count: r.Count, Title: "(deleted episode)"}
			if ep, err := st.GetEpisode(ctx, r.Key); err == nil {
				row.Title = ep.Title
			} else if !errors.Is(err, catalog.ErrNotFound) {
				return nil, err
			}
			rep.Rows = append(rep.Rows, row)
		}
	case catalog.StatsByAudience:
		// Both rows, always: members (private feeds) and public.
		for _, k := range []string{"members", "public"} {
			rep.Rows = append(rep.Rows, Row{Key: k, Count: counts[k]})
		}
	default:
		for _, r := range rows {
			rep.Rows = append(rep.Rows, Row{Key: r.Key, Count: r.Count})
		}
	}
	return rep, nil
}

// ParseDay reads a day (2006-01-02) or an RFC 3339 time; "" is the zero
// time. name says which argument, for the error. Times before 1970 are
// refused: the earliest, 0001-01-01, is the zero time, which ShowStats
// would take for "not sent" and answer another span than the one asked.
func ParseDay(v, name string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		if t, err = time.Parse(time.RFC3339, v); err != nil {
			return time.Time{}, catalog.Invalidf("%s must be a day like 2026-01-31 or an RFC 3339 time, not %q", name, v)
		}
	}
	if t.Before(firstDay) {
		return time.Time{}, catalog.Invalidf("%s must be %s or later, not %q", name, firstDay.Format(time.DateOnly), v)
	}
	return t, nil
}

// firstDay is the earliest day ParseDay takes.
var firstDay = time.Unix(0, 0).UTC()
