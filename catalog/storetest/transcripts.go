package storetest

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
)

func testTranscripts(t *testing.T, st catalog.Store) {
	s := mustCreateShow(t, st, "s")
	e := mustCreateEpisode(t, st, s.ID, "e", at(0), catalog.StatusPublished)
	if _, err := st.Transcript(ctx(t), e.ID, catalog.TranscriptUploaded); !errors.Is(err, catalog.ErrNotFound) {
		t.Fatalf("no transcript: err = %v, want ErrNotFound", err)
	}
	if got, _ := st.GetEpisode(ctx(t), e.ID); got.Transcript.StateName() != catalog.TranscriptNone {
		t.Fatalf("state = %q, want none", got.Transcript.StateName())
	}
	before := showVersion(t, st, s.ID)
	gen := &catalog.Transcript{EpisodeID: e.ID, Origin: catalog.TranscriptGenerated, State: catalog.TranscriptQueued}
	if err := st.PutTranscript(ctx(t), gen); err != nil {
		t.Fatal(err)
	}
	if v := showVersion(t, st, s.ID); v <= before {
		t.Errorf("PutTranscript did not bump the show's version (%d -> %d)", before, v)
	}
	got, _ := st.GetEpisode(ctx(t), e.ID)
	if got.Transcript.Origin != catalog.TranscriptGenerated || got.Transcript.State != catalog.TranscriptQueued || got.Transcript.Ready() {
		t.Fatalf("after queueing: %+v", got.Transcript)
	}
	// Claiming takes the queued job once.
	id, err := st.ClaimTranscriptJob(ctx(t), time.Now().Add(-time.Hour))
	if err != nil || id != e.ID {
		t.Fatalf("claim = %q, %v", id, err)
	}
	if _, err := st.ClaimTranscriptJob(ctx(t), time.Now().Add(-time.Hour)); !errors.Is(err, catalog.ErrNotFound) {
		t.Fatalf("second claim: err = %v, want ErrNotFound", err)
	}
	// A job left running before stale is taken again (its node died).
	if id, err := st.ClaimTranscriptJob(ctx(t), time.Now().Add(time.Minute)); err != nil || id != e.ID {
		t.Fatalf("stale claim = %q, %v", id, err)
	}
	cues := []catalog.Cue{
		{Start: 0, End: 1500 * time.Millisecond, Speaker: "Ana", Text: "Ferry hours extended"},
		{Start: 90 * time.Second, End: 95 * time.Second, Text: "The council voted on zebras"},
	}
	gen.Cues, gen.State, gen.Format = cues, catalog.TranscriptDone, "vtt"
	if err := st.PutTranscript(ctx(t), gen); err != nil {
		t.Fatal(err)
	}
	up := &catalog.Transcript{EpisodeID: e.ID, Origin: catalog.TranscriptUploaded, Format: "txt", Language: "fr",
		State: catalog.TranscriptDone, Cues: []catalog.Cue{{Text: "Bonjour à tous"}}}
	if err := st.PutTranscript(ctx(t), up); err != nil {
		t.Fatal(err)
	}
	got, _ = st.GetEpisode(ctx(t), e.ID)
	if ti := got.Transcript; ti.Origin != catalog.TranscriptUploaded || !ti.Ready() || ti.Timed || ti.Language != "fr" {
		t.Fatalf("uploaded should win: %+v", ti)
	}
	back, err := st.Transcript(ctx(t), e.ID, catalog.TranscriptGenerated)
	if err != nil || !reflect.DeepEqual(back.Cues, cues) || back.Format != "vtt" {
		t.Fatalf("generated read back: %+v, %v", back, err)
	}
	// Search sees only the transcript that counts: the uploaded one.
	if hits := search(t, st, "zebras"); len(hits) != 0 {
		t.Errorf("the generated transcript is searched while an uploaded one wins: %+v", hits)
	}
	if err := st.DeleteTranscript(ctx(t), e.ID, catalog.TranscriptUploaded); err != nil {
		t.Fatal(err)
	}
	if err := st.DeleteTranscript(ctx(t), e.ID, catalog.TranscriptUploaded); !errors.Is(err, catalog.ErrNotFound) {
		t.Fatalf("second delete: err = %v, want ErrNotFound", err)
	}
	got, _ = st.GetEpisode(ctx(t), e.ID)
	if ti := got.Transcript; ti.Origin != catalog.TranscriptGenerated || !ti.Ready() || !ti.Timed {
		t.Fatalf("generated should show again: %+v", ti)
	}
	if hits := search(t, st, "zebras"); len(hits) != 1 || hits[0].At != 90*time.Second {
		t.Errorf("search after delete: %+v", hits)
	}
	if err := st.PutTranscript(ctx(t), &catalog.Transcript{EpisodeID: "nope", Origin: catalog.TranscriptUploaded,
		State: catalog.TranscriptDone}); !errors.Is(err, catalog.ErrNotFound) {
		t.Fatalf("unknown episode: err = %v, want ErrNotFound", err)
	}
	// Deleting the episode takes its transcripts and index rows along.
	if err := st.DeleteEpisode(ctx(t), e.ID); err != nil {
		t.Fatal(err)
	}
	if hits := search(t, st, "ferry"); len(hits) != 0 {
		t.Errorf("deleted episode still found: %+v", hits)
	}
}

