package publish

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/internal/testmedia"
)

// failingStore is a catalog whose episode and show writes fail or panic.
type failingStore struct {
	catalog.Store
	panics bool
}

var errDisk = errors.New("disk on fire")

func (f failingStore) fail() error {
	if f.panics {
		panic("store panicked")
	}
	return errDisk
}

func (f failingStore) CreateEpisode(context.Context, *catalog.Episode) error { return f.fail() }
func (f failingStore) UpdateEpisode(context.Context, *catalog.Episode) error { return f.fail() }
func (f failingStore) UpdateShow(context.Context, *catalog.Show) error       { return f.fail() }

// TestCleanupOnFailure: when the row cannot be written, or writing it
// panics, the blobs stored for it (audio, embedded artwork, a cover) are
// deleted, and the error or panic reaches the caller.
func TestCleanupOnFailure(t *testing.T) {
	for _, panics := range []bool{false, true} {
		e := newEnv(t)
		sh := e.show("cleanup")
		ep, err := e.create(sh, fixture(t, "mp3_vbr_xing.mp3"), EpisodePatch{})
		if err != nil {
			t.Fatal(err)
		}
		keep := []string{ep.Audio.Key}
		pub := New(failingStore{Store: e.store, panics: panics}, e.pub.blobs, nil)
		pub.Now = e.pub.Now

		run := func(name string, f func() error) {
			t.Helper()
			var err error
			func() {
				defer func() {
					if v := recover(); v != nil {
						err = errors.New("panic")
					}
				}()
				err = f()
			}()
			switch {
			case panics && (err == nil || err.Error() != "panic"):
				t.Errorf("%s: %v, want the panic", name, err)
			case !panics && !errors.Is(err, errDisk):
				t.Errorf("%s: %v, want the store's error", name, err)
			}
			e.wantBlobs(name, keep...)
		}
		run("create", func() error {
			a, err := e.storeFile("", testmedia.MP3WithCover(t, 1400, 1400))
			if err != nil {
				return err
			}
			_, err = pub.CreateEpisode(e.ctx, sh, a, EpisodePatch{})
			return err
		})
		run("replace", func() error {
			a, err := e.storeFile(ep.ID, testmedia.MP3WithCover(t, 1400, 1400))
			if err != nil {
				return err
			}
			_, err = pub.ReplaceAudio(e.ctx, ep, a)
			return err
		})
		run("artwork", func() error {
			_, err := pub.SetShowArtwork(e.ctx, sh, bytes.NewReader(testmedia.Picture(t, "jpeg", 1400, 1400)))
			return err
		})
		run("form artwork", func() error {
			_, err := pub.UpdateShow(e.ctx, sh, testmedia.Picture(t, "png", 1400, 1400))
			return err
		})
		if !panics && sh.ArtworkKey != "" {
			t.Errorf("show kept the key %q of a deleted cover", sh.ArtworkKey)
		}
	}
}
