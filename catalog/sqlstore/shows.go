package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/onair-fm/onair/catalog"
)

const showCols = `id, slug, title, description, author, owner_name, owner_email, language,
	categories, explicit, type, link, copyright, locked, block, complete, new_feed_url,
	funding, persons, guid, version, artwork_key, artwork_mime, created_at, updated_at, ` + showNetCols + `, chapter_timestamps,
	members_version`

func scanShow(r rowScanner) (*catalog.Show, error) {
	var s catalog.Show
	dest := append([]any{&s.ID, &s.Slug, &s.Title, &s.Description, &s.Author, &s.OwnerName, &s.OwnerEmail,
		&s.Language, jsonCol(&s.Categories), &s.Explicit, &s.Type, &s.Link, &s.Copyright,
		&s.Locked, &s.Block, &s.Complete, &s.NewFeedURL, jsonCol(&s.Funding),
		jsonCol(&s.Persons), &s.GUID, &s.Version, &s.ArtworkKey, &s.ArtworkMIME,
		timeCol(&s.CreatedAt), timeCol(&s.UpdatedAt)}, showNetDest(&s)...)
	dest = append(dest, &s.ChapterTimestamps, &s.MembersVersion)
	err := r.Scan(dest...)
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
		return fmt.Errorf("sqlstore: create show %s: %w", s.Slug, err)
	}
	net, err := st.showNetArgs(s)
	if err != nil {
		return fmt.Errorf("sqlstore: create show %s: %w", s.Slug, err)
	}
	net = append(net, s.ChapterTimestamps, s.MembersVersion)
	err = st.write(ctx, func(tx conn) error {
		_, err := tx.exec(ctx, `INSERT INTO shows (`+showCols+`)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, `+showNetPlaces+`, ?, ?)`,
			append([]any{s.ID, s.Slug, s.Title, s.Description, s.Author, s.OwnerName, s.OwnerEmail, s.Language,
				cats, s.Explicit, s.Type, s.Link, s.Copyright, s.Locked, s.Block, s.Complete, s.NewFeedURL,
				funding, persons, s.GUID, s.Version, s.ArtworkKey, s.ArtworkMIME,
				st.dbTime(s.CreatedAt), st.dbTime(s.UpdatedAt)}, net...)...)
		if err != nil {
			return err
		}
		// Another show's old slug is taken too: the primary key says so.
		_, err = tx.exec(ctx, `INSERT INTO show_slugs (slug, show_id) VALUES (?, ?)`, s.Slug, s.ID)
		return err
	})
	if err != nil {
		return fmt.Errorf("sqlstore: create show %s: %w", s.Slug, st.conflict(err))
	}
	return nil
}

// GetShow returns the show with this slug.
func (st *Store) GetShow(ctx context.Context, slug string) (*catalog.Show, error) {
	s, err := scanShow(st.r.row(ctx, `SELECT `+showCols+` FROM shows WHERE slug = ?`, slug))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: show %s: %w", slug, notFound(err))
	}
	return s, nil
}

// GetShowByID returns the show with this id.
func (st *Store) GetShowByID(ctx context.Context, id string) (*catalog.Show, error) {
	s, err := scanShow(st.r.row(ctx, `SELECT `+showCols+` FROM shows WHERE id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: show %s: %w", id, notFound(err))
	}
	return s, nil
}

// ListShows returns every show, ordered by title.
func (st *Store) ListShows(ctx context.Context) ([]*catalog.Show, error) {
	rows, err := st.r.query(ctx, `SELECT `+showCols+` FROM shows ORDER BY title, id`)
	out, err := collect(rows, err, scanShow)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list shows: %w", err)
	}
	return out, nil
}

// UpdateShow writes every field of s but ID, GUID and CreatedAt, bumping
// Version and UpdatedAt (and setting them in s).
func (st *Store) UpdateShow(ctx context.Context, s *catalog.Show) error {
	cats, funding, persons, err := showLists(s)
	if err != nil {
		return fmt.Errorf("sqlstore: update show %s: %w", s.ID, err)
	}
	net, err := st.showNetArgs(s)
	if err != nil {
		return fmt.Errorf("sqlstore: update show %s: %w", s.ID, err)
	}
	net = append(net, s.ChapterTimestamps)
	now := norm(time.Now())
	var version int64
	err = st.write(ctx, func(tx conn) error {
		from, err := st.currentSlug(ctx, tx, s.ID)
		if err != nil {
			return err
		}
		err = tx.row(ctx, `UPDATE shows SET slug = ?, title = ?, description = ?, author = ?,
			owner_name = ?, owner_email = ?, language = ?, categories = ?, explicit = ?, type = ?,
			link = ?, copyright = ?, locked = ?, block = ?, complete = ?, new_feed_url = ?,
			funding = ?, persons = ?, artwork_key = ?, artwork_mime = ?, updated_at = ?,
			`+showNetSet+`, chapter_timestamps = ?, version = version + 1
			WHERE id = ? RETURNING version`,
			append(append([]any{s.Slug, s.Title, s.Description, s.Author, s.OwnerName, s.OwnerEmail, s.Language,
				cats, s.Explicit, s.Type, s.Link, s.Copyright, s.Locked, s.Block, s.Complete,
				s.NewFeedURL, funding, persons, s.ArtworkKey, s.ArtworkMIME, st.dbTime(now)}, net...), s.ID)...).Scan(&version)
		if err != nil {
			return err
		}
		return st.moveSlug(ctx, tx, s.ID, from, s.Slug, now)
	})
	if err != nil {
		return fmt.Errorf("sqlstore: update show %s: %w", s.ID, notFound(st.conflict(err)))
	}
	s.Version, s.UpdatedAt = version, now
	return nil
}

// DeleteShow removes the show; its episodes and their article links go
// with it (ON DELETE CASCADE).
func (st *Store) DeleteShow(ctx context.Context, id string) error {
	err := mustAffect(st.w.exec(ctx, `DELETE FROM shows WHERE id = ?`, id))
	if err != nil {
		return fmt.Errorf("sqlstore: delete show %s: %w", id, err)
	}
	return nil
}

// bumpShow adds one to the show's Version inside tx; ErrNotFound if there
// is no such show.
func bumpShow(ctx context.Context, tx conn, showID string) error {
	return mustAffect(tx.exec(ctx, `UPDATE shows SET version = version + 1 WHERE id = ?`, showID))
}
