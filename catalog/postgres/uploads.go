package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/onair-fm/onair/catalog"
)

const uploadCols = `id, size, received, metadata, result, closing, created_at, updated_at`

func scanUpload(r pgx.Row) (*catalog.Upload, error) {
	var u catalog.Upload
	if err := r.Scan(&u.ID, &u.Size, &u.Offset, &u.MetaData, &u.Result, &u.Closing, timeCol(&u.CreatedAt), timeCol(&u.UpdatedAt)); err != nil {
		return nil, err
	}
	return &u, nil
}

// CreateUpload implements catalog.UploadStore.
func (st *Store) CreateUpload(ctx context.Context, u *catalog.Upload) error {
	if u.MetaData == nil {
		u.MetaData = map[string]string{}
	}
	if u.CreatedAt.IsZero() {
		u.CreatedAt = time.Now()
	}
	u.CreatedAt = norm(u.CreatedAt)
	u.UpdatedAt, u.Offset, u.Chunks, u.Result = u.CreatedAt, 0, nil, nil
	_, err := st.pool.Exec(ctx, `INSERT INTO uploads (id, size, metadata, created_at, updated_at) VALUES ($1, $2, $3, $4, $5)`,
		u.ID, u.Size, u.MetaData, dbTime(u.CreatedAt), dbTime(u.UpdatedAt))
	if err != nil {
		return fmt.Errorf("postgres: create upload %s: %w", u.ID, conflict(err))
	}
	return nil
}

// GetUpload implements catalog.UploadStore.
func (st *Store) GetUpload(ctx context.Context, id string) (*catalog.Upload, error) {
	u, err := scanUpload(st.pool.QueryRow(ctx, `SELECT `+uploadCols+` FROM uploads WHERE id = $1`, id))
	if err != nil {
		return nil, fmt.Errorf("postgres: get upload %s: %w", id, notFound(err))
	}
	if err := fillChunks(ctx, st.pool, u); err != nil {
		return nil, err
	}
	return u, nil
}

func fillChunks(ctx context.Context, db queryer, u *catalog.Upload) error {
	rows, err := db.Query(ctx, `SELECT pos, size, key FROM upload_chunks WHERE upload_id = $1 ORDER BY pos`, u.ID)
	if err != nil {
		return fmt.Errorf("postgres: upload %s chunks: %w", u.ID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var c catalog.UploadChunk
		if err := rows.Scan(&c.Offset, &c.Size, &c.Key); err != nil {
			return fmt.Errorf("postgres: upload %s chunks: %w", u.ID, err)
		}
		u.Chunks = append(u.Chunks, c)
	}
	return rows.Err()
}

// AddUploadChunk implements catalog.UploadStore: the UPDATE is the
// compare-and-set on the offset; its row lock orders two nodes at once.
func (st *Store) AddUploadChunk(ctx context.Context, id string, c catalog.UploadChunk, at time.Time) error {
	err := pgx.BeginFunc(ctx, st.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE uploads SET received = received + $1, updated_at = $2
			WHERE id = $3 AND received = $4 AND result IS NULL AND NOT closing AND received + $1 <= size`,
			c.Size, dbTime(norm(at)), id, c.Offset)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 1 {
			_, err = tx.Exec(ctx, `INSERT INTO upload_chunks (upload_id, pos, size, key) VALUES ($1, $2, $3, $4)`,
				id, c.Offset, c.Size, c.Key)
			return err
		}
		return chunkRefused(ctx, tx, id)
	})
	if err != nil {
		return fmt.Errorf("postgres: upload %s chunk at %d: %w", id, c.Offset, err)
	}
	return nil
}

// chunkRefused says why AddUploadChunk changed no row: ErrNotFound for an
// upload that is gone or closing, else ErrConflict.
func chunkRefused(ctx context.Context, tx pgx.Tx, id string) error {
	var closing bool
	err := tx.QueryRow(ctx, `SELECT closing FROM uploads WHERE id = $1`, id).Scan(&closing)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return catalog.ErrNotFound
	case err != nil:
		return err
	case closing:
		return fmt.Errorf("upload %s is being deleted: %w", id, catalog.ErrNotFound)
	}
	return catalog.ErrConflict
}

// CloseUpload implements catalog.UploadStore. The UPDATE waits for the row
// lock of an AddUploadChunk under way on any node, and the chunk list is
// read after it (a new snapshot under READ COMMITTED), so it holds every
// chunk added before the mark; AddUploadChunk re-checks closing once it
// gets the lock, so none is added after.
func (st *Store) CloseUpload(ctx context.Context, id string) (*catalog.Upload, error) {
	var u *catalog.Upload
	err := pgx.BeginFunc(ctx, st.pool, func(tx pgx.Tx) error {
		var err error
		u, err = scanUpload(tx.QueryRow(ctx, `UPDATE uploads SET closing = TRUE WHERE id = $1 RETURNING `+uploadCols, id))
		if err != nil {
			return notFound(err)
		}
		return fillChunks(ctx, tx, u)
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: close upload %s: %w", id, err)
	}
	return u, nil
}

// uploadMissing is ErrNotFound when there is no upload id, else orElse.
func uploadMissing(ctx context.Context, tx pgx.Tx, id string, orElse error) error {
	var one int
	err := tx.QueryRow(ctx, `SELECT 1 FROM uploads WHERE id = $1`, id).Scan(&one)
	if errors.Is(err, pgx.ErrNoRows) {
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
	err := pgx.BeginFunc(ctx, st.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE uploads SET claim_holder = $1, claim_until = $2
			WHERE id = $3 AND (claim_holder = $1 OR claim_until <= $4)`,
			holder, now.Add(ttl), id, now)
		if err != nil {
			return err
		}
		if got = tag.RowsAffected() == 1; !got {
			return uploadMissing(ctx, tx, id, nil)
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("postgres: claim upload %s: %w", id, err)
	}
	return got, nil
}

// FinishUpload implements catalog.UploadStore.
func (st *Store) FinishUpload(ctx context.Context, id string, result []byte, at time.Time) error {
	err := pgx.BeginFunc(ctx, st.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE uploads SET result = $1, updated_at = $2 WHERE id = $3`, result, dbTime(norm(at)), id)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return catalog.ErrNotFound
		}
		_, err = tx.Exec(ctx, `DELETE FROM upload_chunks WHERE upload_id = $1`, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("postgres: finish upload %s: %w", id, err)
	}
	return nil
}

// StaleUploads implements catalog.UploadStore.
func (st *Store) StaleUploads(ctx context.Context, before time.Time, limit int) ([]*catalog.Upload, error) {
	rows, err := st.pool.Query(ctx, `SELECT `+uploadCols+` FROM uploads WHERE updated_at < $1 OR closing ORDER BY updated_at, id LIMIT $2`,
		dbTime(norm(before)), limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: stale uploads: %w", err)
	}
	var out []*catalog.Upload
	for rows.Next() {
		u, err := scanUpload(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("postgres: stale uploads: %w", err)
		}
		out = append(out, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: stale uploads: %w", err)
	}
	for _, u := range out {
		if err := fillChunks(ctx, st.pool, u); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// DeleteUpload implements catalog.UploadStore.
func (st *Store) DeleteUpload(ctx context.Context, id string) error {
	if _, err := st.pool.Exec(ctx, `DELETE FROM uploads WHERE id = $1`, id); err != nil {
		return fmt.Errorf("postgres: delete upload %s: %w", id, err)
	}
	return nil
}
