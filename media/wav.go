package media

import (
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/dhowden/tag"
)

// wavProber reads RIFF/RF64 WAVE: the data chunk's size over the block
// size (or the fact chunk's sample count for compressed formats), LIST/INFO
// and "id3 " tags.
type wavProber struct{}

func (wavProber) probe(s *src, info *Info) error {
	head, err := s.peek(0, 12)
	if err != nil {
		return fmt.Errorf("%w: short RIFF header", ErrTruncated)
	}
	rf64 := string(head[:4]) == "RF64"
	var format, channels, align int
	var rate, byteRate int64
	var dataOff, dataSize, ds64, factSamples int64 = -1, 0, -1, -1
	var claimed int64 // the data chunk's size when it runs past the end
	end := s.size
	for p, n := int64(12), 0; p+8 <= end && n < maxBoxes; n++ {
		h, err := s.peek(p, 8)
		if err != nil {
			break
		}
		id, size := string(h[:4]), int64(binary.LittleEndian.Uint32(h[4:]))
		body := p + 8
		switch id {
		case "ds64":
			if b, err := s.peek(body, 16); err == nil {
				ds64 = int64(binary.LittleEndian.Uint64(b[8:]))
			}
		case "fmt ":
			b, err := s.peek(body, 16)
			if err != nil || size < 16 {
				return fmt.Errorf("%w: short WAV fmt chunk", ErrCorrupt)
			}
			format, channels = int(binary.LittleEndian.Uint16(b)), int(binary.LittleEndian.Uint16(b[2:]))
			rate, byteRate = int64(binary.LittleEndian.Uint32(b[4:])), int64(binary.LittleEndian.Uint32(b[8:]))
			align = int(binary.LittleEndian.Uint16(b[12:]))
			if format == 0xFFFE && size >= 26 {
				if x, err := s.peek(body+24, 2); err == nil {
					format = int(binary.LittleEndian.Uint16(x)) // extensible sub-format
				}
			}
		case "fact":
			if b, err := s.peek(body, 4); err == nil {
				factSamples = int64(binary.LittleEndian.Uint32(b))
			}
		case "data":
			dataOff, dataSize = body, size
			if rf64 && ds64 >= 0 && size == 0xFFFFFFFF {
				dataSize = ds64
			}
			if dataSize > end-body && size != 0xFFFFFFFF && size != 0 {
				claimed = dataSize
			}
			if dataSize > end-body || size == 0xFFFFFFFF || size == 0 {
				dataSize = end - body // streamed or lying size: what is there
			}
			size = dataSize
		case "LIST":
			if b, err := s.peek(body, 4); err == nil && string(b) == "INFO" && size <= maxTagBytes {
				if b, err := s.read(body+4, min(size-4, end-body-4)); err == nil {
					fillTags(&info.Tags, riffInfo(b))
				}
			}
		case "id3 ", "ID3 ":
			if size <= maxTagBytes && body+size <= end {
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
	if rate <= 0 || channels <= 0 || dataOff < 0 {
		return fmt.Errorf("%w: WAV without fmt or data chunk", ErrCorrupt)
	}
	info.Container, info.MIME, info.HeaderBytes = "wav", "audio/wav", dataOff
	info.Codec, info.BitrateMode = wavCodec(format), "cbr"
	if format == 1 || format == 3 {
		info.BitrateMode = "lossless"
	}
	info.SampleRate, info.Channels = int(rate), channels
	pcm := (format == 1 || format == 3 || format == 6 || format == 7) && align > 0
	length := func(n int64) time.Duration {
		switch {
		case pcm:
			return ticks(uint64(n/int64(align)), uint32(rate))
		case byteRate > 0:
			return time.Duration(float64(n) / float64(byteRate) * float64(time.Second))
		}
		return 0
	}
	info.Duration = length(dataSize)
	if !pcm && factSamples > 0 {
		info.Duration = ticks(uint64(factSamples), uint32(rate))
	}
	if claimed > dataSize && (pcm || byteRate > 0) {
		// A cut file: what is there plays, whatever fact says.
		info.Duration = length(dataSize)
		info.truncated("its data chunk", length(claimed), info.Duration)
	}
	info.Bitrate = bitrate(dataSize, info.Duration)
	return nil
}

func wavCodec(format int) string {
	switch format {
	case 1:
		return "pcm"
	case 3:
		return "pcm_float"
	case 2:
		return "adpcm_ms"
	case 6:
		return "alaw"
	case 7:
		return "mulaw"
	case 0x11:
		return "adpcm_ima"
	case 0x55:
		return "mp3"
	}
	return fmt.Sprintf("wav_0x%04x", format)
}

// riffInfo reads LIST/INFO sub-chunks into tags.
func riffInfo(b []byte) Tags {
	var t Tags
	for len(b) >= 8 {
		id, n := string(b[:4]), int(binary.LittleEndian.Uint32(b[4:]))
		if n < 0 || n > len(b)-8 {
			break
		}
		v := clean(string(b[8 : 8+n]))
		b = b[8+n+min(n&1, len(b)-8-n):]
		switch id {
		case "INAM":
			t.Title = v
		case "IART":
			t.Artist = v
		case "IPRD":
			t.Album = v
		case "ICRD":
			t.Year = v
		case "ICMT":
			t.Comment = v
		case "IGNR":
			t.Genre = v
		case "ITRK", "IPRT":
			t.Track, _ = strconv.Atoi(strings.SplitN(v, "/", 2)[0])
		}
	}
	t.cleanText([6]string{"INAM", "IART", "IPRD", "ICRD", "ICMT", "IGNR"})
	return t
}
