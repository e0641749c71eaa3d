package publish

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// ArticlePatch is what a publisher sends about a news article through the
// API: a nil field keeps the article's value. PublishedAt is an RFC 3339
// time, or "" for none.
type ArticlePatch struct {
	URL         *string
	Title       *string
	Summary     *string
	ImageURL    *string
	PublishedAt *string
}

// apply copies the fields that were sent into a.
func (r *ArticlePatch) apply(a *catalog.Article) error {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = strings.TrimSpace(*src)
		}
	}
	set(&a.URL, r.URL)
	set(&a.Title, r.Title)
	set(&a.Summary, r.Summary)
	set(&a.ImageURL, r.ImageURL)
	if r.PublishedAt != nil {
		if *r.PublishedAt == "" {
			a.PublishedAt = time.Time{}
			return nil
		}
		t, err := time.Parse(time.RFC3339, strings.TrimSpace(*r.PublishedAt))
		if err != nil {
			return catalog.Invalidf("published_at %q must be an RFC 3339 time such as 2026-01-02T15:04:05Z", *r.PublishedAt)
		}
		a.PublishedAt = t.UTC()
	}
	return nil
}

// CreateArticle stores a new news article from patch, which must send its
// url and title. An article with that url already is refused in words
// that say so.
func (p *Service) CreateArticle(ctx context.Context, patch ArticlePatch) (*catalog.Article, error) {
	if patch.URL == nil || patch.Title == nil {
		return nil, catalog.Invalidf("url and title are required")
	}
	a := &catalog.Article{ID: catalog.NewID()}
	if err := patch.apply(a); err != nil {
		return nil, err
	}
	if err := p.addArticle(ctx, a); err != nil {
		return nil, err
	}
	return a, nil
}

// UpdateArticle applies patch to a, checks and stores it, and returns the
// article as stored.
func (p *Service) UpdateArticle(ctx context.Context, a *catalog.Article, patch ArticlePatch) (*catalog.Article, error) {
	if err := patch.apply(a); err != nil {
		return nil, err
	}
	if err := p.saveArticle(ctx, a); err != nil {
		return nil, err
	}
	a, err := p.store.GetArticle(ctx, a.ID)
	if err != nil {
		return nil, fmt.Errorf("publish: article: %w", err)
	}
	return a, nil
}

// DeleteArticle removes the article and its links to episodes.
func (p *Service) DeleteArticle(ctx context.Context, a *catalog.Article) error {
	if err := p.store.DeleteArticle(ctx, a.ID); err != nil {
		return fmt.Errorf("publish: delete article: %w", err)
	}
	return nil
}

// ArticleEdit is an article as the dashboard's episode editor names it: by
// its address, with what the publisher typed about it.
type ArticleEdit struct {
	URL, Title, Summary, ImageURL string
	// Edit says the publisher edited the article itself: a blank summary
	// or image then clears it. Adding an article again by its address only
	// fills in what was typed.
	Edit bool
}

// PutArticle creates the article at in.URL, or updates the one that has
// it (a blank title keeps the stored one), and returns it.
func (p *Service) PutArticle(ctx context.Context, in ArticleEdit) (*catalog.Article, error) {
	if !webAddress(in.URL) {
		return nil, catalog.Invalidf("the article's URL must start with https:// or http://")
	}
	if in.ImageURL != "" && !webAddress(in.ImageURL) {
		return nil, catalog.Invalidf("the image must be an http(s) URL")
	}
	a, err := p.store.GetArticleByURL(ctx, in.URL)
	switch {
	case errors.Is(err, catalog.ErrNotFound):
		a = &catalog.Article{URL: in.URL, Title: in.Title, Summary: in.Summary, ImageURL: in.ImageURL}
		if err := p.addArticle(ctx, a); err != nil {
			return nil, err
		}
		return a, nil
	case err != nil:
		return nil, fmt.Errorf("publish: article by url: %w", err)
	}
	if in.Title != "" {
		a.Title = in.Title
	}
	if in.Summary != "" || in.Edit {
		a.Summary = in.Summary
	}
	if in.ImageURL != "" || in.Edit {
		a.ImageURL = in.ImageURL
	}
	if err := p.saveArticle(ctx, a); err != nil {
		return nil, err
	}
	return a, nil
}

func webAddress(u string) bool {
	return strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://")
}

// addArticle checks and stores a new article.
func (p *Service) addArticle(ctx context.Context, a *catalog.Article) error {
	if err := catalog.ValidateArticle(a); err != nil {
		return err
	}
	if err := p.store.CreateArticle(ctx, a); err != nil {
		return urlTaken(fmt.Errorf("publish: create article: %w", err), a.URL)
	}
	return nil
}

// saveArticle checks and stores a changed article.
func (p *Service) saveArticle(ctx context.Context, a *catalog.Article) error {
	if err := catalog.ValidateArticle(a); err != nil {
		return err
	}
	if err := p.store.UpdateArticle(ctx, a); err != nil {
		return urlTaken(fmt.Errorf("publish: update article: %w", err), a.URL)
	}
	return nil
}

// urlTaken explains a conflict on an article write: its URL is unique.
func urlTaken(err error, url string) error {
	if errors.Is(err, catalog.ErrConflict) {
		return refuse(err, "an article with the url %q exists already", url)
	}
	return err
}

// SetArticles makes ids, in this order, the episode's related articles (an
// empty list removes them all) and returns the episode as stored. An id
// listed twice is refused, and so is one that is no article, by name.
func (p *Service) SetArticles(ctx context.Context, e *catalog.Episode, ids []string) (*catalog.Episode, error) {
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			return nil, catalog.Invalidf("article %q is listed twice", id)
		}
		seen[id] = true
	}
	if err := p.store.SetEpisodeArticles(ctx, e.ID, ids); err != nil {
		err = fmt.Errorf("publish: set articles: %w", err)
		if errors.Is(err, catalog.ErrNotFound) {
			return nil, p.unknownArticle(ctx, err, ids)
		}
		return nil, err
	}
	return p.reloadEpisode(ctx, e.ID)
}

// unknownArticle names the first of ids that is no article, for err, the
// store's not found in its own terms.
func (p *Service) unknownArticle(ctx context.Context, err error, ids []string) error {
	for _, id := range ids {
		if _, gerr := p.store.GetArticle(ctx, id); errors.Is(gerr, catalog.ErrNotFound) {
			return refuse(err, "one of article_ids is not an article: %q", id)
		}
	}
	return refuse(err, "one of article_ids is not an article")
}
