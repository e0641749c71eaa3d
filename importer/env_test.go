package importer

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/catalog/sqlite"
	"github.com/onair-fm/onair/media"
	"github.com/onair-fm/onair/publish"
)

// env is an Importer over a real SQLite catalog and local blob storage.
type env struct {
	t     *testing.T
	ctx   context.Context
	store catalog.Store
	blobs media.Storage
	pub   *publish.Service
	imp   *Importer
}

// newEnv returns an importer whose client may reach private addresses
// (the test servers are on loopback) unless guarded is set.
func newEnv(t *testing.T, guarded bool) *env {
	t.Helper()
	ctx := t.Context()
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "onair.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	blobs, err := media.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	pub := publish.New(store, blobs, nil)
	pub.FeedURL = func(slug string) string { return "https://pod.example/shows/" + slug + "/feed.rss" }
	imp := &Importer{Store: store, Publish: pub, Client: NewClient(!guarded, DefaultLimits), Limits: DefaultLimits, MaxFileBytes: 1 << 30}
	return &env{t: t, ctx: ctx, store: store, blobs: blobs, pub: pub, imp: imp}
}

// run imports feedURL into slug and fails the test on a run error.
func (e *env) run(feedURL, slug string, opts Options) *Report {
	e.t.Helper()
	opts.FeedURL, opts.Show = feedURL, slug
	rep, err := e.imp.Run(e.ctx, opts, nil)
	if err != nil {
		e.t.Fatalf("import %s: %v", feedURL, err)
	}
	return rep
}

// episodes are the show's episodes by GUID.
func (e *env) episodes(slug string) map[string]*catalog.Episode {
	e.t.Helper()
	sh, err := e.store.GetShow(e.ctx, slug)
	if err != nil {
		e.t.Fatal(err)
	}
	eps, err := e.store.ListEpisodes(e.ctx, catalog.EpisodeFilter{ShowID: sh.ID})
	if err != nil {
		e.t.Fatal(err)
	}
	out := map[string]*catalog.Episode{}
	for _, ep := range eps {
		out[ep.GUID] = ep
	}
	return out
}

func dateOf(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
