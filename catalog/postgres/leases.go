package postgres

import (
	"context"
	"fmt"
	"time"
)

// TryLease implements catalog.LeaseStore with one upsert that only takes
// over a row that is holder's or expired; the row lock orders two nodes
// asking at once.
func (st *Store) TryLease(ctx context.Context, name, holder string, now time.Time, ttl time.Duration) (bool, error) {
	tag, err := st.pool.Exec(ctx, `INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, $3)
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
		WHERE leases.holder = excluded.holder OR leases.expires_at <= $4`,
		name, holder, now.Add(ttl), now)
	if err != nil {
		return false, fmt.Errorf("postgres: lease %s: %w", name, err)
	}
	return tag.RowsAffected() == 1, nil
}
