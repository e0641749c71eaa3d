package publish

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/internal/testmedia"
)

// TestCreateShow: defaults, the podcast:guid from the feed URL the show is
// born with, and the refusals of a create in the publisher's words.
func TestCreateShow(t *testing.T) {
	e := newEnv(t)
	sh := e.show("daily")
	if sh.Language != "en" || sh.Type != catalog.ShowEpisodic || sh.ID == "" {
		t.Errorf("defaults: %+v", sh)
	}
	if want := catalog.ShowGUID(testBase + "/shows/daily/feed.rss"); sh.GUID != want {
		t.Errorf("guid %s, want %s", sh.GUID, want)
	}
	if _, err := NewShow(ShowPatch{Slug: ptr("x")}); catalog.InvalidMessage(err) != "slug and title are required" {
		t.Errorf("no title: %v", err)
	}
	for _, tt := range []struct {
		name  string
		patch ShowPatch
		kind  error
		msg   string
	}{
		{"taken", ShowPatch{Slug: ptr("daily"), Title: ptr("Again")}, catalog.ErrConflict, `the slug "daily" is taken by another show`},
		{"bad slug", ShowPatch{Slug: ptr("Daily News"), Title: ptr("T")}, catalog.ErrInvalid,
			`slug "Daily News" must be 1-64 lowercase letters, digits and inner hyphens`},
		{"bad category", ShowPatch{Slug: ptr("c"), Title: ptr("T"), Categories: &[]string{"Gossip"}}, catalog.ErrInvalid,
			`category "Gossip" is not on Apple's list (write e.g. "News" or "Society & Culture/Documentary")`},
	} {
		sh, err := NewShow(tt.patch)
		if err != nil {
			t.Fatal(err)
		}
		err = e.pub.CreateShow(e.ctx, sh, nil)
		msg, ok := refusal(err)
		if !ok {
			msg = catalog.InvalidMessage(err)
		}
		if !errors.Is(err, tt.kind) || msg != tt.msg {
			t.Errorf("%s: %v (%q), want %v %q", tt.name, err, msg, tt.kind, tt.msg)
		}
	}
}

