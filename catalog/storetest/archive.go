package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// testDownloadArchive: downloads go in with their ids, come out in id
// order and in pages, an import run twice stores each once, the stats see
// them, and a download counted afterwards gets a higher id.
func testDownloadArchive(t *testing.T, st catalog.Store) {
	in := []catalog.Download{
		{ID: 5, EpisodeID: "ep1", ShowID: "show1", App: "Overcast", At: at(time.Hour)},
		{ID: 6, EpisodeID: "ep2", ShowID: "show1", App: "Apple Podcasts", At: at(25 * time.Hour)},
		{ID: 9, EpisodeID: "ep1", ShowID: "show2", App: "", At: at(2*time.Hour + 123456*time.Microsecond)},
	}
	for range 2 {
		if err := st.ImportDownloads(ctx(t), in); err != nil {
			t.Fatal(err)
		}
	}
	first, err := st.DownloadsAfter(ctx(t), 0, 2)
	if err != nil {
		t.Fatal(err)
	}
	rest, err := st.DownloadsAfter(ctx(t), first[len(first)-1].ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	got := append(first, rest...)
	want := make([]catalog.Download, len(in))
	for i, d := range in {
		d.At = d.At.UTC().Truncate(time.Microsecond) // what every store keeps
		want[i] = d
	}
	for i := range got {
		got[i].At = got[i].At.UTC()
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("imported twice, read back in pages:\n got %+v\nwant %+v", got, want)
	}
	rows, err := st.DownloadStats(ctx(t), catalog.StatsQuery{ShowID: "show1", From: at(-time.Hour), To: at(48 * time.Hour), By: catalog.StatsByDay})
	if err != nil {
		t.Fatal(err)
	}
	var total int64
	for _, r := range rows {
		total += r.Count
	}
	if total != 2 {
		t.Errorf("stats see %d of show1's imported downloads, want 2 (%v)", total, rows)
	}

	// A download counted now comes after the imported ones.
	err = st.AppendRangeEvents(ctx(t), []catalog.RangeEvent{{EpisodeID: "ep3", ShowID: "show1", Listener: "L",
		App: "x", Start: 0, End: 10, Need: 1, At: at(3 * time.Hour)}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = st.FoldRangeEvents(ctx(t), 10, at(-48*time.Hour), func(ev *catalog.RangeEvent, w *catalog.ListenerWindow) *catalog.Download {
		*w = catalog.ListenerWindow{Listener: ev.Listener, EpisodeID: ev.EpisodeID, Start: ev.At, Counted: true}
		return &catalog.Download{EpisodeID: ev.EpisodeID, ShowID: ev.ShowID, App: ev.App, At: ev.At}
	})
	if err != nil {
		t.Fatal(err)
	}
	after, err := st.DownloadsAfter(ctx(t), 9, 10)
	if err != nil || len(after) != 1 || after[0].EpisodeID != "ep3" {
		t.Errorf("download counted after the import: %+v, %v; want one with an id above 9", after, err)
	}
}
