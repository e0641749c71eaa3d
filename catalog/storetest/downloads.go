package storetest

import (
	"bytes"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// foldLog is a DownloadFolder for the suite: it keeps what it was given and
// counts a download on a window's second range, so the test sees exactly
// what the store passed in and kept.
type foldLog struct {
	seen []foldSeen
}

type foldSeen struct {
	event  int64 // Start of the event, used as its name
	window catalog.ListenerWindow
}

func (f *foldLog) fold(ev *catalog.RangeEvent, w *catalog.ListenerWindow) *catalog.Download {
	f.seen = append(f.seen, foldSeen{ev.Start, *w})
	if w.Start.IsZero() {
		*w = catalog.ListenerWindow{EpisodeID: ev.EpisodeID, Start: ev.At}
	}
	w.Listener = ev.Listener
	w.Ranges = append(w.Ranges, catalog.ByteRange{Start: ev.Start, End: ev.End})
	if len(w.Ranges) == 2 {
		w.Counted = true
		return &catalog.Download{EpisodeID: ev.EpisodeID, ShowID: ev.ShowID, App: ev.App, At: ev.At}
	}
	return nil
}

func testDownloads(t *testing.T, st catalog.Store) {
	ds := st
	s1, err := ds.AnalyticsSecret(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	s2, err := ds.AnalyticsSecret(ctx(t))
	if err != nil || len(s1) < 16 || !bytes.Equal(s1, s2) {
		t.Fatalf("AnalyticsSecret twice: %x, %x, %v; want one stable secret", s1, s2, err)
	}

	ev := func(name int64, listener, prev, episode, app string, d time.Duration) catalog.RangeEvent {
		return catalog.RangeEvent{EpisodeID: episode, ShowID: "show1", Listener: listener, PrevListener: prev,
			App: app, Start: name, End: name + 100, AudioStart: 10, Need: 1000, At: at(d)}
	}
	// Appended out of time order, in two batches: folds take them by time.
	err = ds.AppendRangeEvents(ctx(t), []catalog.RangeEvent{
		ev(2, "L1", "", "ep1", "Overcast", 2*time.Second),
		ev(1, "L1", "", "ep1", "Overcast", time.Second),
	})
	if err != nil {
		t.Fatal(err)
	}
	err = ds.AppendRangeEvents(ctx(t), []catalog.RangeEvent{
		ev(3, "L2", "", "ep2", "Spotify", 3*time.Second),
		// L1 under the next day's key: the window moves to L3.
		ev(4, "L3", "L1", "ep1", "Overcast", 4*time.Second),
		ev(5, "L1", "", "ep1", "Overcast", 5*time.Second),
		ev(6, "L2", "", "ep2", "Spotify", 26*time.Hour),
	})
	if err != nil {
		t.Fatal(err)
	}
	var log foldLog
	var total int
	for _, limit := range []int{2, 10, 10} {
		n, err := ds.FoldRangeEvents(ctx(t), limit, time.Time{}, log.fold)
		if err != nil {
			t.Fatal(err)
		}
		total += n
	}
	if total != 6 || len(log.seen) != 6 {
		t.Fatalf("folded %d events, saw %d; want 6", total, len(log.seen))
	}
	want := []struct {
		event   int64
		start   time.Duration
		ranges  int
		counted bool
	}{
		{1, -1, 0, false},
		{2, time.Second, 1, false},
		{3, -1, 0, false},
		{4, time.Second, 2, true},
		{5, -1, 0, false}, // L1's window moved to L3
		{6, 3 * time.Second, 1, false},
	}
	for i, w := range want {
		got := log.seen[i]
		startOK := w.start < 0 && got.window.Start.IsZero() || w.start >= 0 && got.window.Start.Equal(stored(at(w.start)))
		if got.event != w.event || !startOK || len(got.window.Ranges) != w.ranges || got.window.Counted != w.counted {
			t.Errorf("fold %d: got event %d with window %+v; want event %d, start %v, %d ranges, counted %v",
				i, got.event, got.window, w.event, w.start, w.ranges, w.counted)
		}
	}

	// Expiring windows: L2's window (started at 3s) goes; the next event
	// of L2 starts from nothing.
	if _, err := ds.FoldRangeEvents(ctx(t), 10, at(time.Hour), log.fold); err != nil {
		t.Fatal(err)
	}
	if err := ds.AppendRangeEvents(ctx(t), []catalog.RangeEvent{ev(7, "L2", "", "ep2", "Spotify", 27*time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if _, err := ds.FoldRangeEvents(ctx(t), 10, at(time.Hour), log.fold); err != nil {
		t.Fatal(err)
	}
	if last := log.seen[len(log.seen)-1]; last.event != 7 || !last.window.Start.IsZero() {
		t.Errorf("after expiry, event 7 got window %+v; want a zero window", last.window)
	}

	// Downloads: L1/L3 on ep1 at 4s (day of base), L2 on ep2 at 26h
	// (two rows in its window: 3 and 6).
	day0 := stored(at(0)).Format(time.DateOnly)
	day1 := stored(at(26 * time.Hour)).Format(time.DateOnly)
	q := catalog.StatsQuery{ShowID: "show1", From: at(-time.Hour), To: at(48 * time.Hour)}
	for _, tt := range []struct {
		by   string
		want []catalog.StatsRow
	}{
		{catalog.StatsByDay, []catalog.StatsRow{{Key: day0, Count: 1}, {Key: day1, Count: 1}}},
		{catalog.StatsByEpisode, []catalog.StatsRow{{Key: "ep1", Count: 1}, {Key: "ep2", Count: 1}}},
		{catalog.StatsByApp, []catalog.StatsRow{{Key: "Overcast", Count: 1}, {Key: "Spotify", Count: 1}}},
	} {
		q.By = tt.by
		got, err := ds.DownloadStats(ctx(t), q)
		if err != nil {
			t.Fatal(err)
		}
		same(t, "DownloadStats by "+tt.by, got, tt.want)
	}
	// One episode's downloads: its own days, and its own apps.
	q.EpisodeID = "ep2"
	for _, tt := range []struct {
		by   string
		want []catalog.StatsRow
	}{
		{catalog.StatsByDay, []catalog.StatsRow{{Key: day1, Count: 1}}},
		{catalog.StatsByEpisode, []catalog.StatsRow{{Key: "ep2", Count: 1}}},
		{catalog.StatsByApp, []catalog.StatsRow{{Key: "Spotify", Count: 1}}},
	} {
		q.By = tt.by
		got, err := ds.DownloadStats(ctx(t), q)
		if err != nil {
			t.Fatal(err)
		}
		same(t, "DownloadStats of ep2 by "+tt.by, got, tt.want)
	}
	q.EpisodeID = "nope"
	got, err := ds.DownloadStats(ctx(t), q)
	if err != nil {
		t.Fatal(err)
	}
	same(t, "DownloadStats of an episode without downloads", got, []catalog.StatsRow{})
	q.EpisodeID = ""
	q.By, q.To = catalog.StatsByDay, at(time.Hour)
	got, err = ds.DownloadStats(ctx(t), q)
	if err != nil {
		t.Fatal(err)
	}
	same(t, "DownloadStats to an hour in", got, []catalog.StatsRow{{Key: day0, Count: 1}})
	q.ShowID = "other"
	got, err = ds.DownloadStats(ctx(t), q)
	if err != nil {
		t.Fatal(err)
	}
	same(t, "DownloadStats of another show", got, []catalog.StatsRow{})
	q.By = "week"
	_, err = ds.DownloadStats(ctx(t), q)
	isErr(t, "DownloadStats by week", err, catalog.ErrInvalid)
}
