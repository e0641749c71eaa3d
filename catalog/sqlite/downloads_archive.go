package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// DownloadsAfter implements catalog.DownloadArchive.
func (st *Store) DownloadsAfter(ctx context.Context, after int64, limit int) ([]catalog.Download, error) {
	rows, err := st.r.QueryContext(ctx, `SELECT id, episode_id, show_id, app, at FROM downloads
		WHERE id > ? ORDER BY id LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: downloads after %d: %w", after, err)
	}
	defer rows.Close()
	var out []catalog.Download
	for rows.Next() {
		var d catalog.Download
		if err := rows.Scan(&d.ID, &d.EpisodeID, &d.ShowID, &d.App, timeCol(&d.At)); err != nil {
			return nil, fmt.Errorf("sqlite: downloads after %d: %w", after, err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: downloads after %d: %w", after, err)
	}
	return out, nil
}

// ImportDownloads implements catalog.DownloadArchive. AUTOINCREMENT keeps
// later ids above the imported ones by itself.
func (st *Store) ImportDownloads(ctx context.Context, ds []catalog.Download) error {
	err := st.write(ctx, func(tx *sql.Tx) error {
		for _, d := range ds {
			var id any
			if d.ID > 0 {
				id = d.ID
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO downloads (id, episode_id, show_id, app, at, day)
				VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
				id, d.EpisodeID, d.ShowID, d.App, dbTime(norm(d.At)), d.At.UTC().Format(time.DateOnly))
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("sqlite: import downloads: %w", err)
	}
	return nil
}
