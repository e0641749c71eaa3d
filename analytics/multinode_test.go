package analytics_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/onair-fm/onair/analytics"
	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/catalog/postgres"
	"github.com/onair-fm/onair/catalog/postgres/pgtest"
	"github.com/onair-fm/onair/catalog/sqlite"
)

// TestNodesAddUp: the same requests give the same counts whether one node
// takes them all or two nodes on one PostgreSQL database share them, each
// storing and folding on its own.
func TestNodesAddUp(t *testing.T) {
	hits, want := nodeHits()
	t.Run("one node on SQLite", func(t *testing.T) {
		st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "onair.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		checkNodes(t, []catalog.Store{st}, hits, want)
	})
	t.Run("two nodes on PostgreSQL", func(t *testing.T) {
		dsn := pgtest.DSN(t)
		var stores []catalog.Store
		for range 2 {
			st, err := postgres.Open(t.Context(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			stores = append(stores, st)
		}
		checkNodes(t, stores, hits, want)
	})
}

var nodeStart = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

var nodeEpisode = &catalog.Episode{ID: "ep1", ShowID: "show1", Audio: catalog.Audio{
	Size: 4096 + 16000*600, Bitrate: 128000, HeaderBytes: 4096}}

// nodeHits is 40 listeners, each fetching the episode in 64 KiB ranges;
// listener i fetches i*5 seconds of audio, so those past a minute count.
func nodeHits() ([]analytics.Hit, int64) {
	t0 := nodeStart
	var hits []analytics.Hit
	var want int64
	for i := range 40 {
		upTo := int64(4096 + i*5*16000)
		if i*5 >= 60 {
			want++
		}
		for off := int64(0); off < upTo; off += 64 << 10 {
			hits = append(hits, analytics.Hit{
				IP: fmt.Sprintf("192.0.2.%d", i), UserAgent: "Overcast/3.0", Episode: nodeEpisode,
				Start: off, End: min(off+64<<10, upTo), At: t0.Add(time.Duration(len(hits)) * time.Millisecond),
			})
		}
	}
	return hits, want
}

func checkNodes(t *testing.T, stores []catalog.Store, hits []analytics.Hit, want int64) {
	secret, err := stores[0].AnalyticsSecret(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	var recs []*analytics.Recorder
	for _, st := range stores {
		// Small batches, so folds interleave with appends from the other node.
		recs = append(recs, analytics.NewRecorder(st, analytics.NewHasher(secret), analytics.RecorderConfig{Batch: 50, Now: func() time.Time { return nodeStart.Add(time.Hour) }}, log))
	}
	var wg sync.WaitGroup
	for n, rec := range recs {
		wg.Go(func() {
			for i := n; i < len(hits); i += len(recs) {
				rec.Observe(hits[i])
				if i%97 == 0 {
					rec.Flush(context.Background())
				}
			}
			rec.Flush(context.Background())
		})
	}
	wg.Wait()
	for _, rec := range recs {
		rec.Flush(context.Background()) // fold whatever the other node left
	}
	rows, err := stores[0].DownloadStats(t.Context(), catalog.StatsQuery{ShowID: "show1",
		From: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC), By: catalog.StatsByApp})
	if err != nil {
		t.Fatal(err)
	}
	var got, counted int64
	for _, r := range rows {
		got += r.Count
	}
	for _, rec := range recs {
		counted += rec.Counted()
		if rec.Dropped() != 0 {
			t.Errorf("a node dropped %d events", rec.Dropped())
		}
	}
	if got != want || counted != want {
		t.Errorf("%d downloads stored, %d counted by the nodes; want %d", got, counted, want)
	}
}
