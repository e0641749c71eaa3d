package media

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"
)

// TestProbeTruncatedFiles cuts a real file of each container short: every
// one is accepted with the length of the audio still in the file, less
// than the whole file's, and a warning that it is truncated, while the
// whole file gets none.
func TestProbeTruncatedFiles(t *testing.T) {
	tests := []struct {
		file string
		keep float64 // share of the file kept
	}{
		{"m4a_faststart_cover.m4a", 0.8},
		{"m4a_fragmented.m4a", 0.6},
		{"flac_picture.flac", 0.9},
		{"vorbis.ogg", 0.7},
		{"opus.opus", 0.7},
		{"wav_pcm16_mono.wav", 0.5},
		{"aiff_pcm16.aiff", 0.5},
		{"aac_adts.aac", 0.7},
		{"mp3_cbr_id3v23_apic.mp3", 0.7},
		{"mp3_vbr_xing.mp3", 0.7},
		{"mp3_vbr_xing.mp3", 0.98}, // within the slack Xing's byte count gets
		{"mp3_vbr_noxing.mp3", 0.7},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			b, err := os.ReadFile("../testdata/" + tc.file)
			if err != nil {
				t.Fatal(err)
			}
			whole, err := Probe(bytes.NewReader(b), int64(len(b)))
			if err != nil {
				t.Fatal(err)
			}
			if len(whole.Warnings) != 0 {
				t.Fatalf("whole file: warnings %q", whole.Warnings)
			}
			n := int(float64(len(b)) * tc.keep)
			cut, err := Probe(bytes.NewReader(b[:n]), int64(n))
			if err != nil {
				t.Fatalf("cut to %d of %d bytes: %v", n, len(b), err)
			}
			// The audio is most of each fixture: what is kept plays for
			// about its share of the whole, never longer than the whole.
			lo := time.Duration(float64(whole.Duration) * (tc.keep - 0.35))
			if cut.Duration >= whole.Duration || cut.Duration < lo {
				t.Errorf("cut to %.0f%%: duration %v, want below %v and above %v", tc.keep*100, cut.Duration, whole.Duration, lo)
			}
			if len(cut.Warnings) != 1 || !strings.HasPrefix(cut.Warnings[0], "The file is truncated: ") {
				t.Errorf("cut: warnings %q, want one saying it is truncated", cut.Warnings)
			}
		})
	}
}

// TestProbeTruncatedMP4Table checks the MP4 count exactly: the samples whose
// bytes the cut file holds, by the sample tables.
func TestProbeTruncatedMP4Table(t *testing.T) {
	b, err := os.ReadFile("../testdata/m4a_faststart_cover.m4a")
	if err != nil {
		t.Fatal(err)
	}
	whole, err := Probe(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	// Cutting off the last sample's last byte loses that one sample (an
	// AAC frame of 1024 samples) and nothing more.
	cut, err := Probe(bytes.NewReader(b[:len(b)-1]), int64(len(b)-1))
	if err != nil {
		t.Fatal(err)
	}
	frame := 1024 * time.Second / time.Duration(whole.SampleRate)
	if d := whole.Duration - cut.Duration; d < frame-time.Millisecond || d > frame+time.Millisecond {
		t.Errorf("one byte less: %v, want %v (one AAC frame less than %v)", cut.Duration, whole.Duration-frame, whole.Duration)
	}
}
