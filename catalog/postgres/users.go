package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/onair-fm/onair/catalog"
)

const userCols = `id, email, password_hash, role, created_at, updated_at`

func scanUser(r rowScanner) (*catalog.User, error) {
	var u catalog.User
	if err := r.Scan(&u.ID, &u.Email, &u.PasswordHash, &u.Role, timeCol(&u.CreatedAt), timeCol(&u.UpdatedAt)); err != nil {
		return nil, err
	}
	return &u, nil
}

// foreignKey turns a foreign key violation (an unknown show or user id)
// into catalog.ErrNotFound naming what; other errors pass to conflict.
func foreignKey(err error, what string) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23503" {
		return fmt.Errorf("unknown %s: %w", what, catalog.ErrNotFound)
	}
	return conflict(err)
}

// setUserShows replaces the user's shows inside tx.
func setUserShows(ctx context.Context, tx pgx.Tx, u *catalog.User) error {
	if _, err := tx.Exec(ctx, `DELETE FROM user_shows WHERE user_id = $1`, u.ID); err != nil {
		return err
	}
	for _, id := range u.ShowIDs {
		if _, err := tx.Exec(ctx, `INSERT INTO user_shows (user_id, show_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, u.ID, id); err != nil {
			return foreignKey(err, "show")
		}
	}
	return nil
}

// CreateUser implements catalog.UserStore.
func (st *Store) CreateUser(ctx context.Context, u *catalog.User) error {
	if u.ID == "" {
		u.ID = catalog.NewID()
	}
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	// Times given are kept (onair migrate copies users as they are).
	now := norm(time.Now())
	if u.CreatedAt.IsZero() {
		u.CreatedAt = now
	}
	if u.UpdatedAt.IsZero() {
		u.UpdatedAt = now
	}
	u.CreatedAt, u.UpdatedAt = norm(u.CreatedAt), norm(u.UpdatedAt)
	err := st.write(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO users (`+userCols+`) VALUES ($1, $2, $3, $4, $5, $6)`,
			u.ID, u.Email, u.PasswordHash, u.Role, dbTime(u.CreatedAt), dbTime(u.UpdatedAt))
		if err != nil {
			return conflict(err)
		}
		return setUserShows(ctx, tx, u)
	})
	if err != nil {
		return fmt.Errorf("postgres: create user %s: %w", u.Email, err)
	}
	return st.fillUserShows(ctx, u)
}

// fillUserShows reads the user's show ids, sorted.
func (st *Store) fillUserShows(ctx context.Context, u *catalog.User) error {
	rows, err := st.pool.Query(ctx, `SELECT show_id FROM user_shows WHERE user_id = $1 ORDER BY show_id`, u.ID)
	if err != nil {
		return fmt.Errorf("postgres: user %s shows: %w", u.ID, err)
	}
	defer rows.Close()
	u.ShowIDs = nil
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return fmt.Errorf("postgres: user %s shows: %w", u.ID, err)
		}
		u.ShowIDs = append(u.ShowIDs, id)
	}
	return rows.Err()
}

func (st *Store) getUser(ctx context.Context, where string, arg any) (*catalog.User, error) {
	u, err := scanUser(st.pool.QueryRow(ctx, `SELECT `+userCols+` FROM users WHERE `+where, arg))
	if err != nil {
		return nil, notFound(err)
	}
	if err := st.fillUserShows(ctx, u); err != nil {
		return nil, err
	}
	return u, nil
}

// GetUser implements catalog.UserStore.
func (st *Store) GetUser(ctx context.Context, id string) (*catalog.User, error) {
	u, err := st.getUser(ctx, `id = $1`, id)
	if err != nil {
		return nil, fmt.Errorf("postgres: get user %s: %w", id, err)
	}
	return u, nil
}

// GetUserByEmail implements catalog.UserStore.
func (st *Store) GetUserByEmail(ctx context.Context, email string) (*catalog.User, error) {
	u, err := st.getUser(ctx, `email = $1`, strings.ToLower(strings.TrimSpace(email)))
	if err != nil {
		return nil, fmt.Errorf("postgres: get user %s: %w", email, err)
	}
	return u, nil
}

