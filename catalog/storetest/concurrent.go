package storetest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// testConcurrentWrites: many uploads at once into one show all succeed
// (no deadlock, no "database is locked"), and every one of them bumps the
// show's Version exactly once.
func testConcurrentWrites(t *testing.T, st catalog.Store) {
	const n = 24
	s := mustCreateShow(t, st, "busy")
	art := mustCreateArticle(t, st, "https://news.example/busy", at(0))
	var wg sync.WaitGroup
	errs := make(chan error, 3*n)
	for i := range n {
		wg.Go(func() {
			e := fullEpisode(s.ID, fmt.Sprintf("upload %d", i), at(time.Duration(i)*time.Second), catalog.StatusPublished)
			if err := st.CreateEpisode(ctx(t), e); err != nil {
				errs <- err
				return
			}
			if err := st.SetEpisodeArticles(ctx(t), e.ID, []string{art.ID}); err != nil {
				errs <- err
			}
			// Readers run alongside the writers.
			if _, err := st.ListEpisodes(ctx(t), catalog.EpisodeFilter{ShowID: s.ID}); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent write: %v", err)
	}
	got, err := st.ListEpisodes(ctx(t), catalog.EpisodeFilter{ShowID: s.ID, LiveAt: at(time.Hour)})
	if err != nil || len(got) != n {
		t.Fatalf("after %d concurrent uploads: %d episodes, %v", n, len(got), err)
	}
	for _, e := range got {
		if len(e.Articles) != 1 {
			t.Errorf("episode %s has %d articles, want 1", e.Title, len(e.Articles))
		}
	}
	if v := version(t, st, s.ID); v != 1+2*n {
		t.Errorf("version after %d uploads and links = %d, want %d", n, v, 1+2*n)
	}
}
