package storetest

import (
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
)

func testEpisodeCRUD(t *testing.T, st catalog.Store) {
	s := mustCreateShow(t, st, "s")
	e := fullEpisode(s.ID, "first", at(0), catalog.StatusPublished)
	if err := st.CreateEpisode(ctx(t), e); err != nil {
		t.Fatalf("CreateEpisode: %v", err)
	}
	if len(e.ID) != 12 || len(e.GUID) != 36 || e.CreatedAt.IsZero() || !e.UpdatedAt.Equal(e.CreatedAt) {
		t.Errorf("CreateEpisode filled id %q guid %q created %v updated %v", e.ID, e.GUID, e.CreatedAt, e.UpdatedAt)
	}
	got, err := st.GetEpisode(ctx(t), e.ID)
	if err != nil {
		t.Fatalf("GetEpisode: %v", err)
	}
	same(t, "GetEpisode", got, e)

	u := *got
	u.Title, u.Description, u.PublishedAt, u.Status = "renamed", "<p><em>d2</em></p>", at(time.Hour), catalog.StatusDraft
	u.DescriptionSource = "*d2*"
	u.Season, u.Number, u.Type, u.Explicit = 0, 0, catalog.EpisodeFull, false
	u.Audio = catalog.Audio{Key: "episodes/x/new.m4a", FileName: "b.m4a", Size: 9, SHA256: "ab", MIME: "audio/mp4",
		Container: "mp4", Codec: "aac", Bitrate: 64000, SampleRate: 48000, Channels: 1, Duration: time.Second, HeaderBytes: 1}
	u.ArtworkKey, u.ArtworkMIME, u.Chapters = "", "", nil
	u.TranscriptURL, u.TranscriptType = "", ""
	u.GUID, u.ShowID, u.CreatedAt = "other-guid", "other-show", base
	u.Articles = []catalog.Article{{ID: "ignored"}}
	if err := st.UpdateEpisode(ctx(t), &u); err != nil {
		t.Fatalf("UpdateEpisode: %v", err)
	}
	if u.UpdatedAt.Before(e.UpdatedAt) {
		t.Errorf("UpdateEpisode UpdatedAt %v before %v", u.UpdatedAt, e.UpdatedAt)
	}
	want := u
	want.PublishedAt = stored(u.PublishedAt)
	want.GUID, want.ShowID, want.CreatedAt, want.Articles = e.GUID, e.ShowID, e.CreatedAt, nil
	got, err = st.GetEpisode(ctx(t), e.ID)
	if err != nil {
		t.Fatal(err)
	}
	same(t, "episode after UpdateEpisode", got, &want)

	if err := st.DeleteEpisode(ctx(t), e.ID); err != nil {
		t.Fatalf("DeleteEpisode: %v", err)
	}
	_, err = st.GetEpisode(ctx(t), e.ID)
	isErr(t, "GetEpisode after delete", err, catalog.ErrNotFound)
}

// testEpisodeIdentity: ids and GUIDs given by the caller (an import, a
// migration) are kept as they are.
func testEpisodeIdentity(t *testing.T, st catalog.Store) {
	s := mustCreateShow(t, st, "s")
	s2 := fullShow("given")
	s2.ID = "givenshow123"
	if err := st.CreateShow(ctx(t), s2); err != nil {
		t.Fatal(err)
	}
	if got, err := st.GetShow(ctx(t), "given"); err != nil || got.ID != "givenshow123" {
		t.Errorf("show with given id: %v, %v", got, err)
	}
	e := fullEpisode(s.ID, "imported", at(0), catalog.StatusPublished)
	e.ID, e.GUID = "abcdefgh2345", "tag:example.com,2020:episode-1"
	e.CreatedAt = at(-24 * time.Hour)
	if err := st.CreateEpisode(ctx(t), e); err != nil {
		t.Fatal(err)
	}
	got, err := st.GetEpisode(ctx(t), "abcdefgh2345")
	if err != nil {
		t.Fatal(err)
	}
	if got.GUID != e.GUID || !got.CreatedAt.Equal(stored(at(-24*time.Hour))) {
		t.Errorf("given identity not kept: guid %q created %v", got.GUID, got.CreatedAt)
	}
	// The GUID never changes through updates of anything else.
	got.Title = "retitled"
	got.Audio.Key = "episodes/abcdefgh2345/new.mp3"
	if err := st.UpdateEpisode(ctx(t), got); err != nil {
		t.Fatal(err)
	}
	again, err := st.GetEpisode(ctx(t), "abcdefgh2345")
	if err != nil || again.GUID != e.GUID || again.ID != e.ID {
		t.Errorf("after update: %+v, %v", again, err)
	}
}

