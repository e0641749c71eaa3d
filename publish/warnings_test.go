package publish

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onair-fm/onair/catalog"
)

// mp3WithText writes the CBR fixture with its ID3 tag replaced by an
// ID3v2.4 tag holding the UTF-8 text frames given (id, text), and returns
// the file's path.
func mp3WithText(t *testing.T, frames ...[2]string) string {
	t.Helper()
	b, err := os.ReadFile(fixture(t, "mp3_cbr_id3v23_apic.mp3"))
	if err != nil {
		t.Fatal(err)
	}
	if string(b[:3]) == "ID3" {
		n := int(b[6])<<21 | int(b[7])<<14 | int(b[8])<<7 | int(b[9])
		b = b[10+n:]
	}
	syncsafe := func(n int) []byte {
		return []byte{byte(n >> 21 & 0x7f), byte(n >> 14 & 0x7f), byte(n >> 7 & 0x7f), byte(n & 0x7f)}
	}
	var body []byte
	for _, f := range frames {
		data := append([]byte{3}, f[1]...)
		body = append(append(append(append(body, f[0]...), syncsafe(len(data))...), 0, 0), data...)
	}
	tag := append(append([]byte("ID3\x04\x00\x00"), syncsafe(len(body))...), body...)
	path := filepath.Join(t.TempDir(), "tagged.mp3")
	if err := os.WriteFile(path, append(tag, b...), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// cutFixture writes the first share of a fixture to a file of its own.
func cutFixture(t *testing.T, name string, share float64) string {
	t.Helper()
	b, err := os.ReadFile(fixture(t, name))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "cut-"+name)
	if err := os.WriteFile(path, b[:int(float64(len(b))*share)], 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestCreateEpisodeWarnings: what the file's tags say is cleaned, never a
// reason to refuse the file, and the episode answers with a warning naming
// the tag; a truncated file is accepted with the length it holds and a
// warning. What the publisher types is still refused when it is bad.
func TestCreateEpisodeWarnings(t *testing.T) {
	tests := []struct {
		name      string
		path      func(t *testing.T) string
		patch     EpisodePatch
		wantErr   error
		title     string
		wantWarns []string // substrings, one warning each
	}{
		{"tag title with invalid UTF-8", func(t *testing.T) string { return mp3WithText(t, [2]string{"TIT2", "Ferry \xff hours"}) },
			EpisodePatch{}, nil, "Ferry \uFFFD hours", []string{"title tag (TIT2) had invalid UTF-8"}},
		{"tag title with a control character", func(t *testing.T) string { return mp3WithText(t, [2]string{"TIT2", "Ferry\x1b hours"}) },
			EpisodePatch{}, nil, "Ferry hours", []string{"title tag (TIT2) had control characters"}},
		{"tag comment with a C1 control", func(t *testing.T) string {
			return mp3WithText(t, [2]string{"TIT2", "Fine"}, [2]string{"COMM", "eng\x00notes\u0085 here"})
		}, EpisodePatch{}, nil, "Fine", []string{"comment tag (COMM) had control characters"}},
		{"typed title with invalid UTF-8", func(t *testing.T) string { return mp3WithText(t, [2]string{"TIT2", "Fine"}) },
			EpisodePatch{Title: ptr("Ferry \xff hours")}, catalog.ErrInvalid, "", nil},
		{"typed title with a control character", func(t *testing.T) string { return mp3WithText(t, [2]string{"TIT2", "Fine"}) },
			EpisodePatch{Title: ptr("Ferry\x1b hours")}, catalog.ErrInvalid, "", nil},
		{"truncated M4A", func(t *testing.T) string { return cutFixture(t, "m4a_faststart_cover.m4a", 0.8) },
			EpisodePatch{Title: ptr("Cut")}, nil, "Cut", []string{"The file is truncated: its MP4 sample table says 5.1 s of audio, but the file holds only"}},
		{"truncated FLAC", func(t *testing.T) string { return cutFixture(t, "flac_picture.flac", 0.9) },
			EpisodePatch{Title: ptr("Cut")}, nil, "Cut", []string{"The file is truncated: its FLAC STREAMINFO says"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			sh := e.show("morning")
			ep, err := e.create(sh, tc.path(t), tc.patch)
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("error %v, want %v", err, tc.wantErr)
				}
				if n := len(e.episodes(sh)); n != 0 || len(e.blobs()) != 0 {
					t.Errorf("refused upload left %d episodes and blobs %v", n, e.blobs())
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if ep.Title != tc.title {
				t.Errorf("title %q, want %q", ep.Title, tc.title)
			}
			if len(ep.Warnings) != len(tc.wantWarns) {
				t.Fatalf("warnings %q, want %d like %q", ep.Warnings, len(tc.wantWarns), tc.wantWarns)
			}
			for i, w := range tc.wantWarns {
				if !strings.Contains(ep.Warnings[i], w) {
					t.Errorf("warning %q, want it to say %q", ep.Warnings[i], w)
				}
			}
			if err := catalog.ValidateEpisode(ep); err != nil {
				t.Errorf("stored episode does not validate: %v", err)
			}
		})
	}
}

// TestReplaceAudioWarnings: new audio that is truncated answers with the
// warning, and the episode gets the length the file holds.
func TestReplaceAudioWarnings(t *testing.T) {
	e := newEnv(t)
	sh := e.show("morning")
	ep, err := e.create(sh, fixture(t, "m4a_faststart_cover.m4a"), EpisodePatch{})
	if err != nil {
		t.Fatal(err)
	}
	whole := ep.Audio.Duration
	a, err := e.storeFile(ep.ID, cutFixture(t, "m4a_faststart_cover.m4a", 0.5))
	if err != nil {
		t.Fatal(err)
	}
	got, err := e.pub.ReplaceAudio(e.ctx, ep, a)
	if err != nil {
		t.Fatal(err)
	}
	if got.Audio.Duration >= whole || len(got.Warnings) != 1 || !strings.Contains(got.Warnings[0], "truncated") {
		t.Errorf("duration %v (whole %v), warnings %q", got.Audio.Duration, whole, got.Warnings)
	}
}
