package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"time"

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
	_, err := st.w.exec(ctx, `INSERT INTO articles (`+articleCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		a.ID, a.URL, a.Title, a.Summary, a.ImageURL, st.dbTime(a.PublishedAt), st.dbTime(a.CreatedAt), st.dbTime(a.UpdatedAt))
	if err != nil {
		return fmt.Errorf("sqlstore: create article %s: %w", a.URL, st.conflict(err))
	}
	return nil
}

// GetArticle returns the article with this id.
func (st *Store) GetArticle(ctx context.Context, id string) (*catalog.Article, error) {
	a, err := scanArticle(st.r.row(ctx, `SELECT `+articleCols+` FROM articles WHERE id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: article %s: %w", id, notFound(err))
	}
	return a, nil
}

// GetArticleByURL returns the article with exactly this URL.
func (st *Store) GetArticleByURL(ctx context.Context, url string) (*catalog.Article, error) {
	a, err := scanArticle(st.r.row(ctx, `SELECT `+articleCols+` FROM articles WHERE url = ?`, url))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: article %s: %w", url, notFound(err))
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
		q += ` WHERE ` + st.d.Lower + `(title) LIKE ? ESCAPE '\' OR ` + st.d.Lower + `(url) LIKE ? ESCAPE '\'`
		args = append(args, pat, pat)
	}
	q += ` ORDER BY coalesce(published_at, created_at) DESC, id DESC`
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	rows, err := st.r.query(ctx, q, args...)
	out, err := collect(rows, err, func(r rowScanner) (*catalog.Article, error) { return scanArticle(r) })
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list articles: %w", err)
	}
	return out, nil
}

// UpdateArticle writes every field of a but ID and CreatedAt, sets UpdatedAt,
// and bumps the Version of every show with an episode linked to it.
func (st *Store) UpdateArticle(ctx context.Context, a *catalog.Article) error {
	now := norm(time.Now())
	a.PublishedAt = norm(a.PublishedAt)
	err := st.write(ctx, func(tx conn) error {
		err := mustAffect(tx.exec(ctx, `UPDATE articles SET url = ?, title = ?, summary = ?,
			image_url = ?, published_at = ?, updated_at = ? WHERE id = ?`,
			a.URL, a.Title, a.Summary, a.ImageURL, st.dbTime(a.PublishedAt), st.dbTime(now), a.ID))
		if err != nil {
			return st.conflict(err)
		}
		return st.bumpArticleShows(ctx, tx, a.ID)
	})
	if err != nil {
		return fmt.Errorf("sqlstore: update article %s: %w", a.ID, err)
	}
	a.UpdatedAt = now
	return nil
}

// DeleteArticle removes the article and its links to episodes, bumping the
// Version of every show that linked it.
func (st *Store) DeleteArticle(ctx context.Context, id string) error {
	err := st.write(ctx, func(tx conn) error {
		// Article first, then shows: the order every writer locks in.
		var found string
		err := tx.row(ctx, `SELECT id FROM articles WHERE id = ?`+st.d.ForUpdate, id).Scan(&found)
		if err != nil {
			return notFound(err)
		}
		if err := st.bumpArticleShows(ctx, tx, id); err != nil {
			return err
		}
		_, err = tx.exec(ctx, `DELETE FROM articles WHERE id = ?`, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("sqlstore: delete article %s: %w", id, err)
	}
	return nil
}

// bumpArticleShows bumps the Version of every show with an episode linked
// to the article, locking the shows in id order (where the dialect locks)
// so that two such bumps cannot deadlock.
func (st *Store) bumpArticleShows(ctx context.Context, tx conn, articleID string) error {
	_, err := tx.exec(ctx, `UPDATE shows AS s SET version = s.version + 1 FROM (
		SELECT id FROM shows WHERE id IN (
			SELECT e.show_id FROM episodes e JOIN episode_articles ea ON ea.episode_id = e.id
			WHERE ea.article_id = ?)
		ORDER BY id`+st.d.ForUpdate+`) AS locked
		WHERE s.id = locked.id`, articleID)
	return err
}
