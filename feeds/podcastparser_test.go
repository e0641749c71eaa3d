package feeds

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"testing"
)

// podcastparserScript prints what Debian's python3-podcastparser (the
// parser of gPodder) reads from the feed on stdin: each episode's title
// and Podlove chapters.
const podcastparserScript = `
import json, sys, podcastparser
feed = podcastparser.parse("https://pod.example.com/feed.rss", sys.stdin.buffer)
print(json.dumps([{"title": e["title"], "chapters": e.get("chapters", [])} for e in feed["episodes"]]))
`

// TestPodcastparserReadsChapters: gPodder's parser reads the RSS feed and
// its psc:chapters (to the second, as it keeps them), article chapters
// resolved.
func TestPodcastparserReadsChapters(t *testing.T) {
	t.Parallel()
	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import podcastparser").Run(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("python3-podcastparser is not installed: %v", err)
		}
		t.Skip("python3-podcastparser is not installed (CI installs it)")
	}
	in := fullInput()
	rss, err := RSS(in)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(py, "-c", podcastparserScript)
	cmd.Stdin = bytesReader(rss)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("podcastparser: %v", err)
	}
	var eps []struct {
		Title    string
		Chapters []struct {
			Start float64
			Title string
			Href  string
		}
	}
	if err := json.Unmarshal(out, &eps); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	var c []struct {
		Start float64
		Title string
		Href  string
	}
	for _, e := range eps {
		if e.Title == "Budget day" {
			c = e.Chapters
		}
	}
	if len(eps) != 2 || len(c) != 3 {
		t.Fatalf("podcastparser read %s", out)
	}
	// podcastparser keeps whole seconds.
	if c[1].Start != 95 || c[1].Title != "The vote" || c[2].Href != in.Episodes[0].Articles[0].URL {
		t.Errorf("chapters as podcastparser reads them: %+v", c)
	}
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }
