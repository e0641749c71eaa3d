package media

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/dhowden/tag"
)

// truncated notes that the file ends before the audio its headers
// describe. The rule is the same for every container: the file is
// accepted, Duration is what the file really holds (only whole frames or
// samples count), and a warning says so. what names the header that gives
// the length, or, when want is 0 (no header gives one), says how the file
// ends.
func (info *Info) truncated(what string, want, got time.Duration) {
	msg := fmt.Sprintf("The file is truncated: %s; only the %s of audio in the file will play.", what, seconds(got))
	if want > got {
		msg = fmt.Sprintf("The file is truncated: %s says %s of audio, but the file holds only %s, which is the duration it gets.", what, seconds(want), seconds(got))
	}
	info.Warnings = append(info.Warnings, msg)
}

// seconds writes d the way people read a length: "59.9 s".
func seconds(d time.Duration) string {
	return fmt.Sprintf("%.1f s", d.Seconds())
}

// tagNote is a tag value that was cleaned, waiting to become a warning
// once it is known whether the probe keeps that field.
type tagNote struct {
	field string // "title", "comment", ...
	text  string
}

// cleanTag returns v without invalid UTF-8 (each bad sequence becomes
// U+FFFD) or control characters (newlines and tabs stay in a comment,
// which may have paragraphs), and a warning naming the tag when it had to
// change anything. Tag text comes from whoever made the file, not from the
// publisher: it is cleaned, never a reason to refuse the file.
func cleanTag(field, name, v string) (string, *tagNote) {
	var why []string
	if !utf8.ValidString(v) {
		v = strings.ToValidUTF8(v, "\uFFFD")
		why = append(why, "invalid UTF-8")
	}
	keep := func(r rune) bool {
		if field == "comment" && (r == '\n' || r == '\t') {
			return true
		}
		return !unicode.IsControl(r) && r != 0xFFFE && r != 0xFFFF // XML 1.0 forbids both
	}
	if strings.IndexFunc(v, func(r rune) bool { return !keep(r) }) >= 0 {
		v = strings.Map(func(r rune) rune {
			if keep(r) {
				return r
			}
			return -1
		}, v)
		why = append(why, "control characters")
	}
	if len(why) == 0 {
		return v, nil
	}
	return strings.TrimSpace(v), &tagNote{field: field, text: fmt.Sprintf(
		"The %s tag (%s) had %s; it was cleaned.", field, name, strings.Join(why, " and "))}
}

// tagNames name each field's tag in each tag format, for warnings.
var tagNames = map[tag.Format][6]string{ // title, artist, album, year, comment, genre
	tag.ID3v1:   {"ID3v1 title", "ID3v1 artist", "ID3v1 album", "ID3v1 year", "ID3v1 comment", "ID3v1 genre"},
	tag.ID3v2_2: {"TT2", "TP1", "TAL", "TYE", "COM", "TCO"},
	tag.ID3v2_3: {"TIT2", "TPE1", "TALB", "TYER", "COMM", "TCON"},
	tag.ID3v2_4: {"TIT2", "TPE1", "TALB", "TDRC", "COMM", "TCON"},
	tag.MP4:     {"\u00a9nam", "\u00a9ART", "\u00a9alb", "\u00a9day", "\u00a9cmt", "\u00a9gen"},
	tag.VORBIS:  {"TITLE", "ARTIST", "ALBUM", "DATE", "COMMENT", "GENRE"},
}

// tagFields are Tags' text fields in tagNames' order.
var tagFields = [6]string{"title", "artist", "album", "year", "comment", "genre"}

// setText cleans each text field of t (in tagFields' order) as read from
// tags named names, keeping a note for each that had to change.
func (t *Tags) setText(names [6]string, vals [6]string) {
	dst := t.fields()
	for i, v := range vals {
		name := names[i]
		if name == "" {
			name = tagFields[i]
		}
		var n *tagNote
		*dst[i], n = cleanTag(tagFields[i], name, clean(v))
		if n != nil {
			t.notes = append(t.notes, *n)
		}
	}
}

// cleanText cleans the text fields t holds, read from tags named names.
func (t *Tags) cleanText(names [6]string) {
	var vals [6]string
	for i, f := range t.fields() {
		vals[i] = *f
	}
	t.setText(names, vals)
}

// fields points at Tags' text fields in tagFields' order.
func (t *Tags) fields() [6]*string {
	return [6]*string{&t.Title, &t.Artist, &t.Album, &t.Year, &t.Comment, &t.Genre}
}

// tagWarnings turns the notes about the fields info kept into warnings,
// one per field, and cleans the chapter titles.
func (info *Info) tagWarnings() {
	seen := map[string]bool{}
	for _, n := range info.Tags.notes {
		if !seen[n.field] {
			seen[n.field] = true
			info.Warnings = append(info.Warnings, n.text)
		}
	}
	info.Tags.notes = nil
	dirty := false
	for i := range info.Chapters {
		var n *tagNote
		if info.Chapters[i].Title, n = cleanTag("chapter title", "chapter title", info.Chapters[i].Title); n != nil {
			dirty = true
		}
	}
	if dirty {
		info.Warnings = append(info.Warnings, "Some chapter titles had invalid UTF-8 or control characters; they were cleaned.")
	}
}
