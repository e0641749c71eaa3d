package web

import (
	"bytes"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/onair-fm/onair/feeds"
	"github.com/onair-fm/onair/web/api"
)

func TestAPIEpisodeUpload(t *testing.T) { forBackends(t, testAPIEpisodeUpload) }

func testAPIEpisodeUpload(t *testing.T, newAPI envMaker) {
	e := newAPI(t)
	sh := e.createShow("daily")
	// Fields before and after the file; the ones sent win over the tags.
	ep := e.uploadOK("daily", fixture(t, "mp3_cbr_id3v23_apic.mp3"),
		part{name: "title", value: "Ferry hours, explained"},
		part{name: "season", value: "2"},
	)
	st, b := e.upload("daily",
		part{name: "status", value: "draft"},
		part{name: "audio", file: fixture(t, "m4a_faststart_cover.m4a")},
		part{name: "published_at", value: "2031-05-06T07:08:09+02:00"},
		part{name: "description", value: `<p>Notes <a href="https://example.com/story">story</a><script>x()</script></p>`},
		part{name: "explicit", value: "true"},
		part{name: "type", value: "bonus"},
	)
	if st != http.StatusCreated {
		t.Fatalf("upload with fields after the file: %d %s", st, b)
	}
	var ep2 api.EpisodeJSON
	mustUnmarshal(t, b, &ep2)

	if ep.Title != "Ferry hours, explained" || ep.Description != "<p>Short CBR fixture.</p>" || *ep.Season != 2 ||
		ep.Number == nil || *ep.Number != 7 || ep.Status != "published" || ep.Type != "full" || ep.Show != "daily" {
		t.Errorf("mp3 episode from fields and tags: %+v", ep)
	}
	if ep.Audio.MIME != "audio/mpeg" || ep.Audio.Codec != "mp3" || ep.Audio.SampleRate != 44100 || ep.Audio.Channels != 1 ||
		ep.Audio.Bitrate < 60000 || ep.Audio.Bitrate > 70000 || ep.Audio.Size != 48711 || ep.Audio.FileName != "mp3_cbr_id3v23_apic.mp3" {
		t.Errorf("mp3 audio: %+v", ep.Audio)
	}
	if ep.DurationMS < 5056 || ep.DurationMS > 5156 || ep.Duration != "0:05" {
		t.Errorf("duration %d ms %q, want about 5106 ms", ep.DurationMS, ep.Duration)
	}
	wantPrefix := testBaseURL + "/media/episodes/" + ep.ID + "/"
	if !strings.HasPrefix(ep.Audio.URL, wantPrefix) || !strings.HasSuffix(ep.Audio.URL, ".mp3") {
		t.Errorf("audio url %q", ep.Audio.URL)
	}
	if ep.ArtworkURL != "" { // the tags' 320x240 cover is below Apple's rules
		t.Errorf("embedded 320x240 artwork stored as episode artwork: %q", ep.ArtworkURL)
	}
	if ep.PageURL != testBaseURL+"/shows/daily/episodes/"+ep.ID || ep.PlayerURL != testBaseURL+"/embed/episodes/"+ep.ID {
		t.Errorf("page %q player %q", ep.PageURL, ep.PlayerURL)
	}
	if len(ep.ID) != 12 || len(ep.GUID) != 36 || ep.RelatedArticles == nil || ep.Chapters == nil {
		t.Errorf("id %q guid %q related %v chapters %v", ep.ID, ep.GUID, ep.RelatedArticles, ep.Chapters)
	}
	if age := time.Since(ep.PublishedAt); age < 0 || age > time.Minute {
		t.Errorf("published_at %v: want now by default", ep.PublishedAt)
	}

	want := time.Date(2031, 5, 6, 5, 8, 9, 0, time.UTC)
	if ep2.Status != "draft" || !ep2.PublishedAt.Equal(want) || !ep2.Explicit || ep2.Type != "bonus" ||
		ep2.Description != `<p>Notes <a href="https://example.com/story">story</a></p>` || ep2.Audio.MIME != "audio/mp4" ||
		!strings.HasSuffix(ep2.Audio.URL, ".m4a") || ep2.Audio.Codec != "aac" {
		t.Errorf("m4a episode: %+v", ep2)
	}

	if !contains(ep2.Warnings, "draft") {
		t.Errorf("draft episode warnings %q", ep2.Warnings)
	}
	// A live episode gets the feed validator's findings about it.
	ogg := e.uploadOK("daily", fixture(t, "vorbis.ogg"), part{name: "published_at", value: "2020-01-01T00:00:00Z"})
	if !contains(ogg.Warnings, "does not play") {
		t.Errorf("Ogg episode warnings %q: want Apple's refusal of the type", ogg.Warnings)
	}
	if st := e.json("DELETE", "/api/v1/episodes/"+ogg.ID, nil, nil); st != http.StatusNoContent {
		t.Fatal(st)
	}

	// Episodes list newest first; the scheduled one is first.
	var list struct {
		Episodes []api.EpisodeJSON
		Total    int
	}
	if st := e.json("GET", "/api/v1/shows/daily/episodes", nil, &list); st != 200 || list.Total != 2 ||
		len(list.Episodes) != 2 || list.Episodes[0].ID != ep2.ID || list.Episodes[1].ID != ep.ID {
		t.Errorf("list: %d %+v", st, list)
	}
	if st := e.json("GET", "/api/v1/shows/daily/episodes?limit=1&offset=1", nil, &list); st != 200 || list.Total != 2 ||
		len(list.Episodes) != 1 || list.Episodes[0].ID != ep.ID {
		t.Errorf("list page 2: %d %+v", st, list)
	}
	_ = sh
}

