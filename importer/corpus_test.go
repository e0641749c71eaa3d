package importer

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/onair-fm/onair/internal/testmedia"
)

// importCorpus is ../shared/import-feeds beside the repo (or
// $ONAIR_IMPORT_CORPUS): real feeds from eight hosts, served by its own
// serve.py, with expect.json saying what a lossless import ends up with.
func importCorpus(t *testing.T) string {
	if d := os.Getenv("ONAIR_IMPORT_CORPUS"); d != "" {
		return d
	}
	return filepath.Join(testmedia.RepoRoot(t), "..", "shared", "import-feeds")
}

type corpusExpect struct {
	Feeds []struct {
		Name      string   `json:"name"`
		Feed      string   `json:"feed"`
		Title     string   `json:"title"`
		ItemCount int      `json:"item_count"`
		DupGUIDs  []string `json:"duplicate_guids"`
		Locked    *struct {
			Value string `json:"value"`
		} `json:"podcast_locked"`
		AddItem struct {
			GUID string `json:"guid"`
		} `json:"add_item"`
		Items []struct {
			GUID      *string `json:"guid"`
			Title     string  `json:"title"`
			PubDate   string  `json:"pubDate"`
			Enclosure struct {
				Size       int64 `json:"size"`
				DurationMS int64 `json:"duration_ms"`
			} `json:"enclosure"`
			HasTranscript bool `json:"has_transcript"`
			HasChapters   bool `json:"has_chapters"`
		} `json:"items"`
	} `json:"feeds"`
}

// serveCorpus starts serve.py on a free port and returns its base URL.
func serveCorpus(t *testing.T, dir string) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	cmd := exec.Command("python3", filepath.Join(dir, "serve.py"), fmt.Sprint(port), "--quiet")
	out, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("python3 for serve.py: %v", err)
		}
		t.Skipf("python3 for serve.py: %v", err)
	}
	t.Cleanup(func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait() })
	// serve.py says "serving ..." on stderr once it listens.
	ready := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(out)
		ok := sc.Scan()
		ready <- ok && strings.HasPrefix(sc.Text(), "serving")
		for sc.Scan() {
			fmt.Fprintln(os.Stderr, sc.Text())
		}
	}()
	select {
	case ok := <-ready:
		if ok {
			return fmt.Sprintf("http://127.0.0.1:%d", port)
		}
	case <-time.After(60 * time.Second):
	}
	t.Fatal("serve.py did not start")
	return ""
}

// TestImportCorpus imports each feed of the shared import corpus and
// compares the shows with expect.json: every item (a duplicated GUID
// once), GUIDs and dates exact, byte-identical sizes, true durations,
// transcripts and chapters kept; a second run imports nothing and ?add=1
// exactly one new episode.
func TestImportCorpus(t *testing.T) {
	dir := importCorpus(t)
	raw, err := os.ReadFile(filepath.Join(dir, "expect.json"))
	if err != nil {
		t.Skipf("no import corpus at %s", dir)
	}
	var exp corpusExpect
	if err := json.Unmarshal(raw, &exp); err != nil {
		t.Fatal(err)
	}
	base := serveCorpus(t, dir)
	for _, f := range exp.Feeds {
		t.Run(f.Name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, false)
			url := base + "/" + f.Feed
			rep := e.run(url, "show", Options{Concurrency: 4})
			if rep.Failed != 0 {
				for _, r := range rep.Results {
					if r.Status == ItemFailed {
						t.Errorf("%s failed: %s", r.Title, r.Error)
					}
				}
			}
			eps := e.episodes("show")
			if want := f.ItemCount - len(f.DupGUIDs); len(eps) != want || rep.Imported != want {
				t.Errorf("%d episodes (%d imported), want %d", len(eps), rep.Imported, want)
			}
			locked := f.Locked != nil && f.Locked.Value == "yes"
			if sh, _ := e.store.GetShow(e.ctx, "show"); sh.Locked || sh.Title != f.Title || sh.ArtworkKey == "" {
				t.Errorf("show: locked %v, title %q, artwork %q", sh.Locked, sh.Title, sh.ArtworkKey)
			}
			if locked != strings.Contains(strings.Join(rep.Lost, "\n"), "podcast:locked") {
				t.Errorf("locked %v, report's losses: %q", locked, rep.Lost)
			}
			for _, it := range f.Items {
				if it.GUID == nil {
					continue
				}
				ep := eps[*it.GUID]
				if ep == nil {
					t.Errorf("no episode with GUID %q", *it.GUID)
					continue
				}
				if ep.Title != it.Title || ep.PublishedAt.Format(time.RFC3339) != it.PubDate {
					if !contains(f.DupGUIDs, *it.GUID) {
						t.Errorf("%q: title %q, date %s; want %q, %s", *it.GUID, ep.Title, ep.PublishedAt.Format(time.RFC3339), it.Title, it.PubDate)
					}
				}
				if ep.Audio.Size != it.Enclosure.Size {
					t.Errorf("%q: size %d, want %d", *it.GUID, ep.Audio.Size, it.Enclosure.Size)
				}
				if d := ep.Audio.Duration.Milliseconds() - it.Enclosure.DurationMS; d > 150 || d < -150 {
					t.Errorf("%q: duration %d ms, want %d", *it.GUID, ep.Audio.Duration.Milliseconds(), it.Enclosure.DurationMS)
				}
				if it.HasTranscript != ep.Transcript.Ready() || it.HasChapters != (len(ep.Chapters) > 0) {
					t.Errorf("%q: transcript %+v, %d chapters; want %v, %v", *it.GUID, ep.Transcript, len(ep.Chapters), it.HasTranscript, it.HasChapters)
				}
			}
			again := e.run(url, "show", Options{})
			if again.Imported != 0 || again.Existing != len(eps) {
				t.Errorf("second run: %d imported, %d existing", again.Imported, again.Existing)
			}
			added := e.run(url+"?add=1", "show", Options{})
			if added.Imported != 1 || e.episodes("show")[f.AddItem.GUID] == nil {
				t.Errorf("run with a new item: %d imported", added.Imported)
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
