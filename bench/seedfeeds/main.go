// Command seedfeeds fills an onair data folder with one show of N episodes,
// each with two related articles, for bench/feeds.sh. It writes through the
// catalog store, as the API would, but without audio files: feeds only need
// the catalog.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/catalog/sqlite"
)

func main() {
	data := flag.String("data", "", "onair data folder")
	slug := flag.String("show", "bench", "show slug")
	n := flag.Int("episodes", 1000, "episodes to create")
	base := flag.String("base-url", "http://localhost", "base URL the feed will be served at (for podcast:guid)")
	subs := flag.Int("subscribers", 0, "subscribers to create, each with a private feed (for bench/members.sh)")
	tokens := flag.String("tokens", "", "with --subscribers: file to write their private feed paths to, one a line")
	membersEvery := flag.Int("members-every", 0, "make every Nth episode members-only (0: none)")
	flag.Parse()
	if *data == "" {
		log.Fatal("seedfeeds: --data is required")
	}
	ctx := context.Background()
	if err := os.MkdirAll(*data, 0o755); err != nil {
		log.Fatal(err)
	}
	st, err := sqlite.Open(ctx, filepath.Join(*data, "onair.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer st.Close()
	sh := &catalog.Show{Slug: *slug, Title: "The Benchmark Hour", Description: "A show with many episodes.",
		Author: "Bench Newsroom", OwnerName: "Ada", OwnerEmail: "ada@example.com", Language: "en",
		Categories: []string{"News", "Society & Culture/Documentary"}, Type: catalog.ShowEpisodic,
		Link: "https://news.example.com/bench", Copyright: "© 2026 Bench",
		GUID: catalog.ShowGUID(*base + "/shows/" + *slug + "/feed.rss")}
	if err := st.CreateShow(ctx, sh); err != nil {
		log.Fatalf("seedfeeds: create show: %v", err)
	}
	t0 := time.Date(2026, 1, 1, 6, 0, 0, 0, time.UTC)
	for i := range *n {
		var ids []string
		for j := range 2 {
			a := &catalog.Article{URL: fmt.Sprintf("https://news.example.com/%d/story-%d", i, j),
				Title: fmt.Sprintf("Story %d of day %d: what happened & why", j+1, i+1), PublishedAt: t0}
			if err := st.CreateArticle(ctx, a); err != nil {
				log.Fatalf("seedfeeds: create article: %v", err)
			}
			ids = append(ids, a.ID)
		}
		e := &catalog.Episode{ShowID: sh.ID, Title: fmt.Sprintf("Day %d: the morning briefing", i+1),
			Description: "<p>Today's stories, <b>explained</b>, with interviews from the newsroom &amp; the field.</p>",
			Status:      catalog.StatusPublished, PublishedAt: t0.Add(-time.Duration(*n-i) * 24 * time.Hour),
			Season: 1, Number: i + 1, Type: catalog.EpisodeFull,
			Audio: catalog.Audio{Key: fmt.Sprintf("episodes/bench%05d/audio.mp3", i), Size: 24_000_000 + int64(i),
				MIME: "audio/mpeg", Duration: time.Duration(1500+i%300) * time.Second}}
		if *membersEvery > 0 && i%*membersEvery == 0 {
			e.Visibility = catalog.VisibilityMembers
		}
		if err := st.CreateEpisode(ctx, e); err != nil {
			log.Fatalf("seedfeeds: create episode: %v", err)
		}
		if err := st.SetEpisodeArticles(ctx, e.ID, ids); err != nil {
			log.Fatalf("seedfeeds: link articles: %v", err)
		}
	}
	if *subs > 0 {
		if err := seedSubscribers(ctx, st, sh, *subs, *tokens); err != nil {
			log.Fatalf("seedfeeds: %v", err)
		}
	}
	fmt.Fprintf(os.Stderr, "seedfeeds: show %q with %d episodes and %d subscribers in %s\n", *slug, *n, *subs, *data)
}

// seedSubscribers creates n subscribers of sh and writes their private
// feeds' paths to path.
func seedSubscribers(ctx context.Context, st catalog.Store, sh *catalog.Show, n int, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	for i := range n {
		token, hash := catalog.NewMemberToken()
		s := &catalog.Subscriber{ShowID: sh.ID, Email: fmt.Sprintf("member%d@example.com", i),
			Name: fmt.Sprintf("Member %d", i), ExternalID: fmt.Sprintf("cus_%d", i), TokenHash: hash}
		if err := st.CreateSubscriber(ctx, s); err != nil {
			return fmt.Errorf("create subscriber: %w", err)
		}
		fmt.Fprintf(f, "/feeds/private/%s.rss\n", token)
	}
	return f.Close()
}
