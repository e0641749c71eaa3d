package publish

import (
	"errors"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/onair-fm/onair/catalog"
)

// TestAudioKey: a stored file's key names its episode and its type, read
// from the bytes before the name.
func TestAudioKey(t *testing.T) {
	for _, tt := range []struct {
		head, name, ext string
	}{
		{"ID3\x04", "x.wav", "mp3"},
		{"\x00\x00\x00\x20ftypM4A ", "", "m4a"},
		{"fLaC", "", "flac"},
		{"OggS\x00\x02........................OpusHead", "", "opus"},
		{"OggS\x00\x02", "", "ogg"},
		{"RIFF\x00\x00\x00\x00WAVE", "", "wav"},
		{"\xff\xfb\x90", "", "mp3"},
		{"\xff\xf1\x50", "", "aac"},
		{"????", "talk.M4B", "m4b"},
		{"????", `C:\Users\me\talk.flac`, "flac"},
		{"????", "talk.exe", "bin"},
	} {
		if got := audioExt([]byte(tt.head), tt.name); got != tt.ext {
			t.Errorf("audioExt(%q, %q) = %q, want %q", tt.head, tt.name, got, tt.ext)
		}
	}
	for in, want := range map[string]string{"a/b/c.mp3": "c.mp3", `a\b.mp3`: "b.mp3", "x\n.mp3": "", "ok.mp3": "ok.mp3"} {
		if got := cleanFileName(in); got != want {
			t.Errorf("cleanFileName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestStoreAudio: an empty file is refused; a reader that fails before any
// byte arrived is returned as its error, storing nothing.
func TestStoreAudio(t *testing.T) {
	e := newEnv(t)
	if _, err := e.pub.StoreAudio(e.ctx, "", strings.NewReader(""), "a.mp3"); catalog.InvalidMessage(err) != "the audio file is empty" {
		t.Errorf("empty: %v", err)
	}
	broken := errors.New("connection reset")
	if _, err := e.pub.StoreAudio(e.ctx, "", iotest.ErrReader(broken), "a.mp3"); !errors.Is(err, broken) {
		t.Errorf("broken reader: %v", err)
	}
	if _, err := e.pub.StoreAudio(e.ctx, "", iotest.TimeoutReader(strings.NewReader(strings.Repeat("ID3", 5000))), "a.mp3"); err == nil {
		t.Error("a reader failing midway stored")
	}
	e.wantBlobs("after failures")
	a, err := e.pub.StoreAudio(e.ctx, "ep1", strings.NewReader("ID3 and more"), "dir/Talk.MP3")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(a.Key, "episodes/ep1/") || !strings.HasSuffix(a.Key, ".mp3") || a.FileName != "Talk.MP3" || a.EpisodeID != "ep1" || a.Blob.Size != 12 {
		t.Errorf("stored %+v", a)
	}
	e.pub.Discard(e.ctx, a)
	e.wantBlobs("discarded")
}
