package publish

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/internal/testmedia"
)

// TestSeedDemo: the demo show gets its cover and one published episode per
// file, a day apart in file order; seeding again, even after a rename,
// adds nothing.
func TestSeedDemo(t *testing.T) {
	e := newEnv(t)
	files := os.DirFS(filepath.Join(testmedia.RepoRoot(t), "cmd", "onair", "demo"))
	if err := e.pub.SeedDemo(e.ctx, files); err != nil {
		t.Fatal(err)
	}
	sh, err := e.store.GetShow(e.ctx, DemoShow)
	if err != nil {
		t.Fatal(err)
	}
	eps := e.episodes(sh)
	titles := []string{"Subscribe", "Pages, players and feeds", "Welcome to onair"}
	if sh.ArtworkKey == "" || len(eps) != len(titles) {
		t.Fatalf("demo: cover %q, %d episodes", sh.ArtworkKey, len(eps))
	}
	last := e.now.UTC().Truncate(time.Hour).Add(-time.Hour)
	for i, ep := range eps {
		at := last.Add(-time.Duration(i) * 24 * time.Hour)
		if ep.Title != titles[i] || ep.Status != catalog.StatusPublished || !ep.PublishedAt.Equal(at) || ep.Audio.Duration < 5*time.Second {
			t.Errorf("episode %d: %q %s %v %v", i, ep.Title, ep.Status, ep.PublishedAt, ep.Audio.Duration)
		}
	}
	blobs := e.blobs()

	sh.Slug = "renamed-demo"
	if _, err := e.pub.UpdateShow(e.ctx, sh, nil); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		e.now = e.now.Add(36 * time.Hour)
		if err := e.pub.SeedDemo(e.ctx, files); err != nil {
			t.Fatal(err)
		}
	}
	shows, err := e.store.ListShows(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(shows) != 1 || len(e.episodes(sh)) != len(titles) || !slices.Equal(e.blobs(), blobs) {
		t.Errorf("seeding again: %d shows, %d episodes, blobs %q (were %q)", len(shows), len(e.episodes(sh)), e.blobs(), blobs)
	}
}
