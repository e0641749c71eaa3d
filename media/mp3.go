package media

import (
	"fmt"
	"time"
)

// mp3Prober reads MPEG audio streams (MPEG-1, 2 and 2.5; Layers I-III) with
// ID3v2 in front, ID3v1/APEv2/Lyrics3 at the end and junk anywhere.
type mp3Prober struct{}

// mpegHeader is one decoded 4-byte MPEG audio frame header.
type mpegHeader struct {
	version    int // 1, 2, or 25 for MPEG-2.5
	layer      int // 1, 2, 3
	bitrate    int // bits/s
	sampleRate int
	channels   int
	size       int // frame bytes, header included
	samples    int // per frame
}

var (
	mpegBitrates = [2][3][15]int{ // [v1, v2/2.5][layer-1][index], kbit/s
		{{0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448},
			{0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384},
			{0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320}},
		{{0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256},
			{0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160},
			{0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160}},
	}
	mpegRates = map[int][3]int{1: {44100, 48000, 32000}, 2: {22050, 24000, 16000}, 25: {11025, 12000, 8000}}
)

// freeFormat reports whether the stream at off starts with a free-format
// frame header (bitrate index 0, which parseMPEGHeader refuses) that
// recurs within the largest free-format frame: what lame --freeformat
// writes.
func freeFormat(s *src, off int64) bool {
	h, err := s.peek(off, 4)
	if err != nil || h[2]>>4 != 0 {
		return false
	}
	// The rest of the header must hold as parseMPEGHeader checks it, with
	// any standard bitrate in place of the free one.
	if _, ok := parseMPEGHeader([]byte{h[0], h[1], h[2] | 1<<4, h[3]}); !ok {
		return false
	}
	head := [3]byte{h[0], h[1], h[2] &^ 3} // without padding and private bits
	const maxFrame = 11520                 // 640 kb/s, Layer III at 8 kHz
	b, err := s.peek(off+4, int(min(maxFrame, s.size-off-4)))
	if err != nil {
		return false
	}
	for i := 0; i+3 <= len(b); i++ {
		if b[i] == head[0] && b[i+1] == head[1] && b[i+2]&^3 == head[2] {
			return true
		}
	}
	return false
}

// parseMPEGHeader decodes b[0:4]; free-format and reserved values are not
// valid headers (free format cannot be walked without decoding).
func parseMPEGHeader(b []byte) (mpegHeader, bool) {
	var h mpegHeader
	if len(b) < 4 || b[0] != 0xFF || b[1]&0xE0 != 0xE0 {
		return h, false
	}
	switch (b[1] >> 3) & 3 {
	case 0:
		h.version = 25
	case 2:
		h.version = 2
	case 3:
		h.version = 1
	default:
		return h, false
	}
	h.layer = 4 - int((b[1]>>1)&3)
	bi, si := int(b[2]>>4), int((b[2]>>2)&3)
	if h.layer == 4 || bi == 0 || bi == 15 || si == 3 || b[3]&3 == 2 {
		return h, false
	}
	vi := 0
	if h.version != 1 {
		vi = 1
	}
	h.bitrate = mpegBitrates[vi][h.layer-1][bi] * 1000
	h.sampleRate = mpegRates[h.version][si]
	pad := int(b[2]>>1) & 1
	h.channels = 2
	if b[3]>>6 == 3 {
		h.channels = 1
	}
	switch {
	case h.layer == 1:
		h.samples = 384
		h.size = (12*h.bitrate/h.sampleRate + pad) * 4
	case h.layer == 3 && h.version != 1:
		h.samples = 576
		h.size = 72*h.bitrate/h.sampleRate + pad
	default:
		h.samples = 1152
		h.size = 144*h.bitrate/h.sampleRate + pad
	}
	return h, true
}

// sameStream reports whether h can follow ref in one stream.
func (h mpegHeader) sameStream(ref mpegHeader) bool {
	return h.version == ref.version && h.layer == ref.layer && h.sampleRate == ref.sampleRate
}

// chainLen is how many consecutive valid headers make a sync.
const chainLen = 4

// headerAt decodes the frame header at off, if there is one.
func headerAt(s *src, off, end int64) (mpegHeader, bool) {
	if off+4 > end {
		return mpegHeader{}, false
	}
	b, err := s.peek(off, 4)
	if err != nil {
		return mpegHeader{}, false
	}
	return parseMPEGHeader(b)
}

// chainAt reports whether a chain of frames starts at off: chainLen
// consistent headers back to back, or fewer that end exactly at (or are cut
// by) the end of the audio. ref.version == 0 accepts any first header.
func chainAt(s *src, off, end int64, ref mpegHeader) (mpegHeader, bool) {
	first, ok := headerAt(s, off, end)
	if !ok || (ref.version != 0 && !first.sameStream(ref)) {
		return first, false
	}
	p := off
	for i := 0; i < chainLen; i++ {
		h, ok := headerAt(s, p, end)
		if !ok || !h.sameStream(first) {
			return first, false
		}
		p += int64(h.size)
		if p >= end {
			return first, true
		}
	}
	return first, true
}

