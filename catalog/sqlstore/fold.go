package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// FoldRangeEvents implements catalog.DownloadStore. Where the dialect has
// a FoldLock (PostgreSQL: an advisory lock per schema), a node that does
// not get it returns 0 at once, leaving the events to the node that holds
// it; on SQLite, one writer, the write transaction is the lock. Either way
// counting is done once however many nodes run.
func (st *Store) FoldRangeEvents(ctx context.Context, limit int, expireBefore time.Time, fold catalog.DownloadFolder) (int, error) {
	var n int
	err := st.write(ctx, func(tx conn) error {
		n = 0
		if st.d.FoldLock != "" {
			var locked bool
			if err := tx.row(ctx, st.d.FoldLock).Scan(&locked); err != nil || !locked {
				return err
			}
		}
		evs, err := pendingEvents(ctx, tx, limit)
		if err != nil {
			return err
		}
		n = len(evs)
		f := &windowSet{st: st, tx: tx, ctx: ctx, open: map[windowKey]*catalog.ListenerWindow{}, moved: map[windowKey]bool{}}
		if err := f.prefetch(evs); err != nil {
			return err
		}
		ids := make([]int64, 0, len(evs))
		for i := range evs {
			ev := &evs[i]
			ids = append(ids, ev.ID)
			w := f.find(ev)
			if d := fold(ev, w); d != nil {
				_, err := tx.exec(ctx, `INSERT INTO downloads (episode_id, show_id, app, at, day, subscriber_id) VALUES (?, ?, ?, ?, ?, ?)`,
					d.EpisodeID, d.ShowID, d.App, st.dbTime(d.At), d.At.UTC().Format(time.DateOnly), d.SubscriberID)
				if err != nil {
					return err
				}
			}
			f.open[windowKey{w.Listener, w.EpisodeID}] = w
		}
		for start := 0; start < len(ids); start += batch {
			in, args := anyOf(st.d, "id", ids[start:min(start+batch, len(ids))])
			if _, err := tx.exec(ctx, `DELETE FROM range_events WHERE `+in, args...); err != nil {
				return err
			}
		}
		if err := f.save(); err != nil {
			return err
		}
		_, err = tx.exec(ctx, `DELETE FROM listener_windows WHERE start < ?`, st.dbTime(expireBefore))
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("sqlstore: fold range events: %w", err)
	}
	return n, nil
}

func pendingEvents(ctx context.Context, tx conn, limit int) ([]catalog.RangeEvent, error) {
	rows, err := tx.query(ctx, `SELECT id, episode_id, show_id, listener, prev_listener, app,
		start_byte, end_byte, audio_start, need, at, subscriber_id FROM range_events ORDER BY at, id LIMIT ?`, limit)
	return collect(rows, err, func(r rowScanner) (e catalog.RangeEvent, err error) {
		return e, r.Scan(&e.ID, &e.EpisodeID, &e.ShowID, &e.Listener, &e.PrevListener, &e.App,
			&e.Start, &e.End, &e.AudioStart, &e.Need, timeCol(&e.At), &e.SubscriberID)
	})
}

type windowKey struct{ listener, episode string }

// windowSet holds the windows one fold touches, read in a few queries and
// written back in a few statements, so a batch costs a few round trips
// however many listeners it has.
type windowSet struct {
	st     *Store
	ctx    context.Context
	tx     conn
	stored map[windowKey]*catalog.ListenerWindow // read, not yet taken
	open   map[windowKey]*catalog.ListenerWindow
	moved  map[windowKey]bool // found under a previous listener id
}

// prefetch reads every stored window the events may need: those of their
// listeners (by the primary key's first column), kept when the episode
// matches too.
func (f *windowSet) prefetch(evs []catalog.RangeEvent) error {
	want, seen := map[windowKey]bool{}, map[string]bool{}
	var ls []string
	for _, ev := range evs {
		for _, l := range []string{ev.Listener, ev.PrevListener} {
			if l == "" {
				continue
			}
			want[windowKey{l, ev.EpisodeID}] = true
			if !seen[l] {
				seen[l] = true
				ls = append(ls, l)
			}
		}
	}
	f.stored = map[windowKey]*catalog.ListenerWindow{}
	for start := 0; start < len(ls); start += batch {
		in, args := anyOf(f.st.d, "listener", ls[start:min(start+batch, len(ls))])
		rows, err := f.tx.query(f.ctx, `SELECT listener, episode_id, start, ranges, counted
			FROM listener_windows WHERE `+in, args...)
		err = each(rows, err, func(r rowScanner) error {
			w := &catalog.ListenerWindow{}
			if err := r.Scan(&w.Listener, &w.EpisodeID, timeCol(&w.Start), jsonCol(&w.Ranges), &w.Counted); err != nil {
				return err
			}
			if k := (windowKey{w.Listener, w.EpisodeID}); want[k] {
				f.stored[k] = w
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// find returns ev's window: under ev.Listener, else ev.PrevListener, else
// a new zero one.
func (f *windowSet) find(ev *catalog.RangeEvent) *catalog.ListenerWindow {
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
			w = f.stored[k]
			delete(f.stored, k)
		}
		if w != nil {
			if l != ev.Listener {
				delete(f.open, k)
				f.moved[k] = true
			}
			return w
		}
	}
	return &catalog.ListenerWindow{}
}

// save deletes the windows that moved to a new listener id and writes the
// open ones.
func (f *windowSet) save() error {
	for k := range f.moved {
		if _, ok := f.open[k]; ok {
			continue
		}
		if _, err := f.tx.exec(f.ctx, `DELETE FROM listener_windows WHERE listener = ? AND episode_id = ?`, k.listener, k.episode); err != nil {
			return err
		}
	}
	var rows []*catalog.ListenerWindow
	for _, w := range f.open {
		rows = append(rows, w)
	}
	for start := 0; start < len(rows); start += batch / 5 {
		part := rows[start:min(start+batch/5, len(rows))]
		args := make([]any, 0, 5*len(part))
		for _, w := range part {
			ranges, err := dbJSON(w.Ranges)
			if err != nil {
				return err
			}
			args = append(args, w.Listener, w.EpisodeID, f.st.dbTime(w.Start), ranges, w.Counted)
		}
		_, err := f.tx.exec(f.ctx, `INSERT INTO listener_windows (listener, episode_id, start, ranges, counted)
			VALUES `+rowMarks(len(part), 5)+`
			ON CONFLICT (listener, episode_id) DO UPDATE SET start = excluded.start, ranges = excluded.ranges, counted = excluded.counted`,
			args...)
		if err != nil {
			return err
		}
	}
	return nil
}
