package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"
	"time"

	"modernc.org/sqlite"

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
	_, err := st.w.ExecContext(ctx, `INSERT INTO articles (`+articleCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		a.ID, a.URL, a.Title, a.Summary, a.ImageURL, dbTime(a.PublishedAt), dbTime(a.CreatedAt), dbTime(a.UpdatedAt))
	if err != nil {
		return fmt.Errorf("sqlite: create article %s: %w", a.URL, conflict(err))
	}
	return nil
}

// GetArticle returns the article with this id.
func (st *Store) GetArticle(ctx context.Context, id string) (*catalog.Article, error) {
	a, err := scanArticle(st.r.QueryRowContext(ctx, `SELECT `+articleCols+` FROM articles WHERE id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("sqlite: article %s: %w", id, notFound(err))
	}
	return a, nil
}

// GetArticleByURL returns the article with exactly this URL.
func (st *Store) GetArticleByURL(ctx context.Context, url string) (*catalog.Article, error) {
	a, err := scanArticle(st.r.QueryRowContext(ctx, `SELECT `+articleCols+` FROM articles WHERE url = ?`, url))
	if err != nil {
		return nil, fmt.Errorf("sqlite: article %s: %w", url, notFound(err))
	}
	return a, nil
}

// SQLite's lower() folds ASCII only; onair_lower folds as Go (and
// PostgreSQL in a UTF-8 locale) do, so "über" finds "Über".
func init() {
	sqlite.MustRegisterDeterministicScalarFunction("onair_lower", 1,
		func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
			switch v := args[0].(type) {
			case string:
				return strings.ToLower(v), nil
			case []byte:
				return strings.ToLower(string(v)), nil
			}
			return args[0], nil
		})
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
		q += ` WHERE onair_lower(title) LIKE ? ESCAPE '\' OR onair_lower(url) LIKE ? ESCAPE '\'`
		args = append(args, pat, pat)
	}
	q += ` ORDER BY coalesce(published_at, created_at) DESC, id DESC`
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	rows, err := st.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list articles: %w", err)
	}
	defer rows.Close()
	var out []*catalog.Article
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: list articles: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: list articles: %w", err)
	}
	return out, nil
}

// UpdateArticle writes every field of a but ID and CreatedAt, sets UpdatedAt,
// and bumps the Version of every show with an episode linked to it.
func (st *Store) UpdateArticle(ctx context.Context, a *catalog.Article) error {
	now := norm(time.Now())
	a.PublishedAt = norm(a.PublishedAt)
	err := st.write(ctx, func(tx *sql.Tx) error {
		err := mustAffect(tx.ExecContext(ctx, `UPDATE articles SET url = ?, title = ?, summary = ?,
			image_url = ?, published_at = ?, updated_at = ? WHERE id = ?`,
			a.URL, a.Title, a.Summary, a.ImageURL, dbTime(a.PublishedAt), dbTime(now), a.ID))
		if err != nil {
			return conflict(err)
		}
		return bumpArticleShows(ctx, tx, a.ID)
	})
	if err != nil {
		return fmt.Errorf("sqlite: update article %s: %w", a.ID, err)
	}
	a.UpdatedAt = now
	return nil
}

// DeleteArticle removes the article and its links to episodes, bumping the
// Version of every show that linked it.
func (st *Store) DeleteArticle(ctx context.Context, id string) error {
	err := st.write(ctx, func(tx *sql.Tx) error {
		if err := bumpArticleShows(ctx, tx, id); err != nil {
			return err
		}
		return mustAffect(tx.ExecContext(ctx, `DELETE FROM articles WHERE id = ?`, id))
	})
	if err != nil {
		return fmt.Errorf("sqlite: delete article %s: %w", id, err)
	}
	return nil
}

// bumpArticleShows bumps the Version of every show with an episode linked
// to the article.
func bumpArticleShows(ctx context.Context, tx *sql.Tx, articleID string) error {
	_, err := tx.ExecContext(ctx, `UPDATE shows SET version = version + 1 WHERE id IN (
		SELECT e.show_id FROM episodes e JOIN episode_articles ea ON ea.episode_id = e.id
		WHERE ea.article_id = ?)`, articleID)
	return err
}
