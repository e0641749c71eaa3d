package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/onair-fm/onair/catalog"
)

// DownloadsAfter implements catalog.DownloadArchive.
func (st *Store) DownloadsAfter(ctx context.Context, after int64, limit int) ([]catalog.Download, error) {
	rows, err := st.pool.Query(ctx, `SELECT id, episode_id, show_id, app, at FROM downloads
		WHERE id > $1 ORDER BY id LIMIT $2`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: downloads after %d: %w", after, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (catalog.Download, error) {
		var d catalog.Download
		err := r.Scan(&d.ID, &d.EpisodeID, &d.ShowID, &d.App, &d.At)
		d.At = d.At.UTC()
		return d, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: downloads after %d: %w", after, err)
	}
	return out, nil
}

// ImportDownloads implements catalog.DownloadArchive. Rows that bring
// their own id bypass the id sequence, so it is moved past them at the end.
func (st *Store) ImportDownloads(ctx context.Context, ds []catalog.Download) error {
	err := pgx.BeginFunc(ctx, st.pool, func(tx pgx.Tx) error {
		for _, d := range ds {
			var err error
			if d.ID > 0 {
				_, err = tx.Exec(ctx, `INSERT INTO downloads (id, episode_id, show_id, app, at, day)
					VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
					d.ID, d.EpisodeID, d.ShowID, d.App, norm(d.At), d.At.UTC().Format(time.DateOnly))
			} else {
				_, err = tx.Exec(ctx, `INSERT INTO downloads (episode_id, show_id, app, at, day)
					VALUES ($1, $2, $3, $4, $5)`,
					d.EpisodeID, d.ShowID, d.App, norm(d.At), d.At.UTC().Format(time.DateOnly))
			}
			if err != nil {
				return err
			}
		}
		_, err := tx.Exec(ctx, `SELECT setval(pg_get_serial_sequence('downloads', 'id'), max(id))
			FROM downloads HAVING max(id) IS NOT NULL`)
		return err
	})
	if err != nil {
		return fmt.Errorf("postgres: import downloads: %w", err)
	}
	return nil
}
