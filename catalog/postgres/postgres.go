// Package postgres is the catalog.Store on PostgreSQL, through pgx and its
// pool, for installations that run several onair nodes on one database.
//
// It behaves exactly as catalog/sqlite (both pass catalog/storetest) over
// the same schema with native types. Migrations are embedded and applied on
// Open under an advisory lock, so nodes starting together apply each once.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/onair-fm/onair/catalog"
)

// Store is the PostgreSQL catalog.Store. Make one with Open.
type Store struct {
	pool *pgxpool.Pool
}

var _ catalog.Store = (*Store)(nil)

// Open connects to the database at dsn (a postgres:// URL or key=value
// string; other query parameters such as search_path are sent as session
// settings) and applies every migration it has not seen yet.
func Open(ctx context.Context, dsn string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: parse dsn: %w", err)
	}
	return OpenConfig(ctx, cfg)
}

// OpenConfig is Open for a pool configuration made by the caller.
func OpenConfig(ctx context.Context, cfg *pgxpool.Config) (*Store, error) {
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	if err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return &Store{pool: pool}, nil
}

// Close closes the pool.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.pool.Ping(ctx); err != nil {
		return fmt.Errorf("postgres: ping: %w", err)
	}
	return nil
}

// write runs fn in one transaction, committing when it returns nil. A
// deadlock or serialization failure (another node's write got in the way)
// runs it again, a few times.
func (s *Store) write(ctx context.Context, fn func(tx pgx.Tx) error) error {
	var err error
	for try := 0; try < 4; try++ {
		err = pgx.BeginFunc(ctx, s.pool, fn)
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || (pe.Code != "40P01" && pe.Code != "40001") {
			return err
		}
		time.Sleep(time.Duration(try+1) * 10 * time.Millisecond)
	}
	return err
}

// conflict turns a unique violation (23505) into catalog.ErrConflict,
// naming the constraint; other errors pass unchanged.
func conflict(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23505" {
		return fmt.Errorf("%s already exists: %w", pe.ConstraintName, catalog.ErrConflict)
	}
	return err
}

// mustAffect returns ErrNotFound when the command changed no row.
func mustAffect(tag pgconn.CommandTag, err error) error {
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return catalog.ErrNotFound
	}
	return nil
}

// notFound turns pgx.ErrNoRows into catalog.ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return catalog.ErrNotFound
	}
	return err
}
