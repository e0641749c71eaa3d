package media

import "encoding/binary"

// fragTotals is what the movie fragments say about one track.
type fragTotals struct {
	duration    uint64 // media timescale
	bytes       int64
	first, last uint32 // first and last sample durations
	samples     int64
	defaultDur  uint32 // from trex
	defaultSize uint32
	trackID     uint32
	// fileSize bounds the sample data: a sample whose bytes run past it
	// is not counted, nor is any after it, and cut is set.
	fileSize int64
	cut      bool
}

// trexDefaults reads moov/mvex/trex for the track's default sample duration
// and size.
func trexDefaults(mvex []byte, id uint32, budget *int) (dur, size uint32) {
	for _, c := range childBoxes(mvex, budget) {
		p := c.payload(mvex)
		if c.typ == "trex" && len(p) >= 20 && binary.BigEndian.Uint32(p[4:]) == id {
			return binary.BigEndian.Uint32(p[12:]), binary.BigEndian.Uint32(p[16:])
		}
	}
	return 0, 0
}

// fragments sums the samples of track t over every moof in the file (a
// fragmented MP4 has an empty sample table in moov).
func fragments(s *src, f *fragTotals, budget *int) {
	for p, n := int64(0), 0; p+8 <= s.size && n < maxBoxes; n++ {
		b, err := s.peek(p, min(16, int(s.size-p)))
		if err != nil {
			return
		}
		bx, ok := parseBoxHeader(b, p, s.size)
		if !ok {
			return
		}
		if bx.typ == "moof" {
			m, err := s.read(bx.start, bx.end-bx.start)
			if err != nil {
				return
			}
			for _, c := range childBoxes(m, budget) {
				if c.typ == "traf" {
					f.traf(c.payload(m), bx.off, budget)
				}
			}
		}
		p = bx.end
	}
}

// traf adds one track fragment's samples when it is f's track; their data
// starts at the moof box (moof is its offset) unless tfhd says otherwise.
func (f *fragTotals) traf(b []byte, moof int64, budget *int) {
	tfhd := findBox(b, "tfhd", budget)
	if len(tfhd) < 8 || binary.BigEndian.Uint32(tfhd[4:]) != f.trackID {
		return
	}
	flags := binary.BigEndian.Uint32(tfhd) & 0xFFFFFF
	dur, size := f.defaultDur, f.defaultSize
	base := moof
	if flags&0x01 != 0 && len(tfhd) >= 16 {
		base = int64(binary.BigEndian.Uint64(tfhd[8:]))
	}
	p := 8
	for _, fl := range []struct {
		bit uint32
		n   int
		dst *uint32
	}{{0x01, 8, nil}, {0x02, 4, nil}, {0x08, 4, &dur}, {0x10, 4, &size}} {
		if flags&fl.bit == 0 {
			continue
		}
		if p+fl.n > len(tfhd) {
			return
		}
		if fl.dst != nil {
			*fl.dst = binary.BigEndian.Uint32(tfhd[p:])
		}
		p += fl.n
	}
	at := base
	for _, c := range childBoxes(b, budget) {
		if c.typ == "trun" {
			f.trun(c.payload(b), dur, size, base, &at)
		}
	}
}

// trun adds a track run's sample durations and sizes. Its data starts at
// base plus its data offset, or else at *at, where the run before ended.
func (f *fragTotals) trun(b []byte, dur, size uint32, base int64, at *int64) {
	if len(b) < 8 || f.cut {
		return
	}
	flags := binary.BigEndian.Uint32(b) & 0xFFFFFF
	n := binary.BigEndian.Uint32(b[4:])
	p := 8
	if flags&0x01 != 0 {
		if len(b) < 12 {
			return
		}
		*at = base + int64(int32(binary.BigEndian.Uint32(b[8:])))
		p += 4
	}
	if flags&0x04 != 0 {
		p += 4
	}
	per := 0
	for _, bit := range []uint32{0x100, 0x200, 0x400, 0x800} {
		if flags&bit != 0 {
			per += 4
		}
	}
	if per == 0 { // every sample takes the defaults
		if fit := (f.fileSize - *at) / max(int64(size), 1); fit < int64(n) {
			n, f.cut = uint32(max(fit, 0)), true
		}
		f.add(uint64(n), dur, int64(size)*int64(n))
		*at += int64(size) * int64(n)
		return
	}
	for i := uint32(0); i < n && p+per <= len(b); i++ {
		d, sz, q := dur, size, p
		if flags&0x100 != 0 {
			d = binary.BigEndian.Uint32(b[q:])
			q += 4
		}
		if flags&0x200 != 0 {
			sz = binary.BigEndian.Uint32(b[q:])
		}
		if *at+int64(sz) > f.fileSize {
			f.cut = true
			return
		}
		*at += int64(sz)
		f.add(1, d, int64(sz))
		p += per
	}
}

func (f *fragTotals) add(n uint64, dur uint32, bytes int64) {
	if n == 0 {
		return
	}
	if f.samples == 0 {
		f.first = dur
	}
	f.last = dur
	f.samples += int64(n)
	f.duration += n * uint64(dur)
	f.bytes += bytes
}
