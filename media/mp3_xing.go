package media

import "encoding/binary"

// xingInfo is what the first frame's Xing/Info (+ LAME) or VBRI header says.
type xingInfo struct {
	frames     int64 // audio frames after the header frame
	bytes      int64 // stream bytes, 0 when not given
	delay, pad int   // LAME encoder delay and padding, in samples
	lame       bool
	mode       string // "vbr" for Xing/VBRI, "cbr" for Info
}

// readXing reads the Xing/Info (with the LAME tag) or VBRI header in the
// first frame at first; ok is false when the frame has none.
func readXing(s *src, first, end int64, h mpegHeader) (x xingInfo, ok bool) {
	b, err := s.peek(first, min(h.size, int(end-first)))
	if err != nil || len(b) < 4 {
		return x, false
	}
	side := 32 // side information size after the header
	switch {
	case h.version == 1 && h.channels == 1:
		side = 17
	case h.version != 1 && h.channels == 2:
		side = 17
	case h.version != 1:
		side = 9
	}
	o := 4 + side
	if b[1]&1 == 0 {
		o += 2 // CRC after the header
	}
	switch {
	case h.layer == 3 && len(b) >= o+8 && (string(b[o:o+4]) == "Xing" || string(b[o:o+4]) == "Info"):
		x.mode = "vbr"
		if string(b[o:o+4]) == "Info" {
			x.mode = "cbr"
		}
		flags := binary.BigEndian.Uint32(b[o+4:])
		p := o + 8
		if flags&1 == 0 || len(b) < p+4 {
			return x, false
		}
		x.frames = int64(binary.BigEndian.Uint32(b[p:]))
		p += 4
		if flags&2 != 0 && len(b) >= p+4 {
			x.bytes = int64(binary.BigEndian.Uint32(b[p:]))
		}
		x.delay, x.pad, x.lame = lameGapless(b, o+120)
	case len(b) >= 36+18 && string(b[36:40]) == "VBRI":
		x.mode = "vbr"
		x.bytes = int64(binary.BigEndian.Uint32(b[36+10:]))
		x.frames = int64(binary.BigEndian.Uint32(b[36+14:]))
	default:
		return x, false
	}
	return x, x.frames > 0
}

// trusted reports whether the header's counts fit the file: its byte count
// (when given) matches the bytes there are, and the average frame size it
// implies is one a frame of this stream can have (8 to 640 kbit/s). A
// truncated, appended-to or lying file fails and gets its frames counted.
func (x xingInfo) trusted(audio int64, h mpegHeader) bool {
	if audio <= 0 {
		return false
	}
	if x.bytes > 0 {
		diff := x.bytes - audio
		if diff < 0 {
			diff = -diff
		}
		// Xing counts the header frame in or out depending on the encoder.
		if diff > int64(h.size)+max(audio/100, 4096) {
			return false
		}
	}
	perFrame := float64(audio) / float64(x.frames)
	lo := float64(h.samples) / 8 * 8000 / float64(h.sampleRate)
	hi := float64(h.samples)/8*640000/float64(h.sampleRate) + 1
	return perFrame >= lo*0.9 && perFrame <= hi
}

// lameGapless reads the encoder delay and padding from a LAME (or Lavc)
// tag at off in the first frame.
func lameGapless(b []byte, off int) (delay, pad int, ok bool) {
	if len(b) < off+24 {
		return 0, 0, false
	}
	enc := string(b[off : off+4])
	if enc != "LAME" && enc != "Lavc" && enc != "Lavf" { // the tags decoders honour
		return 0, 0, false
	}
	d := b[off+21:]
	delay = int(d[0])<<4 | int(d[1])>>4
	pad = int(d[1]&0x0F)<<8 | int(d[2])
	return delay, pad, true
}
