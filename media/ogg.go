package media

import (
	"bytes"
	"encoding/binary"
	"fmt"

	"github.com/dhowden/tag"
)

// oggProber reads Ogg Vorbis, Opus, FLAC and Speex: the duration is the last
// page's granule position (Opus: minus the pre-skip, at 48 kHz).
type oggProber struct{}

// oggPage is one Ogg page header.
type oggPage struct {
	off, end int64 // the page in the file
	flags    byte
	granule  int64
	serial   uint32
	lacing   []byte
}

// readOggPage reads the page header at off and checks it.
func readOggPage(s *src, off int64) (oggPage, bool) {
	h, err := s.peek(off, 27)
	if err != nil || string(h[:4]) != "OggS" || h[4] != 0 {
		return oggPage{}, false
	}
	pg := oggPage{off: off, flags: h[5], granule: int64(binary.LittleEndian.Uint64(h[6:])),
		serial: binary.LittleEndian.Uint32(h[14:])}
	n := int(h[26])
	lac, err := s.peek(off+27, n)
	if err != nil {
		return oggPage{}, false
	}
	pg.lacing = append([]byte(nil), lac...)
	body := 0
	for _, l := range lac {
		body += int(l)
	}
	pg.end = off + 27 + int64(n) + int64(body)
	return pg, pg.end <= s.size
}

func (oggProber) probe(s *src, info *Info) error {
	first, id, err := oggAudioStream(s, 0)
	if err != nil {
		return err
	}
	st, err := parseOggID(id)
	if err != nil {
		return err
	}
	info.Container, info.MIME = "ogg", "audio/ogg"
	info.Codec, info.BitrateMode, info.Channels, info.SampleRate = st.codec, st.mode, st.channels, st.rate
	audioStart := oggAudioStart(s, first.serial, st.headers)
	if audioStart < 0 {
		return fmt.Errorf("%w: Ogg headers run past the end of the file", ErrTruncated)
	}
	info.HeaderBytes = audioStart
	if chained(s, first.serial, audioStart) {
		if info.Duration, err = chainedDuration(s); err != nil {
			return err
		}
	} else {
		last, ok := lastOggGranule(s, first.serial, audioStart)
		if !ok {
			return fmt.Errorf("%w: no complete Ogg audio page", ErrTruncated)
		}
		samples := last - st.preSkip
		if samples <= 0 {
			return fmt.Errorf("%w: Ogg stream with no samples", ErrTruncated)
		}
		info.Duration = ticks(uint64(samples), uint32(st.rate))
	}
	info.Bitrate = bitrate(s.size-audioStart, info.Duration)
	// A whole Ogg stream ends with a page marked end of stream; a cut one
	// ends inside or after a page that is not, and plays up to its last
	// whole page, which is what the granule above counts.
	if last, ok := lastOggPage(s, audioStart, func(oggPage) bool { return true }); ok && last.flags&4 == 0 {
		info.truncated("the Ogg stream stops before its end-of-stream page", 0, info.Duration)
	}
	if audioStart <= maxTagBytes {
		if m, err := tag.ReadOGGTags(s.section(0, audioStart)); err == nil {
			setTags(m, info)
		}
	}
	return nil
}

// oggStream is what an Ogg audio stream's identification packet says.
type oggStream struct {
	codec, mode    string
	headers        int // header packets before the audio
	rate, channels int
	preSkip        int64 // Opus: samples to drop at the start, at 48 kHz
}

// parseOggID reads the identification packet's head (its first 64 bytes).
func parseOggID(id []byte) (oggStream, error) {
	var st oggStream
	switch {
	case len(id) >= 30 && bytes.HasPrefix(id, []byte("\x01vorbis")):
		st = oggStream{codec: "vorbis", mode: "vbr", headers: 3, channels: int(id[11]),
			rate: int(binary.LittleEndian.Uint32(id[12:]))}
	case len(id) >= 19 && bytes.HasPrefix(id, []byte("OpusHead")):
		st = oggStream{codec: "opus", mode: "vbr", headers: 2, channels: int(id[9]), rate: 48000,
			preSkip: int64(binary.LittleEndian.Uint16(id[10:]))}
	case len(id) >= 13+34 && bytes.HasPrefix(id, []byte("\x7fFLAC")):
		x := binary.BigEndian.Uint64(id[13+18:])
		st = oggStream{codec: "flac", mode: "lossless", headers: 1 + int(binary.BigEndian.Uint16(id[7:])),
			rate: int(x >> 44), channels: int(x>>41&7) + 1}
	case len(id) >= 80 && bytes.HasPrefix(id, []byte("Speex   ")):
		st = oggStream{codec: "speex", mode: "vbr", headers: 2, rate: int(binary.LittleEndian.Uint32(id[36:])),
			channels: int(binary.LittleEndian.Uint32(id[48:]))}
	default:
		return st, fmt.Errorf("%w: Ogg stream of an unknown codec", ErrUnsupported)
	}
	if st.rate <= 0 {
		return st, fmt.Errorf("%w: Ogg stream with no sample rate", ErrCorrupt)
	}
	return st, nil
}

