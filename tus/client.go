// Package tus is a small client for the tus 1.0 resumable upload protocol
// (core, creation and termination), as onair's server speaks it under
// /api/v1/uploads/. It uploads from an io.ReaderAt, so a file can be sent
// from any offset the server reports, and retries dropped connections.
package tus

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// ErrGone means the server no longer knows the upload (it expired or was
// refused): start a new one.
var ErrGone = errors.New("tus: upload gone")

// Client uploads files to a tus server.
type Client struct {
	HTTP *http.Client
	// Header is added to every request, e.g. Authorization.
	Header http.Header
	// ChunkSize is the most bytes sent in one PATCH (default 16 MiB).
	ChunkSize int64
	// Retries is how many times in a row a failed request is retried
	// after resuming from the server's offset; 0 gives up at once.
	Retries int
	// Backoff is the wait before the first retry, doubled each time
	// (default 500ms, at most 30s).
	Backoff time.Duration
}

// StatusError is a response the protocol does not allow to retry.
type StatusError struct {
	Status int
	Body   string
}

// Retryable reports whether resuming may succeed: a conflict over the
// offset, a locked upload, a request interrupted by another one for the
// same upload (a dead connection's request ending late), or a server error.
func (e *StatusError) Retryable() bool {
	return e.Status == http.StatusConflict || e.Status == http.StatusLocked || e.Status >= 500 ||
		strings.Contains(e.Body, "ERR_UPLOAD_INTERRUPTED")
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("tus: server answered %d: %s", e.Status, strings.TrimSpace(e.Body))
}

func (c *Client) do(ctx context.Context, method, u string, hdr map[string]string, body io.Reader, size int64) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.ContentLength = size
	}
	for k, vs := range c.Header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	req.Header.Set("Tus-Resumable", "1.0.0")
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	return hc.Do(req)
}

func readBody(resp *http.Response) string {
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	return string(b)
}

// EncodeMetadata builds an Upload-Metadata header: keys sorted, values
// base64-encoded, empty values left out.
func EncodeMetadata(md map[string]string) string {
	keys := make([]string, 0, len(md))
	for k, v := range md {
		if v != "" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + " " + base64.StdEncoding.EncodeToString([]byte(md[k]))
	}
	return strings.Join(parts, ",")
}

// Create starts an upload of size bytes at endpoint and returns its
// absolute URL.
func (c *Client) Create(ctx context.Context, endpoint string, size int64, md map[string]string) (string, error) {
	resp, err := c.do(ctx, http.MethodPost, endpoint, map[string]string{
		"Upload-Length": strconv.FormatInt(size, 10), "Upload-Metadata": EncodeMetadata(md)}, nil, 0)
	if err != nil {
		return "", fmt.Errorf("tus: create: %w", err)
	}
	body := readBody(resp)
	if resp.StatusCode != http.StatusCreated {
		return "", &StatusError{resp.StatusCode, body}
	}
	loc, err := resp.Request.URL.Parse(resp.Header.Get("Location"))
	if err != nil || resp.Header.Get("Location") == "" {
		return "", errors.New("tus: create: no Location in the answer")
	}
	return loc.String(), nil
}

// Offset asks the server how many bytes of the upload it has. An upload the
// server finished (and let go of its bytes) is ErrGone from HEAD; Result
// then tells what it became.
func (c *Client) Offset(ctx context.Context, u string) (int64, error) {
	resp, err := c.do(ctx, http.MethodHead, u, nil, nil, 0)
	if err != nil {
		return 0, fmt.Errorf("tus: head: %w", err)
	}
	readBody(resp)
	switch resp.StatusCode {
	case http.StatusOK, http.StatusNoContent:
	case http.StatusNotFound, http.StatusGone, http.StatusForbidden:
		return 0, ErrGone
	default:
		return 0, &StatusError{resp.StatusCode, ""}
	}
	off, err := strconv.ParseInt(resp.Header.Get("Upload-Offset"), 10, 64)
	if err != nil || off < 0 {
		return 0, errors.New("tus: head: no valid Upload-Offset")
	}
	return off, nil
}

// Result asks onair's server what a finished upload became (GET on the
// upload URL, an onair extension). It returns the JSON body when the
// upload is complete, and nil while it is not.
func (c *Client) Result(ctx context.Context, u string) ([]byte, error) {
	resp, err := c.do(ctx, http.MethodGet, u, map[string]string{"Accept": "application/json"}, nil, 0)
	if err != nil {
		return nil, fmt.Errorf("tus: result: %w", err)
	}
	body := readBody(resp)
	switch {
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone:
		return nil, ErrGone
	case resp.StatusCode != http.StatusOK:
		return nil, &StatusError{resp.StatusCode, body}
	}
	if strings.Contains(body, `"complete":false`) {
		return nil, nil
	}
	return []byte(body), nil
}

