package feedsrv

import (
	"io"
	"net/http"
	"os"
	"strconv"
	"sync"
)

// bodyFile keeps a large feed body in an unlinked temporary file as well as
// in memory, so that serving it is the kernel's sendfile from the page
// cache, as nginx serves a static feed, instead of a copy from the
// process's memory into the socket for every request. Each concurrent
// request needs a file description of its own (sendfile moves the file's
// offset), so it keeps a few, reopened through /proc/self/fd.
type bodyFile struct {
	size int64
	path string // /proc/self/fd/N of the first description
	mu   sync.Mutex
	free []*os.File
	// first is the description path names; closed only with the others.
	first  *os.File
	closed bool
}

// fileBodyMin is the smallest body served from a file: below it, one write
// with the header (httpx.WriteWhole) costs less than the file's system
// calls.
const fileBodyMin = 256 << 10

// maxFreeFiles bounds the descriptions an entry keeps between requests.
const maxFreeFiles = 16

// feedFileDir is where bodies go: tmpfs when there is one.
var feedFileDir = func() string {
	if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
		return "/dev/shm"
	}
	return os.TempDir()
}()

// newBodyFile writes body to an unlinked file; nil when it cannot (no
// /proc, a full disk): the body is then served from memory.
func newBodyFile(body []byte) *bodyFile {
	f, err := os.CreateTemp(feedFileDir, "onair-feed-*")
	if err != nil {
		return nil
	}
	os.Remove(f.Name())
	if _, err := f.Write(body); err != nil {
		f.Close()
		return nil
	}
	b := &bodyFile{size: int64(len(body)), first: f, path: "/proc/self/fd/" + strconv.Itoa(int(f.Fd()))}
	if g := b.get(); g == nil {
		f.Close()
		return nil
	} else {
		b.put(g)
	}
	return b
}

// get returns a description at offset 0, nil on failure.
func (b *bodyFile) get() *os.File {
	b.mu.Lock()
	if n := len(b.free); n > 0 {
		f := b.free[n-1]
		b.free = b.free[:n-1]
		b.mu.Unlock()
		if _, err := f.Seek(0, io.SeekStart); err == nil {
			return f
		}
		f.Close()
		return nil
	}
	closed := b.closed
	b.mu.Unlock()
	if closed {
		return nil
	}
	f, err := os.Open(b.path)
	if err != nil {
		return nil
	}
	return f
}

func (b *bodyFile) put(f *os.File) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed || len(b.free) >= maxFreeFiles {
		f.Close()
		return
	}
	b.free = append(b.free, f)
}

// readerFrom is net/http's own response writer under the framework's
// (gin's, whose header is written first), which sends a file with
// sendfile; nil when there is none.
func readerFrom(w http.ResponseWriter) io.ReaderFrom {
	if g, ok := w.(interface{ WriteHeaderNow() }); ok {
		g.WriteHeaderNow()
	}
	for {
		if rf, ok := w.(io.ReaderFrom); ok {
			return rf
		}
		u, ok := w.(interface{ Unwrap() http.ResponseWriter })
		if !ok {
			return nil
		}
		w = u.Unwrap()
	}
}

// release closes the entry's files once it leaves the cache.
func (e *feedEntry) release() {
	e.file.release()
	e.fileGz.release()
}

// release closes the file once its entry leaves the cache; requests still
// sending it keep their own descriptions until they finish.
func (b *bodyFile) release() {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return
	}
	b.closed = true
	for _, f := range b.free {
		f.Close()
	}
	b.free = nil
	// first stays open for get's reopen until every user is done; the
	// garbage collector closes it with the entry.
}

// send writes the body after the header was written, through sendfile
// when the connection can (net/http's ReadFrom), and reports whether it
// did; false leaves the caller to send it from memory.
func (b *bodyFile) send(w http.ResponseWriter) bool {
	rf := readerFrom(w)
	if rf == nil {
		return false
	}
	f := b.get()
	if f == nil {
		return false
	}
	// Limited, sendfile stops at the end without a call that reads 0.
	n, err := rf.ReadFrom(&io.LimitedReader{R: f, N: b.size})
	if err == nil && n == b.size {
		b.put(f)
	} else {
		f.Close() // a client that went away: this description's offset is anywhere
	}
	return true
}
