// Package postgres opens the catalog on PostgreSQL, through pgx's
// database/sql driver, for installations that run several onair nodes on
// one database. The store itself is catalog/sqlstore's; this package holds
// what is PostgreSQL's: the connection settings, the error codes, the
// locks that keep nodes apart, the migrations and LISTEN.
//
// The schema is catalog/sqlite's with native types (timestamptz, jsonb,
// bytea). Migrations are applied on Open under an advisory lock, so nodes
// starting together apply each once.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/catalog/sqlstore"
)

// migrations are PostgreSQL's; catalog/sqlstore applies them. A file, once
// released, never changes: add a new one (and its SQLite twin).
//
//go:embed migrations/*.sql
var migrations embed.FS

// migrateLock is the key of the advisory lock migrations run under: a
// class ("onai") and a hash of the schema, so installations in other
// schemas of the same database do not wait on each other.
const migrateLock = `1869504873, hashtext(current_schema())`

// dialect is what PostgreSQL does its own way.
var dialect = &sqlstore.Dialect{
	Numbered:  true,
	Arrays:    true,
	Time:      func(t time.Time) any { return t },
	Deadline:  func(t time.Time) any { return t },
	Lower:     "lower",
	ForUpdate: " FOR UPDATE",
	FoldLock:  `SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || ':onair downloads'))`,
	// Downloads imported with their ids bypass the id sequence.
	SyncDownloadIDs: `SELECT setval(pg_get_serial_sequence('downloads', 'id'), max(id))
		FROM downloads HAVING max(id) IS NOT NULL`,
	Classify: classify,
	// The words are letters and digits only, so they need no quoting.
	SearchMatch: `search_docs.tsv @@ to_tsquery('simple', ?)`,
	SearchTerms: func(words []string) string {
		q := make([]string, len(words))
		for i, w := range words {
			q[i] = w + ":*"
		}
		return strings.Join(q, " & ")
	},
	// PostgreSQL checks its pages itself (and amcheck is an extension
	// that may be missing); what is left to see is an index a failed
	// CREATE INDEX CONCURRENTLY left invalid.
	IntegrityCheck: `SELECT 'invalid index ' || c.relname FROM pg_index i
		JOIN pg_class c ON c.oid = i.indexrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = current_schema() AND NOT (i.indisvalid AND i.indisready)`,

	Migrations: migrations,
	MigrationsTable: `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
	)`,
	MigrateLock:   `SELECT pg_advisory_lock(` + migrateLock + `)`,
	MigrateUnlock: `SELECT pg_advisory_unlock(` + migrateLock + `)`,
}

// Store is the PostgreSQL catalog.Store: catalog/sqlstore's, which can
// also Listen for changes. Make one with Open.
type Store struct {
	*sqlstore.Store
	conn *pgx.ConnConfig // for Listen's own connection
}

var _ catalog.Store = (*Store)(nil)

// Open connects to the database at dsn (a postgres:// URL or key=value
// string; pool_max_conns and the other pgxpool settings size the pool,
// other query parameters such as search_path are sent as session settings)
// and applies every migration it has not seen yet.
func Open(ctx context.Context, dsn string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: parse dsn: %w", err)
	}
	db := stdlib.OpenDB(*cfg.ConnConfig)
	db.SetMaxOpenConns(int(cfg.MaxConns))
	db.SetMaxIdleConns(int(cfg.MaxConns))
	db.SetConnMaxLifetime(cfg.MaxConnLifetime)
	db.SetConnMaxIdleTime(cfg.MaxConnIdleTime)
	st, err := sqlstore.New(ctx, dialect, db, db)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return &Store{Store: st, conn: cfg.ConnConfig}, nil
}

// classify sorts PostgreSQL's SQLSTATEs for the store.
func classify(err error) (sqlstore.ErrorKind, string) {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return sqlstore.OtherError, ""
	}
	switch pe.Code {
	case "23505": // unique_violation
		return sqlstore.UniqueViolation, pe.ConstraintName
	case "23503": // foreign_key_violation
		return sqlstore.ForeignKeyViolation, ""
	case "40001", "40P01": // serialization_failure, deadlock_detected
		return sqlstore.WriteConflict, ""
	}
	return sqlstore.OtherError, ""
}

// changeChannel is the LISTEN/NOTIFY channel on which every change to a
// show is announced, with the show's id as payload, when it commits (the
// trigger of migration 0001).
const changeChannel = "onair_show_changed"

// Listen calls fn with a show's id each time that show (or anything its
// feeds show) changes, through any node, until ctx ends or the connection
// fails; it returns why it stopped. It holds one connection of its own, not
// one from the pool. Caches may use it to drop entries at once; comparing
// Show.Version per request stays correct without it.
func (s *Store) Listen(ctx context.Context, fn func(showID string)) error {
	conn, err := pgx.ConnectConfig(ctx, s.conn.Copy())
	if err != nil {
		return fmt.Errorf("postgres: listen: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, `LISTEN `+changeChannel); err != nil {
		return fmt.Errorf("postgres: listen: %w", err)
	}
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return fmt.Errorf("postgres: listen: %w", err)
		}
		fn(n.Payload)
	}
}
