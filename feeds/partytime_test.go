package feeds

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/mmcdole/gofeed"
)

// partytimeScript prints what podcast-partytime (the Podcast Index's own
// feed parser, which several Podcasting 2.0 apps use) reads from the RSS
// feed on its standard input.
const partytimeScript = `
const { parseFeed } = require("podcast-partytime");
let src = "";
process.stdin.on("data", (d) => (src += d));
process.stdin.on("end", () => {
  const f = parseFeed(src, { allowMissingGuid: false });
  if (!f) { console.error("podcast-partytime: not a feed"); process.exit(2); }
  const items = (f.items || []).map((i) => ({
    guid: i.guid, title: i.title, enclosure: i.enclosure && i.enclosure.url, duration: i.duration,
    transcripts: (i.podcastTranscripts || []).map((t) => t.url), chapters: i.podcastChapters ? i.podcastChapters.url : "",
    soundbites: (i.podcastSoundbites || []).length,
  }));
  console.log(JSON.stringify({
    title: f.title, guid: f.guid || "", medium: f.medium || "", locked: !!f.locked, owner: f.podcastOwner || "",
    txt: (f.podcastTxt || []).length, podroll: (f.podroll || []).length, next: (f.pubsub && f.pubsub.next) || "", items,
  }));
});`

// partytimeDir is where .ci/run installs podcast-partytime from npm
// (ONAIR_PARTYTIME overrides it).
func partytimeDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("ONAIR_PARTYTIME")
	if dir == "" {
		dir, _ = filepath.Abs("../.partytime")
	}
	_, err := os.Stat(filepath.Join(dir, "node_modules", "podcast-partytime"))
	_, nodeErr := exec.LookPath("node")
	if err != nil || nodeErr != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("podcast-partytime is not installed in %s (or node is missing): .ci/run installs it", dir)
		}
		t.Skipf("podcast-partytime is not installed: npm install --prefix .partytime podcast-partytime@5 (CI does)")
	}
	return dir
}

type partytimeFeed struct {
	Title, GUID, Medium, Owner, Next string
	Locked                           bool
	Txt, Podroll                     int
	Items                            []struct {
		GUID, Title, Enclosure, Chapters string
		Duration                         float64
		Transcripts                      []string
		Soundbites                       int
	}
}

// TestPartytimeReadsFeeds: podcast-partytime reads every golden RSS feed
// as gofeed does (GUIDs, titles, enclosures, durations) and finds each
// Podcasting 2.0 tag onair writes: transcripts, chapters, soundbites, txt,
// podroll, medium, the locked owner and the next page.
func TestPartytimeReadsFeeds(t *testing.T) {
	t.Parallel()
	dir := partytimeDir(t)
	files, _ := filepath.Glob("testdata/*.rss")
	if len(files) == 0 {
		t.Fatal("no golden RSS feeds")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			t.Parallel()
			rss, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command("node", "-e", partytimeScript)
			cmd.Env = append(os.Environ(), "NODE_PATH="+filepath.Join(dir, "node_modules"))
			cmd.Stdin = bytes.NewReader(rss)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("podcast-partytime: %v: %s", err, stderr.String())
			}
			var got partytimeFeed
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			want, err := gofeed.NewParser().Parse(bytes.NewReader(rss))
			if err != nil {
				t.Fatal(err)
			}
			if got.Title != want.Title || len(got.Items) != len(want.Items) {
				t.Fatalf("partytime read %q with %d items, gofeed %q with %d", got.Title, len(got.Items), want.Title, len(want.Items))
			}
			for i, it := range got.Items {
				w := want.Items[i]
				if it.GUID != w.GUID || it.Title != w.Title {
					t.Errorf("item %d: partytime %q %q, gofeed %q %q", i, it.GUID, it.Title, w.GUID, w.Title)
				}
				if len(w.Enclosures) > 0 && it.Enclosure != w.Enclosures[0].URL {
					t.Errorf("item %d: enclosure %q, gofeed %q", i, it.Enclosure, w.Enclosures[0].URL)
				}
				if w.ITunesExt != nil && w.ITunesExt.Duration != "" && it.Duration <= 0 {
					t.Errorf("item %d: partytime read no duration from %q", i, w.ITunesExt.Duration)
				}
				var transcripts []string
				var chapters string
				for _, ext := range w.Extensions["podcast"]["transcript"] {
					transcripts = append(transcripts, ext.Attrs["url"])
				}
				for _, ext := range w.Extensions["podcast"]["chapters"] {
					chapters = ext.Attrs["url"]
				}
				if !slices.Equal(it.Transcripts, transcripts) || it.Chapters != chapters {
					t.Errorf("item %d: partytime transcripts %q chapters %q; the feed has %q and %q", i, it.Transcripts, it.Chapters, transcripts, chapters)
				}
				if n := len(w.Extensions["podcast"]["soundbite"]); it.Soundbites != n {
					t.Errorf("item %d: partytime read %d soundbites of %d", i, it.Soundbites, n)
				}
			}
			ch := want.Extensions["podcast"]
			if n := len(ch["txt"]); got.Txt != n {
				t.Errorf("partytime read %d podcast:txt of %d", got.Txt, n)
			}
			if len(ch["podroll"]) > 0 && got.Podroll != len(ch["podroll"][0].Children["remoteItem"]) {
				t.Errorf("partytime read %d podroll items of %d", got.Podroll, len(ch["podroll"][0].Children["remoteItem"]))
			}
			if len(ch["medium"]) > 0 && got.Medium != ch["medium"][0].Value {
				t.Errorf("medium %q, want %q", got.Medium, ch["medium"][0].Value)
			}
			if len(ch["locked"]) > 0 && got.Owner != ch["locked"][0].Attrs["owner"] {
				t.Errorf("locked owner %q, want %q", got.Owner, ch["locked"][0].Attrs["owner"])
			}
		})
	}
}