// oggAudioStream picks the first logical stream of a known audio codec
// among the beginning-of-stream pages at p (a Skeleton or Theora stream may
// come first) and returns its first page and identification packet head.
func oggAudioStream(s *src, p int64) (oggPage, []byte, error) {
	var first oggPage
	var firstID []byte
	for i := 0; i < 16; i++ {
		pg, ok := readOggPage(s, p)
		if !ok || pg.flags&2 == 0 {
			break
		}
		id, err := oggIDHead(s, pg)
		if err != nil {
			break
		}
		if i == 0 {
			first, firstID = pg, id
		}
		for _, magic := range []string{"\x01vorbis", "OpusHead", "\x7fFLAC", "Speex   "} {
			if bytes.HasPrefix(id, []byte(magic)) {
				return pg, id, nil
			}
		}
		p = pg.end
	}
	if firstID == nil {
		return first, nil, fmt.Errorf("%w: bad first Ogg page", ErrCorrupt)
	}
	return first, firstID, nil
}

// oggIDHead returns the first 64 bytes (at most) of the page's first
// packet: on a beginning-of-stream page, the identification header.
func oggIDHead(s *src, pg oggPage) ([]byte, error) {
	idLen := 0
	for _, l := range pg.lacing {
		idLen += int(l)
		if l < 255 {
			break
		}
	}
	id, err := s.peek(pg.off+27+int64(len(pg.lacing)), min(idLen, 64, int(s.size-pg.off-27-int64(len(pg.lacing)))))
	if err != nil {
		return nil, err
	}
	return append([]byte(nil), id...), nil
}

// oggAudioStart walks the pages of the stream until n packets have ended
// and returns where the next page starts (the first audio page).
func oggAudioStart(s *src, serial uint32, n int) int64 {
	done := 0
	for p, pages := int64(0), 0; pages < maxBoxes; pages++ {
		pg, ok := readOggPage(s, p)
		if !ok {
			return -1
		}
		if pg.serial == serial {
			for _, l := range pg.lacing {
				if l < 255 {
					done++
				}
			}
		}
		p = pg.end
		if done >= n {
			return p
		}
	}
	return -1
}

// oggTail is how far back from the end the last page is looked for: a page
// is at most 65307 bytes.
const oggTail = 65307 + 27

// lastOggGranule finds the last page of the stream with a granule position,
// searching back from the end of the file (a few windows at most).
func lastOggGranule(s *src, serial uint32, start int64) (int64, bool) {
	pg, ok := lastOggPage(s, start, func(pg oggPage) bool { return pg.serial == serial && pg.granule > 0 })
	return pg.granule, ok
}

// lastOggPage finds the last whole page after start that want takes,
// searching back from the end of the file (a few windows at most).
func lastOggPage(s *src, start int64, want func(oggPage) bool) (oggPage, bool) {
	checks := 64 // CRC checks: a window of fake "OggS" must not cost a gigabyte
	for end, tries := s.size, 0; end > start && tries < 16; tries++ {
		from := max(start, end-oggTail)
		b, err := s.read(from, end-from)
		if err != nil {
			return oggPage{}, false
		}
		for i := bytes.LastIndex(b, []byte("OggS")); i >= 0; i = bytes.LastIndex(b[:i], []byte("OggS")) {
			pg, ok := readOggPage(s, from+int64(i))
			if !ok || !want(pg) {
				continue
			}
			if checks--; checks < 0 {
				return oggPage{}, false
			}
			if oggCRCOK(s, pg) {
				return pg, true
			}
		}
		end = from + 3
	}
	return oggPage{}, false
}

var oggCRCTable = func() (t [256]uint32) {
	for i := range t {
		r := uint32(i) << 24
		for range 8 {
			if r&0x80000000 != 0 {
				r = r<<1 ^ 0x04C11DB7
			} else {
				r <<= 1
			}
		}
		t[i] = r
	}
	return t
}()

// oggCRCOK checks the page checksum, so a stray "OggS" in the audio is not
// taken for a page.
func oggCRCOK(s *src, pg oggPage) bool {
	b, err := s.read(pg.off, pg.end-pg.off)
	if err != nil || len(b) < 27 {
		return false
	}
	want := binary.LittleEndian.Uint32(b[22:])
	b[22], b[23], b[24], b[25] = 0, 0, 0, 0
	var crc uint32
	for _, c := range b {
		crc = crc<<8 ^ oggCRCTable[byte(crc>>24)^c]
	}
	return crc == want
}
