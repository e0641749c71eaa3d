// Package media is everything about audio bytes: probing files for their real
// duration, tags, artwork and chapters, one Prober per container chosen by
// the bytes, never the file name; and blob storage (local disk, S3).
//
// S3 storage speaks through github.com/minio/minio-go/v7, chosen over
// aws-sdk-go-v2 as one well-kept client for AWS and every S3-compatible
// server (MinIO, Versity, Ceph, R2), with a small dependency tree, whose Core
// API gives the multipart calls directly: an upload of unknown size streams
// as parts of bounded size, conditional on the key being new, and is
// aborted on failure.
package media

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"time"
)

// Info is what Probe reads from an audio file.
type Info struct {
	Container string // "mp3", "mp4", "flac", "ogg", "wav", ...
	Codec     string // "mp3", "aac", "alac", "flac", "vorbis", "opus", "pcm", ...
	MIME      string // for feeds: "audio/mpeg", "audio/mp4", ...
	// Duration is what a decoder plays: LAME gapless delay and padding,
	// the Opus pre-skip and MP4 edit lists applied.
	Duration    time.Duration
	Bitrate     int    // average of the audio bytes (tags excluded), bits per second.
	BitrateMode string // "cbr", "vbr" or "lossless".
	SampleRate  int
	Channels    int
	// HeaderBytes is the offset of the first audio frame (after ID3v2, moov
	// before mdat, and the like). For MP3 it is the first MPEG frame, the
	// Xing/Info frame when there is one; for MP4 the start of mdat's payload.
	HeaderBytes int64
	Tags        Tags
	Artwork     *Artwork // nil when the file has none.
	Chapters    []Chapter
	// Warnings are what the publisher should know about a file that was
	// accepted: it is truncated (Duration is then what the file holds),
	// or tag text had to be cleaned. Each names what it is about.
	Warnings []string
}

// Tags are the common text tags, "" or 0 when absent.
type Tags struct {
	Title   string `json:"title"`
	Artist  string `json:"artist"`
	Album   string `json:"album"`
	Year    string `json:"year"`
	Comment string `json:"comment"`
	Genre   string `json:"genre"`
	Track   int    `json:"track"`

	notes []tagNote // text that had to be cleaned, for Info.Warnings.
}

// Artwork is an embedded picture, the front cover when there are several.
type Artwork struct {
	MIME   string
	Width  int
	Height int
	Data   []byte
}

// Chapter is a chapter mark; End is 0 when the format does not give one.
type Chapter struct {
	Start time.Duration
	End   time.Duration
	Title string
}

// Probe errors. Probe wraps them with what it found, e.g.
// "not audio: PNG image" wraps ErrNotAudio.
var (
	ErrNotAudio    = errors.New("not audio")
	ErrUnsupported = errors.New("unsupported audio")
	ErrTruncated   = errors.New("truncated")
	ErrCorrupt     = errors.New("corrupt")
)

// probeError is Probe's error: the package prefix for logs around what the
// container parsers found, which Refusal gives people without the prefix.
type probeError struct{ err error }

func (e *probeError) Error() string { return "media: " + e.err.Error() }
func (e *probeError) Unwrap() error { return e.err }

// Refusal is why Probe refused a file, in words for the person who sent it
// (e.g. "not audio: PNG image"), without the package prefix the error keeps
// for logs. It is "" when err is not such a refusal (an I/O error, say).
func Refusal(err error) string {
	var pe *probeError
	if !errors.As(err, &pe) {
		return ""
	}
	for _, s := range []error{ErrNotAudio, ErrUnsupported, ErrTruncated, ErrCorrupt} {
		if errors.Is(pe.err, s) {
			return pe.err.Error()
		}
	}
	return ""
}

// Probe reads what onair needs from an audio file of the given size, reading
// only headers and frame headers, never the whole file into memory. The
// container is chosen by the bytes, never the file name. A file that is not
// audio gets an error wrapping ErrNotAudio that says what it is.
func Probe(r io.ReaderAt, size int64) (*Info, error) {
	s := newSrc(r, size)
	p, err := sniff(s)
	if err != nil {
		return nil, &probeError{err}
	}
	info := &Info{}
	if err := p.probe(s, info); err != nil {
		return nil, &probeError{err}
	}
	if info.Duration <= 0 {
		return nil, &probeError{fmt.Errorf("%w: %s with no audio samples", ErrCorrupt, info.Container)}
	}
	if info.Bitrate == 0 && info.HeaderBytes < size {
		info.Bitrate = bitrate(size-info.HeaderBytes, info.Duration)
	}
	sortChapters(info.Chapters)
	info.tagWarnings()
	return info, nil
}

// bitrate is the average bits per second of n bytes over d.
func bitrate(n int64, d time.Duration) int {
	if d <= 0 {
		return 0
	}
	return int(float64(n) * 8 / d.Seconds())
}

// sortChapters orders chapters by start time (ID3 CHAP frames may be stored
// in any order).
func sortChapters(cs []Chapter) {
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].Start < cs[j].Start })
}
