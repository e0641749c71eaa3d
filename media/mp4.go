package media

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"time"

	"github.com/dhowden/tag"
)

// mp4Prober reads MP4/M4A/M4B/MOV files: duration from the audio track's
// mdhd and edit list, with moov before or after mdat.
type mp4Prober struct{}

// mp4Track is what onair needs from one trak box.
type mp4Track struct {
	id         uint32
	handler    string
	timescale  uint32
	duration   uint64
	codec      string
	channels   int
	sampleRate int
	mediaTime  int64  // first edit's media time (priming), -1 if none
	editDur    uint64 // sum of the edits' durations, movie timescale
	frameLen   uint32 // first sample's duration (AAC: 1024 or 960)
	lastLen    uint32 // last sample's duration
	chap       []uint32
	stbl       []byte
}

func (mp4Prober) probe(s *src, info *Info) error {
	moov, mdat, err := topBoxes(s)
	if err != nil {
		return err
	}
	if moov.typ == "" {
		return fmt.Errorf("%w: MP4 without a moov box", ErrTruncated)
	}
	mb, err := s.read(moov.start, moov.end-moov.start)
	if err != nil {
		return fmt.Errorf("%w: moov: %v", ErrCorrupt, err)
	}
	budget := maxBoxes
	var movieScale uint32
	var movieDur uint64
	var tracks []mp4Track
	for _, c := range childBoxes(mb, &budget) {
		switch c.typ {
		case "mvhd":
			movieScale, movieDur = mp4TimeBox(c.payload(mb))
		case "trak":
			tracks = append(tracks, parseTrak(c.payload(mb), &budget))
		}
	}
	var audio *mp4Track
	for i := range tracks {
		if tracks[i].handler == "soun" {
			audio = &tracks[i]
			break
		}
	}
	if audio == nil {
		if len(tracks) > 0 {
			return fmt.Errorf("%w: MP4 video or data without an audio track", ErrNotAudio)
		}
		return fmt.Errorf("%w: MP4 without tracks", ErrCorrupt)
	}
	if audio.timescale == 0 {
		return fmt.Errorf("%w: MP4 audio track with no timescale", ErrCorrupt)
	}
	sampleBytes := audioBytes(audio.stbl, &budget)
	cut, cutOK := mp4Whole(audio.stbl, s.size, &budget)
	fragCut := false
	if mvex := findBox(mb, "mvex", &budget); sampleBytes == 0 && mvex != nil {
		// Fragmented: the samples are in the moof boxes.
		f := fragTotals{trackID: audio.id, fileSize: s.size}
		f.defaultDur, f.defaultSize = trexDefaults(mvex, audio.id, &budget)
		fragments(s, &f, &budget)
		audio.duration, audio.frameLen, audio.lastLen = f.duration, f.first, f.last
		sampleBytes, fragCut = f.bytes, f.cut
	}
	if sampleBytes == 0 {
		return fmt.Errorf("%w: MP4 audio track with no samples", ErrCorrupt)
	}
	info.Container, info.Codec = "mp4", audio.codec
	info.MIME = "audio/mp4"
	if len(tracks) > 1 && hasVideo(tracks) {
		info.MIME = "video/mp4"
	}
	info.SampleRate, info.Channels = audio.sampleRate, audio.channels
	info.Duration = audio.playDuration(movieScale)
	if info.Duration <= 0 && movieScale > 0 {
		info.Duration = ticks(movieDur, movieScale)
	}
	if cutOK && sampleBytes > 0 && cut.samples < cut.total {
		if cut.samples == 0 {
			return fmt.Errorf("%w: no whole MP4 audio sample in the file", ErrTruncated)
		}
		want := info.Duration
		audio.duration, audio.lastLen = cut.ticks, cut.last
		info.Duration, sampleBytes = audio.playDuration(movieScale), cut.bytes
		info.truncated("its MP4 sample table", want, info.Duration)
	}
	if fragCut {
		info.truncated("its last movie fragment runs past the end of the file", 0, info.Duration)
	}
	info.BitrateMode = "vbr"
	if audio.codec == "alac" || audio.codec == "flac" {
		info.BitrateMode = "lossless"
	}
	if mdat.typ != "" {
		info.HeaderBytes = mdat.start
	}
	info.Bitrate = bitrate(sampleBytes, info.Duration)
	if udta := findBox(mb, "udta", &budget); udta != nil {
		if ilst := mp4Ilst(udta, &budget); ilst != nil {
			if m, err := tag.ReadAtoms(bytes.NewReader(ilst)); err == nil {
				setTags(m, info)
			}
		}
		info.Chapters = neroChapters(findBox(udta, "chpl", &budget))
	}
	// The QuickTime chapter track also gives end times: prefer it.
	if cs := textTrackChapters(s, audio, tracks, &budget); len(cs) > 0 {
		info.Chapters = cs
	}
	return nil
}

func hasVideo(ts []mp4Track) bool {
	for _, t := range ts {
		if t.handler == "vide" && t.duration > 0 {
			return true
		}
	}
	return false
}

// playDuration is what a decoder plays: the media duration minus the edit
// list's media time (the encoder priming the decoder skips). An AAC decoder
// puts out a whole frame for the last packet even when stts gives it less,
// so that frame counts whole, the way ffmpeg decodes it. An edit list that
// cuts more than a frame off the end is followed.
func (t *mp4Track) playDuration(movieScale uint32) time.Duration {
	n := t.duration
	if t.codec == "aac" && t.lastLen < t.frameLen && t.frameLen <= 8192 {
		n += uint64(t.frameLen - t.lastLen)
	}
	if t.mediaTime > 0 && uint64(t.mediaTime) < n {
		n -= uint64(t.mediaTime)
	}
	if movieScale > 0 && t.editDur > 0 && t.editDur < 1<<40 {
		edit := t.editDur * uint64(t.timescale) / uint64(movieScale)
		if edit+uint64(t.frameLen)+uint64(t.timescale)/100 < n {
			n = edit
		}
	}
	return ticks(n, t.timescale)
}

// ticks converts n units of a 1/scale clock to a duration without overflow.
func ticks(n uint64, scale uint32) time.Duration {
	if scale == 0 {
		return 0
	}
	sec := n / uint64(scale)
	rem := n % uint64(scale)
	if sec > uint64(1<<63-1)/uint64(time.Second) {
		return 0
	}
	return time.Duration(sec)*time.Second + time.Duration(rem*uint64(time.Second)/uint64(scale))
}

// mp4TimeBox reads timescale and duration from an mvhd or mdhd payload.
func mp4TimeBox(b []byte) (uint32, uint64) {
	if len(b) < 20 {
		return 0, 0
	}
	if b[0] == 1 {
		if len(b) < 32 {
			return 0, 0
		}
		return binary.BigEndian.Uint32(b[20:]), binary.BigEndian.Uint64(b[24:])
	}
	d := uint64(binary.BigEndian.Uint32(b[16:]))
	if d == 0xFFFFFFFF {
		d = 0
	}
	return binary.BigEndian.Uint32(b[12:]), d
}

// mp4Ilst finds udta/meta/ilst and returns the whole ilst box (header
// included) for dhowden/tag.
func mp4Ilst(udta []byte, budget *int) []byte {
	meta := findBox(udta, "meta", budget)
	if len(meta) >= 4 && binary.BigEndian.Uint32(meta) == 0 {
		meta = meta[4:] // full box version and flags (ISO); QuickTime has none
	}
	for _, c := range childBoxes(meta, budget) {
		if c.typ == "ilst" {
			return meta[c.off:c.end]
		}
	}
	return nil
}