func testEpisodeNotFound(t *testing.T, st catalog.Store) {
	s := mustCreateShow(t, st, "s")
	a := mustCreateArticle(t, st, "https://news.example/1", at(0))
	tests := []struct {
		name string
		do   func() error
	}{
		{"CreateEpisode in unknown show", func() error {
			return st.CreateEpisode(ctx(t), fullEpisode("noshow", "x", at(0), catalog.StatusPublished))
		}},
		{"GetEpisode", func() error { _, err := st.GetEpisode(ctx(t), "nope"); return err }},
		{"UpdateEpisode", func() error {
			e := fullEpisode(s.ID, "x", at(0), catalog.StatusPublished)
			e.ID = "nope"
			return st.UpdateEpisode(ctx(t), e)
		}},
		{"DeleteEpisode", func() error { return st.DeleteEpisode(ctx(t), "nope") }},
		{"SetEpisodeArticles", func() error { return st.SetEpisodeArticles(ctx(t), "nope", []string{a.ID}) }},
	}
	for _, tc := range tests {
		isErr(t, tc.name, tc.do(), catalog.ErrNotFound)
	}
	if n, err := st.CountEpisodes(ctx(t), catalog.EpisodeFilter{}); err != nil || n != 0 {
		t.Errorf("CountEpisodes after failures: %d, %v; want 0", n, err)
	}
	if v := version(t, st, s.ID); v != 1 {
		t.Errorf("show version after failed writes: %d, want 1", v)
	}
}

func testEpisodeConflicts(t *testing.T, st catalog.Store) {
	s := mustCreateShow(t, st, "s")
	e := mustCreateEpisode(t, st, s.ID, "one", at(0), catalog.StatusPublished)
	tests := []struct {
		name string
		mod  func(x *catalog.Episode)
	}{
		{"same id", func(x *catalog.Episode) { x.ID = e.ID }},
		{"same guid in the show", func(x *catalog.Episode) { x.GUID = e.GUID }},
	}
	for _, tc := range tests {
		x := fullEpisode(s.ID, tc.name, at(0), catalog.StatusPublished)
		tc.mod(x)
		isErr(t, tc.name, st.CreateEpisode(ctx(t), x), catalog.ErrConflict)
	}
	if n, _ := st.CountEpisodes(ctx(t), catalog.EpisodeFilter{}); n != 1 {
		t.Errorf("%d episodes after conflicts, want 1", n)
	}
}

func testListEpisodesOrder(t *testing.T, st catalog.Store) {
	s := mustCreateShow(t, st, "s")
	// Created out of order; two share a time, so the id decides.
	mid := mustCreateEpisode(t, st, s.ID, "mid", at(time.Hour), catalog.StatusPublished)
	old := mustCreateEpisode(t, st, s.ID, "old", at(0), catalog.StatusPublished)
	tieA := fullEpisode(s.ID, "tieA", at(2*time.Hour), catalog.StatusPublished)
	tieA.ID = "aaaaaaaaaaaa"
	tieB := fullEpisode(s.ID, "tieB", at(2*time.Hour), catalog.StatusPublished)
	tieB.ID = "bbbbbbbbbbbb"
	for _, e := range []*catalog.Episode{tieA, tieB} {
		if err := st.CreateEpisode(ctx(t), e); err != nil {
			t.Fatal(err)
		}
	}
	// Microseconds decide too: one microsecond later is newer.
	newest := mustCreateEpisode(t, st, s.ID, "newest", at(2*time.Hour+time.Microsecond), catalog.StatusPublished)
	got, err := st.ListEpisodes(ctx(t), catalog.EpisodeFilter{ShowID: s.ID})
	if err != nil {
		t.Fatal(err)
	}
	same(t, "order", ids(got, epID), []string{newest.ID, tieB.ID, tieA.ID, mid.ID, old.ID})
	if len(got) == 5 {
		same(t, "listed episode", got[3], mid)
	}
}

