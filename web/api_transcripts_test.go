package web

import (
	"bytes"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"

	"github.com/onair-fm/onair/web/api"
)

const apiVTT = "WEBVTT\n\n00:00:00.000 --> 00:00:02.250\n<v Ana Lima>Ferry hours are extended.\n\n00:00:02.250 --> 00:00:04.900\n<v Ben>The council voted last night.\n"

func TestAPITranscripts(t *testing.T) { forBackends(t, testAPITranscripts) }

func testAPITranscripts(t *testing.T, newAPI envMaker) {
	e := newAPI(t)
	e.createShow("daily")
	ep := e.uploadOK("daily", fixture(t, "mp3_cbr_id3v23_apic.mp3"), part{name: "title", value: "Harbour"}) // 5.1 s
	if ep.Transcript.State != "none" {
		t.Fatalf("new episode transcript: %+v", ep.Transcript)
	}
	path := "/api/v1/episodes/" + ep.ID + "/transcript"

	// Refusals name the line, and keep nothing.
	st, b := e.do("PUT", path, "text/vtt", strings.NewReader("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\na\n\n00:00:03.000 --> 00:00:09.000\nb\n"))
	wantErr(t, st, b, http.StatusUnprocessableEntity, "invalid")
	if !bytes.Contains(b, []byte("line 6")) {
		t.Errorf("error does not name the line: %s", b)
	}
	st, b = e.do("PUT", path, "image/png", strings.NewReader("\x89PNG"))
	wantErr(t, st, b, http.StatusUnprocessableEntity, "invalid")
	st, b = e.do("PUT", path, "", strings.NewReader(apiVTT))
	wantErr(t, st, b, http.StatusUnsupportedMediaType, "unsupported_media_type")
	st, b = e.do("PUT", "/api/v1/episodes/nope/transcript", "text/vtt", strings.NewReader(apiVTT))
	wantErr(t, st, b, http.StatusNotFound, "not_found")

	// The body with its type.
	var got api.EpisodeJSON
	st, b = e.do("PUT", path+"?language=en-gb", "text/vtt; charset=utf-8", strings.NewReader(apiVTT))
	if st != 200 {
		t.Fatalf("PUT transcript: %d %s", st, b)
	}
	mustUnmarshal(t, b, &got)
	if got.Transcript.State != "done" || got.Transcript.Origin != "uploaded" || got.Transcript.Language != "en-gb" ||
		got.Transcript.URLs["vtt"] != testBaseURL+"/shows/daily/episodes/"+ep.ID+"/transcript.vtt" {
		t.Fatalf("transcript: %+v", got.Transcript)
	}
	// Every format, from the one source, keeping speakers and milliseconds.
	for ext, want := range map[string][]string{
		"vtt":  {"WEBVTT", "00:00:02.250 --> 00:00:04.900", "<v Ana Lima>Ferry hours"},
		"srt":  {"2\n00:00:02,250 --> 00:00:04,900\nBen: The council voted"},
		"json": {`"speaker": "Ana Lima"`, `"startTime": 2.25`, `"endTime": 4.9`},
		"html": {"<cite>Ben</cite>", `lang="en-gb"`},
		"txt":  {"Ana Lima: Ferry hours are extended."},
	} {
		resp, err := http.Get(e.ts.URL + "/shows/daily/episodes/" + ep.ID + "/transcript." + ext)
		if err != nil {
			t.Fatal(err)
		}
		body := readAll(t, resp)
		if resp.StatusCode != 200 || resp.Header.Get("Access-Control-Allow-Origin") != "*" {
			t.Errorf("%s: %d %v", ext, resp.StatusCode, resp.Header)
		}
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("%s lacks %q:\n%s", ext, w, body)
			}
		}
	}

	// Multipart, part "transcript": SRT replaces the VTT.
	dir := t.TempDir()
	srt := filepath.Join(dir, "t.srt")
	os.WriteFile(srt, []byte("1\n00:00:00,500 --> 00:00:01,000\nZed: Bridge closed.\n"), 0o644)
	ct, body := multipartBody(t, part{name: "transcript", file: srt})
	if st, b := e.do("PUT", path, ct, bytes.NewReader(body)); st != 200 {
		t.Fatalf("multipart: %d %s", st, b)
	}
	ct, body = multipartBody(t, part{name: "other", value: "x"})
	st, b = e.do("PUT", path, ct, bytes.NewReader(body))
	wantErr(t, st, b, http.StatusUnprocessableEntity, "invalid")

	// Feeds list each format; gofeed reads them.
	f, err := gofeed.NewParser().ParseURL(e.ts.URL + "/shows/daily/feed.rss")
	if err != nil {
		t.Fatal(err)
	}
	trs := f.Items[0].Extensions["podcast"]["transcript"]
	if len(trs) != 4 || trs[0].Attrs["rel"] != "captions" || trs[0].Attrs["type"] != "text/vtt" {
		t.Fatalf("podcast:transcript: %+v", trs)
	}

	// Search finds the transcript's words with their time.
	var res struct{ Results []api.SearchHitJSON }
	if st := e.json("GET", "/api/v1/search?q=bridge", nil, &res); st != 200 || len(res.Results) != 1 ||
		res.Results[0].AtMS == nil || *res.Results[0].AtMS != 500 || !strings.HasSuffix(res.Results[0].PageURL, "?t=0") {
		t.Fatalf("search: %d %+v", st, res)
	}
	res.Results = nil
	if st := e.json("GET", "/api/v1/search?q=harbour&show=daily", nil, &res); st != 200 || len(res.Results) != 1 ||
		res.Results[0].AtMS != nil || res.Results[0].In[0] != "title" {
		t.Fatalf("search title: %d %+v", st, res)
	}
	st, b = e.do("GET", "/api/v1/search", "", nil)
	wantErr(t, st, b, http.StatusUnprocessableEntity, "invalid")

	// DELETE removes it; a second DELETE is a 404.
	if st, b := e.do("DELETE", path, "", nil); st != http.StatusNoContent {
		t.Fatalf("delete: %d %s", st, b)
	}
	st, b = e.do("DELETE", path, "", nil)
	wantErr(t, st, b, http.StatusNotFound, "not_found")
	resp, err := http.Get(e.ts.URL + "/shows/daily/episodes/" + ep.ID + "/transcript.vtt")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Errorf("transcript after delete: %d", resp.StatusCode)
	}
}

