package importer

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// heartbeat is how often a running import's row is written at least;
// a row not written for staleAfter belongs to a node that stopped.
const (
	heartbeat  = 30 * time.Second
	staleAfter = 3 * heartbeat
)

// mirrorLease names the lease that makes one node the one that syncs
// mirrored shows.
const mirrorLease = "import-mirror"

// Jobs runs imports in the background for a server: each is a row in the
// catalog (catalog.Import) that its progress and report are written to,
// so any node can answer for it. It also syncs the shows that mirror
// their old feed (catalog.ShowSource).
type Jobs struct {
	Importer *Importer
	Log      *slog.Logger
	// Every is how often mirrored shows are checked (default 1m).
	Every time.Duration
	// Stale is how long an import's row may go unwritten before it counts
	// as left behind by a node that stopped (default staleAfter).
	Stale time.Duration

	mu  sync.Mutex
	ctx context.Context // the server's; imports end with it
	wg  sync.WaitGroup
}

// Start records a new import of opts and runs it in the background.
func (j *Jobs) Start(opts Options) (*catalog.Import, error) {
	ctx := j.baseCtx()
	optJSON, err := json.Marshal(opts)
	if err != nil {
		return nil, err
	}
	im := &catalog.Import{FeedURL: opts.FeedURL, ShowSlug: opts.Show, Options: optJSON, State: catalog.ImportQueued}
	if err := j.Importer.Store.CreateImport(ctx, im); err != nil {
		return nil, fmt.Errorf("importer: record import: %w", err)
	}
	row := *im
	j.wg.Add(1)
	go func() {
		defer j.wg.Done()
		j.run(ctx, &row, opts)
	}()
	return im, nil
}

func (j *Jobs) baseCtx() context.Context {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.ctx == nil {
		return context.Background()
	}
	return j.ctx
}

// run runs one import, writing its progress to its row at most twice a
// second and its end at once.
func (j *Jobs) run(ctx context.Context, row *catalog.Import, opts Options) {
	store := j.Importer.Store
	var mu, wmu sync.Mutex // mu guards latest; wmu the row's writes
	var last time.Time
	write := func(rep Report, final bool) {
		wmu.Lock()
		defer wmu.Unlock()
		if !final && time.Since(last) < 500*time.Millisecond {
			return
		}
		last = time.Now()
		b, err := json.Marshal(rep)
		if err != nil {
			return
		}
		row.Report = b
		if err := store.UpdateImport(context.WithoutCancel(ctx), row); err != nil {
			j.log().Warn("import: write progress", "import", row.ID, "err", err)
		}
	}
	row.State = catalog.ImportRunning
	latest := Report{FeedURL: opts.FeedURL, Show: opts.Show, DryRun: opts.DryRun, StartedAt: time.Now().UTC()}
	write(latest, true)
	// A heartbeat: the row is written at least every heartbeat, even while
	// one long file downloads, so a row left running by a node that died
	// is told apart (failStale).
	stop, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(heartbeat)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				mu.Lock()
				r := latest
				mu.Unlock()
				write(r, true)
			}
		}
	}()
	rep, err := j.Importer.Run(ctx, opts, func(r Report) {
		mu.Lock()
		latest = r
		mu.Unlock()
		write(r, false)
	})
	close(stop)
	<-stopped
	row.State, row.FinishedAt = catalog.ImportDone, time.Now()
	if err != nil {
		row.State, row.Error = catalog.ImportFailed, Explain(err)
	} else if ctx.Err() != nil {
		row.State, row.Error = catalog.ImportFailed, "the server stopped during the import; start it again to go on"
	}
	write(*rep, true)
	j.log().Info("import: finished", "import", row.ID, "feed", opts.FeedURL, "show", opts.Show,
		"state", row.State, "imported", rep.Imported, "failed", rep.Failed)
}

// Run syncs mirrored shows every j.Every until ctx ends, on the node that
// holds the mirror lease, then waits for the imports in flight.
func (j *Jobs) Run(ctx context.Context) {
	j.mu.Lock()
	j.ctx = ctx
	j.mu.Unlock()
	every := j.Every
	if every <= 0 {
		every = time.Minute
	}
	j.failStale(ctx)
	holder := catalog.NewID()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		j.MirrorOnce(ctx, holder, 3*every)
		select {
		case <-ctx.Done():
			j.wg.Wait()
			return
		case <-t.C:
		}
	}
}

// MirrorOnce imports what is new for every mirrored show that is due, one
// show at a time, when holder has (or takes) the mirror lease.
func (j *Jobs) MirrorOnce(ctx context.Context, holder string, ttl time.Duration) {
	store := j.Importer.Store
	ok, err := store.TryLease(ctx, mirrorLease, holder, time.Now(), ttl)
	if err != nil || !ok {
		return
	}
	srcs, err := store.ListShowSources(ctx)
	if err != nil {
		j.log().Warn("import: mirror: list sources", "err", err)
		return
	}
	for _, src := range srcs {
		if ctx.Err() != nil || src.Every <= 0 || time.Since(src.LastRunAt) < src.Every {
			continue
		}
		sh, err := store.GetShowByID(ctx, src.ShowID)
		if err != nil {
			continue
		}
		opts := Options{FeedURL: src.FeedURL, Show: sh.Slug, Conditional: true}
		optJSON, _ := json.Marshal(opts)
		row := &catalog.Import{FeedURL: src.FeedURL, ShowSlug: sh.Slug, Options: optJSON, State: catalog.ImportQueued}
		if err := store.CreateImport(ctx, row); err != nil {
			j.log().Warn("import: mirror: record", "err", err)
			continue
		}
		src.LastRunAt, src.LastImportID = time.Now(), row.ID
		if err := store.SetShowSource(ctx, src); err != nil {
			j.log().Warn("import: mirror: source", "err", err)
			continue
		}
		j.run(ctx, row, opts)
	}
}

// failStale marks imports left queued or running by a node that stopped
// (no heartbeat for staleAfter) as failed, so they do not show as running
// forever; running the same import again goes on where it stopped.
func (j *Jobs) failStale(ctx context.Context) {
	list, err := j.Importer.Store.ListImports(ctx, 200)
	if err != nil {
		return
	}
	stale := j.Stale
	if stale <= 0 {
		stale = staleAfter
	}
	for _, im := range list {
		if (im.State == catalog.ImportQueued || im.State == catalog.ImportRunning) && time.Since(im.UpdatedAt) > stale {
			im.State, im.Error, im.FinishedAt = catalog.ImportFailed, "the server stopped during the import; start it again to go on", time.Now()
			if err := j.Importer.Store.UpdateImport(ctx, im); err != nil {
				j.log().Warn("import: mark stale", "import", im.ID, "err", err)
			}
		}
	}
}

func (j *Jobs) log() *slog.Logger {
	if j.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return j.Log
}
