package media

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"time"

	"github.com/dhowden/tag"
)

// flacProber reads native FLAC: STREAMINFO's total samples, Vorbis comments
// and PICTURE blocks (an ID3v2 tag in front is skipped).
type flacProber struct{}

func (flacProber) probe(s *src, info *Info) error {
	start, _, err := skipID3v2(s)
	if err != nil {
		return err
	}
	if !hasAt(s, start, "fLaC") {
		return fmt.Errorf("%w: no FLAC signature", ErrCorrupt)
	}
	p := start + 4
	var total uint64
	var rate, fixedBlock int
	var pictures []*Artwork
	var front *Artwork
	for last, n := false, 0; !last; n++ {
		h, err := s.peek(p, 4)
		if err != nil || n > 1024 {
			return fmt.Errorf("%w: FLAC metadata runs past the end of the file", ErrTruncated)
		}
		last = h[0]&0x80 != 0
		typ, size := h[0]&0x7F, int64(h[1])<<16|int64(h[2])<<8|int64(h[3])
		if p+4+size > s.size {
			return fmt.Errorf("%w: FLAC metadata block of %d bytes past the end of the file", ErrTruncated, size)
		}
		switch typ {
		case 0: // STREAMINFO
			b, err := s.peek(p+4, 34)
			if err != nil || size < 34 {
				return fmt.Errorf("%w: short FLAC STREAMINFO", ErrCorrupt)
			}
			if minB, maxB := binary.BigEndian.Uint16(b), binary.BigEndian.Uint16(b[2:]); minB == maxB {
				fixedBlock = int(maxB)
			}
			x := binary.BigEndian.Uint64(b[10:18])
			rate = int(x >> 44)
			info.Channels = int(x>>41&7) + 1
			total = x & (1<<36 - 1)
		case 6: // PICTURE
			if b, err := s.read(p+4, size); err == nil {
				if typ, a := pictureBlock(b); a != nil {
					if typ == 3 && front == nil {
						front = a
					}
					pictures = append(pictures, a)
				}
			}
		case 127:
			return fmt.Errorf("%w: invalid FLAC metadata block", ErrCorrupt)
		}
		p += 4 + size
	}
	if rate == 0 {
		return fmt.Errorf("%w: FLAC without a sample rate", ErrCorrupt)
	}
	if total == 0 { // a streamed encode: the last frame says where it ends
		total = flacLastSample(s, p, fixedBlock)
	}
	if total == 0 {
		return fmt.Errorf("%w: FLAC stream without a sample count or a readable last frame", ErrTruncated)
	}
	info.Container, info.Codec, info.MIME = "flac", "flac", "audio/flac"
	info.SampleRate, info.BitrateMode, info.HeaderBytes = rate, "lossless", p
	info.Duration = time.Duration(total * uint64(time.Second) / uint64(rate))
	if total > uint64(1<<63-1)/uint64(time.Second) {
		info.Duration = ticks(total, uint32(rate))
	}
	if whole, cut := flacWhole(s, p, fixedBlock, total); cut {
		if whole == 0 {
			return fmt.Errorf("%w: no whole FLAC frame in the file", ErrTruncated)
		}
		want := info.Duration
		info.Duration = ticks(whole, uint32(rate))
		info.truncated("its FLAC STREAMINFO", want, info.Duration)
	}
	info.Bitrate = bitrate(s.size-p, info.Duration)
	if p-start <= maxTagBytes {
		if m, err := tag.ReadFLACTags(s.section(start, p)); err == nil {
			setTags(m, info)
		}
	}
	switch {
	case front != nil:
		info.Artwork = front
	case len(pictures) > 0:
		info.Artwork = pictures[0]
	}
	return nil
}

// pictureBlock parses a FLAC PICTURE block (also the payload of a Vorbis
// comment METADATA_BLOCK_PICTURE): picture type and the image.
func pictureBlock(b []byte) (byte, *Artwork) {
	r := bytes.NewReader(b)
	var typ, n uint32
	field := func() []byte {
		if binary.Read(r, binary.BigEndian, &n) != nil || int64(n) > int64(r.Len()) {
			return nil
		}
		f := make([]byte, n)
		r.Read(f)
		return f
	}
	if binary.Read(r, binary.BigEndian, &typ) != nil {
		return 0, nil
	}
	mime := field()
	field() // description
	var dims [4]uint32
	if binary.Read(r, binary.BigEndian, &dims) != nil {
		return 0, nil
	}
	data := field()
	a := artwork(data, string(mime))
	if a == nil {
		return 0, nil
	}
	return byte(typ), a
}
