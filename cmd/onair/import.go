package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/onair-fm/onair/importer"
	"github.com/onair-fm/onair/publish"
)

const importUsage = `usage: onair import FEED_URL --show SLUG [flags]

Copies a podcast from its RSS feed at another host into the show SLUG
(created from the feed when it does not exist): every episode with its GUID,
date, notes, artwork, chapters and transcript, and its audio re-hosted. Run
it again to add only what is new. Writes to an installation directly
(--data, --db, --storage) or through a running server (--server, --token).`

func runImport(ctx context.Context, args []string) error {
	return importCmd(ctx, args, os.Stdout, os.Stderr, isTerminal(os.Stderr))
}

// importFlags are onair import's settings.
type importFlags struct {
	data         dataFlags
	show         string
	server       string
	token        string
	dryRun       bool
	since        string
	limit        int
	concurrency  int
	allowPrivate bool
	mirror       time.Duration
	maxFile      int64
	asJSON       bool
}

func importCmd(ctx context.Context, args []string, stdout, stderr io.Writer, terminal bool) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var f importFlags
	f.data.register(fs)
	fs.StringVar(&f.show, "show", "", "slug of the show to import into (required; created from the feed when missing)")
	fs.StringVar(&f.server, "server", "", "import through this onair server (with --token) instead of writing to --data/--db/--storage")
	fs.StringVar(&f.token, "token", "", "an API token of --server")
	fs.BoolVar(&f.dryRun, "dry-run", false, "only print what would be imported and what would be lost")
	fs.StringVar(&f.since, "since", "", "leave out episodes published before this date (2006-01-02 or RFC 3339)")
	fs.IntVar(&f.limit, "limit", 0, "import at most this many episodes, newest first (0: all)")
	fs.IntVar(&f.concurrency, "concurrency", 4, "how many episodes download at once")
	fs.BoolVar(&f.allowPrivate, "allow-private", false, "allow feeds and files on loopback and private network addresses (direct imports only)")
	fs.DurationVar(&f.mirror, "mirror", 0, "keep the feed as the show's source and let the server import what is new this often, e.g. 6h (0: no)")
	fs.Int64Var(&f.maxFile, "max-file", 2<<30, "largest file downloaded, in bytes (the server's --max-upload)")
	fs.BoolVar(&f.asJSON, "json", false, "print the report as JSON")
	fs.Usage = func() {
		fmt.Fprintln(stderr, importUsage)
		fs.PrintDefaults()
	}
	pos, err := parseWithArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return errExit(2)
	}
	opts := importer.Options{FeedURL: pos[0], Show: f.show, DryRun: f.dryRun, Limit: f.limit, Concurrency: f.concurrency, Mirror: f.mirror}
	switch {
	case f.show == "":
		return errors.New("--show is required")
	case f.limit < 0 || f.concurrency < 1 || f.concurrency > 64:
		return errors.New("--limit must be 0 or more and --concurrency 1 to 64")
	case f.mirror != 0 && f.mirror < time.Minute:
		return errors.New("--mirror must be at least 1m")
	case (f.server == "") != (f.token == ""):
		return errors.New("--server and --token go together")
	case f.server != "" && f.allowPrivate:
		return errors.New("--allow-private is for direct imports; a server allows private addresses with its own --import-allow-private")
	}
	if f.since != "" {
		if opts.Since, err = parseSince(f.since); err != nil {
			return err
		}
	}
	var rep *importer.Report
	if f.server != "" {
		rep, err = importThroughServer(ctx, f, opts, stderr, terminal)
	} else {
		rep, err = importDirect(ctx, f, opts, stderr, terminal)
	}
	if rep != nil && (rep.Items > 0 || rep.Error == "") {
		if perr := printReport(stdout, rep, f.asJSON); perr != nil {
			return perr
		}
	}
	if err != nil {
		return err
	}
	if rep.Failed > 0 {
		return plainf(nil, "%d of %d episodes failed (run the same command again to retry them)", rep.Failed, rep.Selected)
	}
	return nil
}

func parseSince(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339, "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("--since %q: want a date such as 2024-01-31 or an RFC 3339 time", s)
}

