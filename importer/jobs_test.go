package importer

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// TestMirror: a show imported with Mirror keeps its source; the mirror
// sync imports what is new once the interval has passed, records each run
// as an import, and does nothing before.
func TestMirror(t *testing.T) {
	t.Parallel()
	srv := hostServer(t)
	e := newEnv(t, false)
	j := &Jobs{Importer: e.imp}
	e.run(srv.URL+"/feeds/libsyn.xml?add=1", "lib", Options{Mirror: time.Hour, Limit: 1})
	sh, _ := e.store.GetShow(e.ctx, "lib")
	src, err := e.store.GetShowSource(e.ctx, sh.ID)
	if err != nil || src.Every != time.Hour || src.FeedURL != srv.URL+"/feeds/libsyn.xml?add=1" {
		t.Fatalf("source %+v, %v", src, err)
	}
	j.MirrorOnce(e.ctx, "node-a", time.Minute)
	if n := len(e.episodes("lib")); n != 1 {
		t.Errorf("a sync before it was due: %d episodes", n)
	}
	src.LastRunAt = time.Now().Add(-2 * time.Hour)
	if err := e.store.SetShowSource(e.ctx, src); err != nil {
		t.Fatal(err)
	}
	j.MirrorOnce(e.ctx, "node-a", time.Minute)
	if n := len(e.episodes("lib")); n != 3 {
		t.Errorf("after the sync: %d episodes, want 3", n)
	}
	src, _ = e.store.GetShowSource(e.ctx, sh.ID)
	im, err := e.store.GetImport(e.ctx, src.LastImportID)
	if err != nil || im.State != catalog.ImportDone {
		t.Fatalf("the sync's import: %+v, %v", im, err)
	}
	var rep Report
	if err := json.Unmarshal(im.Report, &rep); err != nil || rep.Imported != 2 {
		t.Errorf("the sync's report: %+v, %v", rep, err)
	}
	// Due again, the feed unchanged: a 304, and nothing else happens.
	src, _ = e.store.GetShowSource(e.ctx, sh.ID)
	if src.ETag == "" {
		t.Fatal("the complete sync kept no ETag")
	}
	src.LastRunAt = time.Now().Add(-2 * time.Hour)
	e.store.SetShowSource(e.ctx, src)
	j.MirrorOnce(e.ctx, "node-a", time.Minute)
	src, _ = e.store.GetShowSource(e.ctx, sh.ID)
	im, _ = e.store.GetImport(e.ctx, src.LastImportID)
	rep = Report{}
	if json.Unmarshal(im.Report, &rep); !rep.Unchanged || rep.Items != 0 || len(e.episodes("lib")) != 3 {
		t.Errorf("unchanged feed: %+v", rep)
	}
	// Another node does not sync while node-a holds the lease.
	src.LastRunAt = time.Time{}
	e.store.SetShowSource(e.ctx, src)
	j.MirrorOnce(e.ctx, "node-b", time.Minute)
	if again, _ := e.store.GetShowSource(e.ctx, sh.ID); !again.LastRunAt.IsZero() {
		t.Error("node-b synced while node-a held the lease")
	}
}

// TestFailStale: an import a stopped node left running is marked failed,
// with words that say to start it again; a live one is left alone.
func TestFailStale(t *testing.T) {
	t.Parallel()
	e := newEnv(t, false)
	left := &catalog.Import{FeedURL: "https://old.example/feed.xml", ShowSlug: "s", State: catalog.ImportRunning}
	if err := e.store.CreateImport(e.ctx, left); err != nil {
		t.Fatal(err)
	}
	(&Jobs{Importer: e.imp}).failStale(e.ctx)
	if got, _ := e.store.GetImport(e.ctx, left.ID); got.State != catalog.ImportRunning {
		t.Errorf("a fresh running import was marked %s", got.State)
	}
	time.Sleep(2 * time.Millisecond)
	(&Jobs{Importer: e.imp, Stale: time.Millisecond}).failStale(e.ctx)
	if got, _ := e.store.GetImport(e.ctx, left.ID); got.State != catalog.ImportFailed || got.FinishedAt.IsZero() || got.Error == "" {
		t.Errorf("a stale import is %+v", got)
	}
}
