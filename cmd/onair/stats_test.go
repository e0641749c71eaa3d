package main

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onair-fm/onair/analytics"
	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/catalog/sqlite"
)

// TestStatsCommand prints counts stored the way the server stores them.
func TestStatsCommand(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	data := t.TempDir()
	st, err := sqlite.Open(ctx, filepath.Join(data, "onair.db"))
	if err != nil {
		t.Fatal(err)
	}
	sh := &catalog.Show{Slug: "news", Title: "The News", Categories: []string{"News"}}
	if err := st.CreateShow(ctx, sh); err != nil {
		t.Fatal(err)
	}
	ep := &catalog.Episode{ShowID: sh.ID, Title: "Monday", Status: catalog.StatusPublished, Type: catalog.EpisodeFull,
		Audio: catalog.Audio{Key: "episodes/x/a.mp3", Size: 2 << 20, Bitrate: 128000}}
	if err := st.CreateEpisode(ctx, ep); err != nil {
		t.Fatal(err)
	}
	// Tuesday's one download, on March 6, is outside the show's spans
	// below but inside Monday's, which must not count it.
	ep2 := &catalog.Episode{ShowID: sh.ID, Title: "Tuesday", Status: catalog.StatusPublished, Type: catalog.EpisodeFull,
		Audio: catalog.Audio{Key: "episodes/y/a.mp3", Size: 2 << 20, Bitrate: 128000}}
	if err := st.CreateEpisode(ctx, ep2); err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	var evs []catalog.RangeEvent
	for i, app := range []string{"Overcast", "Overcast", "Spotify"} {
		evs = append(evs, catalog.RangeEvent{EpisodeID: ep.ID, ShowID: sh.ID, Listener: app + string(rune('a'+i)),
			App: app, Start: 0, End: 2 << 20, Need: 960000, At: day.Add(time.Duration(i) * 24 * time.Hour)})
	}
	evs = append(evs, catalog.RangeEvent{EpisodeID: ep2.ID, ShowID: sh.ID, Listener: "Castro",
		App: "Castro", Start: 0, End: 2 << 20, Need: 960000, At: day.Add(4 * 24 * time.Hour)})
	if err := st.AppendRangeEvents(ctx, evs); err != nil {
		t.Fatal(err)
	}
	if _, err := st.FoldRangeEvents(ctx, 100, time.Time{}, analytics.Fold); err != nil {
		t.Fatal(err)
	}
	st.Close()

	run := func(args ...string) (string, string, error) {
		var out, errOut bytes.Buffer
		err := statsCmd(ctx, append(args, "--data", data), &out, &errOut)
		return out.String(), errOut.String(), err
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--show", "news", "--by", "app", "--from", "2026-03-01", "--to", "2026-03-05"},
			"The News: downloads 2026-03-01 to 2026-03-05 by app\nAPP       DOWNLOADS\nOvercast  2\nSpotify   1\nTOTAL     3\n"},
		{[]string{"--show", sh.ID, "--from", "2026-03-02", "--to", "2026-03-04"},
			"The News: downloads 2026-03-02 to 2026-03-04 by day\nDAY         DOWNLOADS\n2026-03-02  1\n2026-03-03  1\n2026-03-04  1\nTOTAL       3\n"},
		{[]string{"--show", "news", "--by", "episode", "--from", "2026-03-03", "--to", "2026-03-03"},
			"The News: downloads 2026-03-03 to 2026-03-03 by episode\nEPISODE       TITLE   DOWNLOADS\n" + ep.ID + "  Monday  1\nTOTAL                 1\n"},
		{[]string{"--episode", ep.ID, "--by", "app", "--from", "2026-03-01", "--to", "2026-03-06"},
			"Monday (The News): downloads 2026-03-01 to 2026-03-06 by app\nAPP       DOWNLOADS\nOvercast  2\nSpotify   1\nTOTAL     3\n"},
		{[]string{"--episode", ep2.ID, "--from", "2026-03-04", "--to", "2026-03-06"},
			"Tuesday (The News): downloads 2026-03-04 to 2026-03-06 by day\nDAY         DOWNLOADS\n2026-03-04  0\n2026-03-05  0\n2026-03-06  1\nTOTAL       1\n"},
		{[]string{"--episode", ep.ID, "--by", "episode", "--from", "2026-03-03", "--to", "2026-03-06"},
			"Monday (The News): downloads 2026-03-03 to 2026-03-06 by episode\nEPISODE       TITLE   DOWNLOADS\n" + ep.ID + "  Monday  2\nTOTAL                 2\n"},
	}
	for _, tt := range tests {
		out, _, err := run(tt.args...)
		if err != nil {
			t.Fatalf("stats %v: %v", tt.args, err)
		}
		// tabwriter pads the last column too; compare without it.
		got := strings.Join(strings.Fields(strings.ReplaceAll(out, "\n", " \\n ")), " ")
		want := strings.Join(strings.Fields(strings.ReplaceAll(tt.want, "\n", " \\n ")), " ")
		if got != want {
			t.Errorf("stats %v:\n%s\nwant:\n%s", tt.args, out, tt.want)
		}
	}
	if _, _, err := run("--show", "nope"); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("unknown show: %v", err)
	}
	if _, _, err := run("--show", "news", "--by", "week"); !errors.Is(err, catalog.ErrInvalid) {
		t.Errorf("--by week: %v", err)
	}
	if _, _, err := run("--episode", "nope"); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("unknown episode: %v", err)
	}
	for _, args := range [][]string{nil, {"--show", "news", "--episode", ep.ID}} {
		var code errExit
		if _, stderr, err := run(args...); !errors.As(err, &code) || !strings.Contains(stderr, "either --show or --episode") {
			t.Errorf("stats %v: %v %q, want a usage error", args, err, stderr)
		}
	}
}
