package sqlite

import (
	"context"
	"database/sql"
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
		return fmt.Errorf("sqlite: create upload %s: %w", u.ID, err)
	}
	if u.CreatedAt.IsZero() {
		u.CreatedAt = time.Now()
	}
	u.CreatedAt = norm(u.CreatedAt)
	u.UpdatedAt, u.Offset, u.Chunks, u.Result = u.CreatedAt, 0, nil, nil
	_, err = st.w.ExecContext(ctx, `INSERT INTO uploads (id, size, metadata, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
		u.ID, u.Size, string(md), dbTime(u.CreatedAt), dbTime(u.UpdatedAt))
	if err != nil {
		return fmt.Errorf("sqlite: create upload %s: %w", u.ID, conflict(err))
	}
	return nil
}

// GetUpload implements catalog.UploadStore.
func (st *Store) GetUpload(ctx context.Context, id string) (*catalog.Upload, error) {
	u, err := scanUpload(st.r.QueryRowContext(ctx, `SELECT `+uploadCols+` FROM uploads WHERE id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("sqlite: get upload %s: %w", id, notFound(err))
	}
	if err := fillChunks(ctx, st.r, u); err != nil {
		return nil, err
	}
	return u, nil
}

func fillChunks(ctx context.Context, db queryer, u *catalog.Upload) error {
	rows, err := db.QueryContext(ctx, `SELECT pos, size, key FROM upload_chunks WHERE upload_id = ? ORDER BY pos`, u.ID)
	if err != nil {
		return fmt.Errorf("sqlite: upload %s chunks: %w", u.ID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var c catalog.UploadChunk
		if err := rows.Scan(&c.Offset, &c.Size, &c.Key); err != nil {
			return fmt.Errorf("sqlite: upload %s chunks: %w", u.ID, err)
		}
		u.Chunks = append(u.Chunks, c)
	}
	return rows.Err()
}

// AddUploadChunk implements catalog.UploadStore: the UPDATE is the
// compare-and-set on the offset.
func (st *Store) AddUploadChunk(ctx context.Context, id string, c catalog.UploadChunk, at time.Time) error {
	err := st.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE uploads SET received = received + ?, updated_at = ?
			WHERE id = ? AND received = ? AND result IS NULL AND NOT closing AND received + ? <= size`,
			c.Size, dbTime(norm(at)), id, c.Offset, c.Size)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			if err == nil {
				_, err = tx.ExecContext(ctx, `INSERT INTO upload_chunks (upload_id, pos, size, key) VALUES (?, ?, ?, ?)`,
					id, c.Offset, c.Size, c.Key)
			}
			return err
		}
		return chunkRefused(ctx, tx, id)
	})
	if err != nil {
		return fmt.Errorf("sqlite: upload %s chunk at %d: %w", id, c.Offset, err)
	}
	return nil
}

// chunkRefused says why AddUploadChunk changed no row: ErrNotFound for an
// upload that is gone or closing, else ErrConflict.
func chunkRefused(ctx context.Context, tx *sql.Tx, id string) error {
	var closing bool
	err := tx.QueryRowContext(ctx, `SELECT closing FROM uploads WHERE id = ?`, id).Scan(&closing)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return catalog.ErrNotFound
	case err != nil:
		return err
	case closing:
		return fmt.Errorf("upload %s is being deleted: %w", id, catalog.ErrNotFound)
	}
	return catalog.ErrConflict
}

// CloseUpload implements catalog.UploadStore. The mark and the chunk list
// are one transaction, and writes are serialised, so no chunk can be added
// between them.
func (st *Store) CloseUpload(ctx context.Context, id string) (*catalog.Upload, error) {
	var u *catalog.Upload
	err := st.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE uploads SET closing = TRUE WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return cmpErr(err, catalog.ErrNotFound)
		}
		if u, err = scanUpload(tx.QueryRowContext(ctx, `SELECT `+uploadCols+` FROM uploads WHERE id = ?`, id)); err != nil {
			return err
		}
		return fillChunks(ctx, tx, u)
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: close upload %s: %w", id, err)
	}
	return u, nil
}

// uploadMissing is ErrNotFound when there is no upload id, else orElse.
func (st *Store) uploadMissing(ctx context.Context, tx *sql.Tx, id string, orElse error) error {
	var one int
	err := tx.QueryRowContext(ctx, `SELECT 1 FROM uploads WHERE id = ?`, id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return catalog.ErrNotFound
	}
	if err != nil {
		return err
	}
	return orElse
}

// ClaimUpload implements catalog.UploadStore.
func (st *Store) ClaimUpload(ctx context.Context, id, holder string, now time.Time, ttl time.Duration) (bool, error) {
	var got bool
	err := st.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE uploads SET claim_holder = ?, claim_until = ?
			WHERE id = ? AND (claim_holder = ? OR claim_until <= ?)`,
			holder, now.Add(ttl).UnixMilli(), id, holder, now.UnixMilli())
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if got = n == 1; !got {
			return st.uploadMissing(ctx, tx, id, nil)
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("sqlite: claim upload %s: %w", id, err)
	}
	return got, nil
}

// FinishUpload implements catalog.UploadStore.
func (st *Store) FinishUpload(ctx context.Context, id string, result []byte, at time.Time) error {
	err := st.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE uploads SET result = ?, updated_at = ? WHERE id = ?`, result, dbTime(norm(at)), id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return cmpErr(err, catalog.ErrNotFound)
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM upload_chunks WHERE upload_id = ?`, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("sqlite: finish upload %s: %w", id, err)
	}
	return nil
}

// cmpErr is err, or orElse when err is nil.
func cmpErr(err, orElse error) error {
	if err != nil {
		return err
	}
	return orElse
}

// StaleUploads implements catalog.UploadStore.
func (st *Store) StaleUploads(ctx context.Context, before time.Time, limit int) ([]*catalog.Upload, error) {
	rows, err := st.r.QueryContext(ctx, `SELECT `+uploadCols+` FROM uploads WHERE updated_at < ? OR closing ORDER BY updated_at, id LIMIT ?`,
		dbTime(norm(before)), limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: stale uploads: %w", err)
	}
	var out []*catalog.Upload
	for rows.Next() {
		u, err := scanUpload(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("sqlite: stale uploads: %w", err)
		}
		out = append(out, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: stale uploads: %w", err)
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
	if _, err := st.w.ExecContext(ctx, `DELETE FROM uploads WHERE id = ?`, id); err != nil {
		return fmt.Errorf("sqlite: delete upload %s: %w", id, err)
	}
	return nil
}
