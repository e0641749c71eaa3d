package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// currentSlug reads the show's slug inside tx before UpdateShow changes
// it; ErrNotFound when there is no such show. It locks the show's row
// where the dialect locks, so two renames of one show on two nodes take
// turns.
func (st *Store) currentSlug(ctx context.Context, tx conn, showID string) (string, error) {
	var cur string
	err := tx.row(ctx, `SELECT slug FROM shows WHERE id = ?`+st.d.ForUpdate, showID).Scan(&cur)
	return cur, notFound(err)
}

// moveSlug records, inside tx, that the show left slug from for slug to:
// from becomes an old slug, to the current one. A slug another show has or
// had is ErrConflict; an old slug of this show becomes current again. The
// shows row is written first, in the order CreateShow writes, so that
// writers racing for a slug never wait on each other in a circle.
func (st *Store) moveSlug(ctx context.Context, tx conn, showID, from, to string, now time.Time) error {
	if from == to {
		return nil
	}
	// The row of a slug held by another show is left alone, and then no
	// row is changed.
	err := mustAffect(tx.exec(ctx, `INSERT INTO show_slugs (slug, show_id) VALUES (?, ?)
		ON CONFLICT (slug) DO UPDATE SET retired_at = NULL WHERE show_slugs.show_id = excluded.show_id`,
		to, showID))
	if errors.Is(err, catalog.ErrNotFound) {
		return fmt.Errorf("show_slugs.slug %s is another show's: %w", to, catalog.ErrConflict)
	}
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO show_slugs (slug, show_id, retired_at) VALUES (?, ?, ?)
		ON CONFLICT (slug) DO UPDATE SET retired_at = excluded.retired_at`, from, showID, st.dbTime(now))
	return err
}

// ShowByOldSlug returns the show that had slug before a rename.
func (st *Store) ShowByOldSlug(ctx context.Context, slug string) (*catalog.Show, error) {
	s, err := scanShow(st.r.row(ctx, `SELECT `+showCols+` FROM shows
		WHERE id = (SELECT show_id FROM show_slugs WHERE slug = ? AND retired_at IS NOT NULL)`, slug))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: show with old slug %s: %w", slug, notFound(err))
	}
	return s, nil
}

// OldSlugs returns the slugs the show had before, the one it left last first.
func (st *Store) OldSlugs(ctx context.Context, showID string) ([]catalog.OldSlug, error) {
	rows, err := st.r.query(ctx, `SELECT slug, retired_at FROM show_slugs
		WHERE show_id = ? AND retired_at IS NOT NULL ORDER BY retired_at DESC, slug`, showID)
	out, err := collect(rows, err, func(r rowScanner) (o catalog.OldSlug, err error) {
		return o, r.Scan(&o.Slug, timeCol(&o.RetiredAt))
	})
	if err != nil {
		return nil, fmt.Errorf("sqlstore: old slugs of %s: %w", showID, err)
	}
	return out, nil
}

// AddOldSlug records o as a slug the show had.
func (st *Store) AddOldSlug(ctx context.Context, showID string, o catalog.OldSlug) error {
	at := o.RetiredAt
	if at.IsZero() {
		at = time.Now()
	}
	err := st.write(ctx, func(tx conn) error {
		var owner string
		if err := tx.row(ctx, `SELECT id FROM shows WHERE id = ?`, showID).Scan(&owner); err != nil {
			return err
		}
		_, err := tx.exec(ctx, `INSERT INTO show_slugs (slug, show_id, retired_at) VALUES (?, ?, ?)
			ON CONFLICT (slug) DO NOTHING`, o.Slug, showID, st.dbTime(at))
		if err != nil {
			return err
		}
		if err := tx.row(ctx, `SELECT show_id FROM show_slugs WHERE slug = ?`, o.Slug).Scan(&owner); err != nil {
			return err
		}
		if owner != showID {
			return fmt.Errorf("show_slugs.slug %s is another show's: %w", o.Slug, catalog.ErrConflict)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("sqlstore: add old slug %s to %s: %w", o.Slug, showID, notFound(err))
	}
	return nil
}

// ReleaseOldSlug frees an old slug of the show.
func (st *Store) ReleaseOldSlug(ctx context.Context, showID, slug string) error {
	err := mustAffect(st.w.exec(ctx, `DELETE FROM show_slugs
		WHERE slug = ? AND show_id = ? AND retired_at IS NOT NULL`, slug, showID))
	if err != nil {
		return fmt.Errorf("sqlstore: release old slug %s of %s: %w", slug, showID, err)
	}
	return nil
}
