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

const (
	articleCols  = `id, url, title, summary, image_url, published_at, created_at, updated_at`
	articleColsA = `a.id, a.url, a.title, a.summary, a.image_url, a.published_at, a.created_at, a.updated_at`
)

// scanArticle scans an article row, after any leading columns into pre.
func scanArticle(r rowScanner, pre ...any) (*catalog.Article, error) {
	var a catalog.Article
	dest := append(pre, &a.ID, &a.URL, &a.Title, &a.Summary, &a.ImageURL,
		timeCol(&a.PublishedAt), timeCol(&a.CreatedAt), timeCol(&a.UpdatedAt))
	if err := r.Scan(dest...); err != nil {
		return nil, err
	}
	return &a, nil
}

// CreateArticle stores a, filling ID (when empty) and timestamps. A taken
// URL is ErrConflict.
func (st *Store) CreateArticle(ctx context.Context, a *catalog.Article) error {
	if a.ID == "" {
		a.ID = catalog.NewID()
	}
	now := norm(time.Now())
	if a.CreatedAt.IsZero() {
		a.CreatedAt = now
	}
	if a.UpdatedAt.IsZero() {
		a.UpdatedAt = now
	}
	a.CreatedAt, a.UpdatedAt, a.PublishedAt = norm(a.CreatedAt), norm(a.UpdatedAt), norm(a.PublishedAt)
	_, err := st.pool.Exec(ctx, `INSERT INTO articles (`+articleCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		a.ID, a.URL, a.Title, a.Summary, a.ImageURL, dbTime(a.PublishedAt), dbTime(a.CreatedAt), dbTime(a.UpdatedAt))
	if err != nil {
		return fmt.Errorf("postgres: create article %s: %w", a.URL, conflict(err))
	}
	return nil
}

// GetArticle returns the article with this id.
func (st *Store) GetArticle(ctx context.Context, id string) (*catalog.Article, error) {
	a, err := scanArticle(st.pool.QueryRow(ctx, `SELECT `+articleCols+` FROM articles WHERE id = $1`, id))
	if err != nil {
		return nil, fmt.Errorf("postgres: article %s: %w", id, notFound(err))
	}
	return a, nil
}

// GetArticleByURL returns the article with exactly this URL.
func (st *Store) GetArticleByURL(ctx context.Context, url string) (*catalog.Article, error) {
	a, err := scanArticle(st.pool.QueryRow(ctx, `SELECT `+articleCols+` FROM articles WHERE url = $1`, url))
	if err != nil {
		return nil, fmt.Errorf("postgres: article %s: %w", url, notFound(err))
	}
	return a, nil
}

// likeEscaper makes a query match literally inside a LIKE pattern.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// ListArticles returns articles whose title or URL contains query
// (case-insensitive; all when empty), newest first (by PublishedAt, else
// CreatedAt), at most limit (all when limit <= 0).
func (st *Store) ListArticles(ctx context.Context, query string, limit int) ([]*catalog.Article, error) {
	q := `SELECT ` + articleCols + ` FROM articles`
	var args []any
	if query != "" {
		pat := "%" + likeEscaper.Replace(strings.ToLower(query)) + "%"
		q += ` WHERE lower(title) LIKE $1 ESCAPE '\' OR lower(url) LIKE $1 ESCAPE '\'`
		args = append(args, pat)
	}
	q += ` ORDER BY coalesce(published_at, created_at) DESC, id DESC`
	if limit > 0 {
		args = append(args, limit)
		q += ` LIMIT $` + strconv.Itoa(len(args))
	}
	rows, err := st.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("postgres: list articles: %w", err)
	}
	defer rows.Close()
	var out []*catalog.Article
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, fmt.Errorf("postgres: list articles: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: list articles: %w", err)
	}
	return out, nil
}

// UpdateArticle writes every field of a but ID and CreatedAt, sets UpdatedAt,
// and bumps the Version of every show with an episode linked to it.
func (st *Store) UpdateArticle(ctx context.Context, a *catalog.Article) error {
	now := norm(time.Now())
	a.PublishedAt = norm(a.PublishedAt)
	err := st.write(ctx, func(tx pgx.Tx) error {
		err := mustAffect(tx.Exec(ctx, `UPDATE articles SET url = $1, title = $2, summary = $3,
			image_url = $4, published_at = $5, updated_at = $6 WHERE id = $7`,
			a.URL, a.Title, a.Summary, a.ImageURL, dbTime(a.PublishedAt), dbTime(now), a.ID))
		if err != nil {
			return conflict(err)
		}
		return bumpArticleShows(ctx, tx, a.ID)
	})
	if err != nil {
		return fmt.Errorf("postgres: update article %s: %w", a.ID, err)
	}
	a.UpdatedAt = now
	return nil
}

// DeleteArticle removes the article and its links to episodes, bumping the
// Version of every show that linked it.
func (st *Store) DeleteArticle(ctx context.Context, id string) error {
	err := st.write(ctx, func(tx pgx.Tx) error {
		// Article first, then shows: the order every writer locks in.
		var found string
		err := tx.QueryRow(ctx, `SELECT id FROM articles WHERE id = $1 FOR UPDATE`, id).Scan(&found)
		if err != nil {
			return notFound(err)
		}
		if err := bumpArticleShows(ctx, tx, id); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `DELETE FROM articles WHERE id = $1`, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("postgres: delete article %s: %w", id, err)
	}
	return nil
}

// bumpArticleShows bumps the Version of every show with an episode linked
// to the article.
func bumpArticleShows(ctx context.Context, tx pgx.Tx, articleID string) error {
	// Lock the shows in id order so two such bumps cannot deadlock.
	_, err := tx.Exec(ctx, `UPDATE shows s SET version = s.version + 1 FROM (
		SELECT id FROM shows WHERE id IN (
			SELECT e.show_id FROM episodes e JOIN episode_articles ea ON ea.episode_id = e.id
			WHERE ea.article_id = $1)
		ORDER BY id FOR UPDATE) locked
		WHERE s.id = locked.id`, articleID)
	return err
}
