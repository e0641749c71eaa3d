package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// RecordSignInFailure implements catalog.SignInStore.
func (st *Store) RecordSignInFailure(ctx context.Context, key string, at time.Time) error {
	_, err := st.w.ExecContext(ctx, `INSERT INTO signin_failures (key_hash, at) VALUES (?, ?)`,
		catalog.SignInKeyHash(key), dbTime(norm(at)))
	if err != nil {
		return fmt.Errorf("sqlite: record sign-in failure: %w", err)
	}
	return nil
}

// SignInFailures implements catalog.SignInStore.
func (st *Store) SignInFailures(ctx context.Context, key string, since time.Time) (int, error) {
	var n int
	err := st.r.QueryRowContext(ctx, `SELECT count(*) FROM signin_failures WHERE key_hash = ? AND at > ?`,
		catalog.SignInKeyHash(key), dbTime(norm(since))).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("sqlite: count sign-in failures: %w", err)
	}
	return n, nil
}

// ClearSignInFailures implements catalog.SignInStore.
func (st *Store) ClearSignInFailures(ctx context.Context, key string) error {
	if _, err := st.w.ExecContext(ctx, `DELETE FROM signin_failures WHERE key_hash = ?`, catalog.SignInKeyHash(key)); err != nil {
		return fmt.Errorf("sqlite: clear sign-in failures: %w", err)
	}
	return nil
}

// DeleteSignInFailures implements catalog.SignInStore.
func (st *Store) DeleteSignInFailures(ctx context.Context, t time.Time) (int, error) {
	res, err := st.w.ExecContext(ctx, `DELETE FROM signin_failures WHERE at <= ?`, dbTime(norm(t)))
	if err != nil {
		return 0, fmt.Errorf("sqlite: delete sign-in failures: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("sqlite: delete sign-in failures: %w", err)
	}
	return int(n), nil
}