// ListUsers implements catalog.UserStore.
func (st *Store) ListUsers(ctx context.Context) ([]*catalog.User, error) {
	rows, err := st.pool.Query(ctx, `SELECT `+userCols+` FROM users ORDER BY email`)
	if err != nil {
		return nil, fmt.Errorf("postgres: list users: %w", err)
	}
	var out []*catalog.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("postgres: list users: %w", err)
		}
		out = append(out, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: list users: %w", err)
	}
	for _, u := range out {
		if err := st.fillUserShows(ctx, u); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// UpdateUser implements catalog.UserStore.
func (st *Store) UpdateUser(ctx context.Context, u *catalog.User) error {
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	now := norm(time.Now())
	err := st.write(ctx, func(tx pgx.Tx) error {
		err := mustAffect(tx.Exec(ctx, `UPDATE users SET email = $1, password_hash = $2, role = $3, updated_at = $4 WHERE id = $5`,
			u.Email, u.PasswordHash, u.Role, dbTime(now), u.ID))
		if err != nil {
			return conflict(err)
		}
		return setUserShows(ctx, tx, u)
	})
	if err != nil {
		return fmt.Errorf("postgres: update user %s: %w", u.ID, err)
	}
	u.UpdatedAt = now
	return st.fillUserShows(ctx, u)
}

// DeleteUser implements catalog.UserStore; sessions and show links go with
// the user (ON DELETE CASCADE).
func (st *Store) DeleteUser(ctx context.Context, id string) error {
	if err := mustAffect(st.pool.Exec(ctx, `DELETE FROM users WHERE id = $1`, id)); err != nil {
		return fmt.Errorf("postgres: delete user %s: %w", id, err)
	}
	return nil
}

// CreateSession implements catalog.UserStore.
func (st *Store) CreateSession(ctx context.Context, s *catalog.Session) error {
	if s.CreatedAt.IsZero() {
		s.CreatedAt = time.Now()
	}
	s.CreatedAt, s.ExpiresAt = norm(s.CreatedAt), norm(s.ExpiresAt)
	_, err := st.pool.Exec(ctx, `INSERT INTO sessions (hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
		s.Hash, s.UserID, dbTime(s.CreatedAt), dbTime(s.ExpiresAt))
	if err != nil {
		return fmt.Errorf("postgres: create session: %w", foreignKey(err, "user"))
	}
	return nil
}

// GetSession implements catalog.UserStore.
func (st *Store) GetSession(ctx context.Context, hash []byte) (*catalog.Session, error) {
	var s catalog.Session
	err := st.pool.QueryRow(ctx, `SELECT hash, user_id, created_at, expires_at FROM sessions WHERE hash = $1`, hash).
		Scan(&s.Hash, &s.UserID, timeCol(&s.CreatedAt), timeCol(&s.ExpiresAt))
	if err != nil {
		return nil, fmt.Errorf("postgres: get session: %w", notFound(err))
	}
	return &s, nil
}

// DeleteSession implements catalog.UserStore; a missing session is not an
// error (signing out twice is fine).
func (st *Store) DeleteSession(ctx context.Context, hash []byte) error {
	if _, err := st.pool.Exec(ctx, `DELETE FROM sessions WHERE hash = $1`, hash); err != nil {
		return fmt.Errorf("postgres: delete session: %w", err)
	}
	return nil
}

// DeleteExpiredSessions implements catalog.UserStore.
func (st *Store) DeleteExpiredSessions(ctx context.Context, t time.Time) (int, error) {
	tag, err := st.pool.Exec(ctx, `DELETE FROM sessions WHERE expires_at < $1`, dbTime(norm(t)))
	if err != nil {
		return 0, fmt.Errorf("postgres: delete expired sessions: %w", err)
	}
	return int(tag.RowsAffected()), nil
}
