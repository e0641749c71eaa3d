package web

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/onair-fm/onair/media"
)

// bigMP3 makes an n-byte-ish valid MP3 by repeating a fixture's frames
// after its header, so the upload ends in a real probe and episode.
func bigMP3(b *testing.B, n int) []byte {
	b.Helper()
	src := readFixture(b, "mp3_cbr_id3v23_apic.mp3")
	info, err := media.Probe(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		b.Fatal(err)
	}
	head, frames := src[:info.HeaderBytes], src[info.HeaderBytes:]
	out := append([]byte{}, head...)
	for len(out) < n {
		out = append(out, frames...)
	}
	return out
}

// BenchmarkResumableUpload measures a whole tus upload through the real
// server: create, PATCH in 16 MiB chunks, checksum, probe, copy into media
// storage and create the episode.
func BenchmarkResumableUpload(b *testing.B) {
	for _, size := range []int{8 << 20, 64 << 20} {
		b.Run(fmt.Sprintf("%dMiB", size>>20), func(b *testing.B) {
			e := newAdminEnv(b, nil)
			e.show(b, "news")
			c := tokenClient(e.token(b))
			file := bigMP3(b, size)
			sum := sha(file)
			b.SetBytes(int64(len(file)))
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				u, err := c.Create(b.Context(), e.url+"/api/v1/uploads/", int64(len(file)), map[string]string{"show": "news", "sha256": sum})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := c.Upload(b.Context(), u, bytes.NewReader(file), int64(len(file)), nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
