// Package importer copies a podcast from its RSS feed at another host into
// onair: the show, every episode with its GUID, date, notes, artwork,
// chapters and transcript, and every byte of its audio, re-hosted. It is
// idempotent by GUID, so the same import can run again and again (mirror
// mode) until the old host redirects to onair.
//
// Every URL it fetches was typed by someone: its HTTP client refuses
// private and local addresses after DNS and on every redirect (guard.go)
// unless told otherwise, and caps redirects, sizes and times. The feed
// parser reads hostile XML without expanding entities, within caps.
// Changes to the catalog go through publish, as every change does.
package importer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/publish"
)

// Options are one import's settings.
type Options struct {
	FeedURL string `json:"feed_url"`
	Show    string `json:"show"` // the slug; created from the feed when missing.
	DryRun  bool   `json:"dry_run,omitempty"`
	// Since, when set, leaves out items published before it.
	Since time.Time `json:"since,omitzero"`
	// Limit, when > 0, takes at most this many items (newest first).
	Limit int `json:"limit,omitempty"`
	// Concurrency is how many items download at once (default 4).
	Concurrency int `json:"concurrency,omitempty"`
	// Mirror, when > 0, records the feed as the show's source, synced by
	// the server this often.
	Mirror time.Duration `json:"mirror,omitempty"`
	// Conditional asks for the feed with the validators its show's source
	// kept from the last complete sync: an unchanged feed is a 304, and
	// the run ends at once (mirror syncs set it).
	Conditional bool `json:"conditional,omitempty"`
}

// Importer runs imports into one catalog through publish.
type Importer struct {
	Store   catalog.Store
	Publish *publish.Service
	// Client fetches; NewClient makes the guarded one.
	Client *http.Client
	Limits Limits
	// MaxFileBytes caps each downloaded file: the server's upload limit.
	MaxFileBytes int64
	// Retries is how often a dropped download resumes (default 5).
	Retries int
	Log     *slog.Logger
}

// Progress is called with a copy of the report as it changes.
type Progress func(Report)

// Run imports opts.FeedURL into the show opts.Show and returns the report.
// An error means the run could not start or stopped as a whole (the feed
// could not be fetched or is not a podcast, the show could not be made);
// items that fail are in the report, and the others go on.
func (im *Importer) Run(ctx context.Context, opts Options, progress Progress) (*Report, error) {
	if progress == nil {
		progress = func(Report) {}
	}
	rep := &Report{FeedURL: opts.FeedURL, Show: opts.Show, DryRun: opts.DryRun, StartedAt: time.Now().UTC(), Lost: []string{}, Results: []ItemResult{}}
	fail := func(err error) (*Report, error) {
		rep.Error = Explain(err)
		rep.FinishedAt = time.Now().UTC()
		progress(*rep)
		return rep, err
	}
	src := im.source(ctx, opts)
	var cond validators
	if src != nil && opts.Conditional {
		cond = validators{etag: src.ETag, lastModified: src.LastModified}
	}
	feed, got, err := im.fetchFeed(ctx, opts.FeedURL, cond)
	if errors.Is(err, errNotModified) {
		rep.Unchanged = true
		rep.FinishedAt = time.Now().UTC()
		progress(*rep)
		return rep, nil
	}
	if err != nil {
		return fail(err)
	}
	rep.Title, rep.Items = feed.Title, len(feed.Items)
	sh, err := im.Store.GetShow(ctx, opts.Show)
	switch {
	case errors.Is(err, catalog.ErrNotFound):
		sh, err = im.newShow(ctx, feed, opts, rep)
		if err != nil {
			return fail(err)
		}
	case err != nil:
		return fail(fmt.Errorf("importer: show %s: %w", opts.Show, err))
	default:
		channelLosses(feed, rep)
	}
	if sh != nil && !opts.DryRun && opts.Mirror > 0 {
		src := &catalog.ShowSource{ShowID: sh.ID, FeedURL: opts.FeedURL, Every: opts.Mirror, LastRunAt: time.Now()}
		if err := im.Store.SetShowSource(ctx, src); err != nil {
			return fail(fmt.Errorf("importer: record the source feed: %w", err))
		}
	}
	have := map[string]bool{}
	if sh != nil {
		eps, err := im.Store.ListEpisodes(ctx, catalog.EpisodeFilter{ShowID: sh.ID})
		if err != nil {
			return fail(fmt.Errorf("importer: episodes of %s: %w", sh.Slug, err))
		}
		for _, e := range eps {
			have[e.GUID] = true
		}
	}
	work := im.plan(feed, opts, have, rep)
	progress(*rep)
	if !opts.DryRun && len(work) > 0 {
		im.runItems(ctx, sh, feed, work, opts, rep, progress)
	}
	if sh != nil && !opts.DryRun && rep.Failed == 0 && rep.Error == "" && opts.Limit == 0 && opts.Since.IsZero() {
		im.keepValidators(ctx, sh.ID, opts.FeedURL, got)
	}
	rep.FinishedAt = time.Now().UTC()
	progress(*rep)
	return rep, nil
}

