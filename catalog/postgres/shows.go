package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/onair-fm/onair/catalog"
)

const showCols = `id, slug, title, description, author, owner_name, owner_email, language,
	categories, explicit, type, link, copyright, locked, block, complete, new_feed_url,
	funding, persons, guid, version, artwork_key, artwork_mime, created_at, updated_at`

func scanShow(r rowScanner) (*catalog.Show, error) {
	var s catalog.Show
	err := r.Scan(&s.ID, &s.Slug, &s.Title, &s.Description, &s.Author, &s.OwnerName, &s.OwnerEmail,
		&s.Language, jsonCol(&s.Categories), &s.Explicit, &s.Type, &s.Link, &s.Copyright,
		&s.Locked, &s.Block, &s.Complete, &s.NewFeedURL, jsonCol(&s.Funding),
		jsonCol(&s.Persons), &s.GUID, &s.Version, &s.ArtworkKey, &s.ArtworkMIME,
		timeCol(&s.CreatedAt), timeCol(&s.UpdatedAt))
	if err != nil {
		return nil, err
	}
	return &s, nil
}

// showLists encodes the show's JSON columns.
func showLists(s *catalog.Show) (cats, funding, persons string, err error) {
	if cats, err = dbJSON(s.Categories); err != nil {
		return
	}
	if funding, err = dbJSON(s.Funding); err != nil {
		return
	}
	persons, err = dbJSON(s.Persons)
	return
}

// CreateShow stores s, filling ID (when empty), Version and timestamps.
func (st *Store) CreateShow(ctx context.Context, s *catalog.Show) error {
	if s.ID == "" {
		s.ID = catalog.NewID()
	}
	now := norm(time.Now())
	if s.CreatedAt.IsZero() {
		s.CreatedAt = now
	}
	if s.UpdatedAt.IsZero() {
		s.UpdatedAt = now
	}
	s.CreatedAt, s.UpdatedAt = norm(s.CreatedAt), norm(s.UpdatedAt)
	if s.Version < 1 {
		s.Version = 1
	}
	cats, funding, persons, err := showLists(s)
	if err != nil {
		return fmt.Errorf("postgres: create show %s: %w", s.Slug, err)
	}
	err = st.write(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO shows (`+showCols+`)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)`,
			s.ID, s.Slug, s.Title, s.Description, s.Author, s.OwnerName, s.OwnerEmail, s.Language,
			cats, s.Explicit, s.Type, s.Link, s.Copyright, s.Locked, s.Block, s.Complete, s.NewFeedURL,
			funding, persons, s.GUID, s.Version, s.ArtworkKey, s.ArtworkMIME,
			dbTime(s.CreatedAt), dbTime(s.UpdatedAt))
		if err != nil {
			return err
		}
		// Another show's old slug is taken too: the primary key says so.
		_, err = tx.Exec(ctx, `INSERT INTO show_slugs (slug, show_id) VALUES ($1, $2)`, s.Slug, s.ID)
		return err
	})
	if err != nil {
		return fmt.Errorf("postgres: create show %s: %w", s.Slug, conflict(err))
	}
	return nil
}

// GetShow returns the show with this slug.
func (st *Store) GetShow(ctx context.Context, slug string) (*catalog.Show, error) {
	s, err := scanShow(st.pool.QueryRow(ctx, `SELECT `+showCols+` FROM shows WHERE slug = $1`, slug))
	if err != nil {
		return nil, fmt.Errorf("postgres: show %s: %w", slug, notFound(err))
	}
	return s, nil
}

// GetShowByID returns the show with this id.
func (st *Store) GetShowByID(ctx context.Context, id string) (*catalog.Show, error) {
	s, err := scanShow(st.pool.QueryRow(ctx, `SELECT `+showCols+` FROM shows WHERE id = $1`, id))
	if err != nil {
		return nil, fmt.Errorf("postgres: show %s: %w", id, notFound(err))
	}
	return s, nil
}

// ListShows returns every show, ordered by title.
func (st *Store) ListShows(ctx context.Context) ([]*catalog.Show, error) {
	rows, err := st.pool.Query(ctx, `SELECT `+showCols+` FROM shows ORDER BY title, id`)
	if err != nil {
		return nil, fmt.Errorf("postgres: list shows: %w", err)
	}
	defer rows.Close()
	var out []*catalog.Show
	for rows.Next() {
		s, err := scanShow(rows)
		if err != nil {
			return nil, fmt.Errorf("postgres: list shows: %w", err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: list shows: %w", err)
	}
	return out, nil
}

// UpdateShow writes every field of s but ID, GUID and CreatedAt, bumping
// Version and UpdatedAt (and setting them in s).
func (st *Store) UpdateShow(ctx context.Context, s *catalog.Show) error {
	cats, funding, persons, err := showLists(s)
	if err != nil {
		return fmt.Errorf("postgres: update show %s: %w", s.ID, err)
	}
	now := norm(time.Now())
	var version int64
	err = st.write(ctx, func(tx pgx.Tx) error {
		from, err := currentSlug(ctx, tx, s.ID)
		if err != nil {
			return err
		}
		err = tx.QueryRow(ctx, `UPDATE shows SET slug = $1, title = $2, description = $3, author = $4,
			owner_name = $5, owner_email = $6, language = $7, categories = $8, explicit = $9, type = $10,
			link = $11, copyright = $12, locked = $13, block = $14, complete = $15, new_feed_url = $16,
			funding = $17, persons = $18, artwork_key = $19, artwork_mime = $20, updated_at = $21,
			version = version + 1
			WHERE id = $22 RETURNING version`,
			s.Slug, s.Title, s.Description, s.Author, s.OwnerName, s.OwnerEmail, s.Language,
			cats, s.Explicit, s.Type, s.Link, s.Copyright, s.Locked, s.Block, s.Complete,
			s.NewFeedURL, funding, persons, s.ArtworkKey, s.ArtworkMIME, dbTime(now), s.ID).Scan(&version)
		if err != nil {
			return err
		}
		return moveSlug(ctx, tx, s.ID, from, s.Slug, now)
	})
	if err != nil {
		return fmt.Errorf("postgres: update show %s: %w", s.ID, notFound(conflict(err)))
	}
	s.Version, s.UpdatedAt = version, now
	return nil
}

// DeleteShow removes the show; its episodes and their article links go
// with it (ON DELETE CASCADE).
func (st *Store) DeleteShow(ctx context.Context, id string) error {
	err := mustAffect(st.pool.Exec(ctx, `DELETE FROM shows WHERE id = $1`, id))
	if err != nil {
		return fmt.Errorf("postgres: delete show %s: %w", id, err)
	}
	return nil
}

// bumpShow adds one to the show's Version inside tx; ErrNotFound if there
// is no such show.
func bumpShow(ctx context.Context, tx pgx.Tx, showID string) error {
	return mustAffect(tx.Exec(ctx, `UPDATE shows SET version = version + 1 WHERE id = $1`, showID))
}
