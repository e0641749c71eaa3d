package delivery

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/onair-fm/onair/web/httpx"
)

// mediaChunk is how much one write may send before the deadline moves on:
// with the default 60 s write timeout a client must take at least 256 KiB a
// minute (about 35 kb/s, below any podcast bitrate) to stay connected.
const mediaChunk = 256 << 10

// mediaWriter is the ResponseWriter media delivery gives http.ServeContent.
// It moves the connection's write deadline forward before every chunk, so
// a slow download lives as long as it makes progress and a dead one ends
// within the write timeout; and its ReadFrom hands each chunk to net/http's
// own ReadFrom with the *os.File still visible, so sendfile is kept (gin's
// writer hides ReadFrom, and net only unwraps one io.LimitedReader).
type mediaWriter struct {
	gin.ResponseWriter
	raw     http.ResponseWriter // net/http's writer, under gin's.
	rc      *http.ResponseController
	timeout time.Duration

	status    int
	multipart bool
	written   int64
	// errText is the body of an error status (416, 412) ServeContent
	// chose: kept back, so serveMedia answers it as onair's JSON error.
	errText strings.Builder
}

func (s *Media) newMediaWriter(c *gin.Context) *mediaWriter {
	var raw http.ResponseWriter = c.Writer
	if u, ok := c.Writer.(interface{ Unwrap() http.ResponseWriter }); ok {
		raw = u.Unwrap()
	}
	return &mediaWriter{
		ResponseWriter: c.Writer,
		raw:            raw,
		rc:             http.NewResponseController(c.Writer),
		timeout:        s.Cfg.MediaWriteTimeout,
	}
}

// done clears the deadline so the next request on a kept-alive connection
// starts without one.
func (w *mediaWriter) done() { w.rc.SetWriteDeadline(time.Time{}) }

func (w *mediaWriter) extend() {
	w.rc.SetWriteDeadline(time.Now().Add(w.timeout))
}

func (w *mediaWriter) WriteHeader(code int) {
	w.status = code
	if code >= 400 {
		return
	}
	w.multipart = strings.HasPrefix(w.Header().Get("Content-Type"), "multipart/")
	w.ResponseWriter.WriteHeader(code)
	// Have gin pass the status down now: the body may bypass gin below.
	w.ResponseWriter.WriteHeaderNow()
}

func (w *mediaWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	if w.status >= 400 {
		return w.errText.Write(p)
	}
	var n int
	for len(p) > 0 {
		w.extend()
		m, err := w.ResponseWriter.Write(p[:min(len(p), mediaChunk)])
		n += m
		w.written += int64(m)
		if err != nil {
			return n, err
		}
		p = p[m:]
	}
	return n, nil
}

// ReadFrom sends src in chunks through net/http's ReadFrom. src is what
// io.CopyN in http.ServeContent passes: an *io.LimitedReader around the
// blob's Reader; each chunk is a fresh LimitedReader around that Reader,
// which for local storage is an *os.File that the kernel sends itself.
func (w *mediaWriter) ReadFrom(src io.Reader) (int64, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	rf, ok := w.raw.(io.ReaderFrom)
	if !ok {
		return io.Copy(writerOnly{w}, src)
	}
	inner, remain := src, int64(-1)
	lr, limited := src.(*io.LimitedReader)
	if limited {
		inner, remain = lr.R, lr.N
	}
	var total int64
	var err error
	for remain != 0 {
		n := int64(mediaChunk)
		if remain > 0 {
			n = min(n, remain)
		}
		w.extend()
		var m int64
		m, err = rf.ReadFrom(&io.LimitedReader{R: inner, N: n})
		total += m
		w.written += m
		if remain > 0 {
			remain -= m
		}
		if err != nil || m < n {
			break
		}
	}
	if limited {
		lr.N = remain
	}
	return total, err
}

// writerOnly hides ReadFrom so io.Copy does not call back into it.
type writerOnly struct{ io.Writer }

// failure is the error status ServeContent answered, as onair's error.
// size is the blob's: a 416 says it in Content-Range (RFC 9110, 15.5.17),
// which ServeContent leaves out when the Range header was malformed.
func (w *mediaWriter) failure(size int64) error {
	if w.status < 400 {
		return nil
	}
	h := w.Header()
	code := "bad_request"
	switch w.status {
	case http.StatusRequestedRangeNotSatisfiable:
		code = "range_not_satisfiable"
		if h.Get("Content-Range") == "" {
			h.Set("Content-Range", "bytes */"+strconv.FormatInt(size, 10))
		}
	case http.StatusPreconditionFailed:
		code = "precondition_failed"
	}
	h.Del("Content-Type") // net/http's text/plain; the error is JSON.
	h.Del("Content-Disposition")
	msg := strings.TrimSpace(w.errText.String())
	if msg == "" {
		msg = strings.ToLower(http.StatusText(w.status))
	}
	return httpx.NewError(w.status, code, msg)
}
