package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/onair-fm/onair/analytics"
	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/catalog/postgres"
	"github.com/onair-fm/onair/catalog/postgres/pgtest"
	"github.com/onair-fm/onair/catalog/sqlite"
)

// iphone is a listening app's User-Agent: its downloads count.
const iphone = "AppleCoreMedia/1.0.0.21E236 (iPhone; U; CPU OS 17_4 like Mac OS X; en_us)"

// TestServeShutdown runs serve with its jobs on short intervals (feeds
// re-rendered for a WebSub hub every 10 ms, with PostgreSQL the change
// listener), downloads every demo episode, and stops serve as a signal
// would. The store must be closed once, last: no call of it may still run
// at Close or come after, and no goroutine serve started may outlive it.
// The downloads must be stored: with an hour between the recorder's
// writes, only its last one, after the HTTP server stopped, writes them.
func TestServeShutdown(t *testing.T) {
	t.Parallel()
	hub := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Connection", "close")
	}))
	defer hub.Close()
	tests := []struct {
		name  string
		db    func(testing.TB) string // the --db; nil for SQLite
		flush time.Duration
	}{
		{name: "sqlite busy", flush: 10 * time.Millisecond},
		{name: "sqlite last write", flush: time.Hour},
		{name: "postgres busy", db: pgtest.DSN, flush: 10 * time.Millisecond},
		{name: "postgres last write", db: pgtest.DSN, flush: time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			data := t.TempDir()
			args := []string{"--data", data, "--demo", "--websub-hub", hub.URL}
			db := ""
			if tt.db != nil {
				db = tt.db(t)
				args = append(args, "--db", db)
			}
			guards := make(chan *storeGuard, 1)
			hooks := serveHooks{watchEvery: 10 * time.Millisecond, flushEvery: tt.flush,
				wrapStore: func(st catalog.Store) catalog.Store {
					g := newStoreGuard(st)
					guards <- g
					return g.store()
				}}
			s := startServe(t, hooks, args...)
			guard := <-guards

			client := &http.Client{Transport: &http.Transport{}}
			defer client.CloseIdleConnections()
			keys := downloadAll(t, client, s.url+"/shows/demo/feed.rss")
			if err := s.shutdown(t); err != nil {
				t.Fatalf("serve: %v\n%s", err, s.log)
			}
			if left := s.leftGoroutines(5 * time.Second); left != "" {
				t.Errorf("goroutines of serve still running after it returned:\n%s", left)
			}
			calls := guard.check(t)
			for _, m := range []string{"TryLease", "ListShows", "AppendRangeEvents", "FoldRangeEvents"} {
				if calls[m] == 0 {
					t.Errorf("no %s call: the jobs did not run (calls: %v)", m, calls)
				}
			}
			if db != "" && calls["Listen"] == 0 {
				t.Errorf("no Listen call: the change listener did not run (calls: %v)", calls)
			}
			if n := countedDownloads(t, data, db); n != len(keys) {
				t.Errorf("%d downloads counted after the shutdown, want %d\n%s", n, len(keys), s.log)
			}
		})
	}
}

// downloadAll fetches every episode of the feed whole, as a listening app,
// and returns their media URLs.
func downloadAll(t *testing.T, client *http.Client, feed string) []string {
	t.Helper()
	body := fetch(t, client, feed)
	f, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("%s: %v", feed, err)
	}
	var urls []string
	for _, it := range f.Items {
		for _, enc := range it.Enclosures {
			fetch(t, client, enc.URL)
			urls = append(urls, enc.URL)
		}
	}
	if len(urls) == 0 {
		t.Fatalf("%s lists no audio", feed)
	}
	return urls
}

func fetch(t *testing.T, client *http.Client, url string) []byte {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("User-Agent", iphone)
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("GET %s: %d %v", url, res.StatusCode, err)
	}
	return b
}

// countedDownloads opens the store serve used and counts its downloads,
// folding first what serve stored but did not fold: a fold that the
// shutdown cut short leaves PostgreSQL's counting lock held for a moment,
// and the events it stored are counted by the next fold of any node.
func countedDownloads(t *testing.T, data, db string) int {
	t.Helper()
	ctx := context.Background()
	var st catalog.Store
	var err error
	if db == "" {
		st, err = sqlite.Open(ctx, filepath.Join(data, "onair.db"))
	} else {
		st, err = postgres.Open(ctx, db)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.FoldRangeEvents(ctx, 1000, time.Time{}, analytics.Fold); err != nil {
		t.Fatal(err)
	}
	ds, err := st.DownloadsAfter(ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	return len(ds)
}
