package media

import "encoding/binary"

// readXing reads the Xing/Info (with the LAME tag) or VBRI header in the
// first frame. It returns the stream's sample count (LAME encoder delay and
// padding removed, the way decoders play it), the audio bytes and the
// bitrate mode. ok is false when there is no usable header, or when its
// frame count is implausible for the bytes in the file (then the caller
// counts frames).
func readXing(s *src, first, end int64, h mpegHeader) (samples, audioBytes int64, mode string, ok bool) {
	b, err := s.peek(first, min(h.size, int(end-first)))
	if err != nil || len(b) < 4 {
		return 0, 0, "", false
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
	var frames int64
	x := 4 + side
	audio := end - first - int64(h.size) // bytes after the header frame
	switch {
	case h.layer == 3 && len(b) >= x+8 && (string(b[x:x+4]) == "Xing" || string(b[x:x+4]) == "Info"):
		mode = "vbr"
		if string(b[x:x+4]) == "Info" {
			mode = "cbr"
		}
		flags := binary.BigEndian.Uint32(b[x+4:])
		if flags&1 == 0 || len(b) < x+12 {
			return 0, 0, "", false
		}
		frames = int64(binary.BigEndian.Uint32(b[x+8:]))
		samples = frames * int64(h.samples)
		if delay, pad, ok := lameGapless(b, x+120); ok && samples > int64(delay+pad) {
			samples -= int64(delay + pad)
		}
	case len(b) >= 36+18 && string(b[36:40]) == "VBRI":
		mode = "vbr"
		frames = int64(binary.BigEndian.Uint32(b[36+14:]))
		samples = frames * int64(h.samples)
	default:
		return 0, 0, "", false
	}
	if frames == 0 || audio <= 0 {
		return 0, 0, "", false
	}
	// Plausibility: the average frame size the header implies must be one
	// a real frame of this stream can have (8 to 640 kbit/s), so a lying
	// or stale header falls back to counting frames.
	perFrame := float64(audio) / float64(frames)
	lo := float64(h.samples) / 8 * 8000 / float64(h.sampleRate)
	hi := float64(h.samples)/8*640000/float64(h.sampleRate) + 1
	if perFrame < lo*0.9 || perFrame > hi {
		return 0, 0, "", false
	}
	return samples, audio, mode, true
}

// lameGapless reads the encoder delay and padding from a LAME (or Lavc)
// tag at off in the first frame.
func lameGapless(b []byte, off int) (delay, pad int, ok bool) {
	if len(b) < off+24 {
		return 0, 0, false
	}
	enc := string(b[off : off+4])
	if enc != "LAME" && enc != "Lavc" && enc != "Lavf" && enc != "GOGO" && enc != "L3.9" {
		return 0, 0, false
	}
	d := b[off+21:]
	delay = int(d[0])<<4 | int(d[1])>>4
	pad = int(d[1]&0x0F)<<8 | int(d[2])
	return delay, pad, true
}
