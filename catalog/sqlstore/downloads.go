package sqlstore

import (
	"context"
	"crypto/rand"
	"fmt"
	"strings"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// AnalyticsSecret returns the stored secret, creating it on first use; the
// first node to ask decides it for all.
func (st *Store) AnalyticsSecret(ctx context.Context) ([]byte, error) {
	fresh := make([]byte, 32)
	rand.Read(fresh)
	var secret []byte
	err := st.write(ctx, func(tx conn) error {
		_, err := tx.exec(ctx, `INSERT INTO analytics_secret (id, secret) VALUES (1, ?) ON CONFLICT (id) DO NOTHING`, fresh)
		if err != nil {
			return err
		}
		return tx.row(ctx, `SELECT secret FROM analytics_secret WHERE id = 1`).Scan(&secret)
	})
	if err != nil {
		return nil, fmt.Errorf("sqlstore: analytics secret: %w", err)
	}
	return secret, nil
}

// rangeEventCols are the columns AppendRangeEvents writes.
const rangeEventCols = `episode_id, show_id, listener, prev_listener, app, start_byte, end_byte, audio_start, need, at, subscriber_id`

// AppendRangeEvents stores evs in one transaction, many rows per INSERT.
func (st *Store) AppendRangeEvents(ctx context.Context, evs []catalog.RangeEvent) error {
	if len(evs) == 0 {
		return nil
	}
	err := st.write(ctx, func(tx conn) error {
		for start := 0; start < len(evs); start += batch / 5 {
			part := evs[start:min(start+batch/5, len(evs))]
			args := make([]any, 0, 11*len(part))
			for _, e := range part {
				args = append(args, e.EpisodeID, e.ShowID, e.Listener, e.PrevListener, e.App,
					e.Start, e.End, e.AudioStart, e.Need, st.dbTime(e.At), e.SubscriberID)
			}
			_, err := tx.exec(ctx, `INSERT INTO range_events (`+rangeEventCols+`) VALUES `+rowMarks(len(part), 11), args...)
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("sqlstore: append %d range events: %w", len(evs), err)
	}
	return nil
}

// rowMarks is the placeholders of n rows of cols values each:
// "(?, ?), (?, ?)".
func rowMarks(n, cols int) string {
	row := "(" + marks(cols) + ")"
	return strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
}

// DownloadStats counts a show's (or one of its episodes') downloads in
// [q.From, q.To) by q.By.
func (st *Store) DownloadStats(ctx context.Context, q catalog.StatsQuery) ([]catalog.StatsRow, error) {
	col, ok := map[string]string{catalog.StatsByDay: "day", catalog.StatsByEpisode: "episode_id", catalog.StatsByApp: "app",
		catalog.StatsByAudience: `CASE WHEN subscriber_id <> '' THEN 'members' ELSE 'public' END`}[q.By]
	if !ok {
		return nil, catalog.Invalidf("stats by %q: want day, episode, app or audience", q.By)
	}
	query := `SELECT ` + col + `, count(*) FROM downloads WHERE show_id = ? AND at >= ? AND at < ?`
	args := []any{q.ShowID, st.dbTime(q.From), st.dbTime(q.To)}
	if q.EpisodeID != "" {
		query += ` AND episode_id = ?`
		args = append(args, q.EpisodeID)
	}
	rows, err := st.r.query(ctx, query+` GROUP BY 1 ORDER BY 1`, args...)
	out, err := collect(rows, err, func(r rowScanner) (row catalog.StatsRow, err error) {
		return row, r.Scan(&row.Key, &row.Count)
	})
	if err != nil {
		return nil, fmt.Errorf("sqlstore: download stats: %w", err)
	}
	if out == nil {
		out = []catalog.StatsRow{}
	}
	return out, nil
}

// DownloadsAfter implements catalog.DownloadArchive.
func (st *Store) DownloadsAfter(ctx context.Context, after int64, limit int) ([]catalog.Download, error) {
	rows, err := st.r.query(ctx, `SELECT id, episode_id, show_id, app, at, subscriber_id FROM downloads
		WHERE id > ? ORDER BY id LIMIT ?`, after, limit)
	out, err := collect(rows, err, func(r rowScanner) (d catalog.Download, err error) {
		return d, r.Scan(&d.ID, &d.EpisodeID, &d.ShowID, &d.App, timeCol(&d.At), &d.SubscriberID)
	})
	if err != nil {
		return nil, fmt.Errorf("sqlstore: downloads after %d: %w", after, err)
	}
	return out, nil
}

// ImportDownloads implements catalog.DownloadArchive. A download that
// brings its own id keeps it (one already stored is skipped); the dialect's
// SyncDownloadIDs then keeps later ids above the imported ones.
func (st *Store) ImportDownloads(ctx context.Context, ds []catalog.Download) error {
	err := st.write(ctx, func(tx conn) error {
		for _, d := range ds {
			var err error
			day := d.At.UTC().Format(time.DateOnly)
			if d.ID > 0 {
				_, err = tx.exec(ctx, `INSERT INTO downloads (id, episode_id, show_id, app, at, day, subscriber_id)
					VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
					d.ID, d.EpisodeID, d.ShowID, d.App, st.dbTime(d.At), day, d.SubscriberID)
			} else {
				_, err = tx.exec(ctx, `INSERT INTO downloads (episode_id, show_id, app, at, day, subscriber_id)
					VALUES (?, ?, ?, ?, ?, ?)`, d.EpisodeID, d.ShowID, d.App, st.dbTime(d.At), day, d.SubscriberID)
			}
			if err != nil {
				return err
			}
		}
		if st.d.SyncDownloadIDs == "" {
			return nil
		}
		_, err := tx.exec(ctx, st.d.SyncDownloadIDs)
		return err
	})
	if err != nil {
		return fmt.Errorf("sqlstore: import downloads: %w", err)
	}
	return nil
}
