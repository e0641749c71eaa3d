package media

import (
	"bytes"
	"encoding/binary"
	"time"
	"unicode/utf16"
)

// id3Frame is one ID3v2 frame with its data already de-unsynchronised.
type id3Frame struct {
	id   string
	data []byte
}

// id3Frames splits a whole ID3v2 tag (header included) into frames. It
// handles v2.2/2.3/2.4 frame headers, the extended header, tag-level and
// frame-level unsynchronisation and v2.4 data length indicators; frames
// whose size runs past the tag end the walk.
func id3Frames(tag []byte) []id3Frame {
	if len(tag) < 10 {
		return nil
	}
	ver, flags := tag[3], tag[5]
	n, ok := syncsafe(tag[6:10])
	if !ok || int64(len(tag)) < 10+n {
		return nil
	}
	body := tag[10 : 10+n]
	if flags&0x80 != 0 && ver < 4 {
		body = unsync(body)
	}
	if flags&0x40 != 0 && ver >= 3 && len(body) >= 4 {
		var ext int64
		if ver == 3 {
			ext = int64(binary.BigEndian.Uint32(body)) + 4
		} else {
			ext, _ = syncsafe(body)
		}
		if ext < 0 || ext > int64(len(body)) {
			return nil
		}
		body = body[ext:]
	}
	return walkID3Frames(body, ver, flags&0x80 != 0)
}

// walkID3Frames reads the frames in b (also used for CHAP sub-frames).
func walkID3Frames(b []byte, ver byte, tagUnsync bool) []id3Frame {
	var out []id3Frame
	hl := 10
	if ver == 2 {
		hl = 6
	}
	for len(b) >= hl && b[0] != 0 {
		var id string
		var size int
		var fl byte
		if ver == 2 {
			id, size = string(b[:3]), int(b[3])<<16|int(b[4])<<8|int(b[5])
		} else {
			id, fl = string(b[:4]), b[9]
			size = int(binary.BigEndian.Uint32(b[4:8]))
			if ver == 4 {
				if ss, ok := syncsafe(b[4:8]); ok && ss <= int64(len(b)-hl) {
					size = int(ss)
				}
			}
		}
		if size < 0 || size > len(b)-hl {
			break
		}
		data := b[hl : hl+size]
		b = b[hl+size:]
		switch {
		case ver == 3 && fl&0xC0 != 0, ver == 4 && fl&0x0C != 0:
			continue // compressed or encrypted: not for us
		case ver == 3 && fl&0x20 != 0 && len(data) > 0:
			data = data[1:] // group id
		}
		if ver == 4 {
			if fl&0x40 != 0 && len(data) > 0 {
				data = data[1:] // group id
			}
			if fl&0x01 != 0 && len(data) >= 4 {
				data = data[4:] // data length indicator
			}
			if fl&0x02 != 0 || tagUnsync {
				data = unsync(data)
			}
		}
		out = append(out, id3Frame{id, data})
	}
	return out
}

// unsync undoes ID3 unsynchronisation (0xFF 0x00 -> 0xFF).
func unsync(b []byte) []byte {
	if !bytes.Contains(b, []byte{0xFF, 0x00}) {
		return b
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		out = append(out, b[i])
		if b[i] == 0xFF && i+1 < len(b) && b[i+1] == 0 {
			i++
		}
	}
	return out
}

// id3Chapters reads CHAP frames (ID3v2 chapter addendum): start and end in
// milliseconds and a TIT2 sub-frame for the title.
func id3Chapters(tag []byte) []Chapter {
	if len(tag) < 10 || tag[3] < 3 {
		return nil
	}
	var cs []Chapter
	for _, f := range id3Frames(tag) {
		if f.id != "CHAP" {
			continue
		}
		i := bytes.IndexByte(f.data, 0)
		if i < 0 || len(f.data) < i+17 {
			continue
		}
		d := f.data[i+1:]
		c := Chapter{
			Start: time.Duration(binary.BigEndian.Uint32(d[0:])) * time.Millisecond,
			End:   time.Duration(binary.BigEndian.Uint32(d[4:])) * time.Millisecond,
		}
		if c.End < c.Start {
			c.End = 0
		}
		for _, sf := range walkID3Frames(d[16:], tag[3], false) {
			if sf.id == "TIT2" {
				c.Title = id3Text(sf.data)
			}
		}
		cs = append(cs, c)
	}
	return cs
}

// id3Text decodes a text frame: an encoding byte, then the text.
func id3Text(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return clean(decodeID3String(b[0], b[1:]))
}

func decodeID3String(enc byte, b []byte) string {
	switch enc {
	case 1, 2:
		be := enc == 2
		if len(b) >= 2 && b[0] == 0xFF && b[1] == 0xFE {
			be, b = false, b[2:]
		} else if len(b) >= 2 && b[0] == 0xFE && b[1] == 0xFF {
			be, b = true, b[2:]
		}
		u := make([]uint16, 0, len(b)/2)
		for i := 0; i+1 < len(b); i += 2 {
			if be {
				u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
			} else {
				u = append(u, uint16(b[i+1])<<8|uint16(b[i]))
			}
		}
		return string(utf16.Decode(u))
	case 3:
		return string(b)
	default:
		r := make([]rune, len(b))
		for i, c := range b {
			r[i] = rune(c)
		}
		return string(r)
	}
}

// id3FrontCover picks the APIC (or v2.2 PIC) picture of type 3 (front
// cover), else the first picture.
func id3FrontCover(tag []byte) *Artwork {
	var first *Artwork
	for _, f := range id3Frames(tag) {
		if f.id != "APIC" && f.id != "PIC" || len(f.data) < 4 {
			continue
		}
		enc, d := f.data[0], f.data[1:]
		var mime string
		if f.id == "PIC" {
			mime, d = "", d[3:]
		} else {
			i := bytes.IndexByte(d, 0)
			if i < 0 {
				continue
			}
			mime, d = string(d[:i]), d[i+1:]
		}
		if len(d) < 1 {
			continue
		}
		typ, d := d[0], d[1:]
		d = skipID3String(enc, d)
		a := artwork(d, mime)
		if a == nil {
			continue
		}
		if typ == 3 {
			return a
		}
		if first == nil {
			first = a
		}
	}
	return first
}

// skipID3String skips a terminated string in the given encoding.
func skipID3String(enc byte, b []byte) []byte {
	if enc == 1 || enc == 2 {
		for i := 0; i+1 < len(b); i += 2 {
			if b[i] == 0 && b[i+1] == 0 {
				return b[i+2:]
			}
		}
		return nil
	}
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return b[i+1:]
	}
	return nil
}
