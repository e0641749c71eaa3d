package main

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
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

// TestServeShutdownCancelsUploads: an upload still arriving when the grace
// period ends is cancelled and rolls back (its partial blob is deleted),
// and serve waits for that before it closes the store.
func TestServeShutdownCancelsUploads(t *testing.T) {
	t.Parallel()
	s, guard, secret := startWithToken(t, "")
	data := s.data
	media := filesUnder(t, filepath.Join(data, "media"))

	// Half an episode, then nothing more.
	audio, err := os.ReadFile(filepath.Join("..", "..", "testdata", "mp3_cbr_id3v23_apic.mp3"))
	if err != nil {
		t.Fatal(err)
	}
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	answered := request(t, "POST", s.url+"/api/v1/shows/demo/episodes", pr, mw.FormDataContentType(), secret)
	fw, _ := mw.CreateFormFile("audio", "half.mp3")
	if _, err := fw.Write(audio[:len(audio)/2]); err != nil {
		t.Fatal(err)
	}
	// The bytes are with the server; the token lookup says its handler runs.
	waitUntil(t, 10*time.Second, func() bool { return guard.called("TokenByHash") > 0 })

	if err := s.shutdown(t); err != nil {
		t.Fatalf("serve: %v\n%s", err, s.log)
	}
	guard.check(t)
	if !strings.Contains(s.log.String(), "requests still running after the grace period: cancelling them") {
		t.Errorf("the upload was not cancelled after the grace period:\n%s", s.log)
	}
	pw.CloseWithError(io.ErrUnexpectedEOF) // the client gives up too
	if code := <-answered; code >= 200 && code < 300 {
		t.Errorf("the cut-off upload was answered %d", code)
	}
	st, err := sqlite.Open(context.Background(), filepath.Join(data, "onair.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if n, err := st.CountEpisodes(context.Background(), catalog.EpisodeFilter{}); err != nil || n != 3 {
		t.Errorf("%d episodes (%v), want the 3 of the demo", n, err)
	}
	if after := filesUnder(t, filepath.Join(data, "media")); !slices.Equal(after, media) {
		t.Errorf("media files before the upload:\n%v\nafter the shutdown:\n%v", media, after)
	}
}

// TestServeShutdownWaitsForHandlers: a request whose store call is slow to
// see its cancellation still runs after the grace period and the
// cancellation; serve must wait for it before it closes the store.
func TestServeShutdownWaitsForHandlers(t *testing.T) {
	t.Parallel()
	s, guard, secret := startWithToken(t, "TokenByHash")
	answered := request(t, "GET", s.url+"/api/v1/shows", nil, "", secret)
	<-guard.held
	if err := s.shutdown(t); err != nil {
		t.Fatalf("serve: %v\n%s", err, s.log)
	}
	guard.check(t)
	if code := <-answered; code >= 200 && code < 300 {
		t.Errorf("the cancelled request was answered %d", code)
	}
}

// startWithToken starts serve with the demo show, a publisher token (whose
// secret it returns), a grace period of 50 ms and a guarded store whose
// method slow is slow to cancel (see storeGuard.use).
func startWithToken(t *testing.T, slow string) (*testServe, *storeGuard, string) {
	t.Helper()
	ctx := context.Background()
	data := t.TempDir()
	st, err := sqlite.Open(ctx, filepath.Join(data, "onair.db"))
	if err != nil {
		t.Fatal(err)
	}
	secret, tok := catalog.NewToken("test")
	err = st.CreateToken(ctx, tok)
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	guards := make(chan *storeGuard, 1)
	s := startServe(t, serveHooks{grace: 50 * time.Millisecond, wrapStore: func(st catalog.Store) catalog.Store {
		g := newStoreGuard(st)
		g.slow = slow
		guards <- g
		return g.store()
	}}, "--data", data, "--demo")
	return s, <-guards, secret
}

// request sends a request with a publisher token in the background; the
// channel gets its status, 0 when it got none.
func request(t *testing.T, method, url string, body io.Reader, ctype, secret string) <-chan int {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	req.Header.Set("Authorization", "Bearer "+secret)
	client := &http.Client{Transport: &http.Transport{}}
	answered := make(chan int, 1)
	go func() {
		defer client.CloseIdleConnections()
		res, err := client.Do(req)
		if err != nil {
			answered <- 0
			return
		}
		res.Body.Close()
		answered <- res.StatusCode
	}()
	return answered
}

// waitUntil polls cond until it holds, failing t after timeout.
func waitUntil(t *testing.T, timeout time.Duration, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(timeout); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("condition not met within %v", timeout)
		}
	}
}

// filesUnder lists the files under dir, sorted.
func filesUnder(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}
