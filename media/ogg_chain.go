package media

import (
	"bytes"
	"fmt"
	"time"
)

// A chained Ogg file is several links one after another, each with streams
// of its own (RFC 3533, 4): what `cat a.opus b.opus` makes, and what some
// recorders write when a setting changes. Its duration is the sum of the
// links'; the first link's last granule alone would be short of it.

// maxOggPages bounds the walk over a chained file's pages.
const maxOggPages = 1 << 22

// chained reports whether the file's last page belongs to another stream
// than the audio one that opens it: a chained file, or one whose other
// stream (video) happens to end last. Either way chainedDuration walks it;
// a plain audio file costs no more than its tail.
func chained(s *src, serial uint32, start int64) bool {
	pg, ok := lastOggPage(s, start, func(oggPage) bool { return true })
	return ok && pg.serial != serial
}

// oggLink is one link's audio stream and the last granule seen of it.
type oggLink struct {
	serial uint32
	st     oggStream
	last   int64
}

func (l *oggLink) duration() time.Duration {
	if l == nil || l.last-l.st.preSkip <= 0 {
		return 0
	}
	return ticks(uint64(l.last-l.st.preSkip), uint32(l.st.rate))
}

// chainedDuration walks every page and adds up the durations of the links'
// audio streams. A link starts with a run of beginning-of-stream pages; a
// page that does not parse is skipped to the next one that does.
func chainedDuration(s *src) (time.Duration, error) {
	var total time.Duration
	var cur *oggLink
	bos := false // in a link's run of beginning-of-stream pages
	for p, pages := int64(0), 0; p < s.size; pages++ {
		if pages >= maxOggPages {
			return 0, fmt.Errorf("%w: more than %d Ogg pages", ErrUnsupported, maxOggPages)
		}
		pg, ok := readOggPage(s, p)
		if !ok {
			if p, ok = nextOggPage(s, p+1); !ok {
				break
			}
			continue
		}
		p = pg.end
		if pg.flags&2 == 0 {
			bos = false
			if cur != nil && pg.serial == cur.serial && pg.granule > 0 {
				cur.last = pg.granule
			}
			continue
		}
		if !bos {
			total += cur.duration()
			cur, bos = nil, true
		}
		if cur != nil {
			continue // the link's audio stream is known; this is another stream
		}
		if id, err := oggIDHead(s, pg); err == nil {
			if st, err := parseOggID(id); err == nil {
				cur = &oggLink{serial: pg.serial, st: st}
			}
		}
	}
	total += cur.duration()
	if total <= 0 {
		return 0, fmt.Errorf("%w: chained Ogg stream with no samples", ErrTruncated)
	}
	return total, nil
}

// nextOggPage finds the next whole page with a good checksum at or after
// off, within a page's length.
func nextOggPage(s *src, off int64) (int64, bool) {
	if off >= s.size {
		return 0, false
	}
	b, err := s.read(off, min(oggTail, s.size-off))
	if err != nil {
		return 0, false
	}
	for i := 0; ; i++ {
		j := bytes.Index(b[i:], []byte("OggS"))
		if j < 0 {
			return 0, false
		}
		i += j
		if pg, ok := readOggPage(s, off+int64(i)); ok && oggCRCOK(s, pg) {
			return pg.off, true
		}
	}
}
