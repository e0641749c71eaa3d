package media

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// prober reads one container. probe fills info from s; the sniffer has
// already checked the container's magic bytes.
type prober interface {
	probe(s *src, info *Info) error
}

// sniffLen is how much of the file head the sniffer looks at.
const sniffLen = 512

// sniff picks the prober for the file's first bytes, or says what the file
// is when it is not audio (the error wraps ErrNotAudio).
func sniff(s *src) (prober, error) {
	if s.size == 0 {
		return nil, fmt.Errorf("%w: empty file", ErrNotAudio)
	}
	n := int64(sniffLen)
	if s.size < n {
		n = s.size
	}
	head, err := s.read(0, n)
	if err != nil {
		return nil, err
	}
	switch {
	case bytes.HasPrefix(head, []byte("ID3")):
		return afterID3(s), nil
	case bytes.HasPrefix(head, []byte("fLaC")):
		return flacProber{}, nil
	case bytes.HasPrefix(head, []byte("OggS")):
		return oggProber{}, nil
	case len(head) >= 12 && string(head[:4]) == "RIFF" && string(head[8:12]) == "WAVE",
		len(head) >= 12 && string(head[:4]) == "RF64" && string(head[8:12]) == "WAVE":
		return wavProber{}, nil
	case len(head) >= 12 && string(head[:4]) == "FORM" && (string(head[8:12]) == "AIFF" || string(head[8:12]) == "AIFC"):
		return aiffProber{}, nil
	case len(head) >= 8 && isMP4Box(string(head[4:8])):
		return mp4Prober{}, nil
	}
	if bytes.HasPrefix(head, []byte("\x1aE\xdf\xa3")) {
		// What browsers record (MediaRecorder). Apple Podcasts and many
		// apps cannot play it, so it is refused with the way out.
		return nil, fmt.Errorf("%w: Matroska/WebM container, which Apple Podcasts and many apps cannot play; "+
			"convert it to MP3 or M4A first, e.g. ffmpeg -i in.webm -c:a libmp3lame -q:a 2 out.mp3", ErrUnsupported)
	}
	if what := notAudio(head); what != "" {
		return nil, fmt.Errorf("%w: %s", ErrNotAudio, what)
	}
	if len(head) >= 2 && head[0] == 0xFF && head[1]&0xF6 == 0xF0 {
		return adtsProber{}, nil
	}
	// An MPEG stream may start with junk; mp3Prober looks for a frame chain
	// and says "not audio" when there is none.
	return mp3Prober{}, nil
}

// afterID3 picks the prober for a stream behind an ID3v2 tag: FLAC and ADTS
// AAC files carry one sometimes; MPEG audio most of the time.
func afterID3(s *src) prober {
	start, _, err := skipID3v2(s)
	if err != nil {
		return mp3Prober{} // it reports the broken tag
	}
	if hasAt(s, start, "fLaC") {
		return flacProber{}
	}
	if b, err := s.peek(start, 2); err == nil && b[0] == 0xFF && b[1]&0xF6 == 0xF0 {
		return adtsProber{}
	}
	return mp3Prober{}
}

func isMP4Box(t string) bool {
	switch t {
	case "ftyp", "moov", "mdat", "wide", "free", "skip", "pnot":
		return true
	}
	return false
}

// magics are well-known non-audio signatures, for a clear rejection.
var magics = []struct {
	prefix string
	what   string
}{
	{"\x89PNG\r\n\x1a\n", "PNG image"},
	{"\xff\xd8\xff", "JPEG image"},
	{"GIF87a", "GIF image"},
	{"GIF89a", "GIF image"},
	{"%PDF-", "PDF document"},
	{"PK\x03\x04", "ZIP archive"},
	{"\x1f\x8b", "gzip archive"},
	{"\x7fELF", "executable"},
	{"MZ", "Windows executable"},
}

// notAudio names what head is when it is clearly not audio, or "".
func notAudio(head []byte) string {
	for _, m := range magics {
		if bytes.HasPrefix(head, []byte(m.prefix)) {
			return m.what
		}
	}
	if len(head) >= 12 && string(head[:4]) == "RIFF" && string(head[8:12]) == "WEBP" {
		return "WebP image"
	}
	if len(head) >= 12 && string(head[:4]) == "RIFF" && string(head[8:12]) == "AVI " {
		return "AVI video"
	}
	t := bytes.TrimLeft(head, "\xef\xbb\xbf \t\r\n")
	l := bytes.ToLower(t[:min(len(t), 64)])
	switch {
	case bytes.HasPrefix(l, []byte("<!doctype html")), bytes.HasPrefix(l, []byte("<html")):
		return "HTML document"
	case bytes.HasPrefix(l, []byte("<?xml")), bytes.HasPrefix(l, []byte("<svg")):
		return "XML document"
	case bytes.HasPrefix(l, []byte("{")), bytes.HasPrefix(l, []byte("[")):
		if isText(head) {
			return "JSON or text"
		}
	}
	if isText(head) {
		return "text"
	}
	return ""
}

// isText reports whether b looks like UTF-8 text without control bytes.
func isText(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	// a multi-byte rune may be cut at the end of the sniffed head
	for i := 0; i < 3 && len(b) > 1 && !utf8.Valid(b); i++ {
		b = b[:len(b)-1]
	}
	if !utf8.Valid(b) {
		return false
	}
	for _, c := range b {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' {
			return false
		}
	}
	return true
}
