package sqlstore

import (
	"context"
	"fmt"

	"github.com/onair-fm/onair/catalog"
)

// blobRefsQuery is one statement, so the keys come from one snapshot.
const blobRefsQuery = `SELECT audio_key, audio_size, 'episode ' || id FROM episodes
	UNION ALL SELECT artwork_key, -1, 'episode ' || id FROM episodes WHERE artwork_key <> ''
	UNION ALL SELECT artwork_key, -1, 'show ' || id FROM shows WHERE artwork_key <> ''
	UNION ALL SELECT key, size, 'upload ' || upload_id FROM upload_chunks`

// BlobRefs implements catalog.CheckStore.
func (st *Store) BlobRefs(ctx context.Context) ([]catalog.BlobRef, error) {
	rows, err := st.r.query(ctx, blobRefsQuery)
	refs, err := collect(rows, err, func(r rowScanner) (b catalog.BlobRef, err error) {
		return b, r.Scan(&b.Key, &b.Size, &b.Owner)
	})
	if err != nil {
		return nil, fmt.Errorf("sqlstore: blob refs: %w", err)
	}
	return refs, nil
}

// orphanChecks find rows whose parent is gone: foreign keys forbid them,
// so one means the keys were off (SQLite without foreign_keys) or the
// file is damaged.
var orphanChecks = []struct{ what, query string }{
	{"episodes without their show", `SELECT count(*) FROM episodes e WHERE NOT EXISTS (SELECT 1 FROM shows s WHERE s.id = e.show_id)`},
	{"article links without their episode", `SELECT count(*) FROM episode_articles a WHERE NOT EXISTS (SELECT 1 FROM episodes e WHERE e.id = a.episode_id)`},
	{"article links without their article", `SELECT count(*) FROM episode_articles a WHERE NOT EXISTS (SELECT 1 FROM articles r WHERE r.id = a.article_id)`},
	{"old slugs without their show", `SELECT count(*) FROM show_slugs o WHERE NOT EXISTS (SELECT 1 FROM shows s WHERE s.id = o.show_id)`},
	{"upload chunks without their upload", `SELECT count(*) FROM upload_chunks c WHERE NOT EXISTS (SELECT 1 FROM uploads u WHERE u.id = c.upload_id)`},
	{"sessions without their user", `SELECT count(*) FROM sessions x WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = x.user_id)`},
}

// CheckIntegrity implements catalog.CheckStore.
func (st *Store) CheckIntegrity(ctx context.Context) ([]string, error) {
	var out []string
	if q := st.d.IntegrityCheck; q != "" {
		rows, err := st.r.query(ctx, q)
		found, err := collect(rows, err, func(r rowScanner) (s string, err error) {
			return s, r.Scan(&s)
		})
		if err != nil {
			return nil, fmt.Errorf("sqlstore: integrity check: %w", err)
		}
		for _, f := range found {
			if f != "ok" {
				out = append(out, f)
			}
		}
	}
	for _, c := range orphanChecks {
		var n int
		if err := st.r.row(ctx, c.query).Scan(&n); err != nil {
			return nil, fmt.Errorf("sqlstore: integrity check: %s: %w", c.what, err)
		}
		if n > 0 {
			out = append(out, fmt.Sprintf("%d %s", n, c.what))
		}
	}
	return out, nil
}