// firstSyncLimit bounds the search for the first frame: a file with no
// frame chain in its first megabytes is not an MPEG stream.
const firstSyncLimit = 4 << 20

// syncFrom finds the next frame chain at or after off, or -1.
func syncFrom(s *src, off, end int64, ref mpegHeader) (int64, mpegHeader) {
	scanEnd := end
	if ref.version == 0 {
		scanEnd = min(end, off+firstSyncLimit)
	}
	for p := off; p+4 <= scanEnd; p++ {
		b, err := s.peek(p, 1)
		if err != nil {
			return -1, mpegHeader{}
		}
		if b[0] != 0xFF {
			continue
		}
		if h, ok := chainAt(s, p, end, ref); ok {
			return p, h
		}
	}
	return -1, mpegHeader{}
}

func (mp3Prober) probe(s *src, info *Info) error {
	start, tag, err := skipID3v2(s)
	if err != nil {
		return err
	}
	end, tails := audioEnd(s, start)
	first, h := syncFrom(s, start, end, mpegHeader{})
	if first < 0 {
		if freeFormat(s, start) {
			return fmt.Errorf("%w: free-format MP3 (no standard bitrate), which ffmpeg and most podcast apps "+
				"cannot decode; re-encode it at a standard bitrate, e.g. lame --decode in.mp3 tmp.wav && lame -b 128 tmp.wav out.mp3",
				ErrUnsupported)
		}
		if start > 0 {
			return fmt.Errorf("%w: no complete MPEG frame after the ID3 tag", ErrTruncated)
		}
		return fmt.Errorf("%w: no MPEG audio frames found", ErrNotAudio)
	}
	info.Container, info.MIME, info.HeaderBytes = "mp3", "audio/mpeg", first
	info.Codec = "mp3"
	if h.layer != 3 {
		info.Codec = fmt.Sprintf("mp%d", h.layer)
	}
	info.SampleRate, info.Channels = h.sampleRate, h.channels

	// The Xing/Info frame is a header, not audio: decoders play the frames
	// after it, minus the LAME encoder delay and padding.
	var samples, audioBytes int64
	var mode string
	var cut bool           // the file ends inside a frame, or before the bytes Xing counts
	var want time.Duration // what Xing says, when it says more than the file holds
	audioStart := first
	x, hasXing := readXing(s, first, end, h)
	if hasXing {
		audioStart += int64(h.size)
	}
	// Xing counting more bytes than the file has (beyond the header frame
	// it may count in) means a cut file: its frames are counted instead.
	short := hasXing && x.bytes > end-audioStart+int64(h.size)
	switch {
	case hasXing && !short && x.trusted(end-audioStart, h):
		samples, audioBytes, mode = x.frames*int64(h.samples), end-audioStart, x.mode
		if x.lame && samples > int64(x.delay+x.pad) {
			samples -= int64(x.delay + x.pad)
		}
	default:
		samples, audioBytes, mode, cut, err = countFrames(s, audioStart, end, h)
		if err != nil {
			return err
		}
		if short && x.frames*int64(h.samples) > samples+int64(h.samples) {
			cut = true
			want = ticks(uint64(max(0, x.frames*int64(h.samples)-int64(x.delay+x.pad))), uint32(h.sampleRate))
		}
		// A stale header (a cut or appended file): the padding is lost
		// or elsewhere; the decoder still skips the delay.
		if skip := int64(x.delay + 529); hasXing && x.lame && samples > skip {
			samples -= skip
		}
		if hasXing {
			mode = x.mode
		}
	}
	info.Duration = ticks(uint64(samples), uint32(h.sampleRate))
	info.Bitrate = bitrate(audioBytes, info.Duration)
	info.BitrateMode = mode
	if cut {
		what := "its last MPEG frame runs past the end of the file"
		switch {
		case want > 0 && x.mode == "cbr":
			what = "its Info header"
		case want > 0:
			what = "its Xing header"
		}
		info.truncated(what, want, info.Duration)
	}
	readID3Tags(s, tag, tails, info)
	return nil
}

// countFrames walks every frame header from first to end, resyncing on a
// valid frame chain after junk. A frame cut by the end of the file is not
// counted: its samples are not all there.
func countFrames(s *src, first, end int64, ref mpegHeader) (samples, audioBytes int64, mode string, cut bool, err error) {
	mode = "cbr"
	var frames int64
	p := first
	for p+4 <= end {
		h, ok := headerAt(s, p, end)
		if ok && h.sameStream(ref) {
			if p+int64(h.size) > end {
				cut = true
				break
			}
			if h.bitrate != ref.bitrate {
				mode = "vbr"
			}
			frames++
			samples += int64(h.samples)
			audioBytes += int64(h.size)
			p += int64(h.size)
			continue
		}
		p, _ = syncFrom(s, p+1, end, ref)
		if p < 0 {
			break
		}
	}
	if frames == 0 {
		return 0, 0, "", false, fmt.Errorf("%w: no complete MPEG frame", ErrTruncated)
	}
	return samples, audioBytes, mode, cut, nil
}
