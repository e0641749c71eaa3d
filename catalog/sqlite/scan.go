package sqlite

import (
	"time"

	"github.com/onair-fm/onair/catalog/internal/sqlcol"
)

// timeFormat is how times are stored: UTC, fixed width, microseconds (what
// PostgreSQL's timestamptz keeps), so text order is time order.
const timeFormat = "2006-01-02T15:04:05.000000Z"

// dbTime is t as stored: nil for the zero time.
func dbTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(timeFormat)
}

// timeCol scans a stored time (or NULL, as the zero time) into *t.
func timeCol(t *time.Time) sqlcol.Time { return sqlcol.Time{T: t} }

// jsonCol scans a JSON list into *dst; an empty list reads as nil.
func jsonCol[T any](dst *[]T) sqlcol.JSON[T] { return sqlcol.JSON[T]{Dst: dst} }

// norm is t as it will read back: UTC, microseconds, zero kept zero.
func norm(t time.Time) time.Time { return sqlcol.Norm(t) }

// dbJSON is v as JSON text; nil and empty slices are "[]".
func dbJSON[T any](v []T) (string, error) { return sqlcol.EncodeJSON(v) }

// rowScanner is *sql.Row or *sql.Rows.
type rowScanner interface{ Scan(dest ...any) error }
