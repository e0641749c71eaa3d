package web

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/onair-fm/onair/publish"
	"github.com/onair-fm/onair/web/api"
)

func TestSeedDemo(t *testing.T) { forBackends(t, testSeedDemo) }

func testSeedDemo(t *testing.T, newAPI envMaker) {
	e := newAPI(t)
	files := os.DirFS(filepath.Join(repoRoot(t), "cmd", "onair", "demo"))
	ctx := context.Background()
	if err := e.srv.pub.SeedDemo(ctx, files); err != nil {
		t.Fatal(err)
	}
	snap := e.snapshot()
	// Idempotent: a second start (and a restart) adds nothing.
	if err := e.srv.pub.SeedDemo(ctx, files); err != nil {
		t.Fatal(err)
	}
	e.restart()
	if err := e.srv.pub.SeedDemo(ctx, files); err != nil {
		t.Fatal(err)
	}
	if again := e.snapshot(); again != snap {
		t.Errorf("seeding again changed things:\n%s\n---\n%s", snap, again)
	}

	var sh api.ShowJSON
	if st := e.json("GET", "/api/v1/shows/"+publish.DemoShow, nil, &sh); st != 200 || sh.ArtworkURL == "" {
		t.Fatalf("demo show: %d %+v", st, sh)
	}
	var list struct{ Episodes []api.EpisodeJSON }
	e.json("GET", "/api/v1/shows/"+publish.DemoShow+"/episodes", nil, &list)
	titles := []string{"Subscribe", "Pages, players and feeds", "Welcome to onair"}
	if len(list.Episodes) != len(titles) {
		t.Fatalf("%d demo episodes, want %d", len(list.Episodes), len(titles))
	}
	for i, ep := range list.Episodes {
		if ep.Title != titles[i] || ep.DurationMS < 5000 || ep.Status != "published" || ep.PublishedAt.After(e.srv.Now()) {
			t.Errorf("episode %d: %q %d ms %s %v", i, ep.Title, ep.DurationMS, ep.Status, ep.PublishedAt)
		}
	}

	// The demo is what a newcomer runs onair validate on first: it must
	// pass the feed check it advertises.
	var check struct {
		Errors   int
		Findings []struct{ Code, Message string }
	}
	if st := e.json("GET", "/api/v1/shows/"+publish.DemoShow+"/validate", nil, &check); st != 200 || check.Errors != 0 {
		t.Errorf("demo feed check: %d, %d errors: %+v", st, check.Errors, check.Findings)
	}
}
