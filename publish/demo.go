package publish

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// DemoShow is the slug of the show SeedDemo creates.
const DemoShow = "demo"

// SeedDemo makes sure the demo show exists with one episode per MP3 or M4A
// file in files (and cover.jpg as its artwork), made the way uploads are
// made. It is idempotent: what exists already is kept, so `onair serve
// --demo` can run it on every start.
func (p *Service) SeedDemo(ctx context.Context, files fs.FS) error {
	// A renamed demo show is still the demo show (and its old slug is
	// not free for a new one).
	sh, err := catalog.FindShow(ctx, p.store, DemoShow)
	if errors.Is(err, catalog.ErrNotFound) {
		sh = &catalog.Show{
			Slug: DemoShow, Title: "onair demo",
			Description: "<p>A show made by <code>onair serve --demo</code>, so the feeds, pages and player have something real to show.</p>",
			Author:      "onair", OwnerName: "onair", OwnerEmail: "demo@example.com", Language: "en",
			Categories: []string{"Technology"}, Type: catalog.ShowEpisodic,
		}
		err = p.CreateShow(ctx, sh, nil)
	}
	if err != nil {
		return fmt.Errorf("publish: demo show: %w", err)
	}
	if sh.ArtworkKey == "" {
		if err := p.seedDemoArtwork(ctx, sh, files); err != nil {
			return err
		}
	}
	have := map[string]bool{}
	eps, err := p.store.ListEpisodes(ctx, catalog.EpisodeFilter{ShowID: sh.ID})
	if err != nil {
		return fmt.Errorf("publish: demo episodes: %w", err)
	}
	for _, e := range eps {
		have[e.Audio.FileName] = true
	}
	names, err := fs.Glob(files, "*.m*")
	if err != nil {
		return fmt.Errorf("publish: demo files: %w", err)
	}
	sort.Strings(names)
	// A day apart, the last one an hour ago, so they list in file order.
	first := p.Now().UTC().Truncate(time.Hour).Add(-time.Hour - time.Duration(len(names)-1)*24*time.Hour)
	for i, name := range names {
		if have[name] || (path.Ext(name) != ".mp3" && path.Ext(name) != ".m4a") {
			continue
		}
		when := first.Add(time.Duration(i) * 24 * time.Hour).Format(time.RFC3339)
		if err := p.seedDemoEpisode(ctx, sh, files, name, when); err != nil {
			return fmt.Errorf("publish: demo %s: %w", name, err)
		}
	}
	return nil
}

func (p *Service) seedDemoEpisode(ctx context.Context, sh *catalog.Show, files fs.FS, name, when string) error {
	f, err := files.Open(name)
	if err != nil {
		return err
	}
	a, err := p.StoreAudio(ctx, "", f, name)
	f.Close()
	if err != nil {
		return err
	}
	_, err = p.CreateEpisode(ctx, sh, a, EpisodePatch{PublishedAt: &when})
	return err
}

func (p *Service) seedDemoArtwork(ctx context.Context, sh *catalog.Show, files fs.FS) error {
	f, err := files.Open("cover.jpg")
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("publish: demo artwork: %w", err)
	}
	defer f.Close()
	if _, err := p.SetShowArtwork(ctx, sh, f); err != nil {
		return fmt.Errorf("publish: demo artwork: %w", err)
	}
	return nil
}
