package storetest

import (
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// testVersionBumps: every change to what a show's feeds show bumps that
// show's Version by one, and no other show's.
func testVersionBumps(t *testing.T, st catalog.Store) {
	s := mustCreateShow(t, st, "s")
	other := mustCreateShow(t, st, "other")
	otherEp := mustCreateEpisode(t, st, other.ID, "o", at(0), catalog.StatusPublished)
	unlinked := mustCreateArticle(t, st, "https://news.example/unlinked", at(0))
	a := mustCreateArticle(t, st, "https://news.example/a", at(0))
	var e *catalog.Episode
	tests := []struct {
		name      string
		do        func() error
		show      int64 // expected change of s's Version
		otherShow int64 // ... and of other's
	}{
		{"create episode", func() error {
			e = fullEpisode(s.ID, "e", at(0), catalog.StatusDraft)
			return st.CreateEpisode(ctx(t), e)
		}, 1, 0},
		{"update episode", func() error { e.Status = catalog.StatusPublished; return st.UpdateEpisode(ctx(t), e) }, 1, 0},
		{"set articles", func() error { return st.SetEpisodeArticles(ctx(t), e.ID, []string{a.ID}) }, 1, 0},
		{"link the other show too", func() error { return st.SetEpisodeArticles(ctx(t), otherEp.ID, []string{a.ID}) }, 0, 1},
		{"update linked article", func() error { a.Title = "changed"; return st.UpdateArticle(ctx(t), a) }, 1, 1},
		{"update unlinked article", func() error { unlinked.Title = "changed"; return st.UpdateArticle(ctx(t), unlinked) }, 0, 0},
		{"create article", func() error {
			return st.CreateArticle(ctx(t), &catalog.Article{URL: "https://news.example/new"})
		}, 0, 0},
		{"update show", func() error {
			cur, err := st.GetShowByID(ctx(t), s.ID)
			if err != nil {
				return err
			}
			cur.Title = "retitled"
			return st.UpdateShow(ctx(t), cur)
		}, 1, 0},
		{"delete linked article", func() error { return st.DeleteArticle(ctx(t), a.ID) }, 1, 1},
		{"delete unlinked article", func() error { return st.DeleteArticle(ctx(t), unlinked.ID) }, 0, 0},
		{"token", func() error {
			return st.CreateToken(ctx(t), &catalog.Token{Name: "t", Hash: []byte("0123456789abcdef0123456789abcdef")})
		}, 0, 0},
		{"delete episode", func() error { return st.DeleteEpisode(ctx(t), e.ID) }, 1, 0},
	}
	for _, tc := range tests {
		v0, o0 := version(t, st, s.ID), version(t, st, other.ID)
		if err := tc.do(); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		v1, o1 := version(t, st, s.ID), version(t, st, other.ID)
		if v1-v0 != tc.show || o1-o0 != tc.otherShow {
			t.Errorf("%s: versions moved by %d and %d, want %d and %d", tc.name, v1-v0, o1-o0, tc.show, tc.otherShow)
		}
	}
}

// testTimeRoundTrip: times come back in UTC with microseconds, equal to
// what the caller's struct holds after the write, and the zero time stays
// zero.
func testTimeRoundTrip(t *testing.T, st catalog.Store) {
	s := mustCreateShow(t, st, "s")
	times := []struct {
		name string
		t    time.Time
	}{
		{"zero", time.Time{}},
		{"nanoseconds in a zone", base},
		{"unix epoch", time.Unix(0, 0)},
		{"last microsecond of a day", time.Date(2024, 2, 29, 23, 59, 59, 999999999, time.UTC)},
		{"before 1970", time.Date(1969, 7, 20, 20, 17, 40, 123456000, time.UTC)},
		{"far future", time.Date(2999, 12, 31, 23, 59, 59, 999999000, time.FixedZone("W", -8*3600))},
	}
	for _, tc := range times {
		e := fullEpisode(s.ID, tc.name, tc.t, catalog.StatusPublished)
		e.CreatedAt = tc.t
		if tc.t.IsZero() {
			e.CreatedAt = base
		}
		if err := st.CreateEpisode(ctx(t), e); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if !e.PublishedAt.Equal(stored(tc.t)) || (!tc.t.IsZero() && e.PublishedAt.Location() != time.UTC) {
			t.Errorf("%s: CreateEpisode left PublishedAt %v, want %v", tc.name, e.PublishedAt, stored(tc.t))
		}
		got, err := st.GetEpisode(ctx(t), e.ID)
		if err != nil {
			t.Fatal(err)
		}
		same(t, tc.name+": PublishedAt", got.PublishedAt, stored(tc.t))
		same(t, tc.name+": CreatedAt", got.CreatedAt, e.CreatedAt)
		a := &catalog.Article{URL: "https://news.example/" + tc.name, PublishedAt: tc.t}
		if err := st.CreateArticle(ctx(t), a); err != nil {
			t.Fatal(err)
		}
		ga, err := st.GetArticle(ctx(t), a.ID)
		if err != nil {
			t.Fatal(err)
		}
		same(t, tc.name+": article PublishedAt", ga.PublishedAt, stored(tc.t))
	}
}
