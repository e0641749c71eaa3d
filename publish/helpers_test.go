package publish

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/catalog/sqlite"
	"github.com/onair-fm/onair/internal/testmedia"
	"github.com/onair-fm/onair/media"
)

// env is a Service over a real SQLite catalog and local blob storage in a
// temporary directory, with a fixed clock.
type env struct {
	t     *testing.T
	ctx   context.Context
	store catalog.Store
	dir   string // the blob storage's root
	pub   *Service
	now   time.Time
}

const testBase = "https://pod.example"

func newEnv(t *testing.T) *env {
	t.Helper()
	ctx := t.Context()
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "onair.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	dir := t.TempDir()
	blobs, err := media.NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, ctx: ctx, store: store, dir: dir, now: time.Date(2026, 3, 4, 5, 6, 7, 8, time.UTC)}
	e.pub = New(store, blobs, nil)
	e.pub.Now = func() time.Time { return e.now }
	e.pub.FeedURL = func(slug string) string { return testBase + "/shows/" + slug + "/feed.rss" }
	return e
}

// show creates a valid show with slug.
func (e *env) show(slug string) *catalog.Show {
	e.t.Helper()
	sh, err := NewShow(ShowPatch{Slug: &slug, Title: ptr("Show " + slug)})
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.pub.CreateShow(e.ctx, sh, nil); err != nil {
		e.t.Fatal(err)
	}
	return sh
}

// blobs lists the keys in storage, sorted.
func (e *env) blobs() []string {
	e.t.Helper()
	var keys []string
	err := filepath.WalkDir(e.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(e.dir, p)
		if d.IsDir() && rel == ".tmp" {
			return filepath.SkipDir
		}
		if !d.IsDir() {
			keys = append(keys, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
	slices.Sort(keys)
	return keys
}

// wantBlobs fails unless storage holds exactly keys ("" entries skipped).
func (e *env) wantBlobs(what string, keys ...string) {
	e.t.Helper()
	var want []string
	for _, k := range keys {
		if k != "" {
			want = append(want, k)
		}
	}
	slices.Sort(want)
	if got := e.blobs(); !slices.Equal(got, want) {
		e.t.Errorf("%s: blobs %q, want %q", what, got, want)
	}
}

// episodes lists the show's episodes.
func (e *env) episodes(sh *catalog.Show) []*catalog.Episode {
	e.t.Helper()
	eps, err := e.store.ListEpisodes(e.ctx, catalog.EpisodeFilter{ShowID: sh.ID})
	if err != nil {
		e.t.Fatal(err)
	}
	return eps
}

// create uploads the file at path as a new episode of sh.
func (e *env) create(sh *catalog.Show, path string, patch EpisodePatch) (*catalog.Episode, error) {
	e.t.Helper()
	a, err := e.storeFile("", path)
	if err != nil {
		return nil, err
	}
	return e.pub.CreateEpisode(e.ctx, sh, a, patch)
}

// storeFile streams the file at path into storage for episodeID.
func (e *env) storeFile(episodeID, path string) (*Audio, error) {
	e.t.Helper()
	f, err := os.Open(path)
	if err != nil {
		e.t.Fatal(err)
	}
	defer f.Close()
	return e.pub.StoreAudio(e.ctx, episodeID, f, filepath.Base(path))
}

func fixture(t testing.TB, name string) string { return testmedia.Fixture(t, name) }

func ptr[T any](v T) *T { return &v }

// refusal is the publisher's message of err when it is an *Error.
func refusal(err error) (string, bool) {
	var pe *Error
	if errors.As(err, &pe) {
		return pe.Message, true
	}
	return "", false
}

// baseName is a file name without its extension, as a title from a name.
func baseName(name string) string { return strings.TrimSuffix(name, filepath.Ext(name)) }
