package catalog

import (
	"context"
	"time"
)

// DownloadStore keeps what download counting needs. Delivery nodes append
// raw range events in batches; one aggregator at a time (a lock in the
// database, so several nodes add up to what one node would count) folds the
// pending events into per-listener windows and counted downloads. The rules
// of counting live in package analytics and reach the store as a
// DownloadFolder, so every backend counts the same way.
type DownloadStore interface {
	// AnalyticsSecret returns the installation's secret for listener
	// hashes, creating it on first use. Every node gets the same secret.
	AnalyticsSecret(ctx context.Context) ([]byte, error)
	// AppendRangeEvents stores a batch of delivered byte ranges.
	AppendRangeEvents(ctx context.Context, evs []RangeEvent) error
	// FoldRangeEvents takes up to limit pending events, oldest first, and in
	// one transaction passes each to fold with its listener's window: the
	// one stored under ev.Listener, else the one under ev.PrevListener (then
	// removed from there), else a zero window. It stores each window under
	// its Listener, stores any counted downloads, and deletes the events. It returns how many events it took,
	// or 0 without error when another node holds the aggregation lock.
	// Windows that started before expireBefore are deleted.
	FoldRangeEvents(ctx context.Context, limit int, expireBefore time.Time, fold DownloadFolder) (int, error)
	// DownloadStats counts a show's downloads in [From, To), grouped by
	// q.By; only one episode's when q.EpisodeID is set.
	DownloadStats(ctx context.Context, q StatsQuery) ([]StatsRow, error)
}

// RangeEvent is one byte range delivered to a listener: [Start, End).
type RangeEvent struct {
	ID        int64 // filled by the store.
	EpisodeID string
	ShowID    string
	// Listener is a keyed hash of the address and user agent; raw
	// addresses are never stored. The key changes daily; PrevListener is
	// the same listener under the previous day's key, so a window that
	// started before the change goes on.
	Listener     string
	PrevListener string
	App          string
	Start        int64
	End          int64
	// AudioStart and Need are the episode's header size and the bytes of
	// audio after it that make a download, known when the event is made.
	AudioStart int64
	Need       int64
	At         time.Time
	// SubscriberID is the subscriber whose private feed's signed URL
	// fetched the bytes; "" for the public URL.
	SubscriberID string
}

// ListenerWindow is one listener's 24-hour window on one episode: the bytes
// it has fetched since Start and whether that already counted.
type ListenerWindow struct {
	Listener  string
	EpisodeID string
	Start     time.Time // zero: no window yet.
	Ranges    []ByteRange
	Counted   bool
}

// ByteRange is a half-open byte range [Start, End).
type ByteRange struct {
	Start int64 `json:"s"`
	End   int64 `json:"e"`
}

// Download is one counted download.
type Download struct {
	ID        int64 // filled by the store; kept by ImportDownloads.
	EpisodeID string
	ShowID    string
	App       string
	At        time.Time
	// SubscriberID is the subscriber the download was made through (their
	// private feed), "" for a public download.
	SubscriberID string
}

// DownloadFolder applies one event to its listener's window, changing w in
// place, and returns a download when this event made one.
type DownloadFolder func(ev *RangeEvent, w *ListenerWindow) *Download

// StatsQuery selects a show's downloads for DownloadStats.
type StatsQuery struct {
	ShowID string
	// EpisodeID, when set, keeps only that episode's downloads, so an
	// episode's stats page has its own days and apps.
	EpisodeID string
	From      time.Time // inclusive
	To        time.Time // exclusive
	By        string    // StatsByDay, StatsByEpisode, StatsByApp or StatsByAudience.
}

// Ways to group download counts.
const (
	StatsByDay     = "day"
	StatsByEpisode = "episode"
	StatsByApp     = "app"
	// StatsByAudience splits downloads into "members" (through a private
	// feed) and "public".
	StatsByAudience = "audience"
)

// StatsRow is one group's count. Key is the UTC day (2006-01-02), the
// episode id or the app name. Rows are ordered by Key.
type StatsRow struct {
	Key   string
	Count int64
}