// TestRenameShow: a new slug keeps the old one as the show's, which no
// other show may take until it is released.
func TestRenameShow(t *testing.T) {
	e := newEnv(t)
	sh := e.show("old")
	guid := sh.GUID
	ShowPatch{Slug: ptr("renamed"), Description: ptr(`<p onclick="x()">Hi</p>`)}.Apply(sh)
	sh, err := e.pub.UpdateShow(e.ctx, sh, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sh.Slug != "renamed" || sh.GUID != guid || sh.Description != "<p>Hi</p>" {
		t.Errorf("renamed: %s %s %q", sh.Slug, sh.GUID, sh.Description)
	}
	if got, err := catalog.FindShow(e.ctx, e.store, "old"); err != nil || got.ID != sh.ID {
		t.Errorf("old slug: %v %v", got, err)
	}
	other, _ := NewShow(ShowPatch{Slug: ptr("old"), Title: ptr("Other")})
	err = e.pub.CreateShow(e.ctx, other, nil)
	want := `the slug "old" was the show "Show old"'s before it was renamed to "renamed"; its old addresses redirect there, so no other show can take it`
	if msg, _ := refusal(err); !errors.Is(err, catalog.ErrConflict) || msg != want {
		t.Errorf("taking the old slug: %v (%q)", err, msg)
	}
	err = e.pub.ReleaseSlug(e.ctx, sh, "nope")
	if msg, _ := refusal(err); !errors.Is(err, catalog.ErrNotFound) || msg != `old slug "nope" not found` {
		t.Errorf("release unknown: %v (%q)", err, msg)
	}
	if err := e.pub.ReleaseSlug(e.ctx, sh, "old"); err != nil {
		t.Fatal(err)
	}
	other.GUID = ""
	if err := e.pub.CreateShow(e.ctx, other, nil); err != nil {
		t.Errorf("released slug: %v", err)
	}
}

// TestDeleteShow: the show, its episodes and every blob of theirs go;
// another show's stay.
func TestDeleteShow(t *testing.T) {
	e := newEnv(t)
	sh, keep := e.show("gone"), e.show("kept")
	sh, err := e.pub.SetShowArtwork(e.ctx, sh, bytes.NewReader(testmedia.Picture(t, "jpeg", 1400, 1400)))
	if err != nil {
		t.Fatal(err)
	}
	a, err := e.create(sh, testmedia.MP3WithCover(t, 1400, 1400), EpisodePatch{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.create(sh, fixture(t, "vorbis.ogg"), EpisodePatch{}); err != nil {
		t.Fatal(err)
	}
	k, err := e.create(keep, fixture(t, "flac_picture.flac"), EpisodePatch{})
	if err != nil {
		t.Fatal(err)
	}
	if len(e.blobs()) != 5 || a.ArtworkKey == "" {
		t.Fatalf("before: %q", e.blobs())
	}
	if err := e.pub.DeleteShow(e.ctx, sh); err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.GetShowByID(e.ctx, sh.ID); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("deleted show: %v", err)
	}
	if _, err := e.store.GetEpisode(e.ctx, a.ID); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("deleted show's episode: %v", err)
	}
	e.wantBlobs("deleted", k.Audio.Key)
}

// TestShowArtwork: the API's cover is any JPEG or PNG that decodes, and
// replaces the old; the form's must meet Apple's rules. Refused pictures
// leave nothing stored and the show as it was.
func TestShowArtwork(t *testing.T) {
	e := newEnv(t)
	sh := e.show("art")
	small := testmedia.Picture(t, "png", 600, 600)
	sh, err := e.pub.SetShowArtwork(e.ctx, sh, bytes.NewReader(small))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(sh.ArtworkKey, "shows/"+sh.ID+"/") || !strings.HasSuffix(sh.ArtworkKey, ".png") || sh.ArtworkMIME != "image/png" {
		t.Errorf("cover %q %q", sh.ArtworkKey, sh.ArtworkMIME)
	}
	first := sh.ArtworkKey
	for _, tt := range []struct {
		name string
		body []byte
		kind error
		msg  string
	}{
		{"gif", []byte("GIF89a...."), ErrNotImage, "the artwork must be a JPEG or PNG image"},
		{"broken png", append([]byte("\x89PNG\r\n\x1a\n"), "junk"...), catalog.ErrInvalid, "the artwork is not a readable image: "},
	} {
		_, err := e.pub.SetShowArtwork(e.ctx, sh, bytes.NewReader(tt.body))
		msg, ok := refusal(err)
		if !ok {
			msg = catalog.InvalidMessage(err)
		}
		if !errors.Is(err, tt.kind) || !strings.HasPrefix(msg, tt.msg) {
			t.Errorf("%s: %v (%q)", tt.name, err, msg)
		}
		e.wantBlobs(tt.name, first)
	}
	sh, err = e.pub.SetShowArtwork(e.ctx, sh, bytes.NewReader(testmedia.Picture(t, "jpeg", 1400, 1400)))
	if err != nil {
		t.Fatal(err)
	}
	e.wantBlobs("replaced", sh.ArtworkKey)

	for _, tt := range []struct {
		name string
		art  []byte
		msg  string
	}{
		{"small", small, "artwork: the image is 600×600; it must be between 1400 and 3000 pixels on each side"},
		{"not square", testmedia.Picture(t, "png", 1400, 1500), "artwork: the image is 1400×1500; it must be square"},
		{"not an image", []byte("hello"), "artwork must be a JPEG or PNG image"},
	} {
		before := *sh
		_, err := e.pub.UpdateShow(e.ctx, sh, tt.art)
		if msg := catalog.InvalidMessage(err); msg != tt.msg {
			t.Errorf("form %s: %v, want %q", tt.name, err, tt.msg)
		}
		if sh.ArtworkKey != before.ArtworkKey {
			t.Errorf("form %s: cover %q, want %q", tt.name, sh.ArtworkKey, before.ArtworkKey)
		}
		e.wantBlobs("form "+tt.name, sh.ArtworkKey)
	}
	sh, err = e.pub.UpdateShow(e.ctx, sh, testmedia.Picture(t, "png", 1400, 1400))
	if err != nil {
		t.Fatal(err)
	}
	e.wantBlobs("form cover", sh.ArtworkKey)

	// A form's cover on a create that fails goes too.
	taken := &catalog.Show{Slug: "art", Title: "Again", Language: "en", Type: catalog.ShowEpisodic}
	if err := e.pub.CreateShow(e.ctx, taken, testmedia.Picture(t, "png", 1400, 1400)); !errors.Is(err, catalog.ErrConflict) {
		t.Fatalf("create with a taken slug: %v", err)
	}
	if taken.ArtworkKey != "" {
		t.Errorf("refused show kept the cover %q", taken.ArtworkKey)
	}
	e.wantBlobs("refused create", sh.ArtworkKey)
}
