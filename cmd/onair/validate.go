package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/onair-fm/onair/feeds"
)

const validateUsage = `usage: onair validate [--json] [--offline] FEED_URL_OR_FILE

Lists what Apple Podcasts and the Podcasting 2.0 spec would object to in a
podcast RSS feed, each with how to fix it. Exits 1 when there are errors.`

// maxFeedBytes bounds what validate reads of a feed or an artwork.
const maxFeedBytes = 256 << 20

func runValidate(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprintln(os.Stderr, validateUsage); fs.PrintDefaults() }
	asJSON := fs.Bool("json", false, "print the findings as JSON")
	offline := fs.Bool("offline", false, "do not fetch the artwork to measure it")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errExit(2)
	}
	errs, err := validateFeed(ctx, os.Stdout, fs.Arg(0), *asJSON, !*offline)
	if err != nil {
		return err
	}
	if errs > 0 {
		return errExit(1)
	}
	return nil
}

// validateFeed checks the feed at src (a URL or a file) and writes the
// findings to w; it returns how many are errors.
func validateFeed(ctx context.Context, w io.Writer, src string, asJSON, online bool) (int, error) {
	r, err := openSource(ctx, src)
	if err != nil {
		return 0, err
	}
	check, err := feeds.ParseRSS(io.LimitReader(r, maxFeedBytes))
	r.Close()
	if err != nil {
		return 0, err
	}
	note := ""
	if online && check.ArtworkURL != "" {
		if check.Artwork, err = measureRemote(ctx, check.ArtworkURL); err != nil {
			note = fmt.Sprintf("could not measure the artwork (%v); its size and format were not checked", err)
		}
	}
	findings := feeds.Validate(check)
	errs := 0
	for _, f := range findings {
		if f.Severity == feeds.SeverityError {
			errs++
		}
	}
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if findings == nil {
			findings = []feeds.Finding{}
		}
		return errs, enc.Encode(map[string]any{"feed": src, "errors": errs,
			"warnings": len(findings) - errs, "findings": findings, "note": note})
	}
	for _, f := range findings {
		where := "show"
		if f.EpisodeTitle != "" || f.Episode != "" {
			where = fmt.Sprintf("episode %q", firstNonEmpty(f.EpisodeTitle, f.Episode))
		}
		fmt.Fprintf(w, "%-7s %s: %s\n        fix: %s\n", f.Severity, where, f.Message, f.Fix)
	}
	if note != "" {
		fmt.Fprintf(w, "note: %s\n", note)
	}
	fmt.Fprintf(w, "%s: %d episodes, %d errors, %d warnings\n", src, len(check.Items), errs, len(findings)-errs)
	return errs, nil
}

var fetchClient = &http.Client{Timeout: 60 * time.Second}

// openSource opens an http(s) URL or a local file.
func openSource(ctx context.Context, src string) (io.ReadCloser, error) {
	if !strings.HasPrefix(src, "http://") && !strings.HasPrefix(src, "https://") {
		return os.Open(src)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, src, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", "onair-validate")
	resp, err := fetchClient.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, fmt.Errorf("GET %s: %s", src, resp.Status)
	}
	return resp.Body, nil
}

// measureRemote fetches the artwork and reads its size and format.
func measureRemote(ctx context.Context, u string) (*feeds.Image, error) {
	if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
		return nil, fmt.Errorf("artwork URL %q is not http(s)", u)
	}
	r, err := openSource(ctx, u)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return feeds.MeasureImage(r)
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
