package sqlstore

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// where builds the WHERE clause of an EpisodeFilter. A published episode
// without a time counts as live, as Episode.IsLive says.
func (st *Store) where(f catalog.EpisodeFilter) (string, []any) {
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
		at := st.dbTime(f.LiveAt)
		conds = append(conds, `e.status = ? AND (e.published_at IS NULL OR e.published_at <= ?)`)
		args = append(args, catalog.StatusPublished, at)
		if !f.Members {
			// Episode.IsLive: members episodes only once public_at has come.
			conds = append(conds, `(e.visibility <> ? OR (e.public_at IS NOT NULL AND e.public_at <= ?))`)
			args = append(args, catalog.VisibilityMembers, at)
		}
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// ListEpisodes returns episodes newest first (PublishedAt, then ID), with
// their Articles filled in. Episodes without a time come last.
func (st *Store) ListEpisodes(ctx context.Context, f catalog.EpisodeFilter) ([]*catalog.Episode, error) {
	w, args := st.where(f)
	q := `SELECT ` + episodeCols + ` FROM episodes e` + w +
		` ORDER BY e.published_at DESC NULLS LAST, e.id DESC`
	if f.Limit > 0 || f.Offset > 0 {
		limit := int64(math.MaxInt64) // SQLite takes no OFFSET without a LIMIT
		if f.Limit > 0 {
			limit = int64(f.Limit)
		}
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	if f.Offset > 0 {
		q += ` OFFSET ?`
		args = append(args, f.Offset)
	}
	var out []*catalog.Episode
	// One snapshot for the episodes and their articles.
	err := st.inTx(ctx, st.rdb, snapshot, func(tx conn) error {
		rows, err := tx.query(ctx, q, args...)
		if out, err = collect(rows, err, scanEpisode); err != nil {
			return err
		}
		if err := st.fillArticlesOn(ctx, tx, out); err != nil {
			return err
		}
		return st.fillTranscripts(ctx, tx, out)
	})
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list episodes: %w", err)
	}
	return out, nil
}

// CountEpisodes counts the episodes f selects, ignoring Limit and Offset.
func (st *Store) CountEpisodes(ctx context.Context, f catalog.EpisodeFilter) (int, error) {
	w, args := st.where(f)
	var n int
	if err := st.r.row(ctx, `SELECT count(*) FROM episodes e`+w, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("sqlstore: count episodes: %w", err)
	}
	return n, nil
}

// NextScheduled returns the earliest PublishedAt, or members episode's
// PublicAt, after t among the show's published episodes, and false when
// there is none.
func (st *Store) NextScheduled(ctx context.Context, showID string, t time.Time) (time.Time, bool, error) {
	var next, public time.Time
	at := st.dbTime(t)
	err := st.r.row(ctx, `SELECT min(published_at) FROM episodes
		WHERE show_id = ? AND status = ? AND published_at > ?`,
		showID, catalog.StatusPublished, at).Scan(timeCol(&next))
	if err == nil {
		err = st.r.row(ctx, `SELECT min(public_at) FROM episodes
			WHERE show_id = ? AND status = ? AND visibility = ? AND public_at > ?`,
			showID, catalog.StatusPublished, catalog.VisibilityMembers, at).Scan(timeCol(&public))
	}
	if err != nil {
		return time.Time{}, false, fmt.Errorf("sqlstore: next scheduled in show %s: %w", showID, err)
	}
	if next.IsZero() || (!public.IsZero() && public.Before(next)) {
		next = public
	}
	return next, !next.IsZero(), nil
}

// fillArticles sets the Articles of eps, in each episode's order.
func (st *Store) fillArticles(ctx context.Context, eps []*catalog.Episode) error {
	return st.fillArticlesOn(ctx, st.r, eps)
}

func (st *Store) fillArticlesOn(ctx context.Context, db conn, eps []*catalog.Episode) error {
	byID := make(map[string]*catalog.Episode, len(eps))
	for _, e := range eps {
		byID[e.ID] = e
	}
	for start := 0; start < len(eps); start += batch {
		part := eps[start:min(start+batch, len(eps))]
		ids := make([]string, len(part))
		for i, e := range part {
			ids[i] = e.ID
		}
		in, args := anyOf(st.d, "ea.episode_id", ids)
		rows, err := db.query(ctx, `SELECT ea.episode_id, `+articleColsA+`
			FROM episode_articles ea JOIN articles a ON a.id = ea.article_id
			WHERE `+in+` ORDER BY ea.episode_id, ea.position`, args...)
		err = each(rows, err, func(r rowScanner) error {
			var eid string
			a, err := scanArticle(r, &eid)
			if err == nil {
				byID[eid].Articles = append(byID[eid].Articles, *a)
			}
			return err
		})
		if err != nil {
			return fmt.Errorf("articles: %w", err)
		}
	}
	return nil
}
