package postgres

import (
	"context"
	"crypto/rand"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/onair-fm/onair/catalog"
)

// AnalyticsSecret returns the stored secret, creating it on first use; the
// first node to ask decides it for all.
func (st *Store) AnalyticsSecret(ctx context.Context) ([]byte, error) {
	fresh := make([]byte, 32)
	rand.Read(fresh)
	var secret []byte
	err := st.write(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO analytics_secret (id, secret) VALUES (1, $1) ON CONFLICT (id) DO NOTHING`, fresh); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `SELECT secret FROM analytics_secret WHERE id = 1`).Scan(&secret)
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: analytics secret: %w", err)
	}
	return secret, nil
}

// AppendRangeEvents stores evs with one COPY.
func (st *Store) AppendRangeEvents(ctx context.Context, evs []catalog.RangeEvent) error {
	if len(evs) == 0 {
		return nil
	}
	_, err := st.pool.CopyFrom(ctx, pgx.Identifier{"range_events"},
		[]string{"episode_id", "show_id", "listener", "prev_listener", "app", "start_byte", "end_byte", "audio_start", "need", "at"},
		pgx.CopyFromSlice(len(evs), func(i int) ([]any, error) {
			e := &evs[i]
			return []any{e.EpisodeID, e.ShowID, e.Listener, e.PrevListener, e.App, e.Start, e.End, e.AudioStart, e.Need, norm(e.At)}, nil
		}))
	if err != nil {
		return fmt.Errorf("postgres: append %d range events: %w", len(evs), err)
	}
	return nil
}

// FoldRangeEvents implements catalog.DownloadStore. The transaction first
// takes an advisory lock (per schema); a node that does not get it returns
// 0 at once, leaving the events to the node that holds it, so counting is
// done once however many nodes run.
func (st *Store) FoldRangeEvents(ctx context.Context, limit int, expireBefore time.Time, fold catalog.DownloadFolder) (int, error) {
	var n int
	err := st.write(ctx, func(tx pgx.Tx) error {
		n = 0
		var locked bool
		err := tx.QueryRow(ctx, `SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || ':onair downloads'))`).Scan(&locked)
		if err != nil || !locked {
			return err
		}
		evs, err := pendingEvents(ctx, tx, limit)
		if err != nil {
			return err
		}
		n = len(evs)
		f := &windowSet{tx: tx, ctx: ctx, open: map[windowKey]*catalog.ListenerWindow{}, moved: map[windowKey]bool{}}
		if err := f.prefetch(evs); err != nil {
			return err
		}
		ids := make([]int64, 0, len(evs))
		for i := range evs {
			ev := &evs[i]
			ids = append(ids, ev.ID)
			w, err := f.find(ev)
			if err != nil {
				return err
			}
			if d := fold(ev, w); d != nil {
				_, err := tx.Exec(ctx, `INSERT INTO downloads (episode_id, show_id, app, at, day) VALUES ($1, $2, $3, $4, $5)`,
					d.EpisodeID, d.ShowID, d.App, norm(d.At), d.At.UTC().Format(time.DateOnly))
				if err != nil {
					return err
				}
			}
			f.open[windowKey{w.Listener, w.EpisodeID}] = w
		}
		if _, err := tx.Exec(ctx, `DELETE FROM range_events WHERE id = ANY($1)`, ids); err != nil {
			return err
		}
		if err := f.save(); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `DELETE FROM listener_windows WHERE start < $1`, norm(expireBefore))
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("postgres: fold range events: %w", err)
	}
	return n, nil
}

func pendingEvents(ctx context.Context, tx pgx.Tx, limit int) ([]catalog.RangeEvent, error) {
	rows, err := tx.Query(ctx, `SELECT id, episode_id, show_id, listener, prev_listener, app,
		start_byte, end_byte, audio_start, need, at FROM range_events ORDER BY at, id LIMIT $1`, limit)
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

// windowSet holds the windows one fold touches, read in one query and
// written back in one statement, so a batch costs a few round trips
// however many listeners it has.
type windowSet struct {
	ctx    context.Context
	tx     pgx.Tx
	stored map[windowKey]*catalog.ListenerWindow // read, not yet taken
	open   map[windowKey]*catalog.ListenerWindow
	moved  map[windowKey]bool // found under a previous listener id
}

// prefetch reads every stored window the events may need.
func (f *windowSet) prefetch(evs []catalog.RangeEvent) error {
	var ls, eps []string
	for _, ev := range evs {
		ls, eps = append(ls, ev.Listener), append(eps, ev.EpisodeID)
		if ev.PrevListener != "" {
			ls, eps = append(ls, ev.PrevListener), append(eps, ev.EpisodeID)
		}
	}
	rows, err := f.tx.Query(f.ctx, `SELECT w.listener, w.episode_id, w.start, w.ranges, w.counted
		FROM listener_windows w JOIN unnest($1::text[], $2::text[]) AS k(listener, episode_id)
		ON w.listener = k.listener AND w.episode_id = k.episode_id`, ls, eps)
	if err != nil {
		return err
	}
	defer rows.Close()
	f.stored = map[windowKey]*catalog.ListenerWindow{}
	for rows.Next() {
		w := &catalog.ListenerWindow{}
		if err := rows.Scan(&w.Listener, &w.EpisodeID, timeCol(&w.Start), jsonCol(&w.Ranges), &w.Counted); err != nil {
			return err
		}
		f.stored[windowKey{w.Listener, w.EpisodeID}] = w
	}
	return rows.Err()
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

// load takes a prefetched window; nil when none is stored.
func (f *windowSet) load(k windowKey) (*catalog.ListenerWindow, error) {
	w := f.stored[k]
	delete(f.stored, k)
	return w, nil
}

func (f *windowSet) save() error {
	for k := range f.moved {
		if _, ok := f.open[k]; ok {
			continue
		}
		if _, err := f.tx.Exec(f.ctx, `DELETE FROM listener_windows WHERE listener = $1 AND episode_id = $2`, k.listener, k.episode); err != nil {
			return err
		}
	}
	var ls, eps, ranges []string
	var starts []time.Time
	var counted []bool
	for _, w := range f.open {
		r, err := dbJSON(w.Ranges)
		if err != nil {
			return err
		}
		ls, eps, ranges = append(ls, w.Listener), append(eps, w.EpisodeID), append(ranges, r)
		starts, counted = append(starts, norm(w.Start)), append(counted, w.Counted)
	}
	_, err := f.tx.Exec(f.ctx, `INSERT INTO listener_windows (listener, episode_id, start, ranges, counted)
		SELECT l, e, s, r::jsonb, c FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::boolean[]) AS w(l, e, s, r, c)
		ON CONFLICT (listener, episode_id) DO UPDATE SET start = excluded.start, ranges = excluded.ranges, counted = excluded.counted`,
		ls, eps, starts, ranges, counted)
	return err
}

// DownloadStats counts a show's (or one of its episodes') downloads in
// [q.From, q.To) by q.By.
func (st *Store) DownloadStats(ctx context.Context, q catalog.StatsQuery) ([]catalog.StatsRow, error) {
	col, ok := map[string]string{catalog.StatsByDay: "day", catalog.StatsByEpisode: "episode_id", catalog.StatsByApp: "app"}[q.By]
	if !ok {
		return nil, catalog.Invalidf("stats by %q: want day, episode or app", q.By)
	}
	rows, err := st.pool.Query(ctx, `SELECT `+col+`, count(*) FROM downloads
		WHERE show_id = $1 AND at >= $2 AND at < $3 AND ($4::text = '' OR episode_id = $4) GROUP BY 1 ORDER BY 1`,
		q.ShowID, norm(q.From), norm(q.To), q.EpisodeID)
	if err != nil {
		return nil, fmt.Errorf("postgres: download stats: %w", err)
	}
	defer rows.Close()
	out := []catalog.StatsRow{}
	for rows.Next() {
		var r catalog.StatsRow
		if err := rows.Scan(&r.Key, &r.Count); err != nil {
			return nil, fmt.Errorf("postgres: download stats: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: download stats: %w", err)
	}
	return out, nil
}
