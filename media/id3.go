package media

import (
	"bytes"
	"encoding/binary"
	"fmt"

	"github.com/dhowden/tag"
)

// id3Tag locates an ID3v2 tag: [off, off+size) in the file, 0 size if none.
type id3Tag struct {
	off, size int64
}

// skipID3v2 skips the ID3v2 tags at the start of the file (some files have
// several back to back) and returns where the audio search starts. A tag
// that claims to be larger than the file is an error, never an allocation.
func skipID3v2(s *src) (int64, id3Tag, error) {
	var first id3Tag
	var p int64
	for i := 0; i < 16; i++ {
		b, err := s.peek(p, 10)
		if err != nil || string(b[:3]) != "ID3" {
			break
		}
		n, ok := syncsafe(b[6:10])
		if !ok || b[3] == 0xFF || b[4] == 0xFF {
			return 0, first, fmt.Errorf("%w: bad ID3v2 header at %d", ErrCorrupt, p)
		}
		n += 10
		if b[5]&0x10 != 0 {
			n += 10 // footer
		}
		if p+n > s.size {
			return 0, first, fmt.Errorf("%w: ID3v2 tag of %d bytes in a %d-byte file", ErrCorrupt, n, s.size)
		}
		if i == 0 {
			first = id3Tag{p, n}
		}
		p += n
	}
	return p, first, nil
}

// syncsafe decodes a 4-byte syncsafe integer (7 bits per byte).
func syncsafe(b []byte) (int64, bool) {
	var n int64
	for _, c := range b[:4] {
		if c&0x80 != 0 {
			return 0, false
		}
		n = n<<7 | int64(c)
	}
	return n, true
}

// tails are the tags found after the audio.
type tails struct {
	id3v1 int64 // offset of the 128-byte ID3v1 tag, or -1
	ape   [2]int64
}

// audioEnd finds where the audio ends: before an ID3v1 tag, a Lyrics3 v1
// or v2 block, an APEv2 tag and an ID3v2 tag with footer at the end, in the
// orders they are written in.
func audioEnd(s *src, start int64) (int64, tails) {
	end := s.size
	t := tails{id3v1: -1}
	for i := 0; i < 4 && end-start > 0; i++ {
		switch {
		case end-start >= 128 && t.id3v1 < 0 && hasAt(s, end-128, "TAG"):
			end -= 128
			t.id3v1 = end
		case end-start >= 15 && hasAt(s, end-9, "LYRICS200"):
			b, _ := s.peek(end-15, 6)
			n := atoiDigits(b)
			if n < 0 || end-15-int64(n) < start {
				return end, t
			}
			end -= 15 + int64(n)
		case end-start >= 20 && hasAt(s, end-9, "LYRICSEND"):
			// Lyrics3 v1: "LYRICSBEGIN" up to 5100 bytes before the end.
			from := max(start, end-9-5100-11)
			b, err := s.read(from, end-from)
			i := bytes.LastIndex(b, []byte("LYRICSBEGIN"))
			if err != nil || i < 0 {
				return end, t
			}
			end = from + int64(i)
		case end-start >= 32 && hasAt(s, end-32, "APETAGEX"):
			b, _ := s.peek(end-32, 32)
			n := int64(binary.LittleEndian.Uint32(b[12:16]))
			flags := binary.LittleEndian.Uint32(b[20:24])
			if flags&0x80000000 != 0 {
				n += 32 // header present
			}
			if n < 32 || end-n < start {
				return end, t
			}
			t.ape = [2]int64{end - n, end}
			end -= n
		case end-start >= 20 && hasAt(s, end-10, "3DI"):
			b, _ := s.peek(end-10, 10)
			n, ok := syncsafe(b[6:10])
			if !ok || end-n-20 < start {
				return end, t
			}
			end -= n + 20
		default:
			return end, t
		}
	}
	return end, t
}

func hasAt(s *src, off int64, magic string) bool {
	b, err := s.peek(off, len(magic))
	return err == nil && string(b) == magic
}

// atoiDigits parses ASCII digits, -1 if b is not all digits.
func atoiDigits(b []byte) int {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// readID3Tags fills the tags, the artwork and the chapters of an MP3 from
// its ID3v2 tag, then fills what is still empty from ID3v1 and APEv2.
func readID3Tags(s *src, t id3Tag, tl tails, info *Info) {
	if t.size > 0 && t.size <= maxTagBytes {
		if b, err := s.read(t.off, t.size); err == nil {
			if m, err := tag.ReadID3v2Tags(bytes.NewReader(b)); err == nil {
				setTags(m, info)
			}
			info.Chapters = id3Chapters(b)
			if a := id3FrontCover(b); a != nil {
				info.Artwork = a
			}
		}
	}
	if tl.id3v1 >= 0 {
		if m, err := tag.ReadID3v1Tags(s.section(tl.id3v1, tl.id3v1+128)); err == nil {
			var v1 Info
			setTags(m, &v1)
			fillTags(&info.Tags, v1.Tags)
		}
	}
	if tl.ape[1] > tl.ape[0] {
		fillTags(&info.Tags, apeTags(s, tl.ape[0], tl.ape[1]))
	}
}

// fillTags sets each empty field of t from u, with u's notes about the
// fields it takes.
func fillTags(t *Tags, u Tags) {
	dst, src := t.fields(), u.fields()
	for i := range dst {
		if *dst[i] != "" || *src[i] == "" {
			continue
		}
		*dst[i] = *src[i]
		for _, n := range u.notes {
			if n.field == tagFields[i] {
				t.notes = append(t.notes, n)
			}
		}
	}
	if t.Track == 0 {
		t.Track = u.Track
	}
}
