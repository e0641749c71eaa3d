package media

import (
	"os"
	"path/filepath"
	"testing"
)

// longMP3 writes a VBR MP3 without a Xing header of about an hour (the
// frames of testdata/mp3_vbr_noxing.mp3, 219 times over) and returns its path.
func longMP3(b *testing.B) string {
	src, err := os.ReadFile(filepath.Join(repoRoot(b), "testdata", "mp3_vbr_noxing.mp3"))
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "long.mp3")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	for range 219 {
		if _, err := f.Write(src); err != nil {
			b.Fatal(err)
		}
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	return path
}

func benchmarkProbe(b *testing.B, path string) {
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	b.SetBytes(st.Size())
	b.ReportAllocs()
	var info *Info
	for b.Loop() {
		if info, err = Probe(f, st.Size()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(info.Duration.Seconds(), "audio-s")
}

// BenchmarkProbeLongVBRNoXing is the worst case: every frame header of an
// hour of VBR MP3 is read.
func BenchmarkProbeLongVBRNoXing(b *testing.B) { benchmarkProbe(b, longMP3(b)) }

func BenchmarkProbeM4A(b *testing.B) {
	benchmarkProbe(b, filepath.Join(repoRoot(b), "testdata", "m4a_moov_at_end.m4a"))
}

func BenchmarkProbeMP3Xing(b *testing.B) {
	benchmarkProbe(b, filepath.Join(repoRoot(b), "testdata", "mp3_id3v24_chapters.mp3"))
}
