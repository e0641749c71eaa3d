package media

import "encoding/binary"

// flacTail is how far back from the end the last FLAC frame is looked for.
const flacTail = 256 << 10

// flacLastSample finds the sample count of a FLAC stream whose STREAMINFO
// does not give it (a streamed encode): the last frame header with a valid
// CRC-8 gives its first sample and its block size.
func flacLastSample(s *src, audioStart int64, fixedBlock int) uint64 {
	from := max(audioStart, s.size-flacTail)
	b, err := s.read(from, s.size-from)
	if err != nil {
		return 0
	}
	for i := len(b) - 2; i >= 0; i-- {
		if b[i] != 0xFF || b[i+1]&0xFE != 0xF8 {
			continue
		}
		if first, n, ok := flacFrameHeader(b[i:], fixedBlock); ok {
			return first + uint64(n)
		}
	}
	return 0
}

// flacFrameHeader decodes a frame header: the frame's first sample number
// and its block size; ok only when the header's CRC-8 matches.
func flacFrameHeader(b []byte, fixedBlock int) (first uint64, block int, ok bool) {
	if len(b) < 6 {
		return 0, 0, false
	}
	variable := b[1]&1 == 1
	bsCode, srCode := int(b[2]>>4), int(b[2]&0xF)
	if bsCode == 0 || srCode == 15 || b[3]>>4 > 10 || b[3]&1 != 0 {
		return 0, 0, false
	}
	// The frame or sample number, UTF-8 coded (up to 7 bytes).
	p := 4
	c := b[p]
	n := 0
	switch {
	case c < 0x80:
		n = 0
	case c&0xE0 == 0xC0:
		n = 1
	case c&0xF0 == 0xE0:
		n = 2
	case c&0xF8 == 0xF0:
		n = 3
	case c&0xFC == 0xF8:
		n = 4
	case c&0xFE == 0xFC:
		n = 5
	case c == 0xFE:
		n = 6
	default:
		return 0, 0, false
	}
	if len(b) < p+1+n+5 {
		return 0, 0, false
	}
	num := uint64(c & (0x7F >> n))
	if n == 6 {
		num = 0
	}
	for k := 1; k <= n; k++ {
		if b[p+k]&0xC0 != 0x80 {
			return 0, 0, false
		}
		num = num<<6 | uint64(b[p+k]&0x3F)
	}
	p += 1 + n
	switch {
	case bsCode == 1:
		block = 192
	case bsCode <= 5:
		block = 576 << (bsCode - 2)
	case bsCode == 6:
		block = int(b[p]) + 1
		p++
	case bsCode == 7:
		block = int(binary.BigEndian.Uint16(b[p:])) + 1
		p += 2
	default:
		block = 256 << (bsCode - 8)
	}
	switch srCode {
	case 12:
		p++
	case 13, 14:
		p += 2
	}
	if p >= len(b) || crc8(b[:p]) != b[p] {
		return 0, 0, false
	}
	if variable {
		return num, block, true
	}
	if fixedBlock == 0 {
		fixedBlock = block
	}
	return num * uint64(fixedBlock), block, true
}

// crc8 is FLAC's frame header CRC (polynomial 0x07).
func crc8(b []byte) byte {
	var c byte
	for _, x := range b {
		c ^= x
		for range 8 {
			if c&0x80 != 0 {
				c = c<<1 ^ 0x07
			} else {
				c <<= 1
			}
		}
	}
	return c
}

// flacWhole is how many samples of a stream of total samples the file
// holds: a file cut short ends inside, or right after, a frame whose
// header says that more samples follow. The samples up to the last frame
// count, and that frame's too when its CRC-16 shows it whole. cut is false
// for a file that ends with the stream's last frame.
func flacWhole(s *src, audioStart int64, fixedBlock int, total uint64) (samples uint64, cut bool) {
	from := max(audioStart, s.size-flacTail)
	b, err := s.read(from, s.size-from)
	if err != nil {
		return 0, false
	}
	for i := len(b) - 2; i >= 0; i-- {
		if b[i] != 0xFF || b[i+1]&0xFE != 0xF8 {
			continue
		}
		first, n, ok := flacFrameHeader(b[i:], fixedBlock)
		if !ok {
			continue
		}
		if first+uint64(n) >= total || first >= total {
			return 0, false
		}
		if f := b[i:]; len(f) > 8 && crc16(f[:len(f)-2]) == binary.BigEndian.Uint16(f[len(f)-2:]) {
			return first + uint64(n), true
		}
		return first, true
	}
	return 0, false
}

// crc16 is FLAC's frame CRC (polynomial 0x8005), over the whole frame.
func crc16(b []byte) uint16 {
	var c uint16
	for _, x := range b {
		c ^= uint16(x) << 8
		for range 8 {
			if c&0x8000 != 0 {
				c = c<<1 ^ 0x8005
			} else {
				c <<= 1
			}
		}
	}
	return c
}
