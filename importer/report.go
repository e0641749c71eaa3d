package importer

import "time"

// Report is what an import did, or (DryRun) would do: the show, each
// item's result and what could not be carried over. It is also the
// import's progress while it runs.
type Report struct {
	FeedURL string `json:"feed_url"`
	Show    string `json:"show"`
	DryRun  bool   `json:"dry_run"`
	Title   string `json:"title"`
	// Unchanged says the feed answered 304 to a conditional request (a
	// mirror sync): nothing to do.
	Unchanged bool `json:"unchanged,omitempty"`
	// ShowCreated says the run created the show.
	ShowCreated bool `json:"show_created"`
	// Items is how many items the feed has; Selected those this run takes
	// (after --since and --limit); Done how many of those are finished.
	Items    int `json:"items"`
	Selected int `json:"selected"`
	Done     int `json:"done"`
	Imported int `json:"imported"`
	Existing int `json:"existing"`
	Failed   int `json:"failed"`
	Skipped  int `json:"skipped"`
	// AnnouncedBytes adds up the enclosures' length attributes of the
	// selected items (what a preview can tell before downloading);
	// Bytes is what was downloaded.
	AnnouncedBytes int64 `json:"announced_bytes"`
	Bytes          int64 `json:"bytes"`
	// Lost lists what the show had at the old host that onair does not
	// carry over, or changes.
	Lost    []string     `json:"lost"`
	Results []ItemResult `json:"results"`
	// Error is why the whole run stopped, "" when it ran through.
	Error      string    `json:"error,omitempty"`
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at,omitzero"`
}

// ItemResult is what became of one item.
type ItemResult struct {
	GUID string `json:"guid"`
	// GUIDDerived says the item had no GUID: onair made GUID from its
	// enclosure URL, the same on every run.
	GUIDDerived bool   `json:"guid_derived,omitempty"`
	Title       string `json:"title"`
	PubDate     string `json:"pub_date,omitempty"` // RFC 3339, "" when unreadable.
	// Status is one of the Item* values.
	Status    string `json:"status"`
	EpisodeID string `json:"episode_id,omitempty"`
	Size      int64  `json:"size,omitempty"`
	// DurationMS is onair's probed duration; FeedDurationMS what
	// itunes:duration said (-1 when absent or unreadable).
	DurationMS     int64 `json:"duration_ms,omitempty"`
	FeedDurationMS int64 `json:"feed_duration_ms,omitempty"`
	// Problems are what was changed, dropped or found wrong; Error why
	// the item failed.
	Problems []string `json:"problems,omitempty"`
	Error    string   `json:"error,omitempty"`
}

// Item statuses.
const (
	ItemImported = "imported"
	ItemExisting = "exists"  // the show has the GUID already.
	ItemFailed   = "failed"  // a re-run tries it again.
	ItemSkipped  = "skipped" // not taken: --since, a duplicate GUID, no enclosure.
	ItemPlanned  = "would import"
	ItemPending  = "pending"
)