func TestAPIEpisodeUploadErrors(t *testing.T) { forBackends(t, testAPIEpisodeUploadErrors) }

func testAPIEpisodeUploadErrors(t *testing.T, newAPI envMaker) {
	e := newAPI(t, Config{BaseURL: testBaseURL, MaxUpload: 100 << 10})
	e.createShow("daily")
	e.uploadOK("daily", fixture(t, "mp3_cbr_id3v23_apic.mp3"))
	mp3 := fixture(t, "mp3_cbr_id3v23_apic.mp3")
	big := fixture(t, "mp3_vbr_xing.mp3") // 135 KB, over the 100 KB limit
	tests := []struct {
		name   string
		show   string
		parts  []part
		status int
		code   string
	}{
		{"PNG image", "daily", []part{{name: "audio", file: fixture(t, "not_audio.png")}}, 415, "not_audio"},
		{"text named .mp3", "daily", []part{{name: "audio", file: fixture(t, "text_as.mp3")}}, 415, "not_audio"},
		{"empty file", "daily", []part{{name: "audio", file: fixture(t, "zero_bytes.mp3")}}, 422, "invalid"},
		{"oversize", "daily", []part{{name: "title", value: "big"}, {name: "audio", file: big}}, 413, "too_large"},
		{"unknown show", "nope", []part{{name: "audio", file: mp3}}, 404, "not_found"},
		{"no audio part", "daily", []part{{name: "title", value: "x"}}, 422, "invalid"},
		{"file in another part", "daily", []part{{name: "file", file: mp3}}, 422, "invalid"},
		{"two audio parts", "daily", []part{{name: "audio", file: mp3}, {name: "audio", file: mp3}}, 422, "invalid"},
		{"bad status after the file", "daily", []part{{name: "audio", file: mp3}, {name: "status", value: "live"}}, 422, "invalid"},
		{"bad date", "daily", []part{{name: "audio", file: mp3}, {name: "published_at", value: "tomorrow"}}, 422, "invalid"},
		{"bad number", "daily", []part{{name: "audio", file: mp3}, {name: "number", value: "seven"}}, 422, "invalid"},
		{"unknown field", "daily", []part{{name: "audio", file: mp3}, {name: "colour", value: "red"}}, 422, "invalid"},
		{"field twice", "daily", []part{{name: "title", value: "a"}, {name: "title", value: "b"}, {name: "audio", file: mp3}}, 422, "invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := e.snapshot()
			st, b := e.upload(tt.show, tt.parts...)
			wantErr(t, st, b, tt.status, tt.code)
			if after := e.snapshot(); after != before {
				t.Errorf("a rejected upload changed the catalog or storage:\nbefore\n%s\nafter\n%s", before, after)
			}
		})
	}
	t.Run("message says what the file is", func(t *testing.T) {
		_, b := e.upload("daily", part{name: "audio", file: fixture(t, "not_audio.png"), fileName: "cover.png"})
		var ae apiErr
		mustUnmarshal(t, b, &ae)
		if want := `the uploaded file "cover.png" is not audio: PNG image`; ae.Error.Message != want {
			t.Errorf("message %q, want %q", ae.Error.Message, want)
		}
	})
	t.Run("not multipart", func(t *testing.T) {
		before := e.snapshot()
		b, _ := os.ReadFile(mp3)
		st, body := e.do("POST", "/api/v1/shows/daily/episodes", "audio/mpeg", bytes.NewReader(b))
		wantErr(t, st, body, 415, "unsupported_media_type")
		st, body = e.do("POST", "/api/v1/shows/daily/episodes", "application/json", strings.NewReader(`{"title":"x"}`))
		wantErr(t, st, body, 415, "unsupported_media_type")
		if after := e.snapshot(); after != before {
			t.Errorf("storage changed:\n%s\n%s", before, after)
		}
	})
	t.Run("malformed multipart", func(t *testing.T) {
		before := e.snapshot()
		st, body := e.do("POST", "/api/v1/shows/daily/episodes", "multipart/form-data; boundary=xyz", strings.NewReader("--xyz\r\nContent-Disposition: form-data; name=\"audio\"; filename=\"a.mp3\"\r\n\r\nID3 truncated without the closing boundary"))
		if st != 400 && st != 415 && st != 422 {
			t.Errorf("truncated multipart: %d %s", st, body)
		}
		if after := e.snapshot(); after != before {
			t.Errorf("storage changed:\n%s\n%s", before, after)
		}
	})
}

