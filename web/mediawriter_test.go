package web

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/onair-fm/onair/web/httpx"
)

// TestMediaWriteDeadlines: a client that stops reading is cut off after
// the write timeout; one that reads slowly but steadily gets every byte.
func TestMediaWriteDeadlines(t *testing.T) {
	if testing.Short() {
		t.Skip("takes a few seconds")
	}
	e := newMediaEnv(t)
	e.srv.Cfg.MediaWriteTimeout = time.Second
	const size = 8 << 20 // more than loopback socket buffers hold
	ep := e.episode("Slow", randomBytes(size, 4))
	tests := []struct {
		name  string
		stall time.Duration // before reading at all
		pace  time.Duration // between 64 KiB reads
		full  bool
	}{
		{"stalled client is cut off", 3 * time.Second, 0, false},
		{"slow client gets everything", 0, 20 * time.Millisecond, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := rawGet(t, e.ts.Listener.Addr().String(), "/media/"+ep.Audio.Key, tt.stall, tt.pace)
			if tt.full && (got != size || err != nil) {
				t.Errorf("read %d bytes, %v; want all %d", got, err, size)
			}
			if !tt.full && (got >= size || err == nil) {
				t.Errorf("read %d bytes, %v; want the connection ended early", got, err)
			}
		})
	}
}

// rawGet GETs path over a connection with a small receive buffer, waits
// stall, then reads the body 64 KiB at a time, pace apart. It returns the
// body bytes read and the error that ended the body early, if any.
func rawGet(t *testing.T, addr, path string, stall, pace time.Duration) (int64, error) {
	d := net.Dialer{Control: func(_, _ string, c syscall.RawConn) error {
		return c.Control(func(fd uintptr) { syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 16<<10) })
	}}
	conn, err := d.DialContext(t.Context(), "tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	io.WriteString(conn, "GET "+path+" HTTP/1.1\r\nHost: x\r\nUser-Agent: test\r\n\r\n")
	time.Sleep(stall)
	conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return 0, err
	}
	var n int64
	buf := make([]byte, 64<<10)
	for {
		m, err := io.ReadFull(res.Body, buf)
		n += int64(m)
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) && n == res.ContentLength {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		time.Sleep(pace)
	}
}

// sendfileWriter stands for net/http's writer: it records what its
// ReadFrom is given, as the TCP connection's sendfile would see it.
type sendfileWriter struct {
	header http.Header
	code   int
	chunks []int64
	files  int
	body   strings.Builder
}

func (w *sendfileWriter) Header() http.Header         { return w.header }
func (w *sendfileWriter) WriteHeader(code int)        { w.code = code }
func (w *sendfileWriter) Write(p []byte) (int, error) { return w.body.Write(p) }

func (w *sendfileWriter) ReadFrom(r io.Reader) (int64, error) {
	if lr, ok := r.(*io.LimitedReader); ok {
		if _, ok := lr.R.(*os.File); ok {
			w.files++
		}
		w.chunks = append(w.chunks, lr.N)
	}
	return io.Copy(&w.body, r)
}

// TestMediaWriterKeepsSendfile: what reaches net/http's ReadFrom is an
// *os.File inside one io.LimitedReader, the only shape Go's sendfile takes,
// in chunks no larger than mediaChunk, and the bytes are right.
func TestMediaWriterKeepsSendfile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "blob")
	body := randomBytes(mediaChunk*3+1000, 5)
	if err := os.WriteFile(p, body, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		rng        string
		start, end int
	}{
		{"whole file", "", 0, len(body)},
		{"a range", "bytes=100-600000", 100, 600001},
	}
	for _, tt := range tests {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		rec := &sendfileWriter{header: http.Header{}}
		c, _ := gin.CreateTestContext(rec)
		c.Request = httptest.NewRequest("GET", "/media/x", nil)
		if tt.rng != "" {
			c.Request.Header.Set("Range", tt.rng)
		}
		s := &Server{Env: &httpx.Env{Cfg: Config{MediaWriteTimeout: time.Minute}}}
		w := s.newMediaWriter(c)
		http.ServeContent(w, c.Request, "", time.Now(), f)
		f.Close()
		want := int64(tt.end - tt.start)
		if rec.files != len(rec.chunks) || len(rec.chunks) == 0 || w.written != want || rec.body.String() != string(body[tt.start:tt.end]) {
			t.Errorf("%s: %d of %d chunks were files, %d bytes written; want all, %d bytes", tt.name, rec.files, len(rec.chunks), w.written, want)
		}
		for _, n := range rec.chunks {
			if n > mediaChunk {
				t.Errorf("%s: a chunk of %d bytes, more than %d", tt.name, n, mediaChunk)
			}
		}
	}
}
