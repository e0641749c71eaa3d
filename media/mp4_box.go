package media

import (
	"encoding/binary"
	"fmt"
)

// maxBoxes bounds how many boxes one probe walks (a loop of boxes, a
// billion tiny boxes).
const maxBoxes = 1 << 16

// mp4Box is one box: its type and where its payload lives.
type mp4Box struct {
	typ        string
	off, end   int64 // the whole box in its parent
	start      int64 // payload start
	hasLargeSz bool
}

// topBoxes walks the file's top-level boxes and returns the first moov and
// mdat (typ "" when absent). Each box is checked to lie inside the file; a
// box running past the end is clipped (mdat of a truncated file).
func topBoxes(s *src) (moov, mdat mp4Box, err error) {
	for p, n := int64(0), 0; p+8 <= s.size; n++ {
		if n >= maxBoxes {
			return moov, mdat, fmt.Errorf("%w: too many MP4 boxes", ErrCorrupt)
		}
		b, err := s.peek(p, min(16, int(s.size-p)))
		if err != nil {
			return moov, mdat, err
		}
		bx, ok := parseBoxHeader(b, p, s.size)
		if !ok {
			if n == 0 {
				return moov, mdat, fmt.Errorf("%w: bad MP4 box at %d", ErrCorrupt, p)
			}
			break // trailing garbage
		}
		switch {
		case bx.typ == "moov" && moov.typ == "":
			moov = bx
		case bx.typ == "mdat" && mdat.typ == "":
			mdat = bx
		}
		p = bx.end
	}
	return moov, mdat, nil
}

// parseBoxHeader decodes the box header in b at file offset off; limit is
// the parent's end. A size that runs past limit is clipped to it.
func parseBoxHeader(b []byte, off, limit int64) (mp4Box, bool) {
	if len(b) < 8 {
		return mp4Box{}, false
	}
	size := int64(binary.BigEndian.Uint32(b))
	bx := mp4Box{typ: string(b[4:8]), off: off, start: off + 8}
	switch size {
	case 0:
		size = limit - off
	case 1:
		if len(b) < 16 {
			return mp4Box{}, false
		}
		u := binary.BigEndian.Uint64(b[8:])
		if u > uint64(limit) {
			u = uint64(limit)
		}
		size = int64(u)
		bx.start += 8
		bx.hasLargeSz = true
	}
	if size < bx.start-off {
		return mp4Box{}, false
	}
	for _, c := range b[4:8] {
		if c < 0x20 && c != 0 || c == 0x7F {
			return mp4Box{}, false
		}
	}
	bx.end = off + size
	if bx.end > limit {
		bx.end = limit
	}
	return bx, true
}

// childBoxes lists the boxes inside the in-memory payload b (whose first
// byte is at offset base of the parent), bounded by *budget.
func childBoxes(b []byte, budget *int) []mp4Box {
	var out []mp4Box
	for p := int64(0); p+8 <= int64(len(b)); {
		if *budget <= 0 {
			return out
		}
		*budget--
		bx, ok := parseBoxHeader(b[p:], p, int64(len(b)))
		if !ok {
			break
		}
		out = append(out, bx)
		p = bx.end
	}
	return out
}

// payload is bx's payload within its parent's bytes b.
func (bx mp4Box) payload(b []byte) []byte { return b[bx.start:bx.end] }

// find returns the payload of the first child of type typ, or nil.
func findBox(b []byte, typ string, budget *int) []byte {
	for _, c := range childBoxes(b, budget) {
		if c.typ == typ {
			return c.payload(b)
		}
	}
	return nil
}
