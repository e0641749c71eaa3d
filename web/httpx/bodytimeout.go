package httpx

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"
)

// BodyStalledError is a request body that sent nothing for After: the
// client stopped sending without closing the connection.
type BodyStalledError struct {
	After time.Duration
}

func (e *BodyStalledError) Error() string {
	return fmt.Sprintf("httpx: request body stalled: nothing arrived for %s", e.After)
}

// Timeout and Temporary make it a net.Error, as the read timeout it
// replaces was: tusd tells a timed-out body from others that way.
func (e *BodyStalledError) Timeout() bool   { return true }
func (e *BodyStalledError) Temporary() bool { return false }
func (e *BodyStalledError) Unwrap() error   { return os.ErrDeadlineExceeded }

// TimeBody ends a request body that makes no progress for
// Cfg.BodyTimeout, on every route: before each read the connection's read
// deadline moves to now plus the timeout, so a slow body that keeps
// sending goes on, and a silent one fails with BodyStalledError; what a
// handler leaves unread must arrive within the timeout too. Without
// it a client could hold a connection (and an upload its temporary file)
// for ever by announcing a body and not sending it.
func (s *Env) TimeBody(c *gin.Context) {
	r := c.Request
	if r.Body == nil || r.Body == http.NoBody {
		c.Next()
		return
	}
	rc := http.NewResponseController(c.Writer)
	if rc.SetReadDeadline(time.Time{}) != nil {
		c.Next() // not a connection with deadlines (tests' recorders)
		return
	}
	orig := r.Body
	body := &stallReader{body: orig, rc: rc, timeout: s.Cfg.BodyTimeout}
	r.Body = body
	c.Next()
	// net/http looks at its own body to decide whether the rest of it is
	// worth reading to keep the connection, or is too much (or awaited
	// with 100-continue) and the connection is closed instead.
	r.Body = orig
	if !body.ended.Load() {
		// net/http reads what the handler left of the body, to keep the
		// connection; a client that sends no more must not hold it.
		rc.SetReadDeadline(time.Now().Add(body.timeout))
	}
}

// stallReader is a request body whose every read must bring bytes within
// timeout.
type stallReader struct {
	body    io.ReadCloser
	rc      *http.ResponseController
	timeout time.Duration
	// ended is set once the body has ended; a handler may read it on
	// another goroutine than TimeBody's.
	ended atomic.Bool
}

func (r *stallReader) Read(p []byte) (int, error) {
	if r.ended.Load() {
		return r.body.Read(p)
	}
	// Moved before every read, also because others move it (tusd sets
	// its own after each read).
	r.rc.SetReadDeadline(time.Now().Add(r.timeout))
	n, err := r.body.Read(p)
	switch {
	case err == io.EOF:
		// Once the body has ended, net/http reads the connection in the
		// background to notice the client leaving; a deadline left behind
		// would end that read, and cancel the request, while the handler
		// still works on what it received.
		r.ended.Store(true)
		r.rc.SetReadDeadline(time.Time{})
	case errors.Is(err, os.ErrDeadlineExceeded):
		// The deadline stays past: net/http then gives up on the rest of
		// the body at once and closes the connection after the answer.
		r.ended.Store(true)
		err = &BodyStalledError{After: r.timeout}
	}
	return n, err
}

func (r *stallReader) Close() error { return r.body.Close() }

// BodyFault reports whether err is the request body's own failure, too
// large or stalled, which ToHTTP answers as such (413, 408): handlers that
// explain other read errors in their own words pass these on.
func BodyFault(err error) bool {
	var mb *http.MaxBytesError
	var st *BodyStalledError
	return errors.As(err, &mb) || errors.As(err, &st)
}
