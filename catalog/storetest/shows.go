package storetest

import (
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
)

func testShowCRUD(t *testing.T, st catalog.Store) {
	s := fullShow("daily")
	before := time.Now()
	if err := st.CreateShow(ctx(t), s); err != nil {
		t.Fatalf("CreateShow: %v", err)
	}
	if s.ID == "" || s.Version != 1 {
		t.Fatalf("CreateShow filled ID %q, Version %d; want an id and version 1", s.ID, s.Version)
	}
	if s.CreatedAt.Before(before.Add(-time.Second)) || !s.UpdatedAt.Equal(s.CreatedAt) {
		t.Errorf("CreateShow timestamps: created %v updated %v", s.CreatedAt, s.UpdatedAt)
	}
	got, err := st.GetShow(ctx(t), "daily")
	if err != nil {
		t.Fatalf("GetShow: %v", err)
	}
	same(t, "GetShow", got, s)
	got, err = st.GetShowByID(ctx(t), s.ID)
	if err != nil {
		t.Fatalf("GetShowByID: %v", err)
	}
	same(t, "GetShowByID", got, s)

	// Every field but ID, GUID and CreatedAt is written by UpdateShow.
	u := *got
	u.Slug, u.Title, u.Description, u.Author = "daily-news", "New title", "new", "New author"
	u.OwnerName, u.OwnerEmail, u.Language = "O2", "o2@example.com", "fr"
	u.Categories, u.Explicit, u.Type, u.Link = []string{"Comedy"}, false, catalog.ShowEpisodic, "https://x.example"
	u.Copyright, u.Locked, u.Block, u.Complete, u.NewFeedURL = "c2", false, false, false, ""
	u.Funding, u.Persons = nil, []catalog.Person{{Name: "Bo"}}
	u.ArtworkKey, u.ArtworkMIME = "shows/x/2.png", "image/png"
	u.GUID, u.CreatedAt = "changed-guid", base
	if err := st.UpdateShow(ctx(t), &u); err != nil {
		t.Fatalf("UpdateShow: %v", err)
	}
	if u.Version != 2 || u.UpdatedAt.Before(s.UpdatedAt) {
		t.Errorf("UpdateShow set Version %d UpdatedAt %v; want 2 and no earlier than %v", u.Version, u.UpdatedAt, s.UpdatedAt)
	}
	want := u
	want.GUID, want.CreatedAt = s.GUID, s.CreatedAt
	got, err = st.GetShow(ctx(t), "daily-news")
	if err != nil {
		t.Fatalf("GetShow after update: %v", err)
	}
	same(t, "show after UpdateShow", got, &want)
	if _, err := st.GetShow(ctx(t), "daily"); !isNotFound(err) {
		t.Errorf("old slug after rename: %v, want ErrNotFound", err)
	}

	if err := st.DeleteShow(ctx(t), s.ID); err != nil {
		t.Fatalf("DeleteShow: %v", err)
	}
	_, err = st.GetShowByID(ctx(t), s.ID)
	isErr(t, "GetShowByID after delete", err, catalog.ErrNotFound)
}

func testShowConflicts(t *testing.T, st catalog.Store) {
	a := mustCreateShow(t, st, "a")
	b := mustCreateShow(t, st, "b")
	tests := []struct {
		name string
		do   func() error
	}{
		{"create taken slug", func() error { return st.CreateShow(ctx(t), fullShow("a")) }},
		{"create taken id", func() error { s := fullShow("c"); s.ID = a.ID; return st.CreateShow(ctx(t), s) }},
		{"rename to taken slug", func() error { u := *b; u.Slug = "a"; return st.UpdateShow(ctx(t), &u) }},
	}
	for _, tc := range tests {
		isErr(t, tc.name, tc.do(), catalog.ErrConflict)
	}
	got, err := st.GetShowByID(ctx(t), b.ID)
	if err != nil {
		t.Fatal(err)
	}
	same(t, "show after failed rename", got, b)
	shows, err := st.ListShows(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(shows) != 2 {
		t.Errorf("%d shows after conflicts, want 2", len(shows))
	}
}

func testShowNotFound(t *testing.T, st catalog.Store) {
	mustCreateShow(t, st, "here")
	tests := []struct {
		name string
		do   func() error
	}{
		{"GetShow", func() error { _, err := st.GetShow(ctx(t), "nope"); return err }},
		{"GetShowByID", func() error { _, err := st.GetShowByID(ctx(t), "nope"); return err }},
		{"UpdateShow", func() error { s := fullShow("other"); s.ID = "nope"; return st.UpdateShow(ctx(t), s) }},
		{"DeleteShow", func() error { return st.DeleteShow(ctx(t), "nope") }},
	}
	for _, tc := range tests {
		isErr(t, tc.name, tc.do(), catalog.ErrNotFound)
	}
}

func testListShows(t *testing.T, st catalog.Store) {
	shows, err := st.ListShows(ctx(t))
	if err != nil || len(shows) != 0 {
		t.Fatalf("ListShows on empty store: %v, %v", shows, err)
	}
	for _, slug := range []string{"m", "z", "a"} {
		mustCreateShow(t, st, slug)
	}
	shows, err = st.ListShows(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	same(t, "ListShows titles", ids(shows, func(s *catalog.Show) string { return s.Title }),
		[]string{"Title a", "Title m", "Title z"})
}

func testDeleteShowCascades(t *testing.T, st catalog.Store) {
	gone := mustCreateShow(t, st, "gone")
	kept := mustCreateShow(t, st, "kept")
	e1 := mustCreateEpisode(t, st, gone.ID, "one", at(0), catalog.StatusPublished)
	e2 := mustCreateEpisode(t, st, kept.ID, "two", at(0), catalog.StatusPublished)
	art := mustCreateArticle(t, st, "https://news.example/a", at(0))
	for _, e := range []*catalog.Episode{e1, e2} {
		if err := st.SetEpisodeArticles(ctx(t), e.ID, []string{art.ID}); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.DeleteShow(ctx(t), gone.ID); err != nil {
		t.Fatalf("DeleteShow: %v", err)
	}
	_, err := st.GetEpisode(ctx(t), e1.ID)
	isErr(t, "episode of deleted show", err, catalog.ErrNotFound)
	n, err := st.CountEpisodes(ctx(t), catalog.EpisodeFilter{ArticleID: art.ID})
	if err != nil || n != 1 {
		t.Errorf("episodes linked to the article after DeleteShow: %d, %v; want 1", n, err)
	}
	if _, err := st.GetArticle(ctx(t), art.ID); err != nil {
		t.Errorf("the article must survive its episodes' show: %v", err)
	}
	got, err := st.GetEpisode(ctx(t), e2.ID)
	if err != nil || len(got.Articles) != 1 {
		t.Errorf("other show's episode: %v, %v", got, err)
	}
}
