package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/onair-fm/onair/tus"
)

func runUpload(ctx context.Context, args []string) error {
	return upload(ctx, args, os.Stdout, os.Stderr, isTerminal(os.Stdout))
}

// upload is onair upload with its outputs passed in, for tests.
func upload(ctx context.Context, args []string, stdout, stderr io.Writer, terminal bool) error {
	fs := flag.NewFlagSet("upload", flag.ContinueOnError)
	fs.SetOutput(stderr)
	server := fs.String("server", "", "the onair server's URL, e.g. https://pod.example.com (required)")
	token := fs.String("token", "", "an API token (onair token create) (required)")
	show := fs.String("show", "", "slug of the show the episode belongs to (required)")
	title := fs.String("title", "", "the episode's title (default: the file's title tag, else its name)")
	publishAt := fs.String("publish-at", "", "when the episode goes live, RFC 3339 (default: now)")
	draft := fs.Bool("draft", false, "keep the episode as a draft, out of feeds and pages")
	visibility := fs.String("visibility", "", "public (the default) or members: only subscribers' private feeds carry it")
	publicAt := fs.String("public-at", "", "for a members episode: when it opens to everyone, RFC 3339 (default: never)")
	asJSON := fs.Bool("json", false, "print the new episode as JSON")
	retries := fs.Int("retries", 8, "how often a dropped connection is resumed before giving up (run again to go on)")
	chunk := fs.Int64("chunk-size", 16<<20, "most bytes sent in one request (lower it behind proxies that limit request size)")
	transcriptPath := fs.String("transcript", "", "a transcript to publish with the episode: WebVTT (.vtt), SRT (.srt), Podcast Index JSON (.json) or plain text")
	cacheDir := fs.String("cache-dir", "", "where unfinished uploads are remembered (default: the user cache folder)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: onair upload --server URL --token TOKEN --show SLUG [flags] FILE")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errExit(2)
	}
	if *server == "" || *token == "" || *show == "" {
		return errors.New("--server, --token and --show are required")
	}
	if *publishAt != "" {
		if _, err := time.Parse(time.RFC3339, *publishAt); err != nil {
			return fmt.Errorf("--publish-at %q: want RFC 3339, e.g. 2026-01-02T15:04:05Z", *publishAt)
		}
	}
	if *visibility != "" && *visibility != "public" && *visibility != "members" {
		return fmt.Errorf("--visibility %q: want public or members", *visibility)
	}
	if *publicAt != "" {
		if _, err := time.Parse(time.RFC3339, *publicAt); err != nil {
			return fmt.Errorf("--public-at %q: want RFC 3339, e.g. 2026-01-02T15:04:05Z", *publicAt)
		}
		if *visibility == "" {
			*visibility = "members" // early access is a members episode
		}
	}
	if *cacheDir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			base = os.TempDir()
		}
		*cacheDir = filepath.Join(base, "onair", "uploads")
	}
	var tr *transcriptFile
	if *transcriptPath != "" {
		var err error
		if tr, err = readTranscriptFile(*transcriptPath); err != nil {
			return err
		}
	}
	path := fs.Arg(0)
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	sum := hex.EncodeToString(h.Sum(nil))
	status := "published"
	if *draft {
		status = "draft"
	}
	md := map[string]string{"filename": filepath.Base(path), "show": *show, "sha256": sum,
		"title": *title, "status": status, "published_at": *publishAt,
		"visibility": *visibility, "public_at": *publicAt}

	base := strings.TrimRight(*server, "/")
	client := &tus.Client{Header: http.Header{"Authorization": {"Bearer " + *token}}, Retries: *retries, ChunkSize: *chunk}
	urls := tus.URLStore{Dir: *cacheDir}
	key := tus.Key(base, sum, *show)
	bar := newUploadProgress(stderr, st.Size(), terminal)
	var body []byte
	for attempt := 0; ; attempt++ {
		u := urls.Get(key)
		if u == "" {
			if u, err = client.Create(ctx, base+"/api/v1/uploads/", st.Size(), md); err != nil {
				if se := (*tus.StatusError)(nil); errors.As(err, &se) {
					return fmt.Errorf("the server refused the upload: %s", serverSaid(se))
				}
				return err
			}
			if err := urls.Put(key, u); err != nil {
				return err
			}
		} else if off, err := client.Offset(ctx, u); err == nil {
			fmt.Fprintf(stderr, "resuming the upload at %s of %s\n", formatSize(off), formatSize(st.Size()))
		}
		body, err = client.Upload(ctx, u, f, st.Size(), bar.set)
		if errors.Is(err, tus.ErrGone) && attempt == 0 {
			// Expired or refused on the server: start again, once.
			urls.Delete(key)
			continue
		}
		var se *tus.StatusError
		if errors.As(err, &se) && !se.Retryable() {
			urls.Delete(key) // refused for good (checksum, not audio, ...)
		}
		if err != nil {
			bar.stop()
			if se != nil && !se.Retryable() {
				return fmt.Errorf("the server refused the upload: %s", serverSaid(se))
			}
			return fmt.Errorf("upload stopped (run the same command again to resume): %w", err)
		}
		break
	}
	bar.done()
	urls.Delete(key)
	if tr != nil {
		if body, err = tr.put(ctx, base, *token, body); err != nil {
			return err
		}
	}
	return printEpisode(stdout, body, *asJSON)
}