func TestAPIChapters(t *testing.T) { forBackends(t, testAPIChapters) }

func testAPIChapters(t *testing.T, newAPI envMaker) {
	e := newAPI(t)
	e.createShow("daily")
	ep := e.uploadOK("daily", fixture(t, "mp3_id3v24_chapters.mp3")) // 16.5 s, 3 chapters
	if len(ep.Chapters) != 3 || ep.ChaptersEdited {
		t.Fatalf("audio chapters: %+v", ep.Chapters)
	}
	var art api.ArticleJSON
	if st := e.json("POST", "/api/v1/articles", map[string]any{"url": "https://news.example/ferry", "title": "Ferry story",
		"image_url": "https://news.example/f.jpg"}, &art); st != 201 {
		t.Fatal(st)
	}
	if st := e.json("PUT", "/api/v1/episodes/"+ep.ID+"/articles", map[string]any{"article_ids": []string{art.ID}}, nil); st != 200 {
		t.Fatal(st)
	}
	path := "/api/v1/episodes/" + ep.ID + "/chapters"
	st, b := e.do("PUT", path, "application/json", strings.NewReader(`{"version":"1.2.0","chapters":[{"startTime":5,"title":"b"},{"startTime":1,"title":"a"}]}`))
	wantErr(t, st, b, http.StatusUnprocessableEntity, "invalid")
	st, b = e.do("PUT", path, "application/json", strings.NewReader(`{"chapters":`))
	wantErr(t, st, b, http.StatusUnprocessableEntity, "invalid")
	var got api.EpisodeJSON
	st, b = e.do("PUT", path, "application/json", strings.NewReader(`{"version":"1.2.0","chapters":[
		{"startTime":0,"title":"Top"},{"startTime":4.25,"article_id":"`+art.ID+`"}]}`))
	if st != 200 {
		t.Fatalf("PUT chapters: %d %s", st, b)
	}
	mustUnmarshal(t, b, &got)
	if !got.ChaptersEdited || len(got.Chapters) != 2 || got.Chapters[1].StartMS != 4250 || got.Chapters[1].URL != art.URL ||
		got.Chapters[1].ArticleTitle != "Ferry story" || got.Chapters[1].Image != "https://news.example/f.jpg" {
		t.Fatalf("chapters: %+v", got.Chapters)
	}
	// Podlove in the feed, with the article's URL; timestamps in the notes
	// once the show asks for them.
	if st := e.json("PATCH", "/api/v1/shows/daily", map[string]any{"chapter_timestamps": true}, nil); st != 200 {
		t.Fatal(st)
	}
	resp, err := http.Get(e.ts.URL + "/shows/daily/feed.rss")
	if err != nil {
		t.Fatal(err)
	}
	rss := readAll(t, resp)
	f, err := gofeed.NewParser().ParseString(rss)
	if err != nil {
		t.Fatal(err)
	}
	psc := f.Items[0].Extensions["psc"]["chapters"]
	if len(psc) != 1 || len(psc[0].Children["chapter"]) != 2 || psc[0].Children["chapter"][1].Attrs["href"] != art.URL {
		t.Fatalf("psc:chapters: %+v", psc)
	}
	if !strings.Contains(f.Items[0].Description, "00:04 Ferry story") {
		t.Errorf("notes lack chapter timestamps: %q", f.Items[0].Description)
	}
	// Podlove import through the same endpoint.
	st, b = e.do("PUT", path, "application/xml", strings.NewReader(`<psc:chapters version="1.2" xmlns:psc="http://podlove.org/simple-chapters"><psc:chapter start="00:00:02.5" title="Two"/></psc:chapters>`))
	if st != 200 {
		t.Fatalf("Podlove: %d %s", st, b)
	}
	mustUnmarshal(t, b, &got)
	if len(got.Chapters) != 1 || got.Chapters[0].StartMS != 2500 {
		t.Fatalf("Podlove chapters: %+v", got.Chapters)
	}
}

func readAll(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
