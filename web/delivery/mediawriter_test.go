package delivery

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/onair-fm/onair/internal/testmedia"
	"github.com/onair-fm/onair/web/httpx"
)

// sendfileWriter stands for net/http's writer: it records what its
// ReadFrom is given, as the TCP connection's sendfile would see it.
type sendfileWriter struct {
	header http.Header
	code   int
	chunks []int64
	files  int
	body   strings.Builder
}

// TestMediaWriterKeepsSendfile: what reaches net/http's ReadFrom is an
// *os.File inside one io.LimitedReader, the only shape Go's sendfile takes,
// in chunks no larger than mediaChunk, and the bytes are right.
func TestMediaWriterKeepsSendfile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "blob")
	body := testmedia.RandomBytes(mediaChunk*3+1000, 5)
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
		s := &Media{Env: &httpx.Env{Cfg: httpx.Config{MediaWriteTimeout: time.Minute}}}
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
