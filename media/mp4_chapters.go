package media

import (
	"encoding/binary"
	"time"
	"unicode/utf16"
)

// maxChapters bounds the chapters read from one file.
const maxChapters = 4096

// neroChapters reads a Nero chpl box: start times in 100 ns units.
func neroChapters(b []byte) []Chapter {
	if len(b) < 5 {
		return nil
	}
	p := 4
	if b[0] == 1 {
		p += 4
	}
	if p >= len(b) {
		return nil
	}
	n := int(b[p])
	p++
	var cs []Chapter
	for i := 0; i < n && p+9 <= len(b); i++ {
		start := binary.BigEndian.Uint64(b[p:])
		l := int(b[p+8])
		p += 9
		if p+l > len(b) {
			break
		}
		cs = append(cs, Chapter{Start: time.Duration(start * 100), Title: clean(string(b[p : p+l]))})
		p += l
	}
	return cs
}

// textTrackChapters reads the QuickTime chapter track the audio track's
// tref/chap points at: one text sample per chapter (2-byte length, text).
func textTrackChapters(s *src, audio *mp4Track, tracks []mp4Track, budget *int) []Chapter {
	var t *mp4Track
	for _, id := range audio.chap {
		for i := range tracks {
			if tracks[i].id == id && tracks[i].timescale > 0 && tracks[i].stbl != nil {
				t = &tracks[i]
			}
		}
	}
	if t == nil {
		return nil
	}
	times := sampleTimes(findBox(t.stbl, "stts", budget))
	offs := sampleOffsets(t.stbl, len(times), budget)
	var cs []Chapter
	for i := range min(len(times), len(offs)) {
		b, err := s.read(offs[i], min(1024, s.size-offs[i]))
		if err != nil || len(b) < 2 {
			continue
		}
		n := int(binary.BigEndian.Uint16(b))
		if 2+n > len(b) {
			n = len(b) - 2
		}
		c := Chapter{Start: ticks(times[i], t.timescale), Title: clean(textSample(b[2 : 2+n]))}
		if i+1 < len(times) {
			c.End = ticks(times[i+1], t.timescale)
		} else {
			c.End = ticks(t.duration, t.timescale)
		}
		cs = append(cs, c)
	}
	return cs
}

// textSample decodes a QuickTime text sample: UTF-8, or UTF-16 with a BOM.
func textSample(b []byte) string {
	if len(b) >= 2 && (b[0] == 0xFE && b[1] == 0xFF || b[0] == 0xFF && b[1] == 0xFE) {
		be := b[0] == 0xFE
		u := make([]uint16, 0, len(b)/2)
		for i := 2; i+1 < len(b); i += 2 {
			if be {
				u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
			} else {
				u = append(u, uint16(b[i+1])<<8|uint16(b[i]))
			}
		}
		return string(utf16.Decode(u))
	}
	return string(b)
}

// sampleTimes expands stts into each sample's start time (at most
// maxChapters samples).
func sampleTimes(b []byte) []uint64 {
	if len(b) < 8 {
		return nil
	}
	n := binary.BigEndian.Uint32(b[4:])
	var out []uint64
	var t uint64
	for i, p := uint32(0), 8; i < n && p+8 <= len(b); i, p = i+1, p+8 {
		count, delta := binary.BigEndian.Uint32(b[p:]), binary.BigEndian.Uint32(b[p+4:])
		for j := uint32(0); j < count; j++ {
			if len(out) >= maxChapters {
				return out
			}
			out = append(out, t)
			t += uint64(delta)
		}
	}
	return out
}

// sampleOffsets computes the file offsets of the first n samples from
// stsc, stsz and stco/co64.
func sampleOffsets(stbl []byte, n int, budget *int) []int64 {
	var chunks []int64
	if b := findBox(stbl, "stco", budget); len(b) >= 8 {
		for i, p := uint32(0), 8; i < binary.BigEndian.Uint32(b[4:]) && p+4 <= len(b) && len(chunks) < maxChapters; i, p = i+1, p+4 {
			chunks = append(chunks, int64(binary.BigEndian.Uint32(b[p:])))
		}
	} else if b := findBox(stbl, "co64", budget); len(b) >= 8 {
		for i, p := uint32(0), 8; i < binary.BigEndian.Uint32(b[4:]) && p+8 <= len(b) && len(chunks) < maxChapters; i, p = i+1, p+8 {
			chunks = append(chunks, int64(binary.BigEndian.Uint64(b[p:])))
		}
	}
	sz := findBox(stbl, "stsz", budget)
	sc := findBox(stbl, "stsc", budget)
	if len(sz) < 12 || len(sc) < 8 || len(chunks) == 0 {
		return nil
	}
	fixed := binary.BigEndian.Uint32(sz[4:])
	sizeOf := func(i int) int64 {
		if fixed != 0 {
			return int64(fixed)
		}
		if p := 12 + 4*i; p+4 <= len(sz) {
			return int64(binary.BigEndian.Uint32(sz[p:]))
		}
		return 0
	}
	entries := int(binary.BigEndian.Uint32(sc[4:]))
	var out []int64
	sample := 0
	for e := 0; e < entries && 8+12*e+12 <= len(sc); e++ {
		first := int(binary.BigEndian.Uint32(sc[8+12*e:])) - 1
		per := int(binary.BigEndian.Uint32(sc[8+12*e+4:]))
		last := len(chunks)
		if e+1 < entries && 8+12*(e+1)+4 <= len(sc) {
			last = min(last, int(binary.BigEndian.Uint32(sc[8+12*(e+1):]))-1)
		}
		for c := max(first, 0); c < last; c++ {
			off := chunks[c]
			for k := 0; k < per; k++ {
				if sample >= n {
					return out
				}
				out = append(out, off)
				off += sizeOf(sample)
				sample++
			}
		}
	}
	return out
}
