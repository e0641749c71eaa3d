package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/onair-fm/onair/catalog"
)

const importCols = `id, feed_url, show_slug, options, state, report, error, created_at, updated_at, finished_at`

func scanImport(r rowScanner) (*catalog.Import, error) {
	var im catalog.Import
	var opts string
	var report []byte
	if err := r.Scan(&im.ID, &im.FeedURL, &im.ShowSlug, &opts, &im.State, &report, &im.Error,
		timeCol(&im.CreatedAt), timeCol(&im.UpdatedAt), timeCol(&im.FinishedAt)); err != nil {
		return nil, err
	}
	im.Options = []byte(opts)
	if report != nil {
		im.Report = append([]byte(nil), report...)
	}
	return &im, nil
}

// nullText is b as a text column: NULL when nil.
func nullText(b []byte) any {
	if b == nil {
		return nil
	}
	return string(b)
}

// CreateImport implements catalog.ImportStore.
func (st *Store) CreateImport(ctx context.Context, im *catalog.Import) error {
	if im.ID == "" {
		im.ID = catalog.NewID()
	}
	now := norm(time.Now())
	im.CreatedAt, im.UpdatedAt = now, now
	if im.Options == nil {
		im.Options = []byte("{}")
	}
	_, err := st.w.exec(ctx, `INSERT INTO imports (`+importCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		im.ID, im.FeedURL, im.ShowSlug, string(im.Options), im.State, nullText(im.Report), im.Error,
		st.dbTime(now), st.dbTime(now), st.dbTime(im.FinishedAt))
	if err != nil {
		return fmt.Errorf("sqlstore: create import: %w", st.conflict(err))
	}
	return nil
}

// GetImport implements catalog.ImportStore.
func (st *Store) GetImport(ctx context.Context, id string) (*catalog.Import, error) {
	im, err := scanImport(st.r.row(ctx, `SELECT `+importCols+` FROM imports WHERE id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: get import %s: %w", id, notFound(err))
	}
	return im, nil
}

// UpdateImport implements catalog.ImportStore.
func (st *Store) UpdateImport(ctx context.Context, im *catalog.Import) error {
	im.UpdatedAt = norm(time.Now())
	im.FinishedAt = norm(im.FinishedAt)
	err := mustAffect(st.w.exec(ctx, `UPDATE imports SET state = ?, report = ?, error = ?, updated_at = ?, finished_at = ? WHERE id = ?`,
		im.State, nullText(im.Report), im.Error, st.dbTime(im.UpdatedAt), st.dbTime(im.FinishedAt), im.ID))
	if err != nil {
		return fmt.Errorf("sqlstore: update import %s: %w", im.ID, err)
	}
	return nil
}

// ListImports implements catalog.ImportStore.
func (st *Store) ListImports(ctx context.Context, limit int) ([]*catalog.Import, error) {
	if limit <= 0 {
		limit = 50
	}
	rows, err := st.r.query(ctx, `SELECT `+importCols+` FROM imports ORDER BY created_at DESC, id DESC LIMIT ?`, limit)
	out, err := collect(rows, err, scanImport)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list imports: %w", err)
	}
	return out, nil
}

const sourceCols = `show_id, feed_url, every_s, last_run_at, last_import_id, etag, last_modified`

func scanSource(r rowScanner) (*catalog.ShowSource, error) {
	var s catalog.ShowSource
	var every int64
	if err := r.Scan(&s.ShowID, &s.FeedURL, &every, timeCol(&s.LastRunAt), &s.LastImportID, &s.ETag, &s.LastModified); err != nil {
		return nil, err
	}
	s.Every = time.Duration(every) * time.Second
	return &s, nil
}

// SetShowSource implements catalog.ImportStore.
func (st *Store) SetShowSource(ctx context.Context, s *catalog.ShowSource) error {
	s.LastRunAt = norm(s.LastRunAt)
	_, err := st.w.exec(ctx, `INSERT INTO show_sources (`+sourceCols+`) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (show_id) DO UPDATE SET feed_url = excluded.feed_url, every_s = excluded.every_s,
		last_run_at = excluded.last_run_at, last_import_id = excluded.last_import_id,
		etag = excluded.etag, last_modified = excluded.last_modified`,
		s.ShowID, s.FeedURL, int64(s.Every/time.Second), st.dbTime(s.LastRunAt), s.LastImportID, s.ETag, s.LastModified)
	if err != nil {
		return fmt.Errorf("sqlstore: set show source %s: %w", s.ShowID, st.foreignKey(err, "show"))
	}
	return nil
}

// GetShowSource implements catalog.ImportStore.
func (st *Store) GetShowSource(ctx context.Context, showID string) (*catalog.ShowSource, error) {
	s, err := scanSource(st.r.row(ctx, `SELECT `+sourceCols+` FROM show_sources WHERE show_id = ?`, showID))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: get show source %s: %w", showID, notFound(err))
	}
	return s, nil
}

// ListShowSources implements catalog.ImportStore.
func (st *Store) ListShowSources(ctx context.Context) ([]*catalog.ShowSource, error) {
	rows, err := st.r.query(ctx, `SELECT `+sourceCols+` FROM show_sources ORDER BY show_id`)
	out, err := collect(rows, err, scanSource)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list show sources: %w", err)
	}
	return out, nil
}

// DeleteShowSource implements catalog.ImportStore.
func (st *Store) DeleteShowSource(ctx context.Context, showID string) error {
	err := mustAffect(st.w.exec(ctx, `DELETE FROM show_sources WHERE show_id = ?`, showID))
	if err != nil {
		return fmt.Errorf("sqlstore: delete show source %s: %w", showID, err)
	}
	return nil
}
