package feeds

import (
	"bytes"
	"testing"

	"github.com/mmcdole/gofeed"
)

// TestTranscriptsAndChaptersParse reads the full feed back with gofeed: one
// podcast:transcript per format with its language (rel="captions" on the
// WebVTT), psc:chapters with article chapters resolved, and the links in
// Atom and JSON Feed.
func TestTranscriptsAndChaptersParse(t *testing.T) {
	t.Parallel()
	in := fullInput()
	rss, err := RSS(in)
	if err != nil {
		t.Fatal(err)
	}
	f, err := gofeed.NewParser().Parse(bytes.NewReader(rss))
	if err != nil {
		t.Fatal(err)
	}
	trs := f.Items[1].Extensions["podcast"]["transcript"]
	if len(trs) != 4 {
		t.Fatalf("%d podcast:transcript, want 4", len(trs))
	}
	wantTypes := []string{"text/vtt", "application/x-subrip", "application/json", "text/html"}
	for i, tr := range trs {
		if tr.Attrs["type"] != wantTypes[i] || tr.Attrs["language"] != "en-us" {
			t.Errorf("transcript %d: %v", i, tr.Attrs)
		}
		if (tr.Attrs["rel"] == "captions") != (i == 0) {
			t.Errorf("transcript %d: rel %q", i, tr.Attrs["rel"])
		}
	}
	psc := f.Items[0].Extensions["psc"]["chapters"]
	if len(psc) != 1 {
		t.Fatalf("psc:chapters: %v", f.Items[0].Extensions["psc"])
	}
	chs := psc[0].Children["chapter"]
	if len(chs) != 3 || chs[1].Attrs["start"] != "00:01:35.500" || chs[2].Attrs["href"] != in.Episodes[0].Articles[0].URL {
		t.Fatalf("psc chapters: %+v", chs)
	}
	for _, r := range []func(Input) ([]byte, error){Atom, JSON} {
		b, err := r(in)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(b, []byte("/episodes/ep1first/transcript.vtt")) || !bytes.Contains(b, []byte("/episodes/ep2second/chapters.json")) {
			t.Errorf("transcript or chapters link missing:\n%s", b)
		}
		if _, err := gofeed.NewParser().Parse(bytes.NewReader(b)); err != nil {
			t.Fatal(err)
		}
	}
}