func testListEpisodesFilters(t *testing.T, st catalog.Store) {
	s := mustCreateShow(t, st, "s")
	other := mustCreateShow(t, st, "other")
	now := at(0)
	past := mustCreateEpisode(t, st, s.ID, "past", now.Add(-time.Hour), catalog.StatusPublished)
	exact := mustCreateEpisode(t, st, s.ID, "exactly now", now, catalog.StatusPublished)
	sched := mustCreateEpisode(t, st, s.ID, "scheduled", now.Add(time.Microsecond), catalog.StatusPublished)
	draft := mustCreateEpisode(t, st, s.ID, "draft", now.Add(-2*time.Hour), catalog.StatusDraft)
	elsewhere := mustCreateEpisode(t, st, other.ID, "elsewhere", now.Add(-3*time.Hour), catalog.StatusPublished)
	art := mustCreateArticle(t, st, "https://news.example/story", now)
	art2 := mustCreateArticle(t, st, "https://news.example/other", now)
	for _, e := range []*catalog.Episode{past, draft, elsewhere, sched} {
		if err := st.SetEpisodeArticles(ctx(t), e.ID, []string{art2.ID, art.ID}); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name string
		f    catalog.EpisodeFilter
		want []*catalog.Episode
	}{
		{"all", catalog.EpisodeFilter{}, []*catalog.Episode{sched, exact, past, draft, elsewhere}},
		{"show", catalog.EpisodeFilter{ShowID: s.ID}, []*catalog.Episode{sched, exact, past, draft}},
		{"live now", catalog.EpisodeFilter{ShowID: s.ID, LiveAt: now}, []*catalog.Episode{exact, past}},
		{"live a microsecond later", catalog.EpisodeFilter{ShowID: s.ID, LiveAt: now.Add(time.Microsecond)}, []*catalog.Episode{sched, exact, past}},
		{"live long before", catalog.EpisodeFilter{ShowID: s.ID, LiveAt: now.Add(-24 * time.Hour)}, nil},
		{"article", catalog.EpisodeFilter{ArticleID: art.ID}, []*catalog.Episode{sched, past, draft, elsewhere}},
		{"article live", catalog.EpisodeFilter{ArticleID: art.ID, LiveAt: now}, []*catalog.Episode{past, elsewhere}},
		{"article in show live", catalog.EpisodeFilter{ArticleID: art.ID, ShowID: other.ID, LiveAt: now}, []*catalog.Episode{elsewhere}},
		{"unknown article", catalog.EpisodeFilter{ArticleID: "nope"}, nil},
		{"unknown show", catalog.EpisodeFilter{ShowID: "nope"}, nil},
	}
	for _, tc := range tests {
		got, err := st.ListEpisodes(ctx(t), tc.f)
		if err != nil {
			t.Errorf("%s: ListEpisodes: %v", tc.name, err)
			continue
		}
		same(t, tc.name, ids(got, epID), ids(tc.want, epID))
		n, err := st.CountEpisodes(ctx(t), tc.f)
		if err != nil || n != len(tc.want) {
			t.Errorf("%s: CountEpisodes = %d, %v; want %d", tc.name, n, err, len(tc.want))
		}
		for _, e := range got {
			if tc.f.LiveAt.IsZero() {
				continue
			}
			if !e.IsLive(tc.f.LiveAt) {
				t.Errorf("%s: %s listed but IsLive says no", tc.name, e.Title)
			}
		}
	}
	// Listed episodes carry their articles, in order.
	got, err := st.ListEpisodes(ctx(t), catalog.EpisodeFilter{ShowID: s.ID, LiveAt: now})
	if err != nil || len(got) != 2 {
		t.Fatalf("ListEpisodes: %v, %v", got, err)
	}
	same(t, "articles of listed episode", ids(ptrs(got[1].Articles), arID), []string{art2.ID, art.ID})
	if len(got[0].Articles) != 0 {
		t.Errorf("episode without articles lists %d", len(got[0].Articles))
	}
}

