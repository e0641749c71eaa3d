package feedsrv

import (
	"hash/crc32"
	"math/rand/v2"
	"testing"
)

func TestCRCCombine(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 7, 64, 1000, 70_000} {
		msg := make([]byte, n)
		for i := range msg {
			msg[i] = byte(r.Uint32())
		}
		for _, cut := range []int{0, n / 3, n / 2, n} {
			a, b := msg[:cut], msg[cut:]
			got := newCRCShifter(len(b)).combine(crc32.ChecksumIEEE(a), crc32.ChecksumIEEE(b))
			if want := crc32.ChecksumIEEE(msg); got != want {
				t.Errorf("%d bytes cut at %d: combined %08x, want %08x", n, cut, got, want)
			}
		}
	}
}

func FuzzCRCCombine(f *testing.F) {
	f.Add([]byte("hello, world"), []byte("<item>…</item>"))
	f.Fuzz(func(t *testing.T, a, b []byte) {
		got := newCRCShifter(len(b)).combine(crc32.ChecksumIEEE(a), crc32.ChecksumIEEE(b))
		if want := crc32.ChecksumIEEE(append(append([]byte{}, a...), b...)); got != want {
			t.Fatalf("combined %08x, want %08x", got, want)
		}
	})
}