func TestAPIEpisodeUpdate(t *testing.T) { forBackends(t, testAPIEpisodeUpdate) }

func testAPIEpisodeUpdate(t *testing.T, newAPI envMaker) {
	e := newAPI(t)
	e.createShow("daily")
	ep := e.uploadOK("daily", fixture(t, "mp3_vbr_xing.mp3"))
	if ep.Title != "mp3_vbr_xing" {
		t.Errorf("untagged file: title %q, want the file name", ep.Title)
	}
	var up api.EpisodeJSON
	st := e.json("PATCH", "/api/v1/episodes/"+ep.ID, map[string]any{
		"title": "New title", "published_at": "2099-01-01T00:00:00Z", "number": 3, "description": "<b>hi</b><img src=x onerror=y>",
	}, &up)
	if st != http.StatusOK || up.Title != "New title" || *up.Number != 3 || up.Description != "<b>hi</b>" ||
		up.ID != ep.ID || up.GUID != ep.GUID || up.Audio.URL != ep.Audio.URL || !contains(up.Warnings, "scheduled") {
		t.Errorf("patch: %d %+v", st, up)
	}
	for _, tt := range []struct {
		name, body string
		status     int
		code       string
	}{
		{"malformed", `{"title":`, 400, "bad_request"},
		{"unknown field", `{"guid":"mine"}`, 400, "bad_request"},
		{"blank title", `{"title":" "}`, 422, "invalid"},
		{"bad type", `{"type":"movie"}`, 422, "invalid"},
		{"negative season", `{"season":-1}`, 422, "invalid"},
		{"bad date", `{"published_at":"2020-13-01"}`, 422, "invalid"},
	} {
		st, b := e.do("PATCH", "/api/v1/episodes/"+ep.ID, "application/json", strings.NewReader(tt.body))
		wantErr(t, st, b, tt.status, tt.code)
	}
	st, b := e.do("PATCH", "/api/v1/episodes/nope", "application/json", strings.NewReader(`{"title":"x"}`))
	wantErr(t, st, b, 404, "not_found")
	st, b = e.do("GET", "/api/v1/episodes/nope", "", nil)
	wantErr(t, st, b, 404, "not_found")
	st, b = e.do("GET", "/api/v1/shows/nope/episodes", "", nil)
	wantErr(t, st, b, 404, "not_found")

	var got api.EpisodeJSON
	if st := e.json("GET", "/api/v1/episodes/"+ep.ID, nil, &got); st != 200 || got.Title != "New title" {
		t.Errorf("get after patch: %d %+v", st, got)
	}
	if st, b := e.do("DELETE", "/api/v1/episodes/"+ep.ID, "", nil); st != http.StatusNoContent {
		t.Fatalf("delete: %d %s", st, b)
	}
	st, b = e.do("GET", "/api/v1/episodes/"+ep.ID, "", nil)
	wantErr(t, st, b, 404, "not_found")
	if e.blobExists(keyOf(ep.Audio.URL)) {
		t.Errorf("deleted episode's audio remains")
	}
}

func TestAPIReplaceAudio(t *testing.T) { forBackends(t, testAPIReplaceAudio) }