func testListEpisodesPaging(t *testing.T, st catalog.Store) {
	s := mustCreateShow(t, st, "s")
	var all []string
	for i := 9; i >= 0; i-- {
		all = append(all, mustCreateEpisode(t, st, s.ID, titled(i), at(time.Duration(i)*time.Minute), catalog.StatusPublished).ID)
	}
	// all is newest first already: created from i=9 down.
	tests := []struct {
		limit, offset int
		want          []string
	}{
		{0, 0, all},
		{3, 0, all[:3]},
		{3, 3, all[3:6]},
		{3, 9, all[9:]},
		{0, 8, all[8:]},
		{5, 10, []string{}},
	}
	for _, tc := range tests {
		f := catalog.EpisodeFilter{ShowID: s.ID, Limit: tc.limit, Offset: tc.offset}
		got, err := st.ListEpisodes(ctx(t), f)
		if err != nil {
			t.Fatal(err)
		}
		same(t, "limit/offset", ids(got, epID), tc.want)
		if n, _ := st.CountEpisodes(ctx(t), f); n != 10 {
			t.Errorf("CountEpisodes with limit %d offset %d = %d, want 10 (paging is ignored)", tc.limit, tc.offset, n)
		}
	}
}

func testNextScheduled(t *testing.T, st catalog.Store) {
	s := mustCreateShow(t, st, "s")
	other := mustCreateShow(t, st, "other")
	now := at(0)
	mustCreateEpisode(t, st, s.ID, "past", now.Add(-time.Hour), catalog.StatusPublished)
	mustCreateEpisode(t, st, s.ID, "draft soon", now.Add(time.Minute), catalog.StatusDraft)
	mustCreateEpisode(t, st, s.ID, "later", now.Add(2*time.Hour), catalog.StatusPublished)
	mustCreateEpisode(t, st, s.ID, "next", now.Add(time.Hour), catalog.StatusPublished)
	mustCreateEpisode(t, st, other.ID, "other show", now.Add(time.Second), catalog.StatusPublished)
	tests := []struct {
		name   string
		show   string
		t      time.Time
		want   time.Time
		wantOK bool
	}{
		{"before all", s.ID, now, stored(now.Add(time.Hour)), true},
		{"at next is after it", s.ID, now.Add(time.Hour), stored(now.Add(2 * time.Hour)), true},
		{"after all", s.ID, now.Add(3 * time.Hour), time.Time{}, false},
		{"other show", other.ID, now, stored(now.Add(time.Second)), true},
		{"unknown show", "nope", now, time.Time{}, false},
	}
	for _, tc := range tests {
		got, ok, err := st.NextScheduled(ctx(t), tc.show, tc.t)
		if err != nil || ok != tc.wantOK || !got.Equal(tc.want) || (ok && got.Location() != time.UTC) {
			t.Errorf("%s: NextScheduled = %v, %v, %v; want %v, %v", tc.name, got, ok, err, tc.want, tc.wantOK)
		}
	}
}

func ptrs[T any](xs []T) []*T {
	out := make([]*T, len(xs))
	for i := range xs {
		out[i] = &xs[i]
	}
	return out
}
