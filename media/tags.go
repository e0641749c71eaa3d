package media

import (
	"strconv"
	"strings"

	"github.com/dhowden/tag"
)

// maxTagBytes caps the bytes handed to dhowden/tag: artwork included, a tag
// bigger than this is not read.
const maxTagBytes = 32 << 20

// setTags copies dhowden/tag metadata into info.
func setTags(m tag.Metadata, info *Info) {
	t := &info.Tags
	t.setText(tagNames[m.Format()], [6]string{m.Title(), m.Artist(), m.Album(), rawYear(m), m.Comment(), m.Genre()})
	t.Track, _ = m.Track()
	if p := m.Picture(); p != nil && info.Artwork == nil {
		info.Artwork = artwork(p.Data, p.MIMEType)
	}
}

// rawYear is the date tag as written ("2024-03-15"), falling back to the
// year dhowden/tag parsed.
func rawYear(m tag.Metadata) string {
	raw := m.Raw()
	for _, k := range []string{"TDRC", "TYER", "TYE", "TDA", "\xa9day", "date", "DATE", "year", "YEAR"} {
		if v, ok := raw[k].(string); ok && clean(v) != "" {
			return clean(v)
		}
	}
	if y := m.Year(); y > 0 {
		return strconv.Itoa(y)
	}
	return ""
}

func clean(s string) string {
	return strings.TrimSpace(strings.TrimRight(s, "\x00"))
}
