package media

import (
	"encoding/binary"
	"fmt"
	"math"
	"strings"

	"github.com/dhowden/tag"
)

// aiffProber reads AIFF and AIFC: COMM's sample frame count over its rate.
type aiffProber struct{}

func (aiffProber) probe(s *src, info *Info) error {
	head, err := s.peek(0, 12)
	if err != nil {
		return fmt.Errorf("%w: short AIFF header", ErrTruncated)
	}
	aifc := string(head[8:12]) == "AIFC"
	var frames uint32
	var rate float64
	var channels, bits int
	compression := "NONE"
	var dataOff int64 = -1
	for p, n := int64(12), 0; p+8 <= s.size && n < maxBoxes; n++ {
		h, err := s.peek(p, 8)
		if err != nil {
			break
		}
		id, size := string(h[:4]), int64(binary.BigEndian.Uint32(h[4:]))
		body := p + 8
		switch id {
		case "COMM":
			b, err := s.peek(body, min(22, int(s.size-body)))
			if err != nil || len(b) < 18 {
				return fmt.Errorf("%w: short AIFF COMM chunk", ErrCorrupt)
			}
			channels, frames, bits = int(binary.BigEndian.Uint16(b)), binary.BigEndian.Uint32(b[2:]), int(binary.BigEndian.Uint16(b[6:]))
			rate = extended(b[8:18])
			if aifc && len(b) >= 22 {
				compression = string(b[18:22])
			}
		case "SSND":
			dataOff = body + 8
		case "NAME", "AUTH", "ANNO":
			if size <= 4096 && body+size <= s.size {
				if b, err := s.read(body, size); err == nil {
					v := clean(string(b))
					switch id {
					case "NAME":
						info.Tags.Title = v
					case "AUTH":
						info.Tags.Artist = v
					case "ANNO":
						info.Tags.Comment = v
					}
				}
			}
		case "ID3 ", "id3 ":
			if size <= maxTagBytes && body+size <= s.size {
				if m, err := tag.ReadID3v2Tags(s.section(body, body+size)); err == nil {
					var t Info
					setTags(m, &t)
					fillTags(&t.Tags, info.Tags)
					info.Tags, info.Artwork = t.Tags, t.Artwork
				}
			}
		}
		p = body + size + size&1
	}
	info.Tags.cleanText([6]string{"NAME", "AUTH", "", "", "ANNO", ""})
	if rate < 1 || rate > 1e7 || channels <= 0 || dataOff < 0 {
		return fmt.Errorf("%w: AIFF without COMM or SSND chunk", ErrCorrupt)
	}
	info.Container, info.MIME, info.HeaderBytes = "aiff", "audio/aiff", min(dataOff, s.size)
	info.Codec, info.BitrateMode = aiffCodec(compression, bits), "lossless"
	info.SampleRate, info.Channels = int(math.Round(rate)), channels
	info.Duration = ticks(uint64(frames), uint32(info.SampleRate))
	if frame := int64(channels) * int64((bits+7)/8); info.Codec == "pcm" || info.Codec == "pcm_float" {
		if have := (s.size - info.HeaderBytes) / max(frame, 1); frame > 0 && have < int64(frames) {
			want := info.Duration
			info.Duration = ticks(uint64(have), uint32(info.SampleRate))
			info.truncated("its COMM chunk", want, info.Duration)
		}
	}
	info.Bitrate = bitrate(s.size-info.HeaderBytes, info.Duration)
	return nil
}

func aiffCodec(compression string, bits int) string {
	switch compression {
	case "NONE", "twos", "sowt", "in24", "in32":
		return "pcm"
	case "fl32", "FL32", "fl64":
		return "pcm_float"
	}
	return strings.ToLower(strings.TrimSpace(compression))
}

// extended decodes an 80-bit IEEE 754 extended float (AIFF sample rates).
func extended(b []byte) float64 {
	exp := int(binary.BigEndian.Uint16(b)&0x7FFF) - 16383 - 63
	mant := binary.BigEndian.Uint64(b[2:])
	if mant == 0 || exp > 100 || exp < -200 {
		return 0
	}
	return math.Ldexp(float64(mant), exp)
}