// importDirect runs the import in this process against the installation.
func importDirect(ctx context.Context, f importFlags, opts importer.Options, stderr io.Writer, terminal bool) (*importer.Report, error) {
	if err := f.data.check(); err != nil {
		return nil, err
	}
	store, err := f.data.openStore(ctx)
	if err != nil {
		return nil, err
	}
	defer store.Close()
	blobs, err := f.data.openStorage(ctx)
	if err != nil {
		return nil, err
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	imp := &importer.Importer{Store: store, Publish: publish.New(store, blobs, log), Log: log,
		Client: importer.NewClient(f.allowPrivate, importer.DefaultLimits), Limits: importer.DefaultLimits, MaxFileBytes: f.maxFile}
	bar := newImportProgress(stderr, terminal && !opts.DryRun)
	rep, err := imp.Run(ctx, opts, bar.update)
	bar.finish()
	if err != nil {
		return rep, plainf(err, "%s", importer.Explain(err))
	}
	return rep, nil
}

// importThroughServer starts the import on the server and follows it.
func importThroughServer(ctx context.Context, f importFlags, opts importer.Options, stderr io.Writer, terminal bool) (*importer.Report, error) {
	base := strings.TrimRight(f.server, "/") + "/api/v1/imports"
	body := map[string]any{"feed_url": opts.FeedURL, "show": opts.Show, "dry_run": opts.DryRun,
		"limit": opts.Limit, "concurrency": opts.Concurrency}
	if !opts.Since.IsZero() {
		body["since"] = opts.Since.Format(time.RFC3339)
	}
	if opts.Mirror > 0 {
		body["mirror"] = opts.Mirror.String()
	}
	var job importJob
	if err := apiCall(ctx, http.MethodPost, base, f.token, body, &job); err != nil {
		return nil, err
	}
	bar := newImportProgress(stderr, terminal && !opts.DryRun)
	defer bar.finish()
	for {
		if job.Report != nil {
			bar.update(*job.Report)
		}
		if job.State == "done" || job.State == "failed" {
			break
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("stopped following import %s (it goes on on the server): %w", job.ID, ctx.Err())
		case <-time.After(500 * time.Millisecond):
		}
		if err := apiCall(ctx, http.MethodGet, base+"/"+job.ID, f.token, nil, &job); err != nil {
			return nil, err
		}
	}
	if job.Report == nil {
		job.Report = &importer.Report{FeedURL: opts.FeedURL, Show: opts.Show}
	}
	if job.State == "failed" {
		return job.Report, plainf(nil, "%s", job.Error)
	}
	return job.Report, nil
}

// importJob is the server's answer about an import.
type importJob struct {
	ID     string           `json:"id"`
	State  string           `json:"state"`
	Error  string           `json:"error"`
	Report *importer.Report `json:"report"`
}

// apiCall sends a JSON request with the token and decodes the answer into
// out; an error answer becomes the server's message.
func apiCall(ctx context.Context, method, url, token string, in, out any) error {
	var rd io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	b, err := apiDo(ctx, method, url, token, "application/json", rd, 64<<20)
	var ae *apiError
	if errors.As(err, &ae) && ae.Message != "" {
		return plainf(nil, "the server refused the import: %s", ae.Message)
	}
	if err != nil {
		return err
	}
	return json.Unmarshal(b, out)
}

// apiError is an answer of the publisher API outside 2xx.
type apiError struct {
	Status  string
	Message string // the error's message, "" when the body has none
}

func (e *apiError) Error() string {
	if e.Message != "" {
		return e.Message
	}
	return "the server answered " + e.Status
}

// apiDo sends body to the publisher API with the token and returns the
// answer's body (at most max bytes); an answer outside 2xx is an *apiError.
func apiDo(ctx context.Context, method, url, token, contentType string, body io.Reader, max int64) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, url, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", contentType)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, max))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 != 2 {
		var e struct {
			Error struct{ Message string } `json:"error"`
		}
		_ = json.Unmarshal(b, &e)
		return nil, &apiError{Status: resp.Status, Message: e.Error.Message}
	}
	return b, nil
}

// importProgress is a bar of items done on a terminal, nothing otherwise
// (the report follows).
type importProgress struct {
	w   io.Writer
	bar *progressbar.ProgressBar
}

func newImportProgress(w io.Writer, terminal bool) *importProgress {
	return &importProgress{w: w, bar: func() *progressbar.ProgressBar {
		if !terminal {
			return nil
		}
		return progressbar.NewOptions(-1, progressbar.OptionSetWriter(w), progressbar.OptionSetDescription("importing"),
			progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionFullWidth(), progressbar.OptionShowCount())
	}()}
}

func (p *importProgress) update(r importer.Report) {
	if p.bar == nil {
		return
	}
	if p.bar.GetMax() != r.Selected && r.Selected > 0 {
		p.bar.ChangeMax(r.Selected)
	}
	p.bar.Describe(fmt.Sprintf("importing %s (%s)", r.Title, formatSize(r.Bytes)))
	p.bar.Set(r.Done)
}

func (p *importProgress) finish() {
	if p.bar != nil {
		p.bar.Finish()
		fmt.Fprintln(p.w)
		p.bar = nil
	}
}

// printReport writes what the import did (or would do), item by item.
func printReport(w io.Writer, r *importer.Report, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	verb := "imported"
	if r.DryRun {
		verb = "would import"
	}
	fmt.Fprintf(w, "%s: %d items in the feed; %s %d", r.Title, r.Items, verb, r.Selected)
	if r.AnnouncedBytes > 0 {
		fmt.Fprintf(w, " (%s announced)", formatSize(r.AnnouncedBytes))
	}
	fmt.Fprintf(w, "; %d already here, %d skipped", r.Existing, r.Skipped)
	if !r.DryRun {
		fmt.Fprintf(w, "; %d imported (%s), %d failed", r.Imported, formatSize(r.Bytes), r.Failed)
	}
	fmt.Fprintln(w)
	if r.Error != "" {
		fmt.Fprintln(w, "error:", r.Error)
	}
	for _, l := range r.Lost {
		fmt.Fprintln(w, "lost:", l)
	}
	for _, it := range r.Results {
		if it.Status == importer.ItemExisting && len(it.Problems) == 0 {
			continue
		}
		fmt.Fprintf(w, "%-13s %s  %q", it.Status, it.GUID, it.Title)
		if it.DurationMS > 0 {
			fmt.Fprintf(w, "  %s", (time.Duration(it.DurationMS) * time.Millisecond).String())
		}
		fmt.Fprintln(w)
		if it.Error != "" {
			fmt.Fprintln(w, "    error:", it.Error)
		}
		for _, p := range it.Problems {
			fmt.Fprintln(w, "    -", p)
		}
	}
	return nil
}
