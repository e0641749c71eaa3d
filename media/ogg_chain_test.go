package media

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestOggChains: a chained file lasts as long as its links together,
// however long the last link is (the first link's end is far from the
// file's end), with junk between links, and cut short in its last link.
func TestOggChains(t *testing.T) {
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(repoRoot(t), "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	probe := func(b []byte) (time.Duration, error) {
		info, err := Probe(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			return 0, err
		}
		return info.Duration, nil
	}
	short, chain := read("ogg_chained.opus"), read("opus.opus") // serials 21, 22; 12
	shortD, err := probe(short)
	if err != nil {
		t.Fatal(err)
	}
	chainD, err := probe(chain)
	if err != nil {
		t.Fatal(err)
	}
	junk := append(bytes.Repeat([]byte("not a page "), 90), "OggS\x00\x02junk"...)
	for _, tc := range []struct {
		name     string
		file     []byte
		min, max time.Duration
	}{
		{"short link first", append(append([]byte{}, short...), chain...), shortD + chainD, shortD + chainD},
		{"long link first", append(append([]byte{}, chain...), short...), shortD + chainD, shortD + chainD},
		{"junk between links", append(append(append([]byte{}, short...), junk...), chain...), shortD + chainD, shortD + chainD},
		{"last link cut short", append(append([]byte{}, short...), chain[:len(chain)*2/3]...), shortD + time.Second, shortD + chainD - time.Second},
	} {
		got, err := probe(tc.file)
		if err != nil || got < tc.min || got > tc.max {
			t.Errorf("%s: %v, %v; want %v to %v", tc.name, got, err, tc.min, tc.max)
		}
	}
}
