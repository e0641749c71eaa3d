// Package publish is every change a publisher makes to the catalog, each
// written once: creating an episode from an audio file and replacing its
// audio, editing episodes, shows and articles, show artwork, deleting with
// the blobs that go with a row, releasing an old slug, and seeding the demo
// show. The API, the dashboard, resumable uploads and the command line all
// call it, so they apply the same rules and clean up the same way.
//
// Rules live here and nowhere else: each method validates what it stores
// and refuses with catalog's sentinel errors (catalog.Invalidf for a value
// the publisher can fix), media's probe refusals, or an *Error carrying the
// words the publisher is told. Reading requests (HTTP, JSON, forms) and
// rendering answers stay with the callers.
//
// publish may import catalog, media, feeds (for Apple's artwork rules) and
// goldmark (Markdown show notes); never anything of HTTP: no net/http, no
// gin, no mime/multipart.
package publish

import (
	"log/slog"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/media"
)

// Service performs the publisher's operations on one catalog and one blob
// storage.
type Service struct {
	store catalog.Store
	blobs media.Storage
	log   *slog.Logger

	// Now is the clock: when an episode is published, when "publish now"
	// is. Tests set it; New sets time.Now.
	Now func() time.Time
	// FeedURL is the address of the RSS feed at a slug. A show's
	// podcast:guid is made from it once, when the show is created, and kept
	// when the feed moves. The HTTP server sets it from its base URL; when
	// nil, new shows get a random GUID.
	FeedURL func(slug string) string
	// Observe, when set, is told how long each stage of taking in audio
	// took: StageProbe (reading what the file is) and StageStore (writing
	// it into media storage). The server feeds its metrics from it.
	Observe func(stage string, d time.Duration)

	// transcriber, when set, generates a transcript of each new audio file.
	transcriber *Transcriber
}

// The stages Observe is told of.
const (
	StageProbe = "probe"
	StageStore = "store"
)

// observe tells Observe that stage took since start.
func (p *Service) observe(stage string, start time.Time) {
	if p.Observe != nil {
		p.Observe(stage, time.Since(start))
	}
}

// New returns a Service over store and blobs that logs what it cannot
// undo (a blob that could not be deleted) to log.
func New(store catalog.Store, blobs media.Storage, log *slog.Logger) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{store: store, blobs: blobs, log: log, Now: time.Now}
}

// showGUID is the podcast:guid a new show is born with.
func (p *Service) showGUID(sh *catalog.Show) string {
	if p.FeedURL == nil {
		return catalog.NewGUID()
	}
	return catalog.ShowGUID(p.FeedURL(sh.Slug))
}
