package storagetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/onair-fm/onair/media"
)

// testList checks that a Lister lists every blob once with its size and a
// recent time, skips nothing and nothing else, and that a clean storage
// has no leftovers.
func testList(t *testing.T, s media.Storage) {
	l, ok := s.(media.Lister)
	if !ok {
		t.Skip("storage does not list")
	}
	ctx := context.Background()
	want := map[string]int64{
		"episodes/a/audio.mp3": 5,
		"episodes/a/art-1.jpg": 3,
		"shows/b/cover.png":    1,
		"uploads/c/0001-x":     7,
	}
	for key, size := range want {
		put(t, s, key, make([]byte, size))
	}
	got := map[string]int64{}
	err := l.List(ctx, func(b media.BlobInfo) error {
		if _, dup := got[b.Key]; dup {
			t.Errorf("%s listed twice", b.Key)
		}
		if time.Since(b.ModTime) > time.Hour || time.Until(b.ModTime) > time.Hour {
			t.Errorf("%s ModTime %v, want about now", b.Key, b.ModTime)
		}
		got[b.Key] = b.Size
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Errorf("listed %v, want %v", got, want)
	}
	for key, size := range want {
		if got[key] != size {
			t.Errorf("%s: size %d, want %d", key, got[key], size)
		}
	}
	stop := errors.New("stop")
	n := 0
	if err := l.List(ctx, func(media.BlobInfo) error { n++; return stop }); !errors.Is(err, stop) || n != 1 {
		t.Errorf("List with failing fn = %v after %d calls, want stop after 1", err, n)
	}
	left, err := l.SweepLeftovers(ctx, time.Now().Add(time.Hour), true)
	if err != nil || len(left) != 0 {
		t.Errorf("SweepLeftovers on a clean storage = %v, %v", left, err)
	}
}
