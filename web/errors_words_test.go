package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/media"
	"github.com/onair-fm/onair/tus"
	"github.com/onair-fm/onair/web/httpx"
)

// internalPrefixes are the package and store prefixes wrapped errors carry
// for the logs; none belongs in a message a client or a person reads.
var internalPrefixes = []string{"sqlite:", "postgres:", "sqlstore:", "httpx:", "api:", "feedsrv:", "delivery:", "site:", "admin:", "uploads:", "fsck:", "web:", "media:", "catalog:", "publish:", "s3:", "local:"}

// wantPlain fails when msg is empty or names an internal package.
func wantPlain(t *testing.T, what, msg string) {
	t.Helper()
	if msg == "" {
		t.Errorf("%s: empty message", what)
	}
	for _, p := range internalPrefixes {
		if strings.Contains(msg, p) {
			t.Errorf("%s: message %q contains %q", what, msg, p)
		}
	}
}

// TestErrorMessagesArePlain walks the API's error answers (unknown ids on
// every route, refused audio by multipart and by tus) and checks that each
// keeps its status and code and tells the client in plain words, without
// the package prefixes the logs keep, such as "web: upload …: media: not
// audio: text" in a tus refusal.
func TestErrorMessagesArePlain(t *testing.T) {
	t.Parallel()
	e := newAdminEnv(t, nil)
	sh := e.show(t, "news")
	secret := e.token(t)
	auth := "Bearer " + secret
	ep := &catalog.Episode{ID: catalog.NewID(), ShowID: sh.ID, Title: "One", Status: catalog.StatusDraft}
	ep.GUID = ep.ID
	if err := e.store.CreateEpisode(t.Context(), ep); err != nil {
		t.Fatal(err)
	}
	type req struct {
		name, method, path, ct string
		body                   []byte
		status                 int
		code                   string
	}
	js := "application/json"
	cases := []req{
		{"get unknown show", "GET", "/api/v1/shows/nope", "", nil, 404, "not_found"},
		{"patch unknown show", "PATCH", "/api/v1/shows/nope", js, []byte(`{"title":"x"}`), 404, "not_found"},
		{"delete unknown show", "DELETE", "/api/v1/shows/nope", "", nil, 404, "not_found"},
		{"artwork of unknown show", "PUT", "/api/v1/shows/nope/artwork", "image/png", readFixture(t, "not_audio.png"), 404, "not_found"},
		{"episodes of unknown show", "GET", "/api/v1/shows/nope/episodes", "", nil, 404, "not_found"},
		{"get unknown episode", "GET", "/api/v1/episodes/nope", "", nil, 404, "not_found"},
		{"patch unknown episode", "PATCH", "/api/v1/episodes/nope", js, []byte(`{"title":"x"}`), 404, "not_found"},
		{"delete unknown episode", "DELETE", "/api/v1/episodes/nope", "", nil, 404, "not_found"},
		{"articles of unknown episode", "PUT", "/api/v1/episodes/nope/articles", js, []byte(`{"article_ids":[]}`), 404, "not_found"},
		{"unknown article on an episode", "PUT", "/api/v1/episodes/" + ep.ID + "/articles", js, []byte(`{"article_ids":["nope"]}`), 404, "not_found"},
		{"get unknown article", "GET", "/api/v1/articles/nope", "", nil, 404, "not_found"},
		{"patch unknown article", "PATCH", "/api/v1/articles/nope", js, []byte(`{"title":"x"}`), 404, "not_found"},
		{"delete unknown article", "DELETE", "/api/v1/articles/nope", "", nil, 404, "not_found"},
		{"stats of unknown show", "GET", "/api/v1/shows/nope/stats", "", nil, 404, "not_found"},
		{"stats of unknown episode", "GET", "/api/v1/episodes/nope/stats", "", nil, 404, "not_found"},
		{"validate unknown show", "GET", "/api/v1/shows/nope/validate", "", nil, 404, "not_found"},
		{"feed of unknown show", "GET", "/shows/nope/feed.rss", "", nil, 404, "not_found"},
		{"chapters of unknown episode", "GET", "/shows/news/episodes/nope/chapters.json", "", nil, 404, "not_found"},
		{"unknown media", "GET", "/media/episodes/nope/a.mp3", "", nil, 404, "not_found"},
		{"result of unknown upload", "GET", "/api/v1/uploads/nope", "", nil, 404, "not_found"},
		{"taken slug", "POST", "/api/v1/shows", js, []byte(`{"slug":"news","title":"Again","categories":["News"]}`), 409, "conflict"},
	}
	cut := readFixture(t, "mp3_cbr_id3v23_apic.mp3")
	cut = cut[:len(cut)/50]
	cutFile := filepath.Join(t.TempDir(), "cut.mp3")
	if err := os.WriteFile(cutFile, cut, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct {
		file   string
		status int
		code   string
	}{
		{"../testdata/not_audio.png", 415, "not_audio"},
		{"../testdata/text_as.mp3", 415, "not_audio"},
		{"../testdata/video_no_audio.mp4", 415, "not_audio"},
		{"../testdata/zero_bytes.mp3", 422, "invalid"},
		{cutFile, 422, "unreadable_audio"},
	} {
		ct, b := multipartBody(t, part{name: "audio", file: f.file})
		cases = append(cases,
			req{"upload " + filepath.Base(f.file), "POST", "/api/v1/shows/news/episodes", ct, b, f.status, f.code},
			req{"new audio " + filepath.Base(f.file), "PUT", "/api/v1/episodes/" + ep.ID + "/audio", ct, b, f.status, f.code})
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := http.NewRequest(tc.method, e.url+tc.path, bytes.NewReader(tc.body))
			if tc.ct != "" {
				r.Header.Set("Content-Type", tc.ct)
			}
			r.Header.Set("Authorization", auth)
			r.Header.Set("Tus-Resumable", "1.0.0")
			resp, err := http.DefaultClient.Do(r)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if resp.StatusCode != tc.status {
				t.Errorf("status %d, want %d", resp.StatusCode, tc.status)
			}
			if tc.method == "HEAD" {
				return
			}
			var ae apiErr
			if err := json.NewDecoder(resp.Body).Decode(&ae); err != nil {
				t.Fatalf("not an error JSON: %v", err)
			}
			if ae.Error.Code != tc.code {
				t.Errorf("code %q, want %q", ae.Error.Code, tc.code)
			}
			t.Logf("%s", ae.Error.Message)
			wantPlain(t, tc.name, ae.Error.Message)
		})
	}
	c := tokenClient(secret)
	for _, md := range []map[string]string{
		{"show": "nope", "sha256": sha(cut)},
		{"episode": "nope", "sha256": sha(cut)},
	} {
		_, err := c.Create(t.Context(), e.url+"/api/v1/uploads/", int64(len(cut)), md)
		var se *tus.StatusError
		if !errors.As(err, &se) || se.Status != http.StatusNotFound {
			t.Fatalf("Create for %v: %v, want 404", md, err)
		}
		var ae apiErr
		if err := json.Unmarshal([]byte(se.Body), &ae); err != nil {
			t.Fatalf("body %q: %v", se.Body, err)
		}
		t.Logf("%s", ae.Error.Message)
		wantPlain(t, fmt.Sprint("tus create for ", md), ae.Error.Message)
	}
	for _, f := range []struct {
		name   string
		file   []byte
		status int
	}{
		{"tus not audio", readFixture(t, "not_audio.png"), http.StatusUnsupportedMediaType},
		{"tus text as mp3", readFixture(t, "text_as.mp3"), http.StatusUnsupportedMediaType},
		{"tus truncated", cut, http.StatusUnprocessableEntity},
	} {
		t.Run(f.name, func(t *testing.T) {
			u, err := c.Create(t.Context(), e.url+"/api/v1/uploads/", int64(len(f.file)),
				map[string]string{"show": "news", "sha256": sha(f.file), "filename": "take.mp3"})
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.Upload(t.Context(), u, bytes.NewReader(f.file), int64(len(f.file)), nil)
			var se *tus.StatusError
			if !errors.As(err, &se) || se.Status != f.status {
				t.Fatalf("Upload: %v, want status %d", err, f.status)
			}
			var ae apiErr
			if err := json.Unmarshal([]byte(se.Body), &ae); err != nil {
				t.Fatalf("body %q: %v", se.Body, err)
			}
			t.Logf("%s", ae.Error.Message)
			wantPlain(t, f.name, ae.Error.Message)
		})
	}
}

