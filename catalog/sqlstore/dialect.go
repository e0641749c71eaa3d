package sqlstore

import (
	"database/sql"
	"io/fs"
	"strconv"
	"strings"
	"time"
)

// Dialect is what differs between the databases the Store runs on. The
// queries are written once, with ? placeholders and the SQL both databases
// share; a Dialect fills in the rest. catalog/sqlite and catalog/postgres
// each make one.
type Dialect struct {
	// Numbered rewrites ? as $1, $2, ... (PostgreSQL) before a query runs.
	Numbered bool
	// Arrays passes a list of ids as one array argument (col = ANY(?))
	// instead of one argument per id (col IN (?, ?, ...)), so the query
	// text, and the server's prepared statement, stays the same.
	Arrays bool
	// Time is a non-zero time, already in UTC and microseconds, as its
	// column stores it: fixed-width text for SQLite (sorting as it reads),
	// the time itself for PostgreSQL's timestamptz.
	Time func(t time.Time) any
	// Deadline is t as leases.expires_at and uploads.claim_until store it:
	// Unix milliseconds in SQLite.
	Deadline func(t time.Time) any
	// Lower is the SQL function that folds case as strings.ToLower does.
	Lower string
	// ForUpdate ends a SELECT whose rows a write transaction goes on to
	// change, so writers on several nodes lock them in one order; empty
	// where writes are serialised anyway.
	ForUpdate string
	// FoldLock, when set, is a query returning whether this transaction
	// got the download aggregation lock; without it the write transaction
	// is the lock (one writer).
	FoldLock string
	// SyncDownloadIDs, when set, runs after ImportDownloads so that new
	// downloads get ids above the imported ones.
	SyncDownloadIDs string
	// IntegrityCheck is a query whose rows (one text column) are the
	// database's own findings about itself; a row "ok" means none.
	IntegrityCheck string
	// SearchMatch is the condition that a row of search_docs matches the
	// query SearchTerms makes of the words (one argument).
	SearchMatch string
	// SearchTerms makes the search query argument of lower-case words,
	// each matching a word or the start of one, all required.
	SearchTerms func(words []string) string
	// Classify says what a driver error means to the store.
	Classify func(err error) (kind ErrorKind, what string)

	// Migrations holds the dialect's migrations/NNNN_what.sql files.
	Migrations fs.FS
	// MigrationsTable creates schema_migrations if it does not exist.
	MigrationsTable string
	// MigrateLock and MigrateUnlock, when set, bracket the migrations on
	// one connection, so that nodes starting together apply each once.
	MigrateLock, MigrateUnlock string
}

// ErrorKind is what Classify makes of a driver error.
type ErrorKind int

// The kinds of driver errors the store treats apart.
const (
	OtherError ErrorKind = iota
	// UniqueViolation becomes catalog.ErrConflict; Classify's what names
	// the column or constraint.
	UniqueViolation
	// ForeignKeyViolation becomes catalog.ErrNotFound (an unknown id).
	ForeignKeyViolation
	// WriteConflict is a write that lost to another (deadlock,
	// serialization failure): the transaction runs again.
	WriteConflict
	// Busy is a database file locked by another process without the busy
	// handler waiting (SQLite switching a new file to WAL), met while
	// opening: opening tries again for a while.
	Busy
)

// snapshot begins a read transaction that sees one snapshot (SQLite's
// driver ignores the level: a WAL read transaction is one snapshot anyway).
var snapshot = &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}

// bind rewrites the ? placeholders of q for the dialect. It skips quoted
// literals, so '?' stays a question mark.
func (d *Dialect) bind(q string) string {
	if !d.Numbered || strings.IndexByte(q, '?') < 0 {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 32)
	n, k := 0, 0
	// Between quotes every other piece is a literal ('' included).
	for piece := range strings.SplitSeq(q, "'") {
		if k > 0 {
			b.WriteByte('\'')
		}
		for k%2 == 0 {
			i := strings.IndexByte(piece, '?')
			if i < 0 {
				break
			}
			n++
			b.WriteString(piece[:i])
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			piece = piece[i+1:]
		}
		b.WriteString(piece)
		k++
	}
	return b.String()
}

// anyOf returns the condition that col is one of vals, with its arguments.
// Callers keep vals to at most batch items.
func anyOf[T any](d *Dialect, col string, vals []T) (string, []any) {
	if d.Arrays {
		return col + ` = ANY(?)`, []any{vals}
	}
	args := make([]any, len(vals))
	for i, v := range vals {
		args[i] = v
	}
	return col + ` IN (` + marks(len(vals)) + `)`, args
}

// batch bounds the ids in one anyOf and the rows in one multi-row INSERT,
// well below SQLite's limit of arguments per statement.
const batch = 500

// marks is n comma-separated placeholders.
func marks(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
