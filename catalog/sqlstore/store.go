// Package sqlstore is the catalog.Store on an SQL database, written once
// over database/sql. catalog/sqlite opens it on SQLite (modernc.org/sqlite)
// and catalog/postgres on PostgreSQL (pgx's stdlib driver), each with a
// Dialect for what the two do differently; catalog/storetest checks that
// both behave the same.
//
// Queries are written with ? placeholders. Reads go to one pool and writes
// to another, which may be the same: SQLite gives writes a single
// connection of their own.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// Store is the SQL catalog.Store. Make one with New.
type Store struct {
	d        *Dialect
	r, w     conn // reads, writes
	rdb, wdb *sql.DB
}

var _ catalog.Store = (*Store)(nil)

// New returns the Store that reads through r and writes through w (r and w
// may be one pool), once every migration of d that the database has not
// recorded is applied. On error the pools are still the caller's to close.
func New(ctx context.Context, d *Dialect, r, w *sql.DB) (*Store, error) {
	st := &Store{d: d, r: conn{r, d}, w: conn{w, d}, rdb: r, wdb: w}
	if err := st.migrate(ctx); err != nil {
		return nil, err
	}
	return st, nil
}

// Close closes the pools.
func (st *Store) Close() error {
	if st.rdb == st.wdb {
		return st.wdb.Close()
	}
	return errors.Join(st.rdb.Close(), st.wdb.Close())
}

// conn runs queries written with ? on a pool or a transaction.
type conn struct {
	db interface {
		ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
		QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
		QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
	}
	d *Dialect
}

func (c conn) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return c.db.ExecContext(ctx, c.d.bind(q), args...)
}

func (c conn) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return c.db.QueryContext(ctx, c.d.bind(q), args...)
}

func (c conn) row(ctx context.Context, q string, args ...any) *sql.Row {
	return c.db.QueryRowContext(ctx, c.d.bind(q), args...)
}

// write runs fn in one write transaction, committing when it returns nil.
// A transaction that lost to another writer (a deadlock or serialization
// failure on PostgreSQL) runs again, a few times.
func (st *Store) write(ctx context.Context, fn func(tx conn) error) error {
	var err error
	for try := range 4 {
		err = st.inTx(ctx, st.wdb, nil, fn)
		if kind, _ := st.classify(err); kind != WriteConflict {
			return err
		}
		time.Sleep(time.Duration(try+1) * 10 * time.Millisecond)
	}
	return err
}

// beginner is a pool or one connection of it.
type beginner interface {
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
}

// inTx runs fn in one transaction on db, committing when it returns nil.
func (st *Store) inTx(ctx context.Context, db beginner, opts *sql.TxOptions, fn func(tx conn) error) error {
	tx, err := db.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	if err := fn(conn{tx, st.d}); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// dbTime is t as stored: NULL for the zero time, else UTC in microseconds
// as the dialect keeps times.
func (st *Store) dbTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return st.d.Time(norm(t))
}

func (st *Store) classify(err error) (ErrorKind, string) {
	if err == nil {
		return OtherError, ""
	}
	return st.d.Classify(err)
}

// conflict turns a unique violation into catalog.ErrConflict, naming what
// clashed; other errors pass unchanged.
func (st *Store) conflict(err error) error {
	kind, what := st.classify(err)
	if kind != UniqueViolation {
		return err
	}
	if what == "" {
		what = "a unique value"
	}
	return fmt.Errorf("%s already exists: %w", what, catalog.ErrConflict)
}

// foreignKey turns a foreign key violation (an unknown show or user id)
// into catalog.ErrNotFound naming what; other errors pass to conflict.
func (st *Store) foreignKey(err error, what string) error {
	if kind, _ := st.classify(err); kind == ForeignKeyViolation {
		return fmt.Errorf("unknown %s: %w", what, catalog.ErrNotFound)
	}
	return st.conflict(err)
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
