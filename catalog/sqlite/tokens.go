package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/onair-fm/onair/catalog"
)

const tokenCols = `id, name, hash, created_at, last_used_at`

func scanToken(r rowScanner) (*catalog.Token, error) {
	var t catalog.Token
	if err := r.Scan(&t.ID, &t.Name, &t.Hash, timeCol(&t.CreatedAt), timeCol(&t.LastUsedAt)); err != nil {
		return nil, err
	}
	return &t, nil
}

// CreateToken stores t, filling ID (when empty) and CreatedAt. A hash that
// is already stored is ErrConflict.
func (st *Store) CreateToken(ctx context.Context, t *catalog.Token) error {
	if t.ID == "" {
		t.ID = catalog.NewID()
	}
	if t.CreatedAt.IsZero() {
		t.CreatedAt = time.Now()
	}
	t.CreatedAt, t.LastUsedAt = norm(t.CreatedAt), norm(t.LastUsedAt)
	_, err := st.w.ExecContext(ctx, `INSERT INTO tokens (`+tokenCols+`) VALUES (?, ?, ?, ?, ?)`,
		t.ID, t.Name, t.Hash, dbTime(t.CreatedAt), dbTime(t.LastUsedAt))
	if err != nil {
		return fmt.Errorf("sqlite: create token %s: %w", t.Name, conflict(err))
	}
	return nil
}

// ListTokens returns every token, oldest first.
func (st *Store) ListTokens(ctx context.Context) ([]*catalog.Token, error) {
	rows, err := st.r.QueryContext(ctx, `SELECT `+tokenCols+` FROM tokens ORDER BY created_at, id`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list tokens: %w", err)
	}
	defer rows.Close()
	var out []*catalog.Token
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: list tokens: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: list tokens: %w", err)
	}
	return out, nil
}

// TokenByHash finds a token by the SHA-256 of its secret.
func (st *Store) TokenByHash(ctx context.Context, hash []byte) (*catalog.Token, error) {
	t, err := scanToken(st.r.QueryRowContext(ctx, `SELECT `+tokenCols+` FROM tokens WHERE hash = ?`, hash))
	if err != nil {
		return nil, fmt.Errorf("sqlite: token by hash: %w", notFound(err))
	}
	return t, nil
}

// TouchToken records that the token was used at at.
func (st *Store) TouchToken(ctx context.Context, id string, at time.Time) error {
	err := mustAffect(st.w.ExecContext(ctx, `UPDATE tokens SET last_used_at = ? WHERE id = ?`, dbTime(norm(at)), id))
	if err != nil {
		return fmt.Errorf("sqlite: touch token %s: %w", id, err)
	}
	return nil
}

// DeleteToken removes (revokes) the token.
func (st *Store) DeleteToken(ctx context.Context, id string) error {
	err := mustAffect(st.w.ExecContext(ctx, `DELETE FROM tokens WHERE id = ?`, id))
	if err != nil {
		return fmt.Errorf("sqlite: delete token %s: %w", id, err)
	}
	return nil
}
