// Package testmedia finds onair's audio test fixtures for tests in any
// package: the repo's own testdata/ and, when it exists, the shared media
// corpus beside the checkout. Both hold a manifest.json of the same shape.
package testmedia

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// RepoRoot walks up from the test's working directory to the folder with go.mod.
func RepoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("testmedia: no go.mod above the package directory")
		}
		dir = parent
	}
}

// Fixture is the path of a file in the repo's testdata folder.
func Fixture(t testing.TB, name string) string {
	return filepath.Join(RepoRoot(t), "testdata", name)
}

// CorpusDir is the shared media corpus: $ONAIR_MEDIA_CORPUS, or
// ../shared/media-corpus beside the repo (where CI puts it).
func CorpusDir(t testing.TB) string {
	if d := os.Getenv("ONAIR_MEDIA_CORPUS"); d != "" {
		return d
	}
	return filepath.Join(RepoRoot(t), "..", "shared", "media-corpus")
}

// Manifest is one folder's manifest.json, decoded into entries of type E.
type Manifest[E any] struct {
	Dir     string
	Entries []E
}

// Manifests decodes testdata/manifest.json and, when the shared corpus is
// there, its manifest.json too (logging when it is not).
func Manifests[E any](t testing.TB) []Manifest[E] {
	t.Helper()
	testdata := filepath.Join(RepoRoot(t), "testdata")
	var out []Manifest[E]
	for _, dir := range []string{testdata, CorpusDir(t)} {
		b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
		if dir != testdata && errors.Is(err, os.ErrNotExist) {
			t.Logf("no shared corpus at %s: testdata only", dir)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		m := Manifest[E]{Dir: dir}
		if err := json.Unmarshal(b, &m.Entries); err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
		out = append(out, m)
	}
	return out
}

// RandomBytes is n bytes that do not compress, the same for the same seed:
// media that no server could serve from a cache of a smaller file.
func RandomBytes(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, seed))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// Picture encodes a w x h image, white with one black pixel, as "png" or
// "jpeg": artwork of a chosen size for tests of Apple's artwork rules.
func Picture(t testing.TB, format string, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	img.Set(0, 0, color.Black)
	var b bytes.Buffer
	var err error
	if format == "png" {
		err = png.Encode(&b, img)
	} else {
		err = jpeg.Encode(&b, img, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// MP3WithCover writes the CBR fixture with its ID3 tag replaced by one
// holding a w x h PNG as the front cover, and returns the file's path.
func MP3WithCover(t testing.TB, w, h int) string {
	t.Helper()
	b, err := os.ReadFile(Fixture(t, "mp3_cbr_id3v23_apic.mp3"))
	if err != nil {
		t.Fatal(err)
	}
	if string(b[:3]) == "ID3" { // drop the fixture's own tag
		n := int(b[6])<<21 | int(b[7])<<14 | int(b[8])<<7 | int(b[9])
		b = b[10+n:]
	}
	body := append([]byte("\x00image/png\x00\x03\x00"), Picture(t, "png", w, h)...)
	frame := append([]byte("APIC"), binary.BigEndian.AppendUint32(nil, uint32(len(body)))...)
	frame = append(append(frame, 0, 0), body...)
	n := len(frame)
	tag := append([]byte("ID3\x03\x00\x00"), byte(n>>21&0x7f), byte(n>>14&0x7f), byte(n>>7&0x7f), byte(n&0x7f))
	path := filepath.Join(t.TempDir(), "cover.mp3")
	if err := os.WriteFile(path, append(append(tag, frame...), b...), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
