package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"time"

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

// setUserShows replaces the user's shows inside tx.
func (st *Store) setUserShows(ctx context.Context, tx conn, u *catalog.User) error {
	if _, err := tx.exec(ctx, `DELETE FROM user_shows WHERE user_id = ?`, u.ID); err != nil {
		return err
	}
	for _, id := range u.ShowIDs {
		if _, err := tx.exec(ctx, `INSERT INTO user_shows (user_id, show_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, u.ID, id); err != nil {
			return st.foreignKey(err, "show")
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
	err := st.write(ctx, func(tx conn) error {
		_, err := tx.exec(ctx, `INSERT INTO users (`+userCols+`) VALUES (?, ?, ?, ?, ?, ?)`,
			u.ID, u.Email, u.PasswordHash, u.Role, st.dbTime(u.CreatedAt), st.dbTime(u.UpdatedAt))
		if err != nil {
			return st.conflict(err)
		}
		return st.setUserShows(ctx, tx, u)
	})
	if err != nil {
		return fmt.Errorf("sqlstore: create user %s: %w", u.Email, err)
	}
	return st.fillUserShows(ctx, u)
}

// fillUserShows reads the user's show ids, sorted.
func (st *Store) fillUserShows(ctx context.Context, u *catalog.User) error {
	rows, err := st.r.query(ctx, `SELECT show_id FROM user_shows WHERE user_id = ? ORDER BY show_id`, u.ID)
	ids, err := collect(rows, err, func(r rowScanner) (id string, err error) { return id, r.Scan(&id) })
	if err != nil {
		return fmt.Errorf("sqlstore: user %s shows: %w", u.ID, err)
	}
	u.ShowIDs = ids
	return nil
}

func (st *Store) getUser(ctx context.Context, where string, arg any) (*catalog.User, error) {
	u, err := scanUser(st.r.row(ctx, `SELECT `+userCols+` FROM users WHERE `+where, arg))
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
		return nil, fmt.Errorf("sqlstore: get user %s: %w", id, err)
	}
	return u, nil
}

// GetUserByEmail implements catalog.UserStore.
func (st *Store) GetUserByEmail(ctx context.Context, email string) (*catalog.User, error) {
	u, err := st.getUser(ctx, `email = ?`, strings.ToLower(strings.TrimSpace(email)))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: get user %s: %w", email, err)
	}
	return u, nil
}

// ListUsers implements catalog.UserStore.
func (st *Store) ListUsers(ctx context.Context) ([]*catalog.User, error) {
	rows, err := st.r.query(ctx, `SELECT `+userCols+` FROM users ORDER BY email`)
	out, err := collect(rows, err, scanUser)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list users: %w", err)
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
	err := st.write(ctx, func(tx conn) error {
		err := mustAffect(tx.exec(ctx, `UPDATE users SET email = ?, password_hash = ?, role = ?, updated_at = ? WHERE id = ?`,
			u.Email, u.PasswordHash, u.Role, st.dbTime(now), u.ID))
		if err != nil {
			return st.conflict(err)
		}
		return st.setUserShows(ctx, tx, u)
	})
	if err != nil {
		return fmt.Errorf("sqlstore: update user %s: %w", u.ID, err)
	}
	u.UpdatedAt = now
	return st.fillUserShows(ctx, u)
}

// DeleteUser implements catalog.UserStore; sessions and show links go with
// the user (ON DELETE CASCADE).
func (st *Store) DeleteUser(ctx context.Context, id string) error {
	if err := mustAffect(st.w.exec(ctx, `DELETE FROM users WHERE id = ?`, id)); err != nil {
		return fmt.Errorf("sqlstore: delete user %s: %w", id, err)
	}
	return nil
}

// CreateSession implements catalog.UserStore.
func (st *Store) CreateSession(ctx context.Context, s *catalog.Session) error {
	if s.CreatedAt.IsZero() {
		s.CreatedAt = time.Now()
	}
	s.CreatedAt, s.ExpiresAt = norm(s.CreatedAt), norm(s.ExpiresAt)
	_, err := st.w.exec(ctx, `INSERT INTO sessions (hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
		s.Hash, s.UserID, st.dbTime(s.CreatedAt), st.dbTime(s.ExpiresAt))
	if err != nil {
		return fmt.Errorf("sqlstore: create session: %w", st.foreignKey(err, "user"))
	}
	return nil
}

// GetSession implements catalog.UserStore.
func (st *Store) GetSession(ctx context.Context, hash []byte) (*catalog.Session, error) {
	var s catalog.Session
	err := st.r.row(ctx, `SELECT hash, user_id, created_at, expires_at FROM sessions WHERE hash = ?`, hash).
		Scan(&s.Hash, &s.UserID, timeCol(&s.CreatedAt), timeCol(&s.ExpiresAt))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: get session: %w", notFound(err))
	}
	return &s, nil
}

// DeleteSession implements catalog.UserStore; a missing session is not an
// error (signing out twice is fine).
func (st *Store) DeleteSession(ctx context.Context, hash []byte) error {
	if _, err := st.w.exec(ctx, `DELETE FROM sessions WHERE hash = ?`, hash); err != nil {
		return fmt.Errorf("sqlstore: delete session: %w", err)
	}
	return nil
}

// DeleteExpiredSessions implements catalog.UserStore.
func (st *Store) DeleteExpiredSessions(ctx context.Context, t time.Time) (int, error) {
	res, err := st.w.exec(ctx, `DELETE FROM sessions WHERE expires_at < ?`, st.dbTime(t))
	if err != nil {
		return 0, fmt.Errorf("sqlstore: delete expired sessions: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// RecordSignInFailure implements catalog.SignInStore.
func (st *Store) RecordSignInFailure(ctx context.Context, key string, at time.Time) error {
	_, err := st.w.exec(ctx, `INSERT INTO signin_failures (key_hash, at) VALUES (?, ?)`,
		catalog.SignInKeyHash(key), st.dbTime(at))
	if err != nil {
		return fmt.Errorf("sqlstore: record sign-in failure: %w", err)
	}
	return nil
}

// SignInFailures implements catalog.SignInStore.
func (st *Store) SignInFailures(ctx context.Context, key string, since time.Time) (int, error) {
	var n int
	err := st.r.row(ctx, `SELECT count(*) FROM signin_failures WHERE key_hash = ? AND at > ?`,
		catalog.SignInKeyHash(key), st.dbTime(since)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("sqlstore: count sign-in failures: %w", err)
	}
	return n, nil
}

// ClearSignInFailures implements catalog.SignInStore.
func (st *Store) ClearSignInFailures(ctx context.Context, key string) error {
	if _, err := st.w.exec(ctx, `DELETE FROM signin_failures WHERE key_hash = ?`, catalog.SignInKeyHash(key)); err != nil {
		return fmt.Errorf("sqlstore: clear sign-in failures: %w", err)
	}
	return nil
}

// DeleteSignInFailures implements catalog.SignInStore.
func (st *Store) DeleteSignInFailures(ctx context.Context, t time.Time) (int, error) {
	res, err := st.w.exec(ctx, `DELETE FROM signin_failures WHERE at <= ?`, st.dbTime(t))
	if err != nil {
		return 0, fmt.Errorf("sqlstore: delete sign-in failures: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("sqlstore: delete sign-in failures: %w", err)
	}
	return int(n), nil
}
