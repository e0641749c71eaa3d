package analytics_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/onair-fm/onair/analytics"
	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/catalog/sqlite"
)

// TestRecorderRun: the background loop stores and counts on its own, and
// on shutdown writes and counts what was still queued.
func TestRecorderRun(t *testing.T) {
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "onair.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	now := func() time.Time { return nodeStart.Add(time.Hour) }
	rec := analytics.NewRecorder(st, analytics.NewHasher([]byte("s")), analytics.RecorderConfig{Flush: 20 * time.Millisecond, Now: now}, log)
	whole := func(ip string) analytics.Hit {
		return analytics.Hit{IP: ip, UserAgent: "Overcast/3.0", Episode: nodeEpisode, Start: 0, End: nodeEpisode.Audio.Size, At: nodeStart}
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { rec.Run(ctx); close(done) }()

	if !rec.Observe(whole("192.0.2.1")) {
		t.Fatal("a whole download was not recorded")
	}
	deadline := time.Now().Add(10 * time.Second)
	for total(t, st) < 1 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if got := total(t, st); got != 1 {
		t.Fatalf("the loop counted %d downloads, want 1", got)
	}
	rec.Observe(whole("192.0.2.2"))
	cancel()
	<-done
	if got := total(t, st); got != 2 || rec.Counted() != 2 {
		t.Errorf("after shutdown: %d stored, %d counted; want the queued one too (2)", got, rec.Counted())
	}
}

func total(t *testing.T, st catalog.Store) int64 {
	t.Helper()
	rows, err := st.DownloadStats(t.Context(), catalog.StatsQuery{ShowID: "show1", From: nodeStart.Add(-time.Hour), To: nodeStart.Add(time.Hour), By: catalog.StatsByApp})
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	for _, r := range rows {
		n += r.Count
	}
	return n
}
