package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/onair-fm/onair/internal/testmedia"
	"github.com/onair-fm/onair/web/api"
)

// manifestFile is one entry of testdata/manifest.json or the shared corpus's.
type manifestFile struct {
	File              string  `json:"file"`
	Container         *string `json:"container"`
	Expect            string  `json:"expect"`
	DurationMS        int64   `json:"duration_ms"`
	DecodedDurationMS int64   `json:"decoded_duration_ms"`
	path              string
}

// audioFixtures lists the MP3 and M4A files the probe must read: the repo's
// testdata and, when present, the shared corpus next to the repo
// (../shared/media-corpus, or $ONAIR_MEDIA_CORPUS).
func audioFixtures(t *testing.T) []manifestFile {
	var out []manifestFile
	for _, m := range testmedia.Manifests[manifestFile](t) {
		for _, f := range m.Entries {
			if f.Expect == "ok" && f.Container != nil && (*f.Container == "mp3" || *f.Container == "mp4") {
				f.path = filepath.Join(m.Dir, f.File)
				out = append(out, f)
			}
		}
	}
	return out
}

func TestUploadDurations(t *testing.T) { forBackends(t, testUploadDurations) }

func testUploadDurations(t *testing.T, newAPI envMaker) {
	e := newAPI(t)
	e.createShow("sweep")
	files := audioFixtures(t)
	if len(files) < 10 {
		t.Fatalf("only %d MP3/M4A fixtures", len(files))
	}
	for _, f := range files {
		t.Run(f.File, func(t *testing.T) {
			ep := e.uploadOK("sweep", f.path)
			want := f.DecodedDurationMS
			if want == 0 {
				want = f.DurationMS
			}
			if d := ep.DurationMS - want; d < -50 || d > 50 {
				t.Errorf("duration %d ms, want %d ± 50", ep.DurationMS, want)
			}
			var got api.EpisodeJSON
			if st := e.json("GET", "/api/v1/episodes/"+ep.ID, nil, &got); st != 200 || got.DurationMS != ep.DurationMS {
				t.Errorf("stored duration %d, answered %d", got.DurationMS, ep.DurationMS)
			}
			wantMIME := map[string]string{"mp3": "audio/mpeg", "mp4": "audio/mp4"}[*f.Container]
			if got.Audio.MIME != wantMIME {
				t.Errorf("mime %q, want %q", got.Audio.MIME, wantMIME)
			}
		})
	}
}

func TestUploadParallel(t *testing.T) { forBackends(t, testUploadParallel) }

func testUploadParallel(t *testing.T, newAPI envMaker) {
	e := newAPI(t)
	e.createShow("busy")
	files := audioFixtures(t)
	const n = 20
	ids := make([]string, n)
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f := files[i%len(files)]
			ct, body := multipartBody(t, part{name: "title", value: fmt.Sprintf("Episode %d", i)}, part{name: "audio", file: f.path})
			req, _ := http.NewRequest("POST", e.ts.URL+"/api/v1/shows/busy/episodes", bytesReader(body))
			req.Header.Set("Content-Type", ct)
			req.Header.Set("Authorization", "Bearer "+e.token)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				errs <- err
				return
			}
			defer resp.Body.Close()
			var ep api.EpisodeJSON
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusCreated || json.Unmarshal(b, &ep) != nil {
				errs <- fmt.Errorf("upload %d: %d %s", i, resp.StatusCode, b)
				return
			}
			ids[i] = ep.ID
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	var list struct {
		Episodes []api.EpisodeJSON
		Total    int
	}
	if st := e.json("GET", "/api/v1/shows/busy/episodes", nil, &list); st != 200 || list.Total != n || len(list.Episodes) != n {
		t.Fatalf("list: %d total %d, %d episodes", st, list.Total, len(list.Episodes))
	}
	listed := map[string]bool{}
	for _, ep := range list.Episodes {
		listed[ep.ID] = true
	}
	for i, id := range ids {
		if !listed[id] {
			t.Errorf("upload %d (%s) is not listed", i, id)
		}
	}

	// And all of them are in the show's feed, each with its own enclosure.
	resp, err := http.Get(e.ts.URL + "/shows/busy/feed.rss")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	feed, err := gofeed.NewParser().Parse(resp.Body)
	if err != nil {
		t.Fatalf("feed: %d: %v", resp.StatusCode, err)
	}
	enclosures := map[string]bool{}
	for _, it := range feed.Items {
		if len(it.Enclosures) == 1 {
			enclosures[it.Enclosures[0].URL] = true
		}
	}
	for _, ep := range list.Episodes {
		if !enclosures[ep.Audio.URL] {
			t.Errorf("episode %s (%s) is not in the feed", ep.ID, ep.Audio.URL)
		}
	}
	if len(feed.Items) != n {
		t.Errorf("feed has %d items, want %d", len(feed.Items), n)
	}
}

