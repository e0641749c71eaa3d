package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// AnalyticsSecret returns the stored secret, creating it on first use.
func (st *Store) AnalyticsSecret(ctx context.Context) ([]byte, error) {
	var secret []byte
	err := st.write(ctx, func(tx *sql.Tx) error {
		fresh := make([]byte, 32)
		rand.Read(fresh)
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO analytics_secret (id, secret) VALUES (1, ?)`, fresh); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT secret FROM analytics_secret WHERE id = 1`).Scan(&secret)
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: analytics secret: %w", err)
	}
	return secret, nil
}

// AppendRangeEvents stores evs in one transaction.
func (st *Store) AppendRangeEvents(ctx context.Context, evs []catalog.RangeEvent) error {
	if len(evs) == 0 {
		return nil
	}
	err := st.write(ctx, func(tx *sql.Tx) error {
		ins, err := tx.PrepareContext(ctx, `INSERT INTO range_events
			(episode_id, show_id, listener, prev_listener, app, start_byte, end_byte, audio_start, need, at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer ins.Close()
		for _, e := range evs {
			_, err := ins.ExecContext(ctx, e.EpisodeID, e.ShowID, e.Listener, e.PrevListener, e.App,
				e.Start, e.End, e.AudioStart, e.Need, dbTime(norm(e.At)))
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("sqlite: append %d range events: %w", len(evs), err)
	}
	return nil
}

// FoldRangeEvents implements catalog.DownloadStore. SQLite has one writer
// (one node), so the write transaction is the aggregation lock.
func (st *Store) FoldRangeEvents(ctx context.Context, limit int, expireBefore time.Time, fold catalog.DownloadFolder) (int, error) {
	var n int
	err := st.write(ctx, func(tx *sql.Tx) error {
		evs, err := pendingEvents(ctx, tx, limit)
		if err != nil {
			return err
		}
		n = len(evs)
		f := &windowSet{tx: tx, ctx: ctx, open: map[windowKey]*catalog.ListenerWindow{}, moved: map[windowKey]bool{}}
		for i := range evs {
			ev := &evs[i]
			w, err := f.find(ev)
			if err != nil {
				return err
			}
			if d := fold(ev, w); d != nil {
				_, err := tx.ExecContext(ctx, `INSERT INTO downloads (episode_id, show_id, app, at, day) VALUES (?, ?, ?, ?, ?)`,
					d.EpisodeID, d.ShowID, d.App, dbTime(norm(d.At)), d.At.UTC().Format(time.DateOnly))
				if err != nil {
					return err
				}
			}
			f.open[windowKey{w.Listener, w.EpisodeID}] = w
			if _, err := tx.ExecContext(ctx, `DELETE FROM range_events WHERE id = ?`, ev.ID); err != nil {
				return err
			}
		}
		if err := f.save(); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM listener_windows WHERE start < ?`, dbTime(norm(expireBefore)))
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("sqlite: fold range events: %w", err)
	}
	return n, nil
}

func pendingEvents(ctx context.Context, tx *sql.Tx, limit int) ([]catalog.RangeEvent, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, episode_id, show_id, listener, prev_listener, app,
		start_byte, end_byte, audio_start, need, at FROM range_events ORDER BY at, id LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var evs []catalog.RangeEvent
	for rows.Next() {
		var e catalog.RangeEvent
		if err := rows.Scan(&e.ID, &e.EpisodeID, &e.ShowID, &e.Listener, &e.PrevListener, &e.App,
			&e.Start, &e.End, &e.AudioStart, &e.Need, timeCol(&e.At)); err != nil {
			return nil, err
		}
		evs = append(evs, e)
	}
	return evs, rows.Err()
}

type windowKey struct{ listener, episode string }

// windowSet holds the windows one fold touches, read once and written back
// at the end.
type windowSet struct {
	ctx   context.Context
	tx    *sql.Tx
	open  map[windowKey]*catalog.ListenerWindow
	moved map[windowKey]bool // found under a previous listener id
}

// find returns ev's window: under ev.Listener, else ev.PrevListener, else
// a new zero one.
func (f *windowSet) find(ev *catalog.RangeEvent) (*catalog.ListenerWindow, error) {
	for _, l := range []string{ev.Listener, ev.PrevListener} {
		if l == "" {
			continue
		}
		k := windowKey{l, ev.EpisodeID}
		if f.moved[k] {
			continue
		}
		w, ok := f.open[k]
		if !ok {
			var err error
			if w, err = f.load(k); err != nil {
				return nil, err
			}
		}
		if w != nil {
			if l != ev.Listener {
				delete(f.open, k)
				f.moved[k] = true
			}
			return w, nil
		}
	}
	return &catalog.ListenerWindow{}, nil
}

func (f *windowSet) load(k windowKey) (*catalog.ListenerWindow, error) {
	w := &catalog.ListenerWindow{Listener: k.listener, EpisodeID: k.episode}
	err := f.tx.QueryRowContext(f.ctx, `SELECT start, ranges, counted FROM listener_windows
		WHERE listener = ? AND episode_id = ?`, k.listener, k.episode).
		Scan(timeCol(&w.Start), jsonCol(&w.Ranges), &w.Counted)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return w, err
}

func (f *windowSet) save() error {
	for k := range f.moved {
		if _, ok := f.open[k]; ok {
			continue
		}
		if _, err := f.tx.ExecContext(f.ctx, `DELETE FROM listener_windows WHERE listener = ? AND episode_id = ?`, k.listener, k.episode); err != nil {
			return err
		}
	}
	for _, w := range f.open {
		ranges, err := dbJSON(w.Ranges)
		if err != nil {
			return err
		}
		_, err = f.tx.ExecContext(f.ctx, `INSERT INTO listener_windows (listener, episode_id, start, ranges, counted)
			VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (listener, episode_id) DO UPDATE SET start = excluded.start, ranges = excluded.ranges, counted = excluded.counted`,
			w.Listener, w.EpisodeID, dbTime(norm(w.Start)), ranges, w.Counted)
		if err != nil {
			return err
		}
	}
	return nil
}

// DownloadStats counts a show's (or one of its episodes') downloads in
// [q.From, q.To) by q.By.
func (st *Store) DownloadStats(ctx context.Context, q catalog.StatsQuery) ([]catalog.StatsRow, error) {
	col, ok := map[string]string{catalog.StatsByDay: "day", catalog.StatsByEpisode: "episode_id", catalog.StatsByApp: "app"}[q.By]
	if !ok {
		return nil, catalog.Invalidf("stats by %q: want day, episode or app", q.By)
	}
	rows, err := st.r.QueryContext(ctx, `SELECT `+col+`, count(*) FROM downloads
		WHERE show_id = ? AND at >= ? AND at < ? AND (? = '' OR episode_id = ?) GROUP BY 1 ORDER BY 1`,
		q.ShowID, dbTime(norm(q.From)), dbTime(norm(q.To)), q.EpisodeID, q.EpisodeID)
	if err != nil {
		return nil, fmt.Errorf("sqlite: download stats: %w", err)
	}
	defer rows.Close()
	out := []catalog.StatsRow{}
	for rows.Next() {
		var r catalog.StatsRow
		if err := rows.Scan(&r.Key, &r.Count); err != nil {
			return nil, fmt.Errorf("sqlite: download stats: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: download stats: %w", err)
	}
	return out, nil
}
