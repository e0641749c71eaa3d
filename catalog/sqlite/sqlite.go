// Package sqlite opens the catalog on SQLite, through modernc.org/sqlite
// (pure Go, no cgo), for an installation that needs nothing but a folder.
// The store itself is catalog/sqlstore's; this package holds what is
// SQLite's: the connections, the error codes and the migrations.
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
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/catalog/sqlstore"
)

// migrations are SQLite's; catalog/sqlstore applies them. A file, once
// released, never changes: add a new one (and its PostgreSQL twin).
//
//go:embed migrations/*.sql
var migrations embed.FS

// timeFormat is how times are stored: UTC, fixed width, microseconds (what
// PostgreSQL's timestamptz keeps), so text order is time order.
const timeFormat = "2006-01-02T15:04:05.000000Z"

// dialect is what SQLite does its own way.
var dialect = &sqlstore.Dialect{
	Time:     func(t time.Time) any { return t.Format(timeFormat) },
	Deadline: func(t time.Time) any { return t.UnixMilli() },
	Lower:    "onair_lower",
	Classify: classify,
	// FTS5: each word quoted (so no word is an operator), as a prefix.
	SearchMatch: `search_docs MATCH ?`,
	SearchTerms: func(words []string) string {
		q := make([]string, len(words))
		for i, w := range words {
			q[i] = `"` + strings.ReplaceAll(w, `"`, `""`) + `"*`
		}
		return strings.Join(q, " ")
	},
	// integrity_check reads every page and index: slow on a big file, but
	// only onair fsck runs it.
	IntegrityCheck: `PRAGMA integrity_check`,

	Migrations: migrations,
	// As created before, byte for byte: SQLite keeps the text.
	MigrationsTable: `CREATE TABLE IF NOT EXISTS schema_migrations (
			version    INTEGER PRIMARY KEY,
			name       TEXT NOT NULL,
			applied_at TEXT NOT NULL
		)`,
}

// pragmas are set on every connection through the DSN.
const pragmas = "_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)"

// Open opens the database file at path, creating it if needed, and applies
// every migration it has not seen yet.
func Open(ctx context.Context, path string) (catalog.Store, error) {
	if err := createPrivate(path); err != nil {
		return nil, err
	}
	base := "file:" + escapePath(path) + "?" + pragmas
	w, err := sql.Open("sqlite", base+"&_pragma=journal_mode(WAL)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	r, err := sql.Open("sqlite", base+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	n := max(4, runtime.GOMAXPROCS(0))
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	st, err := sqlstore.New(ctx, dialect, r, w)
	if err != nil {
		r.Close()
		w.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	return st, nil
}

// createPrivate creates the database file, when there is none yet, readable
// and writable by its owner only: it holds password and token hashes.
// SQLite gives the -wal and -shm files it makes the database file's mode.
// A file that exists keeps the mode it has.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("sqlite: create %s: %w", path, err)
	}
	return f.Close()
}

// escapePath makes path safe inside a file: URI; SQLite decodes %XX.
func escapePath(path string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
}

// classify sorts SQLite's result codes for the store.
func classify(err error) (sqlstore.ErrorKind, string) {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return sqlstore.OtherError, ""
	}
	switch se.Code() {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		// The message ends with the result code: "... users.email (2067)".
		_, cols, _ := strings.Cut(se.Error(), "constraint failed: ")
		if i := strings.LastIndex(cols, " ("); i > 0 && strings.HasSuffix(cols, ")") {
			cols = cols[:i]
		}
		return sqlstore.UniqueViolation, cols
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return sqlstore.ForeignKeyViolation, ""
	}
	if se.Code()&0xff == sqlite3.SQLITE_BUSY {
		return sqlstore.Busy, ""
	}
	return sqlstore.OtherError, ""
}

// SQLite's lower() folds ASCII only; onair_lower folds as Go (and
// PostgreSQL in a UTF-8 locale) do, so "über" finds "Über".
func init() {
	sqlite.MustRegisterDeterministicScalarFunction("onair_lower", 1,
		func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
			switch v := args[0].(type) {
			case string:
				return strings.ToLower(v), nil
			case []byte:
				return strings.ToLower(string(v)), nil
			}
			return args[0], nil
		})
}
