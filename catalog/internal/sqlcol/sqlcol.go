// Package sqlcol holds the column types both SQL stores scan with, so
// catalog/sqlite and catalog/postgres read times and JSON lists the same way.
// Both database/sql and pgx accept these as sql.Scanner destinations.
package sqlcol

import (
	"encoding/json"
	"fmt"
	"time"
)

// Norm is t as a store reads it back: UTC, whole microseconds (what
// PostgreSQL's timestamptz keeps), the zero time kept zero.
func Norm(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC().Truncate(time.Microsecond)
}

// Time scans a stored time (or NULL, as the zero time) into *T. SQLite gives
// RFC 3339 text, PostgreSQL a time.Time.
type Time struct{ T *time.Time }

// Scan implements sql.Scanner.
func (c Time) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*c.T = time.Time{}
		return nil
	case string:
		return c.parse(v)
	case []byte:
		return c.parse(string(v))
	case time.Time:
		*c.T = Norm(v)
		return nil
	}
	return fmt.Errorf("time column holds %T", v)
}

func (c Time) parse(s string) error {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fmt.Errorf("time column: %w", err)
	}
	*c.T = t.UTC()
	return nil
}

// EncodeJSON is v as JSON text; nil and empty slices are "[]".
func EncodeJSON[E any](v []E) (string, error) {
	if len(v) == 0 {
		return "[]", nil
	}
	b, err := json.Marshal(v)
	return string(b), err
}

// JSON scans JSON text into *Dst; an empty list reads as nil.
type JSON[E any] struct{ Dst *[]E }

// Scan implements sql.Scanner.
func (c JSON[E]) Scan(v any) error {
	var b []byte
	switch v := v.(type) {
	case nil:
		*c.Dst = nil
		return nil
	case string:
		b = []byte(v)
	case []byte:
		b = v
	default:
		return fmt.Errorf("json column holds %T", v)
	}
	var out []E
	if err := json.Unmarshal(b, &out); err != nil {
		return fmt.Errorf("json column: %w", err)
	}
	if len(out) == 0 {
		out = nil
	}
	*c.Dst = out
	return nil
}
