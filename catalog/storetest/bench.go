package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// Bench measures what a busy server does most: the per-request version
// check (GetShow), building a feed (ListEpisodes of a few hundred live
// episodes with their articles) and uploads (CreateEpisode, alone and in
// parallel).
func Bench(b *testing.B, open func(b *testing.B) catalog.Store) {
	ctx := context.Background()
	b.Run("GetShow", func(b *testing.B) {
		st := open(b)
		s := fullShow("s")
		if err := st.CreateShow(ctx, s); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if _, err := st.GetShow(ctx, "s"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ListEpisodes300", func(b *testing.B) {
		st := open(b)
		s := fullShow("s")
		if err := st.CreateShow(ctx, s); err != nil {
			b.Fatal(err)
		}
		arts := make([]string, 20)
		for i := range arts {
			a := &catalog.Article{URL: fmt.Sprintf("https://news.example/%d", i), Title: "A"}
			if err := st.CreateArticle(ctx, a); err != nil {
				b.Fatal(err)
			}
			arts[i] = a.ID
		}
		for i := range 300 {
			e := fullEpisode(s.ID, titled(i), at(time.Duration(i)*time.Hour), catalog.StatusPublished)
			if err := st.CreateEpisode(ctx, e); err != nil {
				b.Fatal(err)
			}
			if err := st.SetEpisodeArticles(ctx, e.ID, []string{arts[i%20], arts[(i+1)%20]}); err != nil {
				b.Fatal(err)
			}
		}
		f := catalog.EpisodeFilter{ShowID: s.ID, LiveAt: at(1000 * time.Hour)}
		for b.Loop() {
			eps, err := st.ListEpisodes(ctx, f)
			if err != nil || len(eps) != 300 {
				b.Fatal(len(eps), err)
			}
		}
	})
	b.Run("CreateEpisode", func(b *testing.B) {
		st := open(b)
		s := fullShow("s")
		if err := st.CreateShow(ctx, s); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if err := st.CreateEpisode(ctx, fullEpisode(s.ID, "e", base, catalog.StatusPublished)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("CreateEpisodeParallel", func(b *testing.B) {
		st := open(b)
		s := fullShow("s")
		if err := st.CreateShow(ctx, s); err != nil {
			b.Fatal(err)
		}
		b.SetParallelism(8)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := st.CreateEpisode(ctx, fullEpisode(s.ID, "e", base, catalog.StatusPublished)); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}
