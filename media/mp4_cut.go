package media

import "encoding/binary"

// mp4Cut is the part of a track's samples whose bytes are in the file.
type mp4Cut struct {
	samples int64  // whole samples before the first that runs past the end
	total   int64  // samples in the track
	bytes   int64  // their bytes
	ticks   uint64 // their duration, media timescale
	last    uint32 // the last whole sample's duration
}

// mp4Whole finds, from the sample tables (stsz sizes, stsc samples per
// chunk, stco/co64 chunk offsets, stts durations), the samples before the
// first one whose bytes run past size: what a player can play of a cut
// file. ok is false when the tables are missing or do not agree.
func mp4Whole(stbl []byte, size int64, budget *int) (c mp4Cut, ok bool) {
	stsz, stsc := findBox(stbl, "stsz", budget), findBox(stbl, "stsc", budget)
	offs, wide := findBox(stbl, "stco", budget), false
	if offs == nil {
		offs, wide = findBox(stbl, "co64", budget), true
	}
	if len(stsz) < 12 || len(stsc) < 8 || len(offs) < 8 {
		return c, false
	}
	fixed := int64(binary.BigEndian.Uint32(stsz[4:]))
	c.total = int64(binary.BigEndian.Uint32(stsz[8:]))
	if fixed == 0 && int64(len(stsz)-12)/4 < c.total {
		return c, false
	}
	sizeOf := func(i int64) int64 {
		if fixed != 0 {
			return fixed
		}
		return int64(binary.BigEndian.Uint32(stsz[12+4*i:]))
	}
	nChunks := int64(binary.BigEndian.Uint32(offs[4:]))
	step := int64(4)
	if wide {
		step = 8
	}
	nChunks = min(nChunks, int64(len(offs)-8)/step)
	nRuns := min(int64(binary.BigEndian.Uint32(stsc[4:])), int64(len(stsc)-8)/12)
	var sample int64
	run := int64(0)
	for ch := int64(0); ch < nChunks && sample < c.total; ch++ {
		// The stsc run this chunk (1-based first_chunk) belongs to.
		for run+1 < nRuns && int64(binary.BigEndian.Uint32(stsc[8+12*(run+1):])) <= ch+1 {
			run++
		}
		if nRuns == 0 {
			return c, false
		}
		per := int64(binary.BigEndian.Uint32(stsc[8+12*run+4:]))
		var off int64
		if wide {
			off = int64(binary.BigEndian.Uint64(offs[8+8*ch:]))
		} else {
			off = int64(binary.BigEndian.Uint32(offs[8+4*ch:]))
		}
		if fixed != 0 {
			n := min(per, c.total-sample)
			fit := int64(0)
			if off >= 0 && off < size {
				fit = (size - off) / fixed
			}
			sample, c.bytes = sample+min(n, fit), c.bytes+min(n, fit)*fixed
			if fit < n {
				break
			}
			continue
		}
		for k := int64(0); k < per && sample < c.total; k++ {
			n := sizeOf(sample)
			if off < 0 || off+n > size {
				c.samples = sample
				c.ticks, c.last = sttsSum(findBox(stbl, "stts", budget), sample)
				return c, true
			}
			off += n
			c.bytes += n
			sample++
		}
	}
	c.samples = sample
	c.ticks, c.last = sttsSum(findBox(stbl, "stts", budget), sample)
	return c, true
}

// sttsSum is the duration of the first n samples by stts, and the last
// one's.
func sttsSum(b []byte, n int64) (sum uint64, last uint32) {
	if len(b) < 8 {
		return 0, 0
	}
	runs := min(int(binary.BigEndian.Uint32(b[4:])), (len(b)-8)/8)
	for i := 0; i < runs && n > 0; i++ {
		cnt := int64(binary.BigEndian.Uint32(b[8+8*i:]))
		d := binary.BigEndian.Uint32(b[12+8*i:])
		k := min(cnt, n)
		if k > 0 {
			sum += uint64(k) * uint64(d)
			last = d
		}
		n -= k
	}
	return sum, last
}
