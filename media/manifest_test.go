package media

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/onair-fm/onair/internal/testmedia"
)

// manifestEntry is one file of testdata/manifest.json or the shared
// corpus's manifest.json (same shape).
type manifestEntry struct {
	File              string             `json:"file"`
	Container         *string            `json:"container"`
	Codec             *string            `json:"codec"`
	SampleRate        int                `json:"sample_rate"`
	Channels          int                `json:"channels"`
	DecodedDurationMS int64              `json:"decoded_duration_ms"`
	Tags              map[string]*string `json:"tags"`
	HasArtwork        bool               `json:"has_artwork"`
	ArtworkMIME       *string            `json:"artwork_mime"`
	ArtworkWidth      int                `json:"artwork_width"`
	ArtworkHeight     int                `json:"artwork_height"`
	Chapters          []struct {
		StartMS int64  `json:"start_ms"`
		EndMS   *int64 `json:"end_ms"`
		Title   string `json:"title"`
	} `json:"chapters"`
	Expect string `json:"expect"`
	Notes  string `json:"notes"`
	MP3    *struct {
		FirstFrameOffset int64 `json:"first_frame_offset"`
	} `json:"mp3"`

	dir string
}

// repoRoot is the folder with go.mod.
var repoRoot = testmedia.RepoRoot

// manifests loads testdata/manifest.json and, when present, the shared
// corpus's manifest.json.
func manifests(t testing.TB) []manifestEntry {
	var all []manifestEntry
	for _, m := range testmedia.Manifests[manifestEntry](t) {
		for _, e := range m.Entries {
			e.dir = m.Dir
			all = append(all, e)
		}
	}
	return all
}

func probeFile(t testing.TB, path string) (*Info, error) {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	return Probe(f, st.Size())
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// firstNumber is the leading number of "12/52" or "5".
func firstNumber(s string) int {
	n, _ := strconv.Atoi(strings.TrimSpace(strings.SplitN(s, "/", 2)[0]))
	return n
}

func TestProbeManifest(t *testing.T) {
	for _, e := range manifests(t) {
		t.Run(e.File, func(t *testing.T) {
			info, err := probeFile(t, filepath.Join(e.dir, e.File))
			if e.Expect == "reject" {
				if err == nil {
					t.Fatalf("probed %+v, want a rejection", info)
				}
				if !errors.Is(err, ErrNotAudio) && !errors.Is(err, ErrTruncated) && !errors.Is(err, ErrCorrupt) {
					t.Errorf("error %q wraps no probe sentinel", err)
				}
				t.Logf("rejected: %v", err)
				return
			}
			if err != nil {
				t.Fatalf("Probe: %v", err)
			}
			got := info.Duration.Milliseconds()
			if d := got - e.DecodedDurationMS; d < -50 || d > 50 {
				t.Errorf("duration %d ms, decoded truth %d ms (off by %d)", got, e.DecodedDurationMS, d)
			}
			if want := str(e.Container); info.Container != want {
				t.Errorf("container %q, want %q", info.Container, want)
			}
			want := str(e.Codec) // ffmpeg's name: integer PCM is "pcm" here, whatever its layout
			if strings.HasPrefix(want, "pcm_s") || strings.HasPrefix(want, "pcm_u") {
				want = "pcm"
			}
			if info.Codec != want {
				t.Errorf("codec %q, want %q", info.Codec, want)
			}
			if info.SampleRate != e.SampleRate || info.Channels != e.Channels {
				t.Errorf("%d Hz %d ch, want %d Hz %d ch", info.SampleRate, info.Channels, e.SampleRate, e.Channels)
			}
			if e.MP3 != nil && info.HeaderBytes != e.MP3.FirstFrameOffset {
				t.Errorf("header bytes %d, first MPEG frame at %d", info.HeaderBytes, e.MP3.FirstFrameOffset)
			}
			checkTags(t, info.Tags, e.Tags)
			switch {
			case e.HasArtwork && info.Artwork == nil:
				t.Errorf("no artwork, want %s %dx%d", str(e.ArtworkMIME), e.ArtworkWidth, e.ArtworkHeight)
			case !e.HasArtwork && info.Artwork != nil:
				t.Errorf("artwork %s, want none", info.Artwork.MIME)
			case e.HasArtwork:
				a := info.Artwork
				if a.MIME != str(e.ArtworkMIME) || a.Width != e.ArtworkWidth || a.Height != e.ArtworkHeight {
					t.Errorf("artwork %s %dx%d, want %s %dx%d", a.MIME, a.Width, a.Height, str(e.ArtworkMIME), e.ArtworkWidth, e.ArtworkHeight)
				}
			}
			if len(info.Chapters) != len(e.Chapters) {
				t.Fatalf("chapters %+v, want %+v", info.Chapters, e.Chapters)
			}
			for i, c := range e.Chapters {
				g := info.Chapters[i]
				if d := g.Start.Milliseconds() - c.StartMS; d < -1 || d > 1 || g.Title != c.Title {
					t.Errorf("chapter %d = %v %q, want %d ms %q", i, g.Start, g.Title, c.StartMS, c.Title)
				}
				if c.EndMS != nil && g.End.Milliseconds() != *c.EndMS {
					t.Errorf("chapter %d ends %v, want %d ms", i, g.End, *c.EndMS)
				}
			}
		})
	}
}

func checkTags(t *testing.T, got Tags, want map[string]*string) {
	t.Helper()
	year := str(want["year"])
	if len(year) > 4 {
		year = year[:4]
	}
	gotYear := got.Year
	if len(gotYear) > 4 {
		gotYear = gotYear[:4]
	}
	for _, f := range []struct{ name, got, want string }{
		{"title", got.Title, str(want["title"])},
		{"artist", got.Artist, str(want["artist"])},
		{"album", got.Album, str(want["album"])},
		{"year", gotYear, year},
		{"comment", got.Comment, str(want["comment"])},
		{"genre", got.Genre, str(want["genre"])},
	} {
		if f.got != f.want {
			t.Errorf("tag %s = %q, want %q", f.name, f.got, f.want)
		}
	}
	if w := firstNumber(str(want["track"])); got.Track != w {
		t.Errorf("tag track = %d, want %d", got.Track, w)
	}
}