func testChaptersEdited(t *testing.T, st catalog.Store) {
	s := mustCreateShow(t, st, "s")
	e := mustCreateEpisode(t, st, s.ID, "e", at(0), catalog.StatusPublished)
	chs := []catalog.Chapter{{Start: 0, Title: "Top"}, {Start: 61500 * time.Millisecond, Title: "Story", ArticleID: "a1"}}
	before := showVersion(t, st, s.ID)
	if err := st.SetChapters(ctx(t), e.ID, chs); err != nil {
		t.Fatal(err)
	}
	got, _ := st.GetEpisode(ctx(t), e.ID)
	if !got.ChaptersEdited || !reflect.DeepEqual(got.Chapters, chs) {
		t.Fatalf("chapters = %+v edited %v", got.Chapters, got.ChaptersEdited)
	}
	if v := showVersion(t, st, s.ID); v <= before {
		t.Error("SetChapters did not bump the show's version")
	}
	if err := st.SetChapters(ctx(t), "nope", chs); !errors.Is(err, catalog.ErrNotFound) {
		t.Fatalf("unknown episode: err = %v", err)
	}
	sh, _ := st.GetShowByID(ctx(t), s.ID)
	sh.ChapterTimestamps = true
	if err := st.UpdateShow(ctx(t), sh); err != nil {
		t.Fatal(err)
	}
	if sh, _ = st.GetShowByID(ctx(t), s.ID); !sh.ChapterTimestamps {
		t.Error("ChapterTimestamps not kept")
	}
}

