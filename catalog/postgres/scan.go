package postgres

import (
	"time"

	"github.com/onair-fm/onair/catalog/internal/sqlcol"
)

// dbTime is t as stored: nil (NULL) for the zero time, else microseconds
// in UTC, which timestamptz keeps exactly.
func dbTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return norm(t)
}

// timeCol scans a stored time (or NULL, as the zero time) into *t.
func timeCol(t *time.Time) sqlcol.Time { return sqlcol.Time{T: t} }

// jsonCol scans a JSON list into *dst; an empty list reads as nil.
func jsonCol[T any](dst *[]T) sqlcol.JSON[T] { return sqlcol.JSON[T]{Dst: dst} }

// norm is t as it will read back: UTC, microseconds, zero kept zero.
func norm(t time.Time) time.Time { return sqlcol.Norm(t) }

// dbJSON is v as JSON text; nil and empty slices are "[]".
func dbJSON[T any](v []T) (string, error) { return sqlcol.EncodeJSON(v) }

// rowScanner is pgx.Row or pgx.Rows.
type rowScanner interface{ Scan(dest ...any) error }
