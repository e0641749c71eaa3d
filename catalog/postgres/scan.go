package postgres

import (
	"encoding/json"
	"fmt"
	"time"
)

// dbTime is t as stored: nil (NULL) for the zero time, else microseconds
// in UTC, which timestamptz keeps exactly.
func dbTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return norm(t)
}

// norm is t as it will read back: UTC, microseconds, zero kept zero.
func norm(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC().Truncate(time.Microsecond)
}

// timeCol scans a stored time (or NULL, as the zero time) into *t.
type timeCol struct{ t *time.Time }

func (c timeCol) Scan(v any) error {
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

func (c timeCol) parse(s string) error {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fmt.Errorf("time column: %w", err)
	}
	*c.t = t.UTC()
	return nil
}

// dbJSON is v as JSON text; nil and empty slices are "[]".
func dbJSON[T any](v []T) (string, error) {
	if len(v) == 0 {
		return "[]", nil
	}
	b, err := json.Marshal(v)
	return string(b), err
}

// jsonCol scans JSON text into *dst; an empty list reads as nil.
type jsonCol[T any] struct{ dst *[]T }

func (c jsonCol[T]) Scan(v any) error {
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
	var out []T
	if err := json.Unmarshal(b, &out); err != nil {
		return fmt.Errorf("json column: %w", err)
	}
	if len(out) == 0 {
		out = nil
	}
	*c.dst = out
	return nil
}

// rowScanner is pgx.Row or pgx.Rows.
type rowScanner interface{ Scan(dest ...any) error }
