// Package sqlite is the embedded catalog.Store, on modernc.org/sqlite (pure
// Go, no cgo), for an installation that needs nothing but a folder.
//
// The database runs in WAL mode with foreign keys on and a busy timeout on
// every connection. Writes go through a single connection (one writer, as
// SQLite allows anyway), so concurrent uploads queue in Go instead of
// failing with SQLITE_BUSY; reads use a separate pool and never wait for
// writers. Transactions begin IMMEDIATE so another process (onair token
// create next to a running server) waits on the busy timeout, never deadlocks.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/onair-fm/onair/catalog"
)

// Store is the SQLite catalog.Store. Make one with Open.
type Store struct {
	w *sql.DB // the one writer connection
	r *sql.DB // readers
}

var _ catalog.Store = (*Store)(nil)

// pragmas are set on every connection through the DSN.
const pragmas = "_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)"

// Open opens the database file at path, creating it if needed, and applies
// every migration it has not seen yet.
func Open(ctx context.Context, path string) (catalog.Store, error) {
	base := "file:" + escapePath(path) + "?" + pragmas
	w, err := sql.Open("sqlite", base+"&_pragma=journal_mode(WAL)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	if err := migrate(ctx, w); err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", base+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	n := max(4, runtime.GOMAXPROCS(0))
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	return &Store{w: w, r: r}, nil
}

// Close closes both pools.
func (s *Store) Close() error {
	return errors.Join(s.r.Close(), s.w.Close())
}

// escapePath makes path safe inside a file: URI; SQLite decodes %XX.
func escapePath(path string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
}

// write runs fn in one write transaction, committing when it returns nil.
func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// conflict turns a UNIQUE or PRIMARY KEY violation into catalog.ErrConflict,
// naming the column that clashed; other errors pass unchanged.
func conflict(err error) error {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code() {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		what := "a unique value"
		// The message ends with the result code: "... users.email (2067)".
		if _, cols, ok := strings.Cut(se.Error(), "constraint failed: "); ok {
			if i := strings.LastIndex(cols, " ("); i > 0 && strings.HasSuffix(cols, ")") {
				cols = cols[:i]
			}
			what = cols
		}
		return fmt.Errorf("%s already exists: %w", what, catalog.ErrConflict)
	}
	return err
}

// mustAffect returns ErrNotFound when res changed no row.
func mustAffect(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return catalog.ErrNotFound
	}
	return nil
}

// notFound turns sql.ErrNoRows into catalog.ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return catalog.ErrNotFound
	}
	return err
}
