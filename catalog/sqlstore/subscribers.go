package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/onair-fm/onair/catalog"
)

const subscriberCols = `id, show_id, email, name, external_id, expires_at, revoked, revoked_at,
	token_hash, sharing_suspected, created_at, updated_at, rotated_at`

// subscriberSelect reads subscribers with their show's members_version, in
// one statement and so one snapshot.
const subscriberSelect = `SELECT ` + subscriberCols + `,
	(SELECT members_version FROM shows WHERE shows.id = subscribers.show_id) FROM subscribers`

func scanSubscriber(r rowScanner) (*catalog.Subscriber, error) {
	var s catalog.Subscriber
	var ext sql.NullString
	err := r.Scan(&s.ID, &s.ShowID, &s.Email, &s.Name, &ext, timeCol(&s.ExpiresAt), &s.Revoked,
		timeCol(&s.RevokedAt), &s.TokenHash, &s.SharingSuspected, timeCol(&s.CreatedAt),
		timeCol(&s.UpdatedAt), timeCol(&s.RotatedAt), &s.MembersVersion)
	if err != nil {
		return nil, err
	}
	s.ExternalID = ext.String
	return &s, nil
}

// externalID is "" as NULL, so that any number of subscribers may have none.
func externalID(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// bumpMembers adds one to the show's MembersVersion inside tx and returns
// the new one.
func bumpMembers(ctx context.Context, tx conn, showID string) (int64, error) {
	var v int64
	err := tx.row(ctx, `UPDATE shows SET members_version = members_version + 1 WHERE id = ? RETURNING members_version`, showID).Scan(&v)
	return v, notFound(err)
}

// CreateSubscriber stores s, filling ID and timestamps, and bumps the
// show's MembersVersion.
func (st *Store) CreateSubscriber(ctx context.Context, s *catalog.Subscriber) error {
	if s.ID == "" {
		s.ID = catalog.NewID()
	}
	now := norm(time.Now())
	s.CreatedAt, s.UpdatedAt = now, now
	if s.RotatedAt.IsZero() {
		s.RotatedAt = now
	}
	s.RotatedAt, s.ExpiresAt, s.RevokedAt = norm(s.RotatedAt), norm(s.ExpiresAt), norm(s.RevokedAt)
	err := st.write(ctx, func(tx conn) error {
		v, err := bumpMembers(ctx, tx, s.ShowID)
		if err != nil {
			return fmt.Errorf("show %s: %w", s.ShowID, err)
		}
		s.MembersVersion = v
		_, err = tx.exec(ctx, `INSERT INTO subscribers (`+subscriberCols+`)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			s.ID, s.ShowID, s.Email, s.Name, externalID(s.ExternalID), st.dbTime(s.ExpiresAt),
			s.Revoked, st.dbTime(s.RevokedAt), s.TokenHash, s.SharingSuspected,
			st.dbTime(s.CreatedAt), st.dbTime(s.UpdatedAt), st.dbTime(s.RotatedAt))
		return st.conflict(err)
	})
	if err != nil {
		return fmt.Errorf("sqlstore: create subscriber %s: %w", s.ID, err)
	}
	return nil
}

// GetSubscriber returns the subscriber with this id.
func (st *Store) GetSubscriber(ctx context.Context, id string) (*catalog.Subscriber, error) {
	s, err := scanSubscriber(st.r.row(ctx, subscriberSelect+` WHERE id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: subscriber %s: %w", id, notFound(err))
	}
	return s, nil
}

// SubscriberByExternalID returns the show's subscriber with this external id.
func (st *Store) SubscriberByExternalID(ctx context.Context, showID, ext string) (*catalog.Subscriber, error) {
	if ext == "" {
		return nil, fmt.Errorf("sqlstore: subscriber without external id: %w", catalog.ErrNotFound)
	}
	s, err := scanSubscriber(st.r.row(ctx, subscriberSelect+` WHERE show_id = ? AND external_id = ?`, showID, ext))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: subscriber %q of show %s: %w", ext, showID, notFound(err))
	}
	return s, nil
}

// SubscriberByTokenHash finds the subscriber whose token has this hash.
func (st *Store) SubscriberByTokenHash(ctx context.Context, hash []byte) (*catalog.Subscriber, error) {
	s, err := scanSubscriber(st.r.row(ctx, subscriberSelect+` WHERE token_hash = ?`, hash))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: subscriber by token: %w", notFound(err))
	}
	return s, nil
}

func (st *Store) subscriberWhere(f catalog.SubscriberFilter) (string, []any) {
	w, args := ` WHERE show_id = ?`, []any{f.ShowID}
	if f.Query != "" {
		pat := "%" + likeEscaper.Replace(strings.ToLower(f.Query)) + "%"
		w += ` AND (` + st.d.Lower + `(email) LIKE ? ESCAPE '\' OR ` + st.d.Lower + `(name) LIKE ? ESCAPE '\' OR ` +
			st.d.Lower + `(coalesce(external_id, '')) LIKE ? ESCAPE '\')`
		args = append(args, pat, pat, pat)
	}
	return w, args
}

// ListSubscribers returns the subscribers f selects, oldest first.
func (st *Store) ListSubscribers(ctx context.Context, f catalog.SubscriberFilter) ([]*catalog.Subscriber, error) {
	w, args := st.subscriberWhere(f)
	q := subscriberSelect + w + ` ORDER BY created_at, id`
	if f.Limit > 0 || f.Offset > 0 {
		limit := int64(1 << 62)
		if f.Limit > 0 {
			limit = int64(f.Limit)
		}
		q += ` LIMIT ? OFFSET ?`
		args = append(args, limit, f.Offset)
	}
	rows, err := st.r.query(ctx, q, args...)
	out, err := collect(rows, err, scanSubscriber)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list subscribers: %w", err)
	}
	return out, nil
}

