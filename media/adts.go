package media

import (
	"fmt"
)

// adtsProber reads raw AAC in ADTS frames: every frame header is counted
// (1024 samples per raw data block), which is what a decoder plays.
type adtsProber struct{}

// adtsHeader decodes the 7-byte ADTS header at b.
func adtsHeader(b []byte) (size, blocks, rate, channels int, ok bool) {
	if len(b) < 7 || b[0] != 0xFF || b[1]&0xF6 != 0xF0 {
		return 0, 0, 0, 0, false
	}
	fi := int(b[2]>>2) & 0xF
	if fi >= len(aacRates) {
		return 0, 0, 0, 0, false
	}
	channels = int(b[2]&1)<<2 | int(b[3]>>6)
	size = int(b[3]&3)<<11 | int(b[4])<<3 | int(b[5]>>5)
	blocks = int(b[6]&3) + 1
	hl := 7
	if b[1]&1 == 0 {
		hl = 9
	}
	if size < hl {
		return 0, 0, 0, 0, false
	}
	return size, blocks, aacRates[fi], channels, true
}

func (adtsProber) probe(s *src, info *Info) error {
	start, tag, err := skipID3v2(s)
	if err != nil {
		return err
	}
	end, tl := audioEnd(s, start)
	var samples, bytes int64
	var rate, channels, frames int
	cut := false
	for p := start; p+7 <= end; {
		b, err := s.peek(p, 7)
		if err != nil {
			break
		}
		size, blocks, r, ch, ok := adtsHeader(b)
		if !ok || (rate != 0 && r != rate) {
			if frames == 0 {
				return fmt.Errorf("%w: no ADTS frames", ErrNotAudio)
			}
			break // junk or a tag after the audio
		}
		if p+int64(size) > end {
			cut = true // a cut last frame
			break
		}
		rate, channels = r, ch
		samples += int64(blocks) * 1024
		bytes += int64(size)
		frames++
		p += int64(size)
	}
	if frames == 0 {
		return fmt.Errorf("%w: no complete ADTS frame", ErrTruncated)
	}
	info.Container, info.Codec, info.MIME = "aac", "aac", "audio/aac"
	info.SampleRate, info.Channels, info.BitrateMode = rate, channels, "vbr"
	info.HeaderBytes = start
	info.Duration = ticks(uint64(samples), uint32(rate))
	info.Bitrate = bitrate(bytes, info.Duration)
	if cut {
		info.truncated("its last ADTS frame runs past the end of the file", 0, info.Duration)
	}
	readID3Tags(s, tag, tl, info)
	return nil
}
