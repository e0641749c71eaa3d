package sqlstore

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// norm is t as the store reads it back: UTC, whole microseconds (what
// PostgreSQL's timestamptz keeps), the zero time kept zero.
func norm(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC().Truncate(time.Microsecond)
}

// timeCol scans a stored time (or NULL, as the zero time) into *t.
func timeCol(t *time.Time) timeScanner { return timeScanner{t} }

// timeScanner reads SQLite's RFC 3339 text and PostgreSQL's time.Time.
type timeScanner struct{ t *time.Time }

// Scan implements sql.Scanner.
func (c timeScanner) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*c.t = time.Time{}
		return nil
	case string:
		return c.parse(v)
	case []byte:
		return c.parse(string(v))
	case time.Time:
		*c.t = norm(v)
		return nil
	}
	return fmt.Errorf("time column holds %T", v)
}

func (c timeScanner) parse(s string) error {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fmt.Errorf("time column: %w", err)
	}
	*c.t = t.UTC()
	return nil
}

// dbJSON is v as JSON text; nil and empty slices are "[]".
func dbJSON[E any](v []E) (string, error) {
	if len(v) == 0 {
		return "[]", nil
	}
	b, err := json.Marshal(v)
	return string(b), err
}

// jsonCol scans a JSON list (text or jsonb) into *dst; an empty list reads
// as nil.
func jsonCol[E any](dst *[]E) jsonScanner[E] { return jsonScanner[E]{dst} }

type jsonScanner[E any] struct{ dst *[]E }

// Scan implements sql.Scanner.
func (c jsonScanner[E]) Scan(v any) error {
	var b []byte
	switch v := v.(type) {
	case nil:
		*c.dst = nil
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
	*c.dst = out
	return nil
}

// rowScanner is *sql.Row or *sql.Rows.
type rowScanner interface{ Scan(dest ...any) error }

// each calls fn on every row of rows, then closes rows; err is the error
// of the query that made rows.
func each(rows *sql.Rows, err error, fn func(r rowScanner) error) error {
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// collect reads every row of rows with scan.
func collect[T any](rows *sql.Rows, err error, scan func(rowScanner) (T, error)) ([]T, error) {
	var out []T
	err = each(rows, err, func(r rowScanner) error {
		v, err := scan(r)
		out = append(out, v)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
