package sqlstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/onair-fm/onair/catalog"
)

const uploadCols = `id, size, received, metadata, result, closing, created_at, updated_at`

func scanUpload(r rowScanner) (*catalog.Upload, error) {
	var u catalog.Upload
	var md string
	if err := r.Scan(&u.ID, &u.Size, &u.Offset, &md, &u.Result, &u.Closing, timeCol(&u.CreatedAt), timeCol(&u.UpdatedAt)); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(md), &u.MetaData); err != nil {
		return nil, fmt.Errorf("upload %s metadata: %w", u.ID, err)
	}
	return &u, nil
}

// CreateUpload implements catalog.UploadStore.
func (st *Store) CreateUpload(ctx context.Context, u *catalog.Upload) error {
	if u.MetaData == nil {
		u.MetaData = map[string]string{}
	}
	md, err := json.Marshal(u.MetaData)
	if err != nil {
		return fmt.Errorf("sqlstore: create upload %s: %w", u.ID, err)
	}
	if u.CreatedAt.IsZero() {
		u.CreatedAt = time.Now()
	}
	u.CreatedAt = norm(u.CreatedAt)
	u.UpdatedAt, u.Offset, u.Chunks, u.Result = u.CreatedAt, 0, nil, nil
	_, err = st.w.exec(ctx, `INSERT INTO uploads (id, size, metadata, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
		u.ID, u.Size, string(md), st.dbTime(u.CreatedAt), st.dbTime(u.UpdatedAt))
	if err != nil {
		return fmt.Errorf("sqlstore: create upload %s: %w", u.ID, st.conflict(err))
	}
	return nil
}

// GetUpload implements catalog.UploadStore.
func (st *Store) GetUpload(ctx context.Context, id string) (*catalog.Upload, error) {
	u, err := scanUpload(st.r.row(ctx, `SELECT `+uploadCols+` FROM uploads WHERE id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: get upload %s: %w", id, notFound(err))
	}
	if err := fillChunks(ctx, st.r, u); err != nil {
		return nil, err
	}
	return u, nil
}

func fillChunks(ctx context.Context, db conn, u *catalog.Upload) error {
	rows, err := db.query(ctx, `SELECT pos, size, key FROM upload_chunks WHERE upload_id = ? ORDER BY pos`, u.ID)
	u.Chunks, err = collect(rows, err, func(r rowScanner) (c catalog.UploadChunk, err error) {
		return c, r.Scan(&c.Offset, &c.Size, &c.Key)
	})
	if err != nil {
		return fmt.Errorf("sqlstore: upload %s chunks: %w", u.ID, err)
	}
	return nil
}

// AddUploadChunk implements catalog.UploadStore: the UPDATE is the
// compare-and-set on the offset; its row lock orders two nodes at once.
func (st *Store) AddUploadChunk(ctx context.Context, id string, c catalog.UploadChunk, at time.Time) error {
	err := st.write(ctx, func(tx conn) error {
		err := mustAffect(tx.exec(ctx, `UPDATE uploads SET received = received + ?, updated_at = ?
			WHERE id = ? AND received = ? AND result IS NULL AND NOT closing AND received + ? <= size`,
			c.Size, st.dbTime(at), id, c.Offset, c.Size))
		if errors.Is(err, catalog.ErrNotFound) {
			return chunkRefused(ctx, tx, id)
		}
		if err != nil {
			return err
		}
		_, err = tx.exec(ctx, `INSERT INTO upload_chunks (upload_id, pos, size, key) VALUES (?, ?, ?, ?)`,
			id, c.Offset, c.Size, c.Key)
		return err
	})
	if err != nil {
		return fmt.Errorf("sqlstore: upload %s chunk at %d: %w", id, c.Offset, err)
	}
	return nil
}

// chunkRefused says why AddUploadChunk changed no row: ErrNotFound for an
// upload that is gone or closing, else ErrConflict.
func chunkRefused(ctx context.Context, tx conn, id string) error {
	var closing bool
	err := tx.row(ctx, `SELECT closing FROM uploads WHERE id = ?`, id).Scan(&closing)
	switch {
	case err != nil:
		return notFound(err)
	case closing:
		return fmt.Errorf("upload %s is being deleted: %w", id, catalog.ErrNotFound)
	}
	return catalog.ErrConflict
}

