package web

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"net/http"
	"strings"
	"testing"

	"github.com/onair-fm/onair/internal/testmedia"
)

// TestEmbeddedArtworkAppleRules: a picture in the audio's tags becomes the
// episode's artwork (and the item's itunes:image) only when Apple would take
// it; otherwise the show's cover applies.
func TestEmbeddedArtworkAppleRules(t *testing.T) { forBackends(t, testEmbeddedArtworkAppleRules) }

func testEmbeddedArtworkAppleRules(t *testing.T, newAPI envMaker) {
	e := newAPI(t)
	e.createShow("art")
	tests := []struct {
		name    string
		file    string
		adopted bool
	}{
		{"fixture's 320x240 jpeg", fixture(t, "mp3_cbr_id3v23_apic.mp3"), false},
		{"600x600 png", testmedia.MP3WithCover(t, 600, 600), false},
		{"1400x1500 png", testmedia.MP3WithCover(t, 1400, 1500), false},
		{"1400x1400 png", testmedia.MP3WithCover(t, 1400, 1400), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ep := e.uploadOK("art", tt.file, part{name: "title", value: tt.name})
			if got := ep.ArtworkURL != ""; got != tt.adopted {
				t.Fatalf("artwork_url %q: adopted %v, want %v", ep.ArtworkURL, got, tt.adopted)
			}
			// Uploads in a row are gathered into one feed rebuild: wait for
			// the one that has this episode.
			var b []byte
			waitFor(t, func() bool {
				var st int
				st, b = e.do("GET", "/shows/art/feed.rss", "", nil)
				return st == http.StatusOK && strings.Contains(string(b), ep.GUID)
			})
			if tt.adopted && !strings.Contains(string(b), ep.ArtworkURL) {
				t.Errorf("feed has no itunes:image for %s", ep.ArtworkURL)
			}
			if !tt.adopted && strings.Contains(string(b), "/media/episodes/"+ep.ID+"/art-") {
				t.Errorf("feed carries the refused artwork")
			}
		})
	}
}

// TestValidateEpisodeArtwork: the feed check measures each episode's own
// artwork (one stored before onair refused small covers, say) and reports
// what Apple would object to.
func TestValidateEpisodeArtwork(t *testing.T) {
	t.Parallel()
	e := newAPI(t)
	e.createShow("check")
	ep := e.uploadOK("check", testmedia.MP3WithCover(t, 1400, 1400))
	var small bytes.Buffer
	if err := png.Encode(&small, image.NewGray(image.Rect(0, 0, 320, 240))); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	key := "episodes/" + ep.ID + "/art-small.png"
	if _, err := e.blobs.Put(ctx, key, bytes.NewReader(small.Bytes())); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		key  string
		want bool
	}{{keyOf(ep.ArtworkURL), false}, {key, true}} {
		stored, err := e.store.GetEpisode(ctx, ep.ID)
		if err != nil {
			t.Fatal(err)
		}
		stored.ArtworkKey = tt.key
		if err := e.store.UpdateEpisode(ctx, stored); err != nil {
			t.Fatal(err)
		}
		st, b := e.do("GET", "/api/v1/shows/check/validate", "", nil)
		if st != http.StatusOK {
			t.Fatalf("validate: %d %s", st, b)
		}
		if got := strings.Contains(string(b), `"episode_artwork_size"`); got != tt.want {
			t.Errorf("artwork %s: episode_artwork_size reported %v, want %v: %s", tt.key, got, tt.want, b)
		}
	}
}