// TestToHTTPPlain: a sentinel that reaches ToHTTP still wrapped in the
// stores' and packages' prefixes keeps its status and code, and the client
// is told in plain words (the Invalidf message, the words media made).
func TestToHTTPPlain(t *testing.T) {
	t.Parallel()
	_, probeErr := media.Probe(strings.NewReader("hello, world\n"), 13)
	for _, tt := range []struct {
		err    error
		status int
		code   string
		msg    string
	}{
		{fmt.Errorf("sqlite: show nope: %w", catalog.ErrNotFound), 404, "not_found", "not found"},
		{fmt.Errorf("web: open: %w", media.ErrBlobMissing), 404, "not_found", "not found"},
		{fmt.Errorf("postgres: create user: users_email_key already exists: %w", catalog.ErrConflict), 409, "conflict", "conflicts with what is stored already"},
		{fmt.Errorf("sqlite: stats: %w", catalog.Invalidf("stats by %q: want day, episode or app", "week")), 422, "invalid", `stats by "week": want day, episode or app`},
		{fmt.Errorf("catalog: %w", catalog.ErrInvalid), 422, "invalid", "invalid"},
		{fmt.Errorf("web: upload x: %w", probeErr), 415, "not_audio", "the uploaded file is not audio: text"},
		{fmt.Errorf("web: upload x: %w", media.ErrCorrupt), 422, "unreadable_audio", "the uploaded file cannot be read as audio"},
		{fmt.Errorf("web: upload: %w", &http.MaxBytesError{Limit: 1024}), 413, "too_large", "the request is larger than the limit of 1024 bytes"},
		{fmt.Errorf("sqlite: disk I/O error"), 500, "internal", "internal server error"},
	} {
		he := httpx.ToHTTP(tt.err)
		if he.Status != tt.status || he.Code != tt.code || he.Message != tt.msg {
			t.Errorf("%v: %d %s %q, want %d %s %q", tt.err, he.Status, he.Code, he.Message, tt.status, tt.code, tt.msg)
		}
		wantPlain(t, tt.err.Error(), he.Message)
	}
}