// CloseUpload implements catalog.UploadStore. The mark and the chunk list
// are one transaction. The UPDATE waits for the row lock of an
// AddUploadChunk under way (SQLite serialises all writes; PostgreSQL locks
// the row, and reads the chunks after it in a new READ COMMITTED
// snapshot), so the list holds every chunk added before the mark;
// AddUploadChunk checks closing under the same lock, so none comes after.
func (st *Store) CloseUpload(ctx context.Context, id string) (*catalog.Upload, error) {
	var u *catalog.Upload
	err := st.write(ctx, func(tx conn) error {
		var err error
		u, err = scanUpload(tx.row(ctx, `UPDATE uploads SET closing = TRUE WHERE id = ? RETURNING `+uploadCols, id))
		if err != nil {
			return notFound(err)
		}
		return fillChunks(ctx, tx, u)
	})
	if err != nil {
		return nil, fmt.Errorf("sqlstore: close upload %s: %w", id, err)
	}
	return u, nil
}

// ClaimUpload implements catalog.UploadStore.
func (st *Store) ClaimUpload(ctx context.Context, id, holder string, now time.Time, ttl time.Duration) (bool, error) {
	var got bool
	err := st.write(ctx, func(tx conn) error {
		err := mustAffect(tx.exec(ctx, `UPDATE uploads SET claim_holder = ?, claim_until = ?
			WHERE id = ? AND (claim_holder = ? OR claim_until <= ?)`,
			holder, st.d.Deadline(now.Add(ttl)), id, holder, st.d.Deadline(now)))
		if got = err == nil; !errors.Is(err, catalog.ErrNotFound) {
			return err
		}
		// Not claimed: is it there at all?
		var one int
		return notFound(tx.row(ctx, `SELECT 1 FROM uploads WHERE id = ?`, id).Scan(&one))
	})
	if err != nil {
		return false, fmt.Errorf("sqlstore: claim upload %s: %w", id, err)
	}
	return got, nil
}

// FinishUpload implements catalog.UploadStore.
func (st *Store) FinishUpload(ctx context.Context, id string, result []byte, at time.Time) error {
	err := st.write(ctx, func(tx conn) error {
		err := mustAffect(tx.exec(ctx, `UPDATE uploads SET result = ?, updated_at = ? WHERE id = ?`, result, st.dbTime(at), id))
		if err != nil {
			return err
		}
		_, err = tx.exec(ctx, `DELETE FROM upload_chunks WHERE upload_id = ?`, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("sqlstore: finish upload %s: %w", id, err)
	}
	return nil
}

// StaleUploads implements catalog.UploadStore.
func (st *Store) StaleUploads(ctx context.Context, before time.Time, limit int) ([]*catalog.Upload, error) {
	rows, err := st.r.query(ctx, `SELECT `+uploadCols+` FROM uploads WHERE updated_at < ? OR closing ORDER BY updated_at, id LIMIT ?`,
		st.dbTime(before), limit)
	out, err := collect(rows, err, scanUpload)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: stale uploads: %w", err)
	}
	for _, u := range out {
		if err := fillChunks(ctx, st.r, u); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// DeleteUpload implements catalog.UploadStore.
func (st *Store) DeleteUpload(ctx context.Context, id string) error {
	if _, err := st.w.exec(ctx, `DELETE FROM uploads WHERE id = ?`, id); err != nil {
		return fmt.Errorf("sqlstore: delete upload %s: %w", id, err)
	}
	return nil
}

// TryLease implements catalog.LeaseStore with one upsert that only takes
// over a row that is holder's or expired; on PostgreSQL the row lock orders
// two nodes asking at once.
func (st *Store) TryLease(ctx context.Context, name, holder string, now time.Time, ttl time.Duration) (bool, error) {
	res, err := st.w.exec(ctx, `INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
		WHERE leases.holder = excluded.holder OR leases.expires_at <= ?`,
		name, holder, st.d.Deadline(now.Add(ttl)), st.d.Deadline(now))
	if err != nil {
		return false, fmt.Errorf("sqlstore: lease %s: %w", name, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("sqlstore: lease %s: %w", name, err)
	}
	return n == 1, nil
}
