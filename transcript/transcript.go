// Package transcript reads and writes episode transcripts: WebVTT (with
// <v Speaker> voice spans), SRT, Podcast Index JSON and plain text, all into
// one list of cues with times to the millisecond and their speakers, and
// back out as WebVTT, SRT, JSON, plain text and HTML. It is pure: bytes in,
// bytes out, errors that name the line.
package transcript

import (
	"bytes"
	"fmt"
	"mime"
	"path"
	"strings"
	"time"
	"unicode/utf8"
)

// Cue is one timed passage. Untimed transcripts (plain text) have cues whose
// Start and End are both zero.
type Cue struct {
	Start   time.Duration `json:"start"`
	End     time.Duration `json:"end"`
	Speaker string        `json:"speaker,omitempty"`
	Text    string        `json:"text"`
	// Line is where the cue starts in its source (1-based), for errors.
	Line int `json:"-"`
}

// Format is a transcript file format.
type Format string

// The formats onair reads. Every timed one is also written; HTML is written
// only.
const (
	VTT  Format = "vtt"
	SRT  Format = "srt"
	JSON Format = "json"
	Text Format = "txt"
	HTML Format = "html"
)

// MIME is the format's media type, as podcast:transcript names it.
func (f Format) MIME() string {
	switch f {
	case VTT:
		return "text/vtt"
	case SRT:
		return "application/x-subrip"
	case JSON:
		return "application/json"
	case HTML:
		return "text/html"
	case Text:
		return "text/plain"
	}
	return ""
}

// MaxSize is the largest transcript onair reads: a three-hour episode's
// word-level transcript is well under it.
const MaxSize = 8 << 20

// Error is a transcript that does not parse or does not fit its episode.
// Line is 0 when the problem is the whole file.
type Error struct {
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return e.Msg
}

func errorf(line int, format string, args ...any) error {
	return &Error{Line: line, Msg: fmt.Sprintf(format, args...)}
}

// Detect says which format b is in, from its Content-Type (parameters
// allowed), its file name, and then its first bytes. "" when none fits.
func Detect(contentType, name string, b []byte) Format {
	if mt, _, err := mime.ParseMediaType(contentType); err == nil {
		switch mt {
		case "text/vtt":
			return VTT
		case "application/x-subrip", "application/srt", "text/srt", "text/x-srt":
			return SRT
		case "application/json", "application/json+transcript":
			return JSON
		}
	}
	switch strings.ToLower(path.Ext(name)) {
	case ".vtt":
		return VTT
	case ".srt":
		return SRT
	case ".json":
		return JSON
	case ".txt":
		return Text
	}
	s := bytes.TrimLeft(bytes.TrimPrefix(b, []byte("\ufeff")), " \t\r\n")
	switch {
	case bytes.HasPrefix(s, []byte("WEBVTT")):
		return VTT
	case bytes.HasPrefix(s, []byte("{")):
		return JSON
	case srtStart(s):
		return SRT
	}
	if mt, _, _ := mime.ParseMediaType(contentType); mt == "text/plain" || contentType == "" || mt == "application/octet-stream" {
		return Text
	}
	return ""
}

// srtStart reports whether s begins like an SRT file: a number, then a
// line with "-->".
func srtStart(s []byte) bool {
	first, rest, _ := bytes.Cut(s, []byte("\n"))
	first = bytes.TrimSpace(first)
	if len(first) == 0 || len(first) > 9 {
		return false
	}
	for _, c := range first {
		if c < '0' || c > '9' {
			return false
		}
	}
	second, _, _ := bytes.Cut(rest, []byte("\n"))
	return bytes.Contains(second, []byte("-->"))
}

// Parse reads b in format f.
func Parse(f Format, b []byte) ([]Cue, error) {
	if len(b) > MaxSize {
		return nil, errorf(0, "transcript is over %d MiB", MaxSize>>20)
	}
	if !utf8.Valid(b) {
		return nil, errorf(firstInvalidLine(b), "not UTF-8 text")
	}
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	var cues []Cue
	var err error
	switch f {
	case VTT:
		cues, err = ParseVTT(b)
	case SRT:
		cues, err = ParseSRT(b)
	case JSON:
		cues, err = ParseJSON(b)
	case Text:
		cues, err = ParseText(b)
	default:
		return nil, errorf(0, "unknown transcript format %q (vtt, srt, json or txt)", f)
	}
	if err == nil && len(cues) == 0 {
		err = errorf(0, "transcript has no text")
	}
	return cues, err
}

func firstInvalidLine(b []byte) int {
	line := 1
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n <= 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		b = b[n:]
	}
	return line
}

// Timed reports whether the cues carry times (anything but plain text).
func Timed(cues []Cue) bool {
	for _, c := range cues {
		if c.End > 0 {
			return true
		}
	}
	return false
}

// Check says whether timed cues fit an episode of duration d: each ends
// after it starts, starts no earlier than the one before, and ends within
// d (with a second of slack for how decoders round). d <= 0 skips that
// last test.
func Check(cues []Cue, d time.Duration) error {
	if !Timed(cues) {
		return nil
	}
	var prev time.Duration
	for i, c := range cues {
		if c.End < c.Start {
			return errorf(c.Line, "cue ends (%s) before it starts (%s)", Stamp(c.End, '.'), Stamp(c.Start, '.'))
		}
		if i > 0 && c.Start < prev {
			return errorf(c.Line, "cue starts at %s, before the cue above (%s): times must increase", Stamp(c.Start, '.'), Stamp(prev, '.'))
		}
		if d > 0 && c.End > d+time.Second {
			return errorf(c.Line, "cue ends at %s, after the episode's end (%s)", Stamp(c.End, '.'), Stamp(d, '.'))
		}
		prev = c.Start
	}
	return nil
}
