package media

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestFLACWithoutTotalSamples zeroes STREAMINFO's sample count (as a
// streamed encode leaves it): the last frame header gives the length.
func TestFLACWithoutTotalSamples(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(repoRoot(t), "testdata", "flac_picture.flac"))
	if err != nil {
		t.Fatal(err)
	}
	x := binary.BigEndian.Uint64(b[18:26]) // STREAMINFO bytes 10-17
	binary.BigEndian.PutUint64(b[18:26], x&^(1<<36-1))
	info, err := Probe(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	if info.Duration != time.Second {
		t.Errorf("duration %v, want 1s", info.Duration)
	}
	// With no whole frame header left, it is an error, not a zero length.
	cut := b[:info.HeaderBytes+3]
	if _, err := Probe(bytes.NewReader(cut), int64(len(cut))); !errors.Is(err, ErrTruncated) {
		t.Errorf("cut stream: error %v, want ErrTruncated", err)
	}
}

func TestSniffNames(t *testing.T) {
	// Free format: MPEG-1 Layer III headers with bitrate index 0, 1,000
	// bytes apart, as lame --freeformat writes them.
	free := bytes.Repeat(append([]byte{0xFF, 0xFB, 0x00, 0xC4}, make([]byte, 996)...), 5)
	freeMsg := "media: unsupported audio: free-format MP3 (no standard bitrate), which ffmpeg and most podcast apps " +
		"cannot decode; re-encode it at a standard bitrate, e.g. lame --decode in.mp3 tmp.wav && lame -b 128 tmp.wav out.mp3"
	for _, tt := range []struct {
		head []byte
		err  error
		want string
	}{
		{[]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), ErrNotAudio, "media: not audio: PNG image"},
		{[]byte("\xff\xd8\xff\xe0\x00\x10JFIF"), ErrNotAudio, "media: not audio: JPEG image"},
		{[]byte("<!DOCTYPE html><html><body>404</body></html>"), ErrNotAudio, "media: not audio: HTML document"},
		{[]byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), ErrNotAudio, "media: not audio: PDF document"},
		{[]byte("\x1aE\xdf\xa3\x9fB\x86\x81\x01"), ErrUnsupported, "media: unsupported audio: Matroska/WebM container, which Apple Podcasts and many apps cannot play; " +
			"convert it to MP3 or M4A first, e.g. ffmpeg -i in.webm -c:a libmp3lame -q:a 2 out.mp3"},
		{[]byte("hello, world\n"), ErrNotAudio, "media: not audio: text"},
		{[]byte("ID3\x03\x00\x00\x00\x00\x00\x00"), ErrTruncated, "media: truncated: no complete MPEG frame after the ID3 tag"},
		{free, ErrUnsupported, freeMsg},
		{append([]byte("ID3\x03\x00\x00\x00\x00\x00\x00"), free...), ErrUnsupported, freeMsg},
		{free[:1000], ErrNotAudio, "media: not audio: no MPEG audio frames found"}, // one header is no stream
	} {
		_, err := Probe(bytes.NewReader(tt.head), int64(len(tt.head)))
		if !errors.Is(err, tt.err) || err.Error() != tt.want {
			t.Errorf("%q: error %v, want %q", tt.head, err, tt.want)
		}
		// People are told the same without the package prefix.
		if got, want := Refusal(err), strings.TrimPrefix(tt.want, "media: "); got != want {
			t.Errorf("%q: Refusal %q, want %q", tt.head, got, want)
		}
	}
	if got := Refusal(fmt.Errorf("media: open: %w", io.ErrUnexpectedEOF)); got != "" {
		t.Errorf("Refusal of an I/O error = %q, want \"\"", got)
	}
}