// validators are a feed response's ETag and Last-Modified.
type validators struct{ etag, lastModified string }

// errNotModified is a conditional feed request answered 304.
var errNotModified = errors.New("importer: the feed has not changed")

// source is the show's source feed when it is opts.FeedURL, else nil.
func (im *Importer) source(ctx context.Context, opts Options) *catalog.ShowSource {
	sh, err := im.Store.GetShow(ctx, opts.Show)
	if err != nil {
		return nil
	}
	src, err := im.Store.GetShowSource(ctx, sh.ID)
	if err != nil || src.FeedURL != opts.FeedURL {
		return nil
	}
	return src
}

// keepValidators records the feed's validators on the show's source after
// a run that imported everything, so the next sync can ask for changes only.
func (im *Importer) keepValidators(ctx context.Context, showID, feedURL string, v validators) {
	src, err := im.Store.GetShowSource(ctx, showID)
	if err != nil || src.FeedURL != feedURL || (src.ETag == v.etag && src.LastModified == v.lastModified) {
		return
	}
	src.ETag, src.LastModified = v.etag, v.lastModified
	if err := im.Store.SetShowSource(ctx, src); err != nil && im.Log != nil {
		im.Log.Warn("import: keep the feed's validators", "show", showID, "err", err)
	}
}

// FetchFeed fetches and parses a feed with the importer's client.
func (im *Importer) FetchFeed(ctx context.Context, url string) (*Feed, error) {
	f, _, err := im.fetchFeed(ctx, url, validators{})
	return f, err
}

// fetchFeed fetches and parses a feed, conditionally when cond has
// validators (errNotModified on a 304), and returns the response's.
func (im *Importer) fetchFeed(ctx context.Context, url string, cond validators) (*Feed, validators, error) {
	ctx, cancel := withTimeout(ctx, 2*time.Minute)
	defer cancel()
	hdr := http.Header{"Accept": {"application/rss+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1"}}
	if cond.etag != "" {
		hdr.Set("If-None-Match", cond.etag)
	}
	if cond.lastModified != "" {
		hdr.Set("If-Modified-Since", cond.lastModified)
	}
	resp, err := get(ctx, im.Client, url, hdr)
	if err != nil {
		return nil, validators{}, err
	}
	defer resp.Body.Close()
	got := validators{etag: resp.Header.Get("ETag"), lastModified: resp.Header.Get("Last-Modified")}
	if resp.StatusCode == http.StatusNotModified {
		return nil, got, errNotModified
	}
	f, err := im.readFeed(resp, url)
	return f, got, err
}

// readFeed reads and parses a feed response's body within the cap.
func (im *Importer) readFeed(resp *http.Response, url string) (*Feed, error) {
	if resp.ContentLength > MaxFeedBytes {
		return nil, fmt.Errorf("%w: the document at %s is %d MiB; a podcast feed is far smaller (the limit is %d MiB)", ErrTooLarge, url, resp.ContentLength>>20, MaxFeedBytes>>20)
	}
	data, err := readCapped(resp.Body, MaxFeedBytes)
	if errors.Is(err, ErrTooLarge) {
		return nil, fmt.Errorf("%w: the document at %s is over %d MiB; a podcast feed is far smaller", ErrTooLarge, url, MaxFeedBytes>>20)
	}
	if err != nil {
		return nil, fmt.Errorf("importer: read %s: %w", url, err)
	}
	return ParseFeed(data)
}

// task is one item to import, in feed order.
type task struct {
	idx  int // into rep.Results
	item Item
	guid string
}

