package media

import (
	"errors"
	"fmt"
	"io"
)

// maxRead caps any single read driven by a size field in the file (a tag, a
// moov box, artwork), so a lying header cannot make the server allocate.
const maxRead = 64 << 20

// window is the block size of src's read-ahead buffer: big enough that a
// frame walk does one ReadAt per ~100 MP3 frames.
const window = 64 << 10

// src reads pieces of a file through io.ReaderAt with a small read-ahead
// buffer. Every read is checked against the file size first, so sizes from
// the file are never trusted for allocation.
type src struct {
	r    io.ReaderAt
	size int64
	buf  []byte
	off  int64 // file offset of buf[0]
}

func newSrc(r io.ReaderAt, size int64) *src {
	return &src{r: r, size: size, off: -1}
}

// errShort is returned when a read would go past the end of the file.
var errShort = errors.New("read past end of file")

// peek returns n bytes at off from the read-ahead buffer, valid until the
// next call. n must be at most window.
func (s *src) peek(off int64, n int) ([]byte, error) {
	if off < 0 || n < 0 || n > window || off+int64(n) > s.size {
		return nil, errShort
	}
	if s.off < 0 || off < s.off || off+int64(n) > s.off+int64(len(s.buf)) {
		// Start the window a little before off: a frame-chain check reads
		// ahead and then steps back a byte, which must not reload.
		start := max(0, off-window/4)
		if off+int64(n) > start+window {
			start = off
		}
		l := min(int64(window), s.size-start)
		if s.buf == nil {
			s.buf = make([]byte, window)
		}
		s.buf = s.buf[:l]
		if _, err := s.r.ReadAt(s.buf, start); err != nil && !(errors.Is(err, io.EOF) && len(s.buf) > 0) {
			s.off = -1
			return nil, fmt.Errorf("read at %d: %w", start, err)
		}
		s.off = start
	}
	i := off - s.off
	return s.buf[i : i+int64(n)], nil
}

// read returns a fresh copy of n bytes at off; n is checked against the file
// size and maxRead before anything is allocated.
func (s *src) read(off, n int64) ([]byte, error) {
	if off < 0 || n < 0 || off+n > s.size || off+n < off {
		return nil, errShort
	}
	if n > maxRead {
		return nil, fmt.Errorf("%w: %d-byte read over the %d limit", ErrUnsupported, n, maxRead)
	}
	b := make([]byte, n)
	if _, err := s.r.ReadAt(b, off); err != nil && !(errors.Is(err, io.EOF) && n > 0) {
		return nil, fmt.Errorf("read at %d: %w", off, err)
	}
	return b, nil
}

// section is the file from off to end as an io.ReadSeeker, for dhowden/tag.
func (s *src) section(off, end int64) *io.SectionReader {
	return io.NewSectionReader(s.r, off, end-off)
}
