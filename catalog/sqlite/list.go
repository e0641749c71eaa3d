package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// where builds the WHERE clause of an EpisodeFilter. A published episode
// without a time counts as live, as Episode.IsLive says.
func where(f catalog.EpisodeFilter) (string, []any) {
	var conds []string
	var args []any
	if f.ShowID != "" {
		conds = append(conds, `e.show_id = ?`)
		args = append(args, f.ShowID)
	}
	if f.ArticleID != "" {
		conds = append(conds, `EXISTS (SELECT 1 FROM episode_articles ea
			WHERE ea.episode_id = e.id AND ea.article_id = ?)`)
		args = append(args, f.ArticleID)
	}
	if !f.LiveAt.IsZero() {
		conds = append(conds, `e.status = ? AND (e.published_at IS NULL OR e.published_at <= ?)`)
		args = append(args, catalog.StatusPublished, dbTime(f.LiveAt))
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// ListEpisodes returns episodes newest first (PublishedAt, then ID), with
// their Articles filled in. Episodes without a time come last.
func (st *Store) ListEpisodes(ctx context.Context, f catalog.EpisodeFilter) ([]*catalog.Episode, error) {
	w, args := where(f)
	q := `SELECT ` + episodeCols + ` FROM episodes e` + w +
		` ORDER BY e.published_at DESC NULLS LAST, e.id DESC`
	if f.Limit > 0 {
		q += ` LIMIT ?`
		args = append(args, f.Limit)
	} else if f.Offset > 0 {
		q += ` LIMIT -1`
	}
	if f.Offset > 0 {
		q += ` OFFSET ?`
		args = append(args, f.Offset)
	}
	// One read transaction: the episodes and their articles from one snapshot.
	tx, err := st.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("sqlite: list episodes: %w", err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list episodes: %w", err)
	}
	defer rows.Close()
	var out []*catalog.Episode
	for rows.Next() {
		e, err := scanEpisode(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: list episodes: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: list episodes: %w", err)
	}
	rows.Close()
	if err := fillArticles(ctx, tx, out); err != nil {
		return nil, fmt.Errorf("sqlite: list episodes: %w", err)
	}
	return out, nil
}

// CountEpisodes counts the episodes f selects, ignoring Limit and Offset.
func (st *Store) CountEpisodes(ctx context.Context, f catalog.EpisodeFilter) (int, error) {
	w, args := where(f)
	var n int
	if err := st.r.QueryRowContext(ctx, `SELECT count(*) FROM episodes e`+w, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("sqlite: count episodes: %w", err)
	}
	return n, nil
}

// NextScheduled returns the earliest PublishedAt after t among the show's
// published episodes, and false when there is none.
func (st *Store) NextScheduled(ctx context.Context, showID string, t time.Time) (time.Time, bool, error) {
	var next time.Time
	err := st.r.QueryRowContext(ctx, `SELECT min(published_at) FROM episodes
		WHERE show_id = ? AND status = ? AND published_at > ?`,
		showID, catalog.StatusPublished, dbTime(norm(t))).Scan(timeCol(&next))
	if err != nil {
		return time.Time{}, false, fmt.Errorf("sqlite: next scheduled in show %s: %w", showID, err)
	}
	return next, !next.IsZero(), nil
}

// queryer is what fillArticles needs of a pool or transaction.
type queryer interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

// fillArticles sets the Articles of eps, in each episode's order.
func (st *Store) fillArticles(ctx context.Context, eps []*catalog.Episode) error {
	return fillArticles(ctx, st.r, eps)
}

// articleBatch bounds the ids in one IN list.
const articleBatch = 500

func fillArticles(ctx context.Context, db queryer, eps []*catalog.Episode) error {
	byID := make(map[string]*catalog.Episode, len(eps))
	for _, e := range eps {
		byID[e.ID] = e
	}
	for start := 0; start < len(eps); start += articleBatch {
		batch := eps[start:min(start+articleBatch, len(eps))]
		args := make([]any, len(batch))
		for i, e := range batch {
			args[i] = e.ID
		}
		marks := strings.TrimSuffix(strings.Repeat("?, ", len(batch)), ", ")
		rows, err := db.QueryContext(ctx, `SELECT ea.episode_id, `+articleColsA+`
			FROM episode_articles ea JOIN articles a ON a.id = ea.article_id
			WHERE ea.episode_id IN (`+marks+`) ORDER BY ea.episode_id, ea.position`, args...)
		if err != nil {
			return fmt.Errorf("articles: %w", err)
		}
		for rows.Next() {
			var eid string
			a, err := scanArticle(rows, &eid)
			if err != nil {
				rows.Close()
				return fmt.Errorf("articles: %w", err)
			}
			e := byID[eid]
			e.Articles = append(e.Articles, *a)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return fmt.Errorf("articles: %w", err)
		}
	}
	return nil
}