// plan decides what happens to each item, fills the report's results and
// returns the items to download.
func (im *Importer) plan(feed *Feed, opts Options, have map[string]bool, rep *Report) []task {
	var work []task
	seen := map[string]int{}
	for _, it := range feed.Items {
		r := ItemResult{GUID: it.GUID, Title: it.Title, FeedDurationMS: -1}
		if d, ok := ParseDuration(it.DurationRaw); ok {
			r.FeedDurationMS = d.Milliseconds()
		}
		if !it.PubDate.IsZero() {
			r.PubDate = it.PubDate.Format(time.RFC3339)
		}
		switch {
		case it.Enclosure.URL == "":
			r.Status = ItemSkipped
			r.Problems = append(r.Problems, "the item has no enclosure: there is no audio to import")
		case it.GUID == "":
			r.GUID, r.GUIDDerived = DeriveGUID(it.Enclosure.URL), true
			r.Problems = append(r.Problems, "the item has no GUID; onair gave it "+r.GUID+", made from its enclosure URL (the same on every run)")
		}
		if r.Status == "" {
			if first, dup := seen[r.GUID]; dup {
				r.Status = ItemSkipped
				r.Problems = append(r.Problems, fmt.Sprintf("its GUID is the same as item %d's (%q), so podcast apps see one episode; only the first is imported", first+1, feed.Items[first].Title))
			}
		}
		if _, dup := seen[r.GUID]; !dup {
			seen[r.GUID] = len(rep.Results)
		}
		if r.Status == "" && it.DateError != "" {
			r.Problems = append(r.Problems, it.DateError+"; it is imported as a draft, for you to date and publish (onair does not guess a date)")
		}
		switch {
		case r.Status != "":
		case have[r.GUID]:
			r.Status = ItemExisting
		case !opts.Since.IsZero() && !it.PubDate.IsZero() && it.PubDate.Before(opts.Since):
			r.Status = ItemSkipped
			r.Problems = append(r.Problems, "published before --since")
		case opts.Limit > 0 && len(work) >= opts.Limit:
			r.Status = ItemSkipped
			r.Problems = append(r.Problems, "over --limit")
		default:
			r.Status = ItemPending
			if opts.DryRun {
				r.Status = ItemPlanned
			}
			r.Problems = append(r.Problems, plannedLosses(it)...)
			if it.Enclosure.Length > 0 {
				rep.AnnouncedBytes += it.Enclosure.Length
			}
			work = append(work, task{idx: len(rep.Results), item: it, guid: r.GUID})
		}
		switch r.Status {
		case ItemExisting:
			rep.Existing++
		case ItemSkipped:
			rep.Skipped++
		}
		rep.Results = append(rep.Results, r)
	}
	rep.Selected = len(work)
	return work
}

// plannedLosses are what an item will lose that the feed alone tells.
func plannedLosses(it Item) []string {
	var out []string
	if len(it.Transcripts) > 1 {
		keep := pickTranscript(it.Transcripts)
		out = append(out, fmt.Sprintf("the transcript is read from its %s copy; onair serves it in every format from that (the other %d copies at the old host are not needed)", keep.Type, len(it.Transcripts)-1))
	}
	return out
}

// runItems imports the items of work, opts.Concurrency at a time.
func (im *Importer) runItems(ctx context.Context, sh *catalog.Show, feed *Feed, work []task, opts Options, rep *Report, progress Progress) {
	n := opts.Concurrency
	if n <= 0 {
		n = 4
	}
	var mu sync.Mutex
	jobs := make(chan task)
	var wg sync.WaitGroup
	for range min(n, len(work)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for t := range jobs {
				res := im.importItem(ctx, sh, feed, t)
				mu.Lock()
				rep.Results[t.idx] = res
				rep.Done++
				rep.Bytes += res.Size
				if res.Status == ItemImported {
					rep.Imported++
				} else {
					rep.Failed++
				}
				snap := *rep
				snap.Results = append([]ItemResult(nil), rep.Results...)
				mu.Unlock()
				progress(snap)
			}
		}()
	}
	for _, t := range work {
		select {
		case jobs <- t:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
	}
	close(jobs)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		rep.Error = "the import was stopped: " + err.Error()
	}
}

// Explain is err in the words a publisher reads in a report.
func Explain(err error) string {
	if err == nil {
		return ""
	}
	if s := privateRefusal(err); s != "" {
		return s
	}
	var pe *publish.Error
	if errors.As(err, &pe) {
		return pe.Message
	}
	return trimPrefix(err.Error())
}
