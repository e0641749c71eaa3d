package media

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/minio/minio-go/v7"
)

// Read-ahead sizes of s3Reader.
const (
	// s3ReadAhead is the block fetched for a read that does not continue the
	// previous one: the prober's many small reads at scattered offsets each
	// land in a block already fetched instead of costing a request each.
	s3ReadAhead = 256 << 10
	// s3MaxWindow caps the ranged GET opened for sequential reading. The
	// window doubles from s3ReadAhead while reading goes on in order, so a
	// two-byte range costs one small GET and a whole hour of audio a dozen.
	s3MaxWindow = 64 << 20
)

// s3Reader reads an object with ranged GETs. It is an io.ReadSeeker for
// http.ServeContent and an io.ReaderAt for the prober. Reads stream: a
// block of s3ReadAhead is the most it holds in memory.
type s3Reader struct {
	ctx  context.Context
	s    *S3
	key  string
	size int64

	mu     sync.Mutex
	pos    int64 // Read/Seek position
	closed bool

	block    []byte // the last block fetched
	blockOff int64

	body     io.ReadCloser // an open ranged GET ...
	bodyPos  int64         // ... positioned here ...
	bodyEnd  int64         // ... ending here (exclusive).
	lastEnd  int64         // where the last fetch ended: a read there is sequential.
	window   int64         // size of the last fetch, doubling while sequential.
	requests int           // ranged GETs made, for tests.

	hintStart, hintEnd int64 // a range the caller said it will read in order
}

// ReadHint implements media.RangeHinter: a Read at start opens one GET
// that runs to end, instead of growing windows.
func (r *s3Reader) ReadHint(start, end int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.hintStart, r.hintEnd = start, min(end, r.size)
}

func newS3Reader(ctx context.Context, s *S3, key string, size int64) *s3Reader {
	return &s3Reader{ctx: ctx, s: s, key: key, size: size, lastEnd: -1}
}

// get opens a ranged GET of [off, end).
func (r *s3Reader) get(off, end int64) (io.ReadCloser, error) {
	opts := minio.GetObjectOptions{}
	if err := opts.SetRange(off, end-1); err != nil {
		return nil, fmt.Errorf("media: s3 get %s: %w", r.key, err)
	}
	r.requests++
	body, _, _, err := r.s.core.GetObject(r.ctx, r.s.bucket, r.key, opts)
	if err != nil {
		return nil, r.s.wrapGet(r.key, err)
	}
	return body, nil
}

// fetch reads [off, end) into p fully.
func (r *s3Reader) fetch(p []byte, off int64) error {
	body, err := r.get(off, off+int64(len(p)))
	if err != nil {
		return err
	}
	defer body.Close()
	if _, err := io.ReadFull(body, p); err != nil {
		return fmt.Errorf("media: s3 get %s: %w", r.key, err)
	}
	return nil
}

// fillBlock makes the block hold s3ReadAhead bytes (fewer at the end) from off.
func (r *s3Reader) fillBlock(off int64) error {
	n := min(int64(s3ReadAhead), r.size-off)
	if cap(r.block) < int(n) {
		r.block = make([]byte, s3ReadAhead)
	}
	r.block = r.block[:n]
	r.blockOff = off
	if err := r.fetch(r.block, off); err != nil {
		r.block = r.block[:0]
		return err
	}
	return nil
}

// fromBlock copies what the block holds at off into p.
func (r *s3Reader) fromBlock(p []byte, off int64) int {
	if off < r.blockOff || off >= r.blockOff+int64(len(r.block)) {
		return 0
	}
	return copy(p, r.block[off-r.blockOff:])
}

func (r *s3Reader) closeBody() {
	if r.body != nil {
		r.body.Close()
		r.body = nil
	}
}

// Read implements io.Reader.
func (r *s3Reader) Read(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return 0, errors.New("media: read of closed s3 blob")
	}
	if r.pos >= r.size {
		return 0, io.EOF
	}
	if len(p) == 0 {
		return 0, nil
	}
	streaming := r.body != nil && r.bodyPos == r.pos
	if !streaming {
		if n := r.fromBlock(p, r.pos); n > 0 {
			r.pos += int64(n)
			return n, nil
		}
		r.closeBody()
		var end int64
		switch {
		case r.pos >= r.hintStart && r.pos < r.hintEnd:
			// The caller said where it stops: one GET to there.
			end = r.hintEnd
			r.hintStart, r.hintEnd = 0, 0
		case r.pos != r.lastEnd:
			// A jump: fetch one block, as most jumps are followed by
			// small reads (a header, a range request of a few bytes).
			if err := r.fillBlock(r.pos); err != nil {
				return 0, err
			}
			r.window = int64(len(r.block))
			r.lastEnd = r.pos + r.window
			n := r.fromBlock(p, r.pos)
			r.pos += int64(n)
			return n, nil
		default:
			// Reading on in order: a window twice the last.
			r.window = min(2*max(r.window, s3ReadAhead), s3MaxWindow)
			end = min(r.pos+r.window, r.size)
		}
		body, err := r.get(r.pos, end)
		if err != nil {
			return 0, err
		}
		r.body, r.bodyPos, r.bodyEnd, r.lastEnd = body, r.pos, end, end
	}
	if rest := r.bodyEnd - r.bodyPos; int64(len(p)) > rest {
		p = p[:rest]
	}
	n, err := r.body.Read(p)
	r.bodyPos += int64(n)
	r.pos += int64(n)
	if r.bodyPos == r.bodyEnd {
		r.closeBody()
		return n, nil
	}
	if err == io.EOF {
		r.closeBody()
		if n == 0 {
			return 0, fmt.Errorf("media: s3 get %s: %w", r.key, io.ErrUnexpectedEOF)
		}
		return n, nil
	}
	if err != nil {
		r.closeBody()
		return n, fmt.Errorf("media: s3 get %s: %w", r.key, err)
	}
	return n, nil
}

// ReadAt implements io.ReaderAt. Small reads go through the block; a read
// of a block or more is one ranged GET straight into p.
func (r *s3Reader) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, fmt.Errorf("media: s3 read %s: negative offset", r.key)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return 0, errors.New("media: read of closed s3 blob")
	}
	if off >= r.size {
		return 0, io.EOF
	}
	want := p
	if rest := r.size - off; int64(len(want)) > rest {
		want = want[:rest]
	}
	var n int
	if len(want) >= s3ReadAhead {
		if err := r.fetch(want, off); err != nil {
			return 0, err
		}
		n = len(want)
	} else {
		n = r.fromBlock(want, off)
		if n < len(want) {
			if err := r.fillBlock(off); err != nil {
				return 0, err
			}
			n = r.fromBlock(want, off)
		}
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// Seek implements io.Seeker. It only moves the position; the next Read
// decides whether the open GET can go on.
func (r *s3Reader) Seek(offset int64, whence int) (int64, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var abs int64
	switch whence {
	case io.SeekStart:
		abs = offset
	case io.SeekCurrent:
		abs = r.pos + offset
	case io.SeekEnd:
		abs = r.size + offset
	default:
		return 0, fmt.Errorf("media: s3 seek %s: bad whence %d", r.key, whence)
	}
	if abs < 0 {
		return 0, fmt.Errorf("media: s3 seek %s: negative position", r.key)
	}
	r.pos = abs
	return abs, nil
}

// Close implements io.Closer.
func (r *s3Reader) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closeBody()
	r.closed = true
	r.block = nil
	return nil
}
