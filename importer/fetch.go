package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ErrTooLarge is a response bigger than the import takes: a feed over
// MaxFeedBytes, a file over the server's upload limit.
var ErrTooLarge = errors.New("importer: too large")

// userAgent names onair to the old host, as feed readers do.
const userAgent = "onair-import/1 (+https://github.com/onair-fm/onair)"

// get sends a GET for url with the given extra headers, and refuses an
// answer that is not 2xx (or 206) in words.
func get(ctx context.Context, c *http.Client, url string, hdr http.Header) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("importer: %q is not a URL onair can fetch: %w", url, err)
	}
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return nil, fmt.Errorf("importer: %q is not an http(s) URL", url)
	}
	req.Header.Set("User-Agent", userAgent)
	for k, v := range hdr {
		req.Header[k] = v
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, fmt.Errorf("importer: get %s: %w", url, err)
	}
	if resp.StatusCode/100 != 2 && resp.StatusCode != http.StatusNotModified {
		resp.Body.Close()
		return nil, fmt.Errorf("importer: get %s: the server answered %s", url, resp.Status)
	}
	return resp, nil
}

// readCapped reads r whole, refusing more than max bytes.
func readCapped(r io.Reader, max int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, max)
	}
	return b, nil
}

// download is a file's body that resumes by itself: when the connection
// drops (or goes quiet for the idle timeout) mid-file, it asks again for
// the rest with a Range request (If-Range keeps it to the same bytes) and
// goes on, up to retries times. It never holds more than a read's worth of
// the file, and fails with ErrTooLarge past max bytes.
type download struct {
	ctx     context.Context
	client  *http.Client
	url     string
	max     int64
	idle    time.Duration
	retries int

	body      io.ReadCloser
	cancel    context.CancelFunc
	timer     *time.Timer
	off       int64
	total     int64 // the whole file's size when the server said; -1 if not.
	validator string
	// Resumes counts the requests after the first.
	Resumes int
	// ContentType is what the server called the file.
	ContentType string
	mu          sync.Mutex
}

// openDownload starts downloading url.
func openDownload(ctx context.Context, c *http.Client, url string, max int64, l Limits, retries int) (*download, error) {
	d := &download{ctx: ctx, client: c, url: url, max: max, idle: l.IdleTimeout, retries: retries, total: -1}
	if err := d.open(); err != nil {
		return nil, err
	}
	return d, nil
}

func (d *download) open() error {
	ctx, cancel := context.WithCancel(d.ctx)
	hdr := http.Header{}
	if d.off > 0 {
		hdr.Set("Range", "bytes="+strconv.FormatInt(d.off, 10)+"-")
		if d.validator != "" {
			hdr.Set("If-Range", d.validator)
		}
	}
	resp, err := get(ctx, d.client, d.url, hdr)
	if err != nil {
		cancel()
		return err
	}
	switch {
	case d.off == 0 || resp.StatusCode == http.StatusOK:
		if resp.ContentLength >= 0 {
			d.total = resp.ContentLength
		}
		if d.off > 0 { // no ranges: skip what we have
			if _, err := io.CopyN(io.Discard, resp.Body, d.off); err != nil {
				resp.Body.Close()
				cancel()
				return fmt.Errorf("importer: get %s again: %w", d.url, err)
			}
		}
		d.ContentType = resp.Header.Get("Content-Type")
		d.validator = resp.Header.Get("ETag")
		if d.validator == "" || strings.HasPrefix(d.validator, "W/") {
			d.validator = resp.Header.Get("Last-Modified")
		}
	case resp.StatusCode == http.StatusPartialContent:
		start, total, ok := contentRange(resp.Header.Get("Content-Range"))
		if !ok || start != d.off {
			resp.Body.Close()
			cancel()
			return fmt.Errorf("importer: get %s: the server resumed at the wrong place (%q)", d.url, resp.Header.Get("Content-Range"))
		}
		if total >= 0 {
			d.total = total
		}
	default:
		resp.Body.Close()
		cancel()
		return fmt.Errorf("importer: get %s: unexpected %s", d.url, resp.Status)
	}
	if d.total > d.max {
		resp.Body.Close()
		cancel()
		return fmt.Errorf("%w: %s is %d bytes, over the limit of %d", ErrTooLarge, d.url, d.total, d.max)
	}
	d.body, d.cancel = resp.Body, cancel
	if d.idle > 0 {
		d.timer = time.AfterFunc(d.idle, cancel)
	}
	return nil
}

// contentRange reads "bytes START-END/TOTAL" (TOTAL may be "*", -1).
func contentRange(v string) (start, total int64, ok bool) {
	v, ok = strings.CutPrefix(v, "bytes ")
	if !ok {
		return 0, 0, false
	}
	rng, tot, ok := strings.Cut(v, "/")
	if !ok {
		return 0, 0, false
	}
	s, _, ok := strings.Cut(rng, "-")
	if !ok {
		return 0, 0, false
	}
	start, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, 0, false
	}
	total = -1
	if tot != "*" {
		if total, err = strconv.ParseInt(tot, 10, 64); err != nil {
			return 0, 0, false
		}
	}
	return start, total, true
}

// Read implements io.Reader.
func (d *download) Read(p []byte) (int, error) {
	for {
		if d.body == nil {
			if err := d.open(); err != nil {
				return 0, err
			}
		}
		n, err := d.body.Read(p)
		d.off += int64(n)
		if d.timer != nil && n > 0 {
			d.timer.Reset(d.idle)
		}
		if d.off > d.max {
			return n, fmt.Errorf("%w: %s is over the limit of %d bytes", ErrTooLarge, d.url, d.max)
		}
		if err == nil || (err == io.EOF && (d.total < 0 || d.off >= d.total)) {
			return n, err
		}
		// The connection dropped or stalled before the end.
		d.closeBody()
		if d.ctx.Err() != nil || d.retries <= 0 {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return n, fmt.Errorf("importer: download %s: %w", d.url, err)
		}
		d.retries--
		d.Resumes++
		if n > 0 {
			return n, nil
		}
	}
}

func (d *download) closeBody() {
	if d.timer != nil {
		d.timer.Stop()
		d.timer = nil
	}
	if d.body != nil {
		d.body.Close()
		d.body = nil
	}
	if d.cancel != nil {
		d.cancel()
		d.cancel = nil
	}
}

// Close implements io.Closer.
func (d *download) Close() error {
	d.closeBody()
	return nil
}

// Size is the number of bytes read so far.
func (d *download) Size() int64 { return d.off }
