package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/onair-fm/onair/catalog"
)

// where builds the WHERE clause of an EpisodeFilter, with its arguments
// numbered from $1. A published episode without a time counts as live, as
// Episode.IsLive says.
func where(f catalog.EpisodeFilter) (string, []any) {
	var conds []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if f.ShowID != "" {
		conds = append(conds, `e.show_id = `+arg(f.ShowID))
	}
	if f.ArticleID != "" {
		conds = append(conds, `EXISTS (SELECT 1 FROM episode_articles ea
			WHERE ea.episode_id = e.id AND ea.article_id = `+arg(f.ArticleID)+`)`)
	}
	if !f.LiveAt.IsZero() {
		conds = append(conds, `e.status = `+arg(catalog.StatusPublished)+
			` AND (e.published_at IS NULL OR e.published_at <= `+arg(dbTime(f.LiveAt))+`)`)
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
		args = append(args, f.Limit)
		q += ` LIMIT $` + strconv.Itoa(len(args))
	}
	if f.Offset > 0 {
		args = append(args, f.Offset)
		q += ` OFFSET $` + strconv.Itoa(len(args))
	}
	// One snapshot for the episodes and their articles.
	tx, err := st.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, fmt.Errorf("postgres: list episodes: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	rows, err := tx.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("postgres: list episodes: %w", err)
	}
	defer rows.Close()
	var out []*catalog.Episode
	for rows.Next() {
		e, err := scanEpisode(rows)
		if err != nil {
			return nil, fmt.Errorf("postgres: list episodes: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: list episodes: %w", err)
	}
	rows.Close()
	if err := fillArticles(ctx, tx, out); err != nil {
		return nil, fmt.Errorf("postgres: list episodes: %w", err)
	}
	return out, tx.Commit(ctx)
}

// CountEpisodes counts the episodes f selects, ignoring Limit and Offset.
func (st *Store) CountEpisodes(ctx context.Context, f catalog.EpisodeFilter) (int, error) {
	w, args := where(f)
	var n int
	if err := st.pool.QueryRow(ctx, `SELECT count(*) FROM episodes e`+w, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("postgres: count episodes: %w", err)
	}
	return n, nil
}

// NextScheduled returns the earliest PublishedAt after t among the show's
// published episodes, and false when there is none.
func (st *Store) NextScheduled(ctx context.Context, showID string, t time.Time) (time.Time, bool, error) {
	var next time.Time
	err := st.pool.QueryRow(ctx, `SELECT min(published_at) FROM episodes
		WHERE show_id = $1 AND status = $2 AND published_at > $3`,
		showID, catalog.StatusPublished, dbTime(norm(t))).Scan(timeCol(&next))
	if err != nil {
		return time.Time{}, false, fmt.Errorf("postgres: next scheduled in show %s: %w", showID, err)
	}
	return next, !next.IsZero(), nil
}

// queryer is what fillArticles needs of a pool or transaction.
type queryer interface {
	Query(ctx context.Context, q string, args ...any) (pgx.Rows, error)
}

// fillArticles sets the Articles of eps, in each episode's order.
func (st *Store) fillArticles(ctx context.Context, eps []*catalog.Episode) error {
	return fillArticles(ctx, st.pool, eps)
}

func fillArticles(ctx context.Context, db queryer, eps []*catalog.Episode) error {
	if len(eps) == 0 {
		return nil
	}
	byID := make(map[string]*catalog.Episode, len(eps))
	ids := make([]string, len(eps))
	for i, e := range eps {
		byID[e.ID] = e
		ids[i] = e.ID
	}
	rows, err := db.Query(ctx, `SELECT ea.episode_id, `+articleColsA+`
		FROM episode_articles ea JOIN articles a ON a.id = ea.article_id
		WHERE ea.episode_id = ANY($1) ORDER BY ea.episode_id, ea.position`, ids)
	if err != nil {
		return fmt.Errorf("articles: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var eid string
		a, err := scanArticle(rows, &eid)
		if err != nil {
			return fmt.Errorf("articles: %w", err)
		}
		e := byID[eid]
		e.Articles = append(e.Articles, *a)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("articles: %w", err)
	}
	return nil
}
