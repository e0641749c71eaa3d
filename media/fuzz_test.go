package media

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// addSeeds adds the repo's fixtures whose names have one of the given
// suffixes as seeds: whole when small, else the first 8 KiB (the headers)
// and the last 4 KiB (moov at the end, the last Ogg page, tags at the end).
// Small seeds keep the fuzzer fast.
func addSeeds(f *testing.F, suffixes ...string) {
	dir := filepath.Join(repoRoot(f), "testdata")
	ents, err := os.ReadDir(dir)
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range ents {
		ok := len(suffixes) == 0
		for _, s := range suffixes {
			ok = ok || strings.HasSuffix(e.Name(), s)
		}
		if !ok || e.Name() == "manifest.json" {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			f.Fatal(err)
		}
		if len(b) <= 16<<10 {
			f.Add(b)
			continue
		}
		f.Add(b[:8<<10])
		f.Add(b[len(b)-4<<10:])
	}
}

// checkProbe runs one prober on b and checks what it returns.
func checkProbe(t *testing.T, p prober, b []byte) {
	info := &Info{}
	s := newSrc(bytes.NewReader(b), int64(len(b)))
	if err := p.probe(s, info); err != nil {
		return
	}
	if info.Duration < 0 || info.HeaderBytes < 0 || info.HeaderBytes > int64(len(b)) {
		t.Fatalf("bad info: duration %v, header bytes %d of %d", info.Duration, info.HeaderBytes, len(b))
	}
	if info.Container == "" || info.MIME == "" {
		t.Fatalf("success without a container or MIME: %+v", info)
	}
}

func FuzzProbe(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		info, err := Probe(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			if info != nil {
				t.Fatal("info with an error")
			}
			return
		}
		if info.Duration <= 0 {
			t.Fatalf("success with duration %v", info.Duration)
		}
	})
}

func FuzzSniff(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := sniff(newSrc(bytes.NewReader(b), int64(len(b))))
		if (p == nil) == (err == nil) {
			t.Fatalf("prober %v and error %v", p, err)
		}
	})
}

func FuzzMP3(f *testing.F) {
	addSeeds(f, ".mp3")
	f.Fuzz(func(t *testing.T, b []byte) { checkProbe(t, mp3Prober{}, b) })
}

func FuzzMP4(f *testing.F) {
	addSeeds(f, ".m4a")
	f.Fuzz(func(t *testing.T, b []byte) { checkProbe(t, mp4Prober{}, b) })
}

func FuzzOgg(f *testing.F) {
	addSeeds(f, ".ogg", ".opus")
	f.Fuzz(func(t *testing.T, b []byte) { checkProbe(t, oggProber{}, b) })
}

func FuzzFLAC(f *testing.F) {
	addSeeds(f, ".flac")
	f.Fuzz(func(t *testing.T, b []byte) { checkProbe(t, flacProber{}, b) })
}

func FuzzWAV(f *testing.F) {
	addSeeds(f, ".wav")
	f.Fuzz(func(t *testing.T, b []byte) { checkProbe(t, wavProber{}, b) })
}

func FuzzAIFF(f *testing.F) {
	addSeeds(f, ".aiff")
	f.Fuzz(func(t *testing.T, b []byte) { checkProbe(t, aiffProber{}, b) })
}

func FuzzADTS(f *testing.F) {
	addSeeds(f, ".aac")
	f.Fuzz(func(t *testing.T, b []byte) { checkProbe(t, adtsProber{}, b) })
}

// FuzzID3 runs the ID3v2 frame walker, chapters and pictures on a tag.
func FuzzID3(f *testing.F) {
	addSeeds(f, "id3v23_apic.mp3", "chapters.mp3")
	f.Fuzz(func(t *testing.T, b []byte) {
		id3Frames(b)
		for _, c := range id3Chapters(b) {
			if c.End != 0 && c.End < c.Start {
				t.Fatalf("chapter ends before it starts: %+v", c)
			}
		}
		id3FrontCover(b)
	})
}
