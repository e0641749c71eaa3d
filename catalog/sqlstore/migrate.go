package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Each dialect has its own migrations, applied in the order of their number
// prefix (0001_catalog.sql, 0100_downloads.sql, ...). Ranges keep areas
// apart: 0001-0099 catalog core, 0100-0199 downloads and stats, 0200-0299
// users, sessions and uploads. A file, once released, never changes: add a
// new one, with the same number in every dialect.

// migration is one SQL file.
type migration struct {
	version int
	name    string
	sql     string
}

// loadMigrations reads migrations/*.sql from fsys, ordered by version.
func loadMigrations(fsys fs.FS) ([]migration, error) {
	names, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	seen := map[int]string{}
	for _, p := range names {
		name := strings.TrimPrefix(p, "migrations/")
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must be NNNN_what.sql", name)
		}
		if other, dup := seen[v]; dup {
			return nil, fmt.Errorf("migrations %s and %s share number %d", other, name, v)
		}
		seen[v] = name
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: name, sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	return ms, nil
}

// migrate applies every migration the database has not recorded, each in
// its own transaction together with its schema_migrations row, on one
// connection of the write pool, under the dialect's MigrateLock if any.
func (st *Store) migrate(ctx context.Context) error {
	ms, err := loadMigrations(st.d.Migrations)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	// Switching a new SQLite file to WAL can meet SQLITE_BUSY without the
	// busy handler when another process opens it at the same moment: retry.
	var c *sql.Conn
	err = st.retryBusy(ctx, func() (err error) {
		c, err = st.wdb.Conn(ctx)
		return err
	})
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer c.Close()
	if st.d.MigrateLock != "" {
		if _, err := c.ExecContext(ctx, st.d.MigrateLock); err != nil {
			return fmt.Errorf("migrate: lock: %w", err)
		}
		defer c.ExecContext(context.WithoutCancel(ctx), st.d.MigrateUnlock)
	}
	err = st.retryBusy(ctx, func() error {
		return st.inTx(ctx, c, nil, func(tx conn) error {
			_, err := tx.exec(ctx, st.d.MigrationsTable)
			return err
		})
	})
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for _, m := range ms {
		if err := st.inTx(ctx, c, nil, func(tx conn) error { return st.apply(ctx, tx, m) }); err != nil {
			return fmt.Errorf("migrate %s: %w", m.name, err)
		}
	}
	return nil
}

// apply runs m in tx unless it is already recorded. On SQLite the check is
// inside an IMMEDIATE transaction, so two processes opening the file at
// once apply each migration once.
func (st *Store) apply(ctx context.Context, tx conn, m migration) error {
	var n int
	err := tx.row(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, m.version).Scan(&n)
	if err != nil || n > 0 {
		return err
	}
	// Not bound and without arguments: PostgreSQL then runs a file of
	// statements (the simple protocol).
	if _, err := tx.db.ExecContext(ctx, m.sql); err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
		m.version, m.name, st.dbTime(time.Now()))
	return err
}

// retryBusy runs fn until it does not fail with a Busy error, for at most
// as long as SQLite's busy timeout.
func (st *Store) retryBusy(ctx context.Context, fn func() error) error {
	deadline := time.Now().Add(10 * time.Second)
	for {
		err := fn()
		if kind, _ := st.classify(err); kind != Busy || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}