// serverSaid is the message of the server's JSON error in se, which the
// server words for people, rather than the tus client's "tus: server
// answered" and the raw body; those only when the body is no such error.
func serverSaid(se *tus.StatusError) string {
	var ae struct{ Error struct{ Message string } }
	if json.Unmarshal([]byte(se.Body), &ae) == nil && ae.Error.Message != "" {
		return ae.Error.Message
	}
	return se.Error()
}

// printEpisode prints where the new episode is, or the whole of it as JSON.
func printEpisode(w io.Writer, body []byte, asJSON bool) error {
	var ep struct {
		ID, Title, Status, Duration string
		PageURL                     string `json:"page_url"`
		PlayerURL                   string `json:"player_url"`
		AdminURL                    string `json:"admin_url"`
		Feeds                       struct{ RSS, Atom, JSON string }
		PublishedAt                 time.Time `json:"published_at"`
		Warnings                    []string
	}
	if err := json.Unmarshal(body, &ep); err != nil || ep.ID == "" {
		return fmt.Errorf("the server's answer is not an episode: %.200s", body)
	}
	if asJSON {
		var v any
		json.Unmarshal(body, &v)
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	state := ep.Status
	if ep.Status == "published" && ep.PublishedAt.After(time.Now()) {
		state = "scheduled for " + ep.PublishedAt.Format(time.RFC3339)
	}
	fmt.Fprintf(w, "episode   %s  %q (%s, %s)\n", ep.ID, ep.Title, ep.Duration, state)
	fmt.Fprintf(w, "page      %s\nplayer    %s\nrss       %s\natom      %s\njson      %s\ndashboard %s\n",
		ep.PageURL, ep.PlayerURL, ep.Feeds.RSS, ep.Feeds.Atom, ep.Feeds.JSON, ep.AdminURL)
	for _, warning := range ep.Warnings {
		fmt.Fprintf(w, "warning   %s\n", warning)
	}
	return nil
}

// uploadProgress is a progress bar on a terminal and a line every 10%
// otherwise.
type uploadProgress struct {
	w     io.Writer
	size  int64
	bar   *progressbar.ProgressBar
	shown int64 // last tenth printed, for plain lines
}

func newUploadProgress(w io.Writer, size int64, terminal bool) *uploadProgress {
	p := &uploadProgress{w: w, size: size, shown: -1}
	if terminal {
		p.bar = progressbar.NewOptions64(size, progressbar.OptionSetWriter(w), progressbar.OptionShowBytes(true),
			progressbar.OptionSetDescription("uploading"), progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionFullWidth(),
			progressbar.OptionOnCompletion(func() { fmt.Fprintln(w) }))
	}
	return p
}

func (p *uploadProgress) set(n int64) {
	if p.bar != nil {
		p.bar.Set64(n)
		return
	}
	tenth := int64(10)
	if p.size > 0 {
		tenth = n * 10 / p.size
	}
	if tenth != p.shown {
		p.shown = tenth
		fmt.Fprintf(p.w, "uploaded %3d%%  %s of %s\n", tenth*10, formatSize(n), formatSize(p.size))
	}
}

func (p *uploadProgress) stop() {
	if p.bar != nil {
		p.bar.Exit()
		fmt.Fprintln(p.w)
	}
}

func (p *uploadProgress) done() {
	if p.bar != nil {
		p.bar.Finish()
	}
}

func formatSize(n int64) string {
	switch {
	case n >= 1e9:
		return fmt.Sprintf("%.2f GB", float64(n)/1e9)
	case n >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	}
	return fmt.Sprintf("%d B", n)
}

// isTerminal reports whether f is a terminal (a character device).
func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