// maxConflicts is how many offset conflicts in a row Upload resolves by
// asking the server's offset again before it counts one as a failure.
const maxConflicts = 3

// Progress is told how many bytes the server has or is being sent.
type Progress func(sent int64)

// Upload sends r (size bytes) to the upload at u, starting from the
// server's offset, retrying dropped connections, and returns the body of
// the answer to the last byte.
func (c *Client) Upload(ctx context.Context, u string, r io.ReaderAt, size int64, progress Progress) ([]byte, error) {
	if progress == nil {
		progress = func(int64) {}
	}
	chunk := c.ChunkSize
	if chunk <= 0 {
		chunk = 16 << 20
	}
	backoff := c.Backoff
	if backoff <= 0 {
		backoff = 500 * time.Millisecond
	}
	failures, conflicts := 0, 0
	var lastErr error
	for {
		if failures > c.Retries {
			return nil, lastErr
		}
		if failures > 0 {
			wait := min(backoff<<(failures-1), 30*time.Second)
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(wait):
			}
		}
		off, err := c.Offset(ctx, u)
		if errors.Is(err, ErrGone) {
			// Finished already, or lost: the result tells which.
			res, rerr := c.Result(ctx, u)
			if rerr == nil && res != nil {
				progress(size)
				return res, nil
			}
			return nil, ErrGone
		}
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			failures, lastErr = failures+1, err
			continue
		}
		progress(off)
		if off > size {
			return nil, fmt.Errorf("tus: server has %d bytes of a %d-byte file", off, size)
		}
		if off == size {
			// All bytes are in but the answer was lost: ask for it.
			res, err := c.Result(ctx, u)
			if err != nil {
				return nil, err
			}
			if res == nil {
				return nil, fmt.Errorf("tus: server has all %d bytes but does not call the upload complete", size)
			}
			return res, nil
		}
		body, done, err := c.patch(ctx, u, r, off, min(chunk, size-off), size, progress)
		if err != nil {
			var se *StatusError
			if errors.As(err, &se) && !se.Retryable() {
				return nil, err
			}
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			// A 409 says only that the offset moved between our HEAD and
			// our PATCH (an earlier, dropped request of ours ending late
			// on the server): nothing failed, so ask for the offset again
			// at once. A few in a row are allowed; more count as failures.
			if se != nil && se.Status == http.StatusConflict && conflicts < maxConflicts {
				conflicts++
				continue
			}
			failures, lastErr = failures+1, err
			continue
		}
		if done {
			progress(size)
			return body, nil
		}
		failures, conflicts = 0, 0
	}
}

// patch sends n bytes from off. done is true when the server answered the
// last byte with the finished upload.
func (c *Client) patch(ctx context.Context, u string, r io.ReaderAt, off, n, size int64, progress Progress) ([]byte, bool, error) {
	body := &countingReader{r: io.NewSectionReader(r, off, n), base: off, progress: progress}
	resp, err := c.do(ctx, http.MethodPatch, u, map[string]string{
		"Upload-Offset": strconv.FormatInt(off, 10), "Content-Type": "application/offset+octet-stream"}, body, n)
	if err != nil {
		return nil, false, fmt.Errorf("tus: patch: %w", err)
	}
	text := readBody(resp)
	switch resp.StatusCode {
	case http.StatusOK:
		return []byte(text), true, nil
	case http.StatusNoContent:
		newOff, _ := strconv.ParseInt(resp.Header.Get("Upload-Offset"), 10, 64)
		if newOff == size {
			// A server without onair's answer to the last byte: ask.
			res, err := c.Result(ctx, u)
			return res, res != nil, err
		}
		return nil, false, nil
	}
	return nil, false, &StatusError{resp.StatusCode, text}
}

// countingReader reports progress as the request body is read.
type countingReader struct {
	r        io.Reader
	base     int64
	n        int64
	progress Progress
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	c.progress(c.base + c.n)
	return n, err
}

// Terminate deletes an upload on the server.
func (c *Client) Terminate(ctx context.Context, u string) error {
	resp, err := c.do(ctx, http.MethodDelete, u, nil, nil, 0)
	if err != nil {
		return fmt.Errorf("tus: terminate: %w", err)
	}
	body := readBody(resp)
	if resp.StatusCode != http.StatusNoContent && resp.StatusCode != http.StatusNotFound {
		return &StatusError{resp.StatusCode, body}
	}
	return nil
}
