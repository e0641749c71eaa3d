package sqlstore

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
	_, err := st.w.exec(ctx, `INSERT INTO tokens (`+tokenCols+`) VALUES (?, ?, ?, ?, ?)`,
		t.ID, t.Name, t.Hash, st.dbTime(t.CreatedAt), st.dbTime(t.LastUsedAt))
	if err != nil {
		return fmt.Errorf("sqlstore: create token %s: %w", t.Name, st.conflict(err))
	}
	return nil
}

// ListTokens returns every token, oldest first.
func (st *Store) ListTokens(ctx context.Context) ([]*catalog.Token, error) {
	rows, err := st.r.query(ctx, `SELECT `+tokenCols+` FROM tokens ORDER BY created_at, id`)
	out, err := collect(rows, err, scanToken)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list tokens: %w", err)
	}
	return out, nil
}

// TokenByHash finds a token by the SHA-256 of its secret.
func (st *Store) TokenByHash(ctx context.Context, hash []byte) (*catalog.Token, error) {
	t, err := scanToken(st.r.row(ctx, `SELECT `+tokenCols+` FROM tokens WHERE hash = ?`, hash))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: token by hash: %w", notFound(err))
	}
	return t, nil
}

// TouchToken records that the token was used at at.
func (st *Store) TouchToken(ctx context.Context, id string, at time.Time) error {
	err := mustAffect(st.w.exec(ctx, `UPDATE tokens SET last_used_at = ? WHERE id = ?`, st.dbTime(at), id))
	if err != nil {
		return fmt.Errorf("sqlstore: touch token %s: %w", id, err)
	}
	return nil
}

// DeleteToken removes (revokes) the token.
func (st *Store) DeleteToken(ctx context.Context, id string) error {
	err := mustAffect(st.w.exec(ctx, `DELETE FROM tokens WHERE id = ?`, id))
	if err != nil {
		return fmt.Errorf("sqlstore: delete token %s: %w", id, err)
	}
	return nil
}
