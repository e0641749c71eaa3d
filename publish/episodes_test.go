package publish

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/internal/testmedia"
	"github.com/onair-fm/onair/media"
)

// fixtureEntry is what testdata/manifest.json says of a file.
type fixtureEntry struct {
	File      string             `json:"file"`
	Container string             `json:"container"`
	Tags      map[string]*string `json:"tags"`
	Chapters  []struct {
		Title string `json:"title"`
	} `json:"chapters"`
	Expect string `json:"expect"`
}

// TestCreateEpisodeFromEachFixture: every file of testdata that is audio
// becomes an episode with what its tags say (title, else the file name;
// track number; comment as notes), its chapters, and its blob as the only
// one stored.
func TestCreateEpisodeFromEachFixture(t *testing.T) {
	e := newEnv(t)
	sh := e.show("fixtures")
	n := 0
	for _, m := range testmedia.Manifests[fixtureEntry](t)[:1] {
		for _, f := range m.Entries {
			if f.Expect != "ok" {
				continue
			}
			n++
			t.Run(f.File, func(t *testing.T) {
				before := e.blobs()
				ep, err := e.create(sh, m.Dir+"/"+f.File, EpisodePatch{})
				if err != nil {
					t.Fatal(err)
				}
				title := strings.TrimSpace(deref(f.Tags["title"]))
				if title == "" {
					title = baseName(f.File)
				}
				track, _ := strconv.Atoi(strings.Split(deref(f.Tags["track"]), "/")[0])
				switch {
				case ep.Title != catalog.FoldTitle(title):
					t.Errorf("title %q, want %q", ep.Title, title)
				case ep.Number != track:
					t.Errorf("number %d, want %d", ep.Number, track)
				case ep.Audio.Container != f.Container || ep.Audio.MIME == "" || ep.Audio.Duration <= 0:
					t.Errorf("audio %+v, want a probed %s", ep.Audio, f.Container)
				case ep.Audio.FileName != f.File || ep.Audio.Size == 0:
					t.Errorf("audio file %q of %d bytes", ep.Audio.FileName, ep.Audio.Size)
				case len(ep.Chapters) != len(f.Chapters):
					t.Errorf("%d chapters, want %d", len(ep.Chapters), len(f.Chapters))
				case ep.Status != catalog.StatusPublished || !ep.PublishedAt.Equal(e.now.Truncate(time.Second)):
					t.Errorf("status %s at %v, want published now", ep.Status, ep.PublishedAt)
				}
				if c := deref(f.Tags["comment"]); c != "" && !strings.Contains(ep.Description, c) {
					t.Errorf("notes %q, want the comment %q", ep.Description, c)
				}
				if !strings.HasPrefix(ep.Audio.Key, "episodes/"+ep.ID+"/") {
					t.Errorf("key %q is not the episode's", ep.Audio.Key)
				}
				e.wantBlobs("after "+f.File, append(before, ep.Audio.Key, ep.ArtworkKey)...)
			})
		}
	}
	if n < 10 {
		t.Fatalf("only %d audio fixtures", n)
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// TestCreateEpisodeRefused: a file that is not audio onair can read, and
// fields the episode cannot have, are refused in the publisher's words and
// leave no blob and no row.
func TestCreateEpisodeRefused(t *testing.T) {
	e := newEnv(t)
	sh := e.show("refused")
	for _, tt := range []struct {
		name, file string
		patch      EpisodePatch
		kind       error
		msg        string
	}{
		{"png", "not_audio.png", EpisodePatch{}, media.ErrNotAudio, `the uploaded file "not_audio.png" is not audio: PNG image`},
		{"text", "text_as.mp3", EpisodePatch{}, media.ErrNotAudio, `the uploaded file "text_as.mp3" is not audio: text`},
		{"video", "video_no_audio.mp4", EpisodePatch{}, nil, `the uploaded file "video_no_audio.mp4" `},
		{"empty", "zero_bytes.mp3", EpisodePatch{}, catalog.ErrInvalid, "the audio file is empty"},
		{"bad time", "mp3_vbr_xing.mp3", EpisodePatch{PublishedAt: ptr("yesterday")}, catalog.ErrInvalid,
			`published_at "yesterday" must be an RFC 3339 time such as 2026-01-02T15:04:05Z`},
		{"both notes", "mp3_vbr_xing.mp3", EpisodePatch{Description: ptr("<p>a</p>"), DescriptionMarkdown: ptr("a")}, catalog.ErrInvalid,
			"send the show notes as description (HTML) or as description_markdown (Markdown), not both"},
		{"bad status", "mp3_cbr_id3v23_apic.mp3", EpisodePatch{Status: ptr("live")}, catalog.ErrInvalid, `status "live" must be "published" or "draft"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.create(sh, fixture(t, tt.file), tt.patch)
			if err == nil {
				t.Fatal("created")
			}
			msg, ok := refusal(err)
			if !ok {
				msg = catalog.InvalidMessage(err)
			}
			if tt.kind != nil && !errors.Is(err, tt.kind) {
				t.Errorf("%v is not %v", err, tt.kind)
			}
			if !strings.HasPrefix(msg, tt.msg) {
				t.Errorf("message %q, want %q", msg, tt.msg)
			}
			e.wantBlobs(tt.name)
			if eps := e.episodes(sh); len(eps) != 0 {
				t.Errorf("%d episodes stored", len(eps))
			}
		})
	}
}

// TestCreateEpisodeFields: what the publisher sends wins over the tags.
func TestCreateEpisodeFields(t *testing.T) {
	e := newEnv(t)
	sh := e.show("fields")
	ep, err := e.create(sh, fixture(t, "mp3_cbr_id3v23_apic.mp3"), EpisodePatch{
		Title: ptr("  Sent\ntitle "), DescriptionMarkdown: ptr("**Notes**\r\n"), Number: ptr(2), Season: ptr(3),
		PublishedAt: ptr("2026-01-02T15:04:05+01:00"), Status: ptr("draft"), Type: ptr("bonus"), Explicit: ptr(true),
	})
	if err != nil {
		t.Fatal(err)
	}
	want := catalog.Episode{Title: "Sent title", Description: "<p><strong>Notes</strong></p>", DescriptionSource: "**Notes**",
		Number: 2, Season: 3, Status: "draft", Type: "bonus", Explicit: true,
		PublishedAt: time.Date(2026, 1, 2, 14, 4, 5, 0, time.UTC)}
	got := catalog.Episode{Title: ep.Title, Description: ep.Description, DescriptionSource: ep.DescriptionSource,
		Number: ep.Number, Season: ep.Season, Status: ep.Status, Type: ep.Type, Explicit: ep.Explicit, PublishedAt: ep.PublishedAt}
	if strings.TrimSpace(got.Description) != want.Description {
		t.Errorf("description %q, want %q", got.Description, want.Description)
	}
	got.Description = want.Description
	if !got.PublishedAt.Equal(want.PublishedAt) {
		t.Errorf("published at %v, want %v", got.PublishedAt, want.PublishedAt)
	}
	got.PublishedAt = want.PublishedAt
	if got.Title != want.Title || got.DescriptionSource != want.DescriptionSource || got.Number != want.Number ||
		got.Season != want.Season || got.Status != want.Status || got.Type != want.Type || got.Explicit != want.Explicit {
		t.Errorf("episode %+v, want %+v", got, want)
	}
}

// TestEmbeddedArtwork: a picture in the tags becomes the episode's artwork
// only when Apple would take it, under the episode's keys.
func TestEmbeddedArtwork(t *testing.T) {
	e := newEnv(t)
	sh := e.show("art")
	for _, tt := range []struct {
		name    string
		path    string
		adopted bool
	}{
		{"fixture's 320x240 jpeg", fixture(t, "mp3_cbr_id3v23_apic.mp3"), false},
		{"600x600 png", testmedia.MP3WithCover(t, 600, 600), false},
		{"1400x1500 png", testmedia.MP3WithCover(t, 1400, 1500), false},
		{"1400x1400 png", testmedia.MP3WithCover(t, 1400, 1400), true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ep, err := e.create(sh, tt.path, EpisodePatch{})
			if err != nil {
				t.Fatal(err)
			}
			if got := ep.ArtworkKey != ""; got != tt.adopted {
				t.Fatalf("artwork %q: adopted %v, want %v", ep.ArtworkKey, got, tt.adopted)
			}
			if tt.adopted && (!strings.HasPrefix(ep.ArtworkKey, "episodes/"+ep.ID+"/art-") || ep.ArtworkMIME != "image/png") {
				t.Errorf("artwork %q %q", ep.ArtworkKey, ep.ArtworkMIME)
			}
		})
	}
}

// TestReplaceAudio: new audio (and its artwork) replace the old, whose
// blobs go only once the row points at the new ones; refused audio leaves
// the episode and its blobs as they were.
func TestReplaceAudio(t *testing.T) {
	e := newEnv(t)
	sh := e.show("replace")
	ep, err := e.create(sh, testmedia.MP3WithCover(t, 1400, 1400), EpisodePatch{Title: ptr("Kept")})
	if err != nil {
		t.Fatal(err)
	}
	e.wantBlobs("created", ep.Audio.Key, ep.ArtworkKey)

	bad, err := e.storeFile(ep.ID, fixture(t, "not_audio.png"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.pub.ReplaceAudio(e.ctx, ep, bad); !errors.Is(err, media.ErrNotAudio) {
		t.Fatalf("replace with a png: %v", err)
	}
	e.wantBlobs("after refusal", ep.Audio.Key, ep.ArtworkKey)

	a, err := e.storeFile(ep.ID, testmedia.MP3WithCover(t, 1500, 1500))
	if err != nil {
		t.Fatal(err)
	}
	oldAudio, oldArt := ep.Audio.Key, ep.ArtworkKey
	got, err := e.pub.ReplaceAudio(e.ctx, ep, a)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != ep.ID || got.Title != "Kept" || got.Audio.Key != a.Key || got.ArtworkKey == oldArt || got.ArtworkKey == "" {
		t.Errorf("replaced: %+v", got)
	}
	e.wantBlobs("replaced", got.Audio.Key, got.ArtworkKey)
	if got.Audio.Key == oldAudio {
		t.Error("same audio key")
	}

	other, err := e.storeFile("", fixture(t, "mp3_vbr_xing.mp3"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.pub.ReplaceAudio(e.ctx, got, other); err == nil {
		t.Error("audio stored for another episode replaced this one's")
	}
	e.wantBlobs("another's audio", got.Audio.Key, got.ArtworkKey)
}

// TestDeleteEpisode: the row goes, then its audio and artwork.
func TestDeleteEpisode(t *testing.T) {
	e := newEnv(t)
	sh := e.show("delete")
	keep, err := e.create(sh, fixture(t, "opus.opus"), EpisodePatch{})
	if err != nil {
		t.Fatal(err)
	}
	ep, err := e.create(sh, testmedia.MP3WithCover(t, 1400, 1400), EpisodePatch{})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.pub.DeleteEpisode(e.ctx, ep); err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.GetEpisode(e.ctx, ep.ID); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("deleted episode: %v", err)
	}
	e.wantBlobs("deleted", keep.Audio.Key)
}

// TestUpdateEpisodeRelease: the dashboard's publish now, schedule and
// draft; publishing again an episode live already keeps its date.
func TestUpdateEpisodeRelease(t *testing.T) {
	e := newEnv(t)
	sh := e.show("release")
	week := e.now.Add(-7 * 24 * time.Hour).Truncate(time.Second)
	later := e.now.Add(48 * time.Hour).Truncate(time.Minute)
	for _, tt := range []struct {
		name     string
		status   string
		at       time.Time
		release  Release
		wantStat string
		wantAt   time.Time
	}{
		{"live stays put", "published", week, Release{}, "published", week},
		{"draft goes out now", "draft", week, Release{}, "published", e.now.Truncate(time.Second)},
		{"scheduled goes out now", "published", later, Release{}, "published", e.now.Truncate(time.Second)},
		{"schedule", "draft", week, Release{At: &later}, "published", later},
		{"draft keeps the date", "published", week, Release{Draft: true}, "draft", week},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ep, err := e.create(sh, fixture(t, "mp3_vbr_xing.mp3"), EpisodePatch{Status: &tt.status, PublishedAt: ptr(tt.at.Format(time.RFC3339))})
			if err != nil {
				t.Fatal(err)
			}
			got, err := e.pub.UpdateEpisode(e.ctx, ep, EpisodePatch{Release: &tt.release})
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != tt.wantStat || !got.PublishedAt.Equal(tt.wantAt) {
				t.Errorf("%s at %v, want %s at %v", got.Status, got.PublishedAt, tt.wantStat, tt.wantAt)
			}
		})
	}
}

// TestCheckNewEpisode: fields refused at the start of an upload are those
// CreateEpisode would refuse; a missing title is not one.
func TestCheckNewEpisode(t *testing.T) {
	e := newEnv(t)
	if err := e.pub.CheckNewEpisode(EpisodePatch{}); err != nil {
		t.Errorf("no fields: %v", err)
	}
	for _, p := range []EpisodePatch{{Type: ptr("film")}, {PublishedAt: ptr("soon")}, {TranscriptURL: ptr("ftp://x")}} {
		if err := e.pub.CheckNewEpisode(p); !errors.Is(err, catalog.ErrInvalid) {
			t.Errorf("%+v: %v, want invalid", p, err)
		}
	}
}