func testAPIReplaceAudio(t *testing.T, newAPI envMaker) {
	e := newAPI(t)
	e.createShow("daily")
	ep := e.uploadOK("daily", fixture(t, "mp3_cbr_id3v23_apic.mp3"), part{name: "title", value: "Kept"})
	oldKey := strings.TrimPrefix(ep.Audio.URL, testBaseURL+"/media/")

	ct, body := multipartBody(t, part{name: "audio", file: fixture(t, "m4a_chapters.m4a")})
	st, b := e.do("PUT", "/api/v1/episodes/"+ep.ID+"/audio", ct, bytes.NewReader(body))
	if st != http.StatusOK {
		t.Fatalf("replace: %d %s", st, b)
	}
	var got api.EpisodeJSON
	mustUnmarshal(t, b, &got)
	if got.ID != ep.ID || got.GUID != ep.GUID || got.Title != "Kept" || got.PageURL != ep.PageURL {
		t.Errorf("identity or metadata changed: %+v", got)
	}
	if got.Audio.URL == ep.Audio.URL || got.Audio.MIME != "audio/mp4" || got.DurationMS < 16436 || got.DurationMS > 16536 {
		t.Errorf("new audio: %+v duration %d", got.Audio, got.DurationMS)
	}
	if len(got.Chapters) != 3 || got.ChaptersURL == "" {
		t.Errorf("chapters of the new file: %+v %q", got.Chapters, got.ChaptersURL)
	}
	if e.blobExists(oldKey) {
		t.Errorf("old audio still stored")
	}
	newKey := strings.TrimPrefix(got.Audio.URL, testBaseURL+"/media/")

	// A raw body works too; a bad one changes nothing.
	before := e.snapshot()
	png, _ := os.ReadFile(fixture(t, "not_audio.png"))
	st, b = e.do("PUT", "/api/v1/episodes/"+ep.ID+"/audio", "audio/mpeg", bytes.NewReader(png))
	wantErr(t, st, b, 415, "not_audio")
	st, b = e.do("PUT", "/api/v1/episodes/"+ep.ID+"/audio", "text/plain", strings.NewReader("x"))
	wantErr(t, st, b, 415, "unsupported_media_type")
	if after := e.snapshot(); after != before {
		t.Errorf("failed replace changed things:\n%s\n%s", before, after)
	}
	if !e.blobExists(newKey) {
		t.Errorf("current audio gone after a failed replace")
	}
	raw, _ := os.ReadFile(fixture(t, "mp3_mpeg2_22k_mono.mp3"))
	st, b = e.do("PUT", "/api/v1/episodes/"+ep.ID+"/audio", "audio/mpeg", bytes.NewReader(raw))
	if st != http.StatusOK {
		t.Fatalf("raw replace: %d %s", st, b)
	}
	mustUnmarshal(t, b, &got)
	if got.Audio.SampleRate != 22050 || !strings.HasSuffix(got.Audio.URL, ".mp3") || len(got.Chapters) != 0 {
		t.Errorf("raw replace: %+v", got)
	}
	st, b = e.do("PUT", "/api/v1/episodes/nope/audio", "audio/mpeg", bytes.NewReader(raw))
	wantErr(t, st, b, 404, "not_found")
}

func TestAPIEpisodeMP2Warning(t *testing.T) { forBackends(t, testAPIEpisodeMP2Warning) }

// testAPIEpisodeMP2Warning: an MPEG Layer II file is stored and served as
// audio/mpeg, but the upload, whether live or a draft, and the feed check
// warn that some apps will not play it and say how to fix it.
func testAPIEpisodeMP2Warning(t *testing.T, newAPI envMaker) {
	e := newAPI(t)
	e.createShow("daily")
	mp2 := fixture(t, "mp2_layer2.mp2")
	live := e.uploadOK("daily", mp2, part{name: "title", value: "Layer two"})
	draft := e.uploadOK("daily", mp2, part{name: "title", value: "Layer two, draft"}, part{name: "status", value: "draft"})
	mp3 := e.uploadOK("daily", fixture(t, "mp3_cbr_id3v23_apic.mp3"), part{name: "title", value: "Layer three"})
	if live.Audio.MIME != "audio/mpeg" || live.Audio.Codec != "mp2" {
		t.Fatalf("mp2 upload: %+v", live.Audio)
	}
	for _, ep := range []api.EpisodeJSON{live, draft} {
		if !contains(ep.Warnings, "Layer II") || !contains(ep.Warnings, "Re-encode the audio as MP3 (Layer III)") {
			t.Errorf("%s: warnings %q, want the MP2 warning with its fix", ep.Title, ep.Warnings)
		}
	}
	if contains(mp3.Warnings, "Layer II") {
		t.Errorf("MP3 episode warned about as MP2: %q", mp3.Warnings)
	}
	var check struct {
		Findings []feeds.Finding
	}
	if st := e.json("GET", "/api/v1/shows/daily/validate", nil, &check); st != http.StatusOK {
		t.Fatalf("validate: %d", st)
	}
	var got []string
	for _, f := range check.Findings {
		if f.Code == "enclosure_codec" {
			got = append(got, f.EpisodeTitle+": "+f.Severity)
		}
	}
	if len(got) != 1 || got[0] != "Layer two: warning" {
		t.Errorf("feed check enclosure_codec findings %q, want one warning about the live MP2 episode", got)
	}
}
