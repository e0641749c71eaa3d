package analytics

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// RecorderConfig tunes a Recorder. Zero fields take the defaults.
type RecorderConfig struct {
	// Buffer is how many events wait in memory; more are dropped (and
	// counted as dropped) rather than slowing delivery. Default 65536.
	Buffer int
	// Flush is how often events are written. Default 1s: a crash loses at
	// most about that much.
	Flush time.Duration
	// Batch is the most events written or folded in one transaction.
	// Default 2000.
	Batch int
	// Now is the clock; default time.Now.
	Now func() time.Time
}

// Recorder takes range events from delivery without blocking and, in Run,
// writes them to the store in batches and folds pending events into
// downloads. Every node runs one; the store lets one fold at a time.
type Recorder struct {
	store catalog.DownloadStore
	hash  *Hasher
	cfg   RecorderConfig
	log   *slog.Logger
	ch    chan catalog.RangeEvent

	mu      sync.Mutex
	pending []catalog.RangeEvent // taken from ch, not yet stored

	recorded, dropped, counted atomic.Int64
}

// NewRecorder returns a Recorder writing to store, naming listeners with
// hash.
func NewRecorder(store catalog.DownloadStore, hash *Hasher, cfg RecorderConfig, log *slog.Logger) *Recorder {
	if cfg.Buffer <= 0 {
		cfg.Buffer = 1 << 16
	}
	if cfg.Flush <= 0 {
		cfg.Flush = time.Second
	}
	if cfg.Batch <= 0 {
		cfg.Batch = 2000
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Recorder{store: store, hash: hash, cfg: cfg, log: log, ch: make(chan catalog.RangeEvent, cfg.Buffer)}
}

// Hit is one response that delivered audio bytes of an episode.
type Hit struct {
	IP        string // client address, no port.
	UserAgent string
	Episode   *catalog.Episode
	// Start and End are the delivered bytes, [Start, End): what the client
	// actually received, not what it asked for.
	Start, End int64
	At         time.Time
	// SubscriberID is the member a private feed's signed URL was made
	// for, "" for the public URL.
	SubscriberID string
}

// Observe records h for counting unless it cannot count: a bot, an empty
// range, or Apple's two-byte probe (bytes=0-1). It reports whether h was
// recorded. It never blocks.
func (r *Recorder) Observe(h Hit) bool {
	ev, ok := r.event(h)
	if ok {
		r.record(ev)
	}
	return ok
}

func (r *Recorder) event(h Hit) (catalog.RangeEvent, bool) {
	if h.End <= h.Start || h.Start == 0 && h.End <= 2 {
		return catalog.RangeEvent{}, false
	}
	c := Identify(h.UserAgent)
	if c.Bot {
		return catalog.RangeEvent{}, false
	}
	listener, prev := r.hash.Listeners(h.IP, h.UserAgent, h.At)
	return catalog.RangeEvent{
		EpisodeID:    h.Episode.ID,
		ShowID:       h.Episode.ShowID,
		Listener:     listener,
		PrevListener: prev,
		App:          c.App,
		Start:        h.Start,
		End:          h.End,
		AudioStart:   h.Episode.Audio.HeaderBytes,
		Need:         Need(h.Episode.Audio),
		At:           h.At,
		SubscriberID: h.SubscriberID,
	}, true
}

// record queues ev and returns at once; when the buffer is full the event
// is dropped and counted in Dropped.
func (r *Recorder) record(ev catalog.RangeEvent) {
	select {
	case r.ch <- ev:
		r.recorded.Add(1)
	default:
		r.dropped.Add(1)
	}
}

// Recorded is how many events were queued, for metrics.
func (r *Recorder) Recorded() int64 { return r.recorded.Load() }

// Dropped is how many events were lost to a full buffer or a failing
// store, for metrics.
func (r *Recorder) Dropped() int64 { return r.dropped.Load() }

// Counted is how many downloads this node's folds counted, for metrics.
func (r *Recorder) Counted() int64 { return r.counted.Load() }

// Run writes and folds every Flush until ctx ends, then writes what is
// left (with a few seconds' grace) and returns.
func (r *Recorder) Run(ctx context.Context) {
	t := time.NewTicker(r.cfg.Flush)
	defer t.Stop()
	for tick := 1; ; tick++ {
		select {
		case <-ctx.Done():
			final, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			r.Flush(final)
			cancel()
			return
		case <-t.C:
			// An idle node folds only now and then (for other nodes'
			// leftovers and expiry), so an idle database is not written
			// every second.
			wrote, err := r.write(ctx)
			if err != nil {
				r.log.WarnContext(ctx, "analytics: storing range events", "err", err)
			}
			if wrote > 0 || tick%idleFolds == 0 {
				if err := r.fold(ctx); err != nil {
					r.log.WarnContext(ctx, "analytics: counting downloads", "err", err)
				}
			}
		}
	}
}

// idleFolds is how many flush ticks an idle node waits between folds.
const idleFolds = 10

// Flush writes the queued events and folds pending ones now. Run calls it
// on its ticker; tests call it to step the pipeline.
func (r *Recorder) Flush(ctx context.Context) {
	if _, err := r.write(ctx); err != nil {
		r.log.WarnContext(ctx, "analytics: storing range events", "err", err)
	}
	if err := r.fold(ctx); err != nil {
		r.log.WarnContext(ctx, "analytics: counting downloads", "err", err)
	}
}

// write stores what is queued and says how many it stored. Events whose
// write fails stay pending for the next flush, up to Buffer of them; older
// ones are dropped.
func (r *Recorder) write(ctx context.Context) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for drained := false; !drained; {
		select {
		case ev := <-r.ch:
			r.pending = append(r.pending, ev)
		default:
			drained = true
		}
	}
	wrote := 0
	for len(r.pending) > 0 {
		n := min(len(r.pending), r.cfg.Batch)
		if err := r.store.AppendRangeEvents(ctx, r.pending[:n]); err != nil {
			if over := len(r.pending) - r.cfg.Buffer; over > 0 {
				r.dropped.Add(int64(over))
				r.pending = r.pending[over:]
			}
			return wrote, err
		}
		wrote += n
		r.pending = r.pending[n:]
	}
	r.pending = nil
	return wrote, nil
}

// fold turns pending stored events into downloads, a batch at a time.
func (r *Recorder) fold(ctx context.Context) error {
	expire := r.cfg.Now().Add(-2 * Window)
	for {
		// By event id: a store may run the fold again when it retries a
		// transaction.
		counted := map[int64]bool{}
		n, err := r.store.FoldRangeEvents(ctx, r.cfg.Batch, expire,
			func(ev *catalog.RangeEvent, w *catalog.ListenerWindow) *catalog.Download {
				d := Fold(ev, w)
				counted[ev.ID] = d != nil
				return d
			})
		if err != nil {
			return err
		}
		for _, c := range counted {
			if c {
				r.counted.Add(1)
			}
		}
		if n < r.cfg.Batch {
			return nil
		}
	}
}