// CountSubscribers counts the subscribers f selects, ignoring Limit and Offset.
func (st *Store) CountSubscribers(ctx context.Context, f catalog.SubscriberFilter) (int, error) {
	w, args := st.subscriberWhere(f)
	var n int
	if err := st.r.row(ctx, `SELECT count(*) FROM subscribers`+w, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("sqlstore: count subscribers: %w", err)
	}
	return n, nil
}

// UpdateSubscriber writes every field of s but ID, ShowID and CreatedAt,
// sets UpdatedAt and bumps the show's MembersVersion.
func (st *Store) UpdateSubscriber(ctx context.Context, s *catalog.Subscriber) error {
	now := norm(time.Now())
	s.RotatedAt, s.ExpiresAt, s.RevokedAt = norm(s.RotatedAt), norm(s.ExpiresAt), norm(s.RevokedAt)
	err := st.write(ctx, func(tx conn) error {
		var showID string
		err := tx.row(ctx, `UPDATE subscribers SET email = ?, name = ?, external_id = ?, expires_at = ?,
			revoked = ?, revoked_at = ?, token_hash = ?, sharing_suspected = ?, updated_at = ?,
			rotated_at = ? WHERE id = ? RETURNING show_id`,
			s.Email, s.Name, externalID(s.ExternalID), st.dbTime(s.ExpiresAt), s.Revoked,
			st.dbTime(s.RevokedAt), s.TokenHash, s.SharingSuspected, st.dbTime(now),
			st.dbTime(s.RotatedAt), s.ID).Scan(&showID)
		if err != nil {
			return st.conflict(notFound(err))
		}
		s.MembersVersion, err = bumpMembers(ctx, tx, showID)
		return err
	})
	if err != nil {
		return fmt.Errorf("sqlstore: update subscriber %s: %w", s.ID, err)
	}
	s.UpdatedAt = now
	return nil
}

// RecordSubscriberFetch stores f unless it is stored already, and returns
// how many distinct networks and agents fetched the feed that day.
func (st *Store) RecordSubscriberFetch(ctx context.Context, f catalog.SubscriberFetch) (networks, agents int, err error) {
	err = st.write(ctx, func(tx conn) error {
		_, err := tx.exec(ctx, `INSERT INTO subscriber_fetches (subscriber_id, day, network, agent)
			VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`, f.SubscriberID, f.Day, f.Network, f.Agent)
		if err != nil {
			return st.foreignKey(err, "subscriber")
		}
		return tx.row(ctx, `SELECT count(DISTINCT network), count(DISTINCT agent) FROM subscriber_fetches
			WHERE subscriber_id = ? AND day = ?`, f.SubscriberID, f.Day).Scan(&networks, &agents)
	})
	if err != nil {
		return 0, 0, fmt.Errorf("sqlstore: record fetch of subscriber %s: %w", f.SubscriberID, err)
	}
	return networks, agents, nil
}

// SubscriberDownloads counts downloads made through each of the show's
// subscribers' private feeds in [from, to), by subscriber id.
func (st *Store) SubscriberDownloads(ctx context.Context, showID string, from, to time.Time) (map[string]int, error) {
	rows, err := st.r.query(ctx, `SELECT subscriber_id, count(*) FROM downloads
		WHERE show_id = ? AND subscriber_id <> '' AND at >= ? AND at < ? GROUP BY subscriber_id`,
		showID, st.dbTime(from), st.dbTime(to))
	out := map[string]int{}
	err = each(rows, err, func(r rowScanner) error {
		var id string
		var n int
		err := r.Scan(&id, &n)
		out[id] = n
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqlstore: downloads by subscriber of show %s: %w", showID, err)
	}
	return out, nil
}
