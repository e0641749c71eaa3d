package catalog

import (
	"context"
	"time"
)

// Store keeps the catalog. catalog/sqlstore implements it once for SQL,
// opened on SQLite by catalog/sqlite and on PostgreSQL by catalog/postgres;
// catalog/storetest holds the one test suite both must pass. Every method
// that changes what a show's feeds show bumps that show's Version in the
// same transaction.
type Store interface {
	ShowStore
	EpisodeStore
	ArticleStore
	TokenStore
	DownloadStore
	DownloadArchive
	UserStore
	LeaseStore
	UploadStore
	SignInStore
	CheckStore
	ImportStore
	TranscriptStore
	SubscriberStore
	Close() error
}

// ShowStore keeps shows.
type ShowStore interface {
	// CreateShow stores s, filling ID (when empty), Version and timestamps.
	// A taken slug is ErrConflict.
	CreateShow(ctx context.Context, s *Show) error
	GetShow(ctx context.Context, slug string) (*Show, error)
	GetShowByID(ctx context.Context, id string) (*Show, error)
	// ListShows returns every show, ordered by title.
	ListShows(ctx context.Context) ([]*Show, error)
	// UpdateShow writes every field of s but ID, GUID and CreatedAt. A new
	// slug keeps the old one as the show's (see OldSlug); a slug another
	// show has, or had, is ErrConflict.
	UpdateShow(ctx context.Context, s *Show) error
	// DeleteShow removes the show with its episodes and their article
	// links, and frees its old slugs.
	DeleteShow(ctx context.Context, id string) error
	// ShowByOldSlug returns the show that had slug before a rename and has
	// another now; ErrNotFound when none did (a current slug is GetShow's).
	ShowByOldSlug(ctx context.Context, slug string) (*Show, error)
	// OldSlugs returns the slugs the show had before, the one it left
	// last first.
	OldSlugs(ctx context.Context, showID string) ([]OldSlug, error)
	// AddOldSlug records o as a slug the show had, for copying a catalog
	// (migrate). A slug another show has or had is ErrConflict; one this
	// show has or had already changes nothing.
	AddOldSlug(ctx context.Context, showID string, o OldSlug) error
	// ReleaseOldSlug frees one of the show's old slugs: it stops leading
	// to the show, and any show may take it. ErrNotFound when slug is not
	// an old slug of the show (its current one included).
	ReleaseOldSlug(ctx context.Context, showID, slug string) error
}

// EpisodeStore keeps episodes and their ordered related articles.
type EpisodeStore interface {
	// CreateEpisode stores e, filling ID and GUID (when empty) and timestamps.
	CreateEpisode(ctx context.Context, e *Episode) error
	// GetEpisode returns the episode with its Articles filled in.
	GetEpisode(ctx context.Context, id string) (*Episode, error)
	// ListEpisodes returns episodes newest first (PublishedAt, then ID),
	// with their Articles filled in.
	ListEpisodes(ctx context.Context, f EpisodeFilter) ([]*Episode, error)
	CountEpisodes(ctx context.Context, f EpisodeFilter) (int, error)
	// NextScheduled returns the earliest PublishedAt or PublicAt after t
	// among the show's published episodes, and false when there is none:
	// when what the show's feeds carry next changes by itself.
	NextScheduled(ctx context.Context, showID string, t time.Time) (time.Time, bool, error)
	// UpdateEpisode writes every field of e but ID, GUID, ShowID, CreatedAt
	// and Articles.
	UpdateEpisode(ctx context.Context, e *Episode) error
	DeleteEpisode(ctx context.Context, id string) error
	// SetEpisodeArticles replaces the episode's related articles with these,
	// in this order. An unknown article id is ErrNotFound and changes nothing.
	SetEpisodeArticles(ctx context.Context, episodeID string, articleIDs []string) error
}

// EpisodeFilter selects episodes. Zero fields select everything.
type EpisodeFilter struct {
	ShowID    string
	ArticleID string // only episodes related to this article.
	// LiveAt, when set, keeps only episodes live at that time (see IsLive):
	// public ones, unless Members is set too.
	LiveAt time.Time
	// Members makes LiveAt keep the episodes live for members at that
	// time (IsLiveForMembers): what a private feed carries.
	Members bool
	Limit   int
	Offset  int
}

// ArticleStore keeps news articles.
type ArticleStore interface {
	// CreateArticle stores a, filling ID (when empty). A taken URL is ErrConflict.
	CreateArticle(ctx context.Context, a *Article) error
	GetArticle(ctx context.Context, id string) (*Article, error)
	GetArticleByURL(ctx context.Context, url string) (*Article, error)
	// ListArticles returns articles whose title or URL contains query
	// (case-insensitive; all when empty), newest first, at most limit.
	ListArticles(ctx context.Context, query string, limit int) ([]*Article, error)
	UpdateArticle(ctx context.Context, a *Article) error
	// DeleteArticle removes the article and its links to episodes.
	DeleteArticle(ctx context.Context, id string) error
}

// TokenStore keeps publisher API tokens.
type TokenStore interface {
	CreateToken(ctx context.Context, t *Token) error
	ListTokens(ctx context.Context) ([]*Token, error)
	// TokenByHash finds a token by the SHA-256 of its secret.
	TokenByHash(ctx context.Context, hash []byte) (*Token, error)
	TouchToken(ctx context.Context, id string, at time.Time) error
	DeleteToken(ctx context.Context, id string) error
}
