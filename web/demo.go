package web

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

// SeedDemo makes sure the demo show exists with one episode per audio file
// in files (and cover.jpg as its artwork), going through the same episode
// creation as uploads. It is idempotent: what exists already is kept, so
// `onair serve --demo` can run on every start.
func (s *Server) SeedDemo(ctx context.Context, files fs.FS) error {
	// A renamed demo show is still the demo show (and its old slug is
	// not free for a new one).
	sh, err := catalog.FindShow(ctx, s.Store, DemoShow)
	if errors.Is(err, catalog.ErrNotFound) {
		sh = &catalog.Show{
			ID: catalog.NewID(), Slug: DemoShow, Title: "onair demo",
			Description: "<p>A show made by <code>onair serve --demo</code>, so the feeds, pages and player have something real to show.</p>",
			Author:      "onair", OwnerName: "onair", OwnerEmail: "demo@example.com", Language: "en",
			Categories: []string{"Technology"}, Type: catalog.ShowEpisodic,
		}
		sh.GUID = catalog.ShowGUID(s.FeedURL(sh, "rss"))
		err = s.Store.CreateShow(ctx, sh)
	}
	if err != nil {
		return fmt.Errorf("web: demo show: %w", err)
	}
	if sh.ArtworkKey == "" {
		if err := s.seedDemoArtwork(ctx, sh, files); err != nil {
			return err
		}
	}
	have := map[string]bool{}
	eps, err := s.Store.ListEpisodes(ctx, catalog.EpisodeFilter{ShowID: sh.ID})
	if err != nil {
		return fmt.Errorf("web: demo episodes: %w", err)
	}
	for _, e := range eps {
		have[e.Audio.FileName] = true
	}
	names, err := fs.Glob(files, "*.m*")
	if err != nil {
		return err
	}
	sort.Strings(names)
	// A day apart, the last one an hour ago, so they list in file order.
	first := s.Now().UTC().Truncate(time.Hour).Add(-time.Hour - time.Duration(len(names)-1)*24*time.Hour)
	for i, name := range names {
		if have[name] || (path.Ext(name) != ".mp3" && path.Ext(name) != ".m4a") {
			continue
		}
		f, err := files.Open(name)
		if err != nil {
			return err
		}
		id := catalog.NewID()
		up, err := s.putAudio(ctx, id, f, name)
		f.Close()
		if err != nil {
			return fmt.Errorf("web: demo %s: %w", name, err)
		}
		when := first.Add(time.Duration(i) * 24 * time.Hour).Format(time.RFC3339)
		if _, err := s.createEpisode(ctx, sh, id, episodeRequest{PublishedAt: &when}, up); err != nil {
			return fmt.Errorf("web: demo %s: %w", name, err)
		}
	}
	return nil
}

func (s *Server) seedDemoArtwork(ctx context.Context, sh *catalog.Show, files fs.FS) error {
	f, err := files.Open("cover.jpg")
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	key := "shows/" + sh.ID + "/" + catalog.NewID() + ".jpg"
	if _, err := s.Blobs.Put(ctx, key, f); err != nil {
		return fmt.Errorf("web: demo artwork: %w", err)
	}
	sh.ArtworkKey, sh.ArtworkMIME = key, "image/jpeg"
	if err := s.Store.UpdateShow(ctx, sh); err != nil {
		s.deleteBlobs(context.WithoutCancel(ctx), key)
		return fmt.Errorf("web: demo artwork: %w", err)
	}
	return nil
}