// testSearch checks that both databases find the same episodes, in the
// same order, with the same times.
func testSearch(t *testing.T, st catalog.Store) {
	s := mustCreateShow(t, st, "s")
	other := mustCreateShow(t, st, "o")
	old := mustCreateEpisode(t, st, s.ID, "Harbour news", at(0), catalog.StatusPublished)
	old.Description = "<p>The <b>ferry</b> timetable &amp; the bridge.</p>"
	if err := st.UpdateEpisode(ctx(t), old); err != nil {
		t.Fatal(err)
	}
	mid := mustCreateEpisode(t, st, s.ID, "Council vote", at(time.Hour), catalog.StatusPublished)
	put := func(e *catalog.Episode, cues ...catalog.Cue) {
		t.Helper()
		if err := st.PutTranscript(ctx(t), &catalog.Transcript{EpisodeID: e.ID, Origin: catalog.TranscriptUploaded,
			State: catalog.TranscriptDone, Cues: cues}); err != nil {
			t.Fatal(err)
		}
	}
	put(mid, catalog.Cue{Start: 0, End: time.Second, Text: "Good morning."},
		catalog.Cue{Start: 125250 * time.Millisecond, End: 130 * time.Second, Text: "The ferry will run"},
		catalog.Cue{Start: 130 * time.Second, End: 131 * time.Second, Text: "until midnight."},
		catalog.Cue{Start: 300 * time.Second, End: 301 * time.Second, Text: "Ferry again."})
	newest := mustCreateEpisode(t, st, other.ID, "Ferry strike", at(2*time.Hour), catalog.StatusDraft)

	tests := []struct {
		q     string
		shows []string
		want  []string
		in    [][]string
		at    []time.Duration
	}{
		{"ferry", nil, []string{newest.ID, mid.ID, old.ID},
			[][]string{{"title", "notes"}, {"transcript"}, {"notes"}}, []time.Duration{-1, 125250 * time.Millisecond, -1}},
		{"FERRY run midnight", nil, []string{mid.ID}, [][]string{{"transcript"}}, []time.Duration{125250 * time.Millisecond}},
		{"ferr", []string{s.ID}, []string{mid.ID, old.ID}, nil, nil},
		{"timetable bridge", nil, []string{old.ID}, [][]string{{"notes"}}, []time.Duration{-1}},
		{"council", nil, []string{mid.ID}, [][]string{{"title", "notes"}}, nil},
		{"b", nil, []string{old.ID}, nil, nil}, // no match on the <b> tag: only "bridge"
		{`"; DROP TABLE x --`, nil, nil, nil, nil},
		{"  ", nil, nil, nil, nil},
		{"ferry", []string{}, nil, nil, nil},
	}
	for _, tc := range tests {
		hits, err := st.Search(ctx(t), catalog.SearchQuery{Text: tc.q, ShowIDs: tc.shows})
		if err != nil {
			t.Fatalf("%q: %v", tc.q, err)
		}
		var ids []string
		for i, h := range hits {
			ids = append(ids, h.EpisodeID)
			if tc.in != nil && !reflect.DeepEqual(h.In, tc.in[i]) {
				t.Errorf("%q hit %d: in %v, want %v", tc.q, i, h.In, tc.in[i])
			}
			if tc.at != nil && h.At != tc.at[i] {
				t.Errorf("%q hit %d: at %v, want %v", tc.q, i, h.At, tc.at[i])
			}
		}
		if !reflect.DeepEqual(ids, tc.want) {
			t.Errorf("%q: got %v, want %v", tc.q, ids, tc.want)
		}
	}
	if hits, _ := st.Search(ctx(t), catalog.SearchQuery{Text: "ferry", Limit: 1}); len(hits) != 1 || hits[0].Snippet == "" {
		t.Errorf("limit 1: %+v", hits)
	}
	// A new title is found at once, the old one no more.
	newest.Title, newest.Description = "Weather", ""
	if err := st.UpdateEpisode(ctx(t), newest); err != nil {
		t.Fatal(err)
	}
	if hits := search(t, st, "strike"); len(hits) != 0 {
		t.Errorf("old title still found: %+v", hits)
	}
	if hits := search(t, st, "weather"); len(hits) != 1 {
		t.Errorf("new title not found: %+v", hits)
	}
	// Deleting a show takes its episodes out of the index.
	if err := st.DeleteShow(ctx(t), other.ID); err != nil {
		t.Fatal(err)
	}
	if hits := search(t, st, "weather"); len(hits) != 0 {
		t.Errorf("episode of a deleted show found: %+v", hits)
	}
}

func search(t *testing.T, st catalog.Store, q string) []catalog.SearchHit {
	t.Helper()
	hits, err := st.Search(ctx(t), catalog.SearchQuery{Text: q})
	if err != nil {
		t.Fatal(err)
	}
	return hits
}

func showVersion(t *testing.T, st catalog.Store, id string) int64 {
	t.Helper()
	s, err := st.GetShowByID(ctx(t), id)
	if err != nil {
		t.Fatal(err)
	}
	return s.Version
}
