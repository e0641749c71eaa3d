package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

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
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY {
		return fmt.Errorf("unknown %s: %w", what, catalog.ErrNotFound)
	}
	return conflict(err)
}

// setUserShows replaces the user's shows inside tx.
func setUserShows(ctx context.Context, tx *sql.Tx, u *catalog.User) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM user_shows WHERE user_id = ?`, u.ID); err != nil {
		return err
	}
	for _, id := range u.ShowIDs {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO user_shows (user_id, show_id) VALUES (?, ?)`, u.ID, id); err != nil {
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
	err := st.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO users (`+userCols+`) VALUES (?, ?, ?, ?, ?, ?)`,
			u.ID, u.Email, u.PasswordHash, u.Role, dbTime(u.CreatedAt), dbTime(u.UpdatedAt))
		if err != nil {
			return conflict(err)
		}
		return setUserShows(ctx, tx, u)
	})
	if err != nil {
		return fmt.Errorf("sqlite: create user %s: %w", u.Email, err)
	}
	return st.fillUserShows(ctx, u)
}

// fillUserShows reads the user's show ids, sorted.
func (st *Store) fillUserShows(ctx context.Context, u *catalog.User) error {
	rows, err := st.r.QueryContext(ctx, `SELECT show_id FROM user_shows WHERE user_id = ? ORDER BY show_id`, u.ID)
	if err != nil {
		return fmt.Errorf("sqlite: user %s shows: %w", u.ID, err)
	}
	defer rows.Close()
	u.ShowIDs = nil
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return fmt.Errorf("sqlite: user %s shows: %w", u.ID, err)
		}
		u.ShowIDs = append(u.ShowIDs, id)
	}
	return rows.Err()
}

func (st *Store) getUser(ctx context.Context, where string, arg any) (*catalog.User, error) {
	u, err := scanUser(st.r.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE `+where, arg))
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
	u, err := st.getUser(ctx, `id = ?`, id)
	if err != nil {
		return nil, fmt.Errorf("sqlite: get user %s: %w", id, err)
	}
	return u, nil
}

// GetUserByEmail implements catalog.UserStore.
func (st *Store) GetUserByEmail(ctx context.Context, email string) (*catalog.User, error) {
	u, err := st.getUser(ctx, `email = ?`, strings.ToLower(strings.TrimSpace(email)))
	if err != nil {
		return nil, fmt.Errorf("sqlite: get user %s: %w", email, err)
	}
	return u, nil
}

// ListUsers implements catalog.UserStore.
func (st *Store) ListUsers(ctx context.Context) ([]*catalog.User, error) {
	rows, err := st.r.QueryContext(ctx, `SELECT `+userCols+` FROM users ORDER BY email`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list users: %w", err)
	}
	var out []*catalog.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("sqlite: list users: %w", err)
		}
		out = append(out, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: list users: %w", err)
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
	err := st.write(ctx, func(tx *sql.Tx) error {
		err := mustAffect(tx.ExecContext(ctx, `UPDATE users SET email = ?, password_hash = ?, role = ?, updated_at = ? WHERE id = ?`,
			u.Email, u.PasswordHash, u.Role, dbTime(now), u.ID))
		if err != nil {
			return conflict(err)
		}
		return setUserShows(ctx, tx, u)
	})
	if err != nil {
		return fmt.Errorf("sqlite: update user %s: %w", u.ID, err)
	}
	u.UpdatedAt = now
	return st.fillUserShows(ctx, u)
}

// DeleteUser implements catalog.UserStore; sessions and show links go with
// the user (ON DELETE CASCADE).
func (st *Store) DeleteUser(ctx context.Context, id string) error {
	if err := mustAffect(st.w.ExecContext(ctx, `DELETE FROM users WHERE id = ?`, id)); err != nil {
		return fmt.Errorf("sqlite: delete user %s: %w", id, err)
	}
	return nil
}

// CreateSession implements catalog.UserStore.
func (st *Store) CreateSession(ctx context.Context, s *catalog.Session) error {
	if s.CreatedAt.IsZero() {
		s.CreatedAt = time.Now()
	}
	s.CreatedAt, s.ExpiresAt = norm(s.CreatedAt), norm(s.ExpiresAt)
	_, err := st.w.ExecContext(ctx, `INSERT INTO sessions (hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
		s.Hash, s.UserID, dbTime(s.CreatedAt), dbTime(s.ExpiresAt))
	if err != nil {
		return fmt.Errorf("sqlite: create session: %w", foreignKey(err, "user"))
	}
	return nil
}

// GetSession implements catalog.UserStore.
func (st *Store) GetSession(ctx context.Context, hash []byte) (*catalog.Session, error) {
	var s catalog.Session
	err := st.r.QueryRowContext(ctx, `SELECT hash, user_id, created_at, expires_at FROM sessions WHERE hash = ?`, hash).
		Scan(&s.Hash, &s.UserID, timeCol(&s.CreatedAt), timeCol(&s.ExpiresAt))
	if err != nil {
		return nil, fmt.Errorf("sqlite: get session: %w", notFound(err))
	}
	return &s, nil
}

// DeleteSession implements catalog.UserStore; a missing session is not an
// error (signing out twice is fine).
func (st *Store) DeleteSession(ctx context.Context, hash []byte) error {
	if _, err := st.w.ExecContext(ctx, `DELETE FROM sessions WHERE hash = ?`, hash); err != nil {
		return fmt.Errorf("sqlite: delete session: %w", err)
	}
	return nil
}

// DeleteExpiredSessions implements catalog.UserStore.
func (st *Store) DeleteExpiredSessions(ctx context.Context, t time.Time) (int, error) {
	res, err := st.w.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < ?`, dbTime(norm(t)))
	if err != nil {
		return 0, fmt.Errorf("sqlite: delete expired sessions: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}
