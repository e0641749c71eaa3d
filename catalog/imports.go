package catalog

import (
	"context"
	"time"
)

// Import is one run that copies a podcast from its RSS feed into a show:
// what was asked, where it stands, and its report. It lives in the catalog
// so any node can answer for it while the node that runs it works.
type Import struct {
	ID       string
	FeedURL  string
	ShowSlug string // the show it fills; the run creates it when missing.
	// Options are the run's settings as the importer writes them (JSON).
	Options []byte
	State   string // ImportQueued, ImportRunning, ImportDone or ImportFailed.
	// Report is the importer's report so far (JSON): progress, per-item
	// results, what could not be imported. nil before the run starts.
	Report     []byte
	Error      string // why the whole run failed, "" otherwise.
	CreatedAt  time.Time
	UpdatedAt  time.Time
	FinishedAt time.Time // zero while queued or running.
}

// Import states.
const (
	ImportQueued  = "queued"
	ImportRunning = "running"
	ImportDone    = "done"
	ImportFailed  = "failed"
)

// ShowSource is the feed a show was imported from, kept while the show
// mirrors it: the server imports what is new there every Every, until the
// old host redirects and the publisher stops the mirror.
type ShowSource struct {
	ShowID  string
	FeedURL string
	// Every is how often the server syncs the show from FeedURL; 0 keeps
	// the source on record without syncing.
	Every time.Duration
	// LastRunAt is when the last sync started, zero before the first.
	LastRunAt    time.Time
	LastImportID string
	// ETag and LastModified are the feed's validators when the last sync
	// imported everything, so the next asks with If-None-Match and an
	// unchanged feed costs a 304.
	ETag, LastModified string
}

// ImportStore keeps imports and the shows' source feeds.
type ImportStore interface {
	// CreateImport stores im, filling ID (when empty) and timestamps.
	CreateImport(ctx context.Context, im *Import) error
	GetImport(ctx context.Context, id string) (*Import, error)
	// UpdateImport writes im's State, Report, Error and FinishedAt, and
	// sets UpdatedAt.
	UpdateImport(ctx context.Context, im *Import) error
	// ListImports returns the latest imports, newest first, at most limit.
	ListImports(ctx context.Context, limit int) ([]*Import, error)
	// SetShowSource stores the show's source feed, replacing any before.
	// An unknown show is ErrNotFound.
	SetShowSource(ctx context.Context, src *ShowSource) error
	GetShowSource(ctx context.Context, showID string) (*ShowSource, error)
	// ListShowSources returns every show's source feed.
	ListShowSources(ctx context.Context) ([]*ShowSource, error)
	DeleteShowSource(ctx context.Context, showID string) error
}
