package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// RecordSignInFailure implements catalog.SignInStore.
func (st *Store) RecordSignInFailure(ctx context.Context, key string, at time.Time) error {
	_, err := st.pool.Exec(ctx, `INSERT INTO signin_failures (key_hash, at) VALUES ($1, $2)`,
		catalog.SignInKeyHash(key), dbTime(norm(at)))
	if err != nil {
		return fmt.Errorf("postgres: record sign-in failure: %w", err)
	}
	return nil
}

// SignInFailures implements catalog.SignInStore.
func (st *Store) SignInFailures(ctx context.Context, key string, since time.Time) (int, error) {
	var n int
	err := st.pool.QueryRow(ctx, `SELECT count(*) FROM signin_failures WHERE key_hash = $1 AND at > $2`,
		catalog.SignInKeyHash(key), dbTime(norm(since))).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("postgres: count sign-in failures: %w", err)
	}
	return n, nil
}

// ClearSignInFailures implements catalog.SignInStore.
func (st *Store) ClearSignInFailures(ctx context.Context, key string) error {
	if _, err := st.pool.Exec(ctx, `DELETE FROM signin_failures WHERE key_hash = $1`, catalog.SignInKeyHash(key)); err != nil {
		return fmt.Errorf("postgres: clear sign-in failures: %w", err)
	}
	return nil
}

// DeleteSignInFailures implements catalog.SignInStore.
func (st *Store) DeleteSignInFailures(ctx context.Context, t time.Time) (int, error) {
	tag, err := st.pool.Exec(ctx, `DELETE FROM signin_failures WHERE at <= $1`, dbTime(norm(t)))
	if err != nil {
		return 0, fmt.Errorf("postgres: delete sign-in failures: %w", err)
	}
	return int(tag.RowsAffected()), nil
}
