package media

import (
	"encoding/binary"
	"strconv"
	"strings"
)

// apeTags reads the text items of an APEv2 tag in [off, end) (header
// optional, footer required).
func apeTags(s *src, off, end int64) Tags {
	var t Tags
	if end-off > maxTagBytes {
		return t
	}
	b, err := s.read(off, end-off)
	if err != nil || len(b) < 32 {
		return t
	}
	b = b[:len(b)-32] // footer
	if len(b) >= 32 && string(b[:8]) == "APETAGEX" {
		b = b[32:]
	}
	for len(b) >= 9 {
		n := int(binary.LittleEndian.Uint32(b))
		flags := binary.LittleEndian.Uint32(b[4:])
		k := strings.IndexByte(string(b[8:]), 0)
		if k < 0 || n < 0 || 8+k+1+n > len(b) {
			break
		}
		key, val := strings.ToLower(string(b[8:8+k])), string(b[9+k:9+k+n])
		b = b[9+k+n:]
		if flags&6 != 0 {
			continue // binary or external item
		}
		val = clean(val)
		switch key {
		case "title":
			t.Title = val
		case "artist":
			t.Artist = val
		case "album":
			t.Album = val
		case "year":
			t.Year = val
		case "comment":
			t.Comment = val
		case "genre":
			t.Genre = val
		case "track":
			t.Track, _ = strconv.Atoi(strings.SplitN(val, "/", 2)[0])
		}
	}
	t.cleanText([6]string{"APEv2 Title", "APEv2 Artist", "APEv2 Album", "APEv2 Year", "APEv2 Comment", "APEv2 Genre"})
	return t
}