func TestUploadSurvivesRestart(t *testing.T) { forBackends(t, testUploadSurvivesRestart) }

func testUploadSurvivesRestart(t *testing.T, newAPI envMaker) {
	e := newAPI(t)
	e.createShow("kept")
	var before []api.EpisodeJSON
	for _, f := range []string{"mp3_cbr_id3v23_apic.mp3", "m4a_faststart_cover.m4a", "mp3_vbr_xing.mp3"} {
		before = append(before, e.uploadOK("kept", fixture(t, f)))
	}
	e.restart()
	for _, want := range before {
		var got api.EpisodeJSON
		if st := e.json("GET", "/api/v1/episodes/"+want.ID, nil, &got); st != 200 {
			t.Fatalf("after restart, %s: %d", want.ID, st)
		}
		got.Warnings, want.Warnings = nil, nil
		if !jsonEqual(t, got, want) {
			t.Errorf("after restart\n got %+v\nwant %+v", got, want)
		}
		if !e.blobExists(keyOf(got.Audio.URL)) {
			t.Errorf("audio %s is gone", got.Audio.URL)
		}
	}
}

// TestUploadCancelled cuts uploads off midway, from the client's side and by
// cancelling the server's base context (what shutdown does after its grace
// period): nothing may be left behind.
func TestUploadCancelled(t *testing.T) { forBackends(t, testUploadCancelled) }

func testUploadCancelled(t *testing.T, newAPI envMaker) {
	e := newAPI(t)
	e.createShow("cut")
	baseCtx, cancelBase := context.WithCancel(context.Background())
	defer cancelBase()
	ts := httptest.NewUnstartedServer(e.srv.Handler())
	ts.Config.BaseContext = func(net.Listener) context.Context { return baseCtx }
	ts.Start()
	defer ts.Close()
	audio, err := os.ReadFile(fixture(t, "mp3_vbr_xing.mp3"))
	if err != nil {
		t.Fatal(err)
	}
	before := e.snapshot()

	for _, how := range []string{"client", "server"} {
		t.Run(how, func(t *testing.T) {
			pr, pw := io.Pipe()
			mw := multipart.NewWriter(pw)
			reqCtx, cancelReq := context.WithCancel(context.Background())
			defer cancelReq()
			req, _ := http.NewRequestWithContext(reqCtx, "POST", ts.URL+"/api/v1/shows/cut/episodes", pr)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			req.Header.Set("Authorization", "Bearer "+e.token)
			done := make(chan struct{})
			go func() {
				defer close(done)
				if resp, err := http.DefaultClient.Do(req); err == nil {
					resp.Body.Close()
				}
			}()
			fw, _ := mw.CreateFormFile("audio", "cut.mp3")
			fw.Write(audio[:len(audio)/2]) // half the file, then stall
			waitFor(t, func() bool { return e.srv.Uploads.Count() == 1 })
			time.Sleep(50 * time.Millisecond) // let the server write some of it
			if how == "client" {
				cancelReq()
			} else { // what serve does after the grace period
				cancelBase()
				ts.CloseClientConnections()
			}
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if err := e.srv.WaitUploads(ctx); err != nil {
				t.Fatalf("upload still running: %v", err)
			}
			pw.CloseWithError(errors.New("test over"))
			<-done
			if after := e.snapshot(); after != before {
				t.Errorf("a cut-off upload left something:\nbefore\n%s\nafter\n%s", before, after)
			}
		})
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for i := 0; i < 500; i++ {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("condition not reached in 5 s")
}
