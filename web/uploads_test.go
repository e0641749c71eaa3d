package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/tus"
	"github.com/onair-fm/onair/web/httpx"
	"github.com/onair-fm/onair/web/uploads"
)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// halfUpload creates an upload of the MP3 fixture for show news through c
// and sends its first half; it returns the upload's URL, the whole file
// and the half's length.
func halfUpload(t testing.TB, base string, c *tus.Client) (string, []byte, int64) {
	t.Helper()
	file := readFixture(t, "mp3_cbr_id3v23_apic.mp3")
	u, err := c.Create(t.Context(), base+"/api/v1/uploads/", int64(len(file)), map[string]string{"show": "news", "sha256": sha(file)})
	if err != nil {
		t.Fatal(err)
	}
	half := int64(len(file) / 2)
	if code := patchUpload(t, u, c.Header.Get("Authorization"), 0, file[:half]); code != http.StatusNoContent {
		t.Fatalf("PATCH half: %d", code)
	}
	return u, file, half
}

// patchUpload sends body to the upload at u from offset off as one raw
// tus PATCH with the given Authorization, and returns the status.
func patchUpload(t testing.TB, u, auth string, off int64, body []byte) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPatch, u, bytes.NewReader(body))
	req.Header.Set("Tus-Resumable", "1.0.0")
	req.Header.Set("Upload-Offset", strconv.FormatInt(off, 10))
	req.Header.Set("Content-Type", "application/offset+octet-stream")
	req.Header.Set("Authorization", auth)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("PATCH %s at %d: %v", u, off, err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// filesUnder lists the files (not folders) under dir, none if it is gone.
func filesUnder(dir string) []string {
	var files []string
	filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	return files
}

func sha(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

func tokenClient(secret string) *tus.Client {
	return &tus.Client{Header: http.Header{"Authorization": {"Bearer " + secret}}, Retries: 5, Backoff: 20 * time.Millisecond}
}

type answer struct {
	ID         string `json:"id"`
	Title      string `json:"title"`
	Status     string `json:"status"`
	DurationMS int64  `json:"duration_ms"`
	PageURL    string `json:"page_url"`
	Feeds      struct{ RSS string }
}

// storedAudio returns the bytes of the episode's audio in media storage.
func storedAudio(t *testing.T, e *adminEnv, id string) []byte {
	t.Helper()
	ep, err := e.store.GetEpisode(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	r, _, err := e.blobs.Open(t.Context(), ep.Audio.Key)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	b, _ := io.ReadAll(r)
	return b
}

// TestUploadResumesAfterDrops cuts the connection at 30% and 70% of the
// file; the client resumes from the server's offset each time and the
// stored audio is byte for byte the file.
func TestUploadResumesAfterDrops(t *testing.T) {
	t.Parallel()
	file := readFixture(t, "mp3_id3v24_chapters.mp3")
	size := int64(len(file))
	proxy := newDropProxy(t, size*30/100, size*70/100)
	e := newAdminEnv(t, func(string) string { return proxy.URL() })
	proxy.setTarget(strings.TrimPrefix(e.url, "http://"))
	e.show(t, "news")
	c := tokenClient(e.token(t))
	var seen []int64
	u, err := c.Create(t.Context(), proxy.URL()+"/api/v1/uploads/", size,
		map[string]string{"show": "news", "sha256": sha(file), "filename": "take.mp3", "title": "Resumed", "status": "published"})
	if err != nil {
		t.Fatal(err)
	}
	body, err := c.Upload(t.Context(), u, bytes.NewReader(file), size, func(n int64) { seen = append(seen, n) })
	if err != nil {
		t.Fatalf("Upload: %v", err)
	}
	if n := proxy.dropped(); n != 2 {
		t.Errorf("the proxy dropped %d connections, want 2", n)
	}
	var a answer
	if err := json.Unmarshal(body, &a); err != nil || a.ID == "" {
		t.Fatalf("answer %s: %v", body, err)
	}
	if a.Title != "Resumed" || a.Status != "published" || a.DurationMS < 1000 {
		t.Errorf("episode %+v", a)
	}
	if got := storedAudio(t, e, a.ID); !bytes.Equal(got, file) {
		t.Errorf("stored audio (%d bytes, sha %s) is not the file (%d bytes, sha %s)", len(got), sha(got), len(file), sha(file))
	}
	// Resumed, not restarted: some reported offsets after a drop were
	// above zero and below the end.
	resumed := false
	for i := 1; i < len(seen); i++ {
		if seen[i] < seen[i-1] && seen[i] > 0 {
			resumed = true
		}
	}
	if !resumed {
		t.Errorf("no resume from a middle offset in progress %v", seen)
	}
	// The answer can be asked for again; the part file is gone already.
	again, err := c.Result(t.Context(), u)
	if err != nil || !bytes.Equal(again, body) {
		t.Errorf("Result again = %s, %v", again, err)
	}
	if _, err := c.Offset(t.Context(), u); !errors.Is(err, tus.ErrGone) {
		t.Errorf("HEAD on a finished upload: %v, want ErrGone", err)
	}
	again, err = c.Upload(t.Context(), u, bytes.NewReader(file), size, nil)
	if err != nil || !bytes.Equal(again, body) {
		t.Errorf("Upload of a finished upload = %s, %v", again, err)
	}
	n, _ := e.store.CountEpisodes(t.Context(), catalog.EpisodeFilter{})
	if n != 1 {
		t.Errorf("%d episodes, want 1", n)
	}
}

// TestUploadOffsetMovedBehindClient: between the client's HEAD and its
// PATCH, another request (as a dropped connection's PATCH ending late on
// the server would) moves the offset. The server answers the client's
// PATCH 409; the client, allowed no retries, asks the offset again and
// finishes the file byte for byte.
func TestUploadOffsetMovedBehindClient(t *testing.T) {
	t.Parallel()
	file := readFixture(t, "mp3_id3v24_chapters.mp3")
	size := int64(len(file))
	e := newAdminEnv(t, nil)
	e.show(t, "news")
	secret := e.token(t)
	c := tokenClient(secret)
	c.Retries, c.ChunkSize = 0, 16384
	u, err := c.Create(t.Context(), e.url+"/api/v1/uploads/", size,
		map[string]string{"show": "news", "sha256": sha(file), "filename": "take.mp3", "title": "Raced", "status": "published"})
	if err != nil {
		t.Fatal(err)
	}
	moved := false
	progress := func(n int64) {
		if moved {
			return
		}
		moved = true
		if code := patchUpload(t, u, "Bearer "+secret, n, file[n:n+1000]); code != http.StatusNoContent {
			t.Fatalf("PATCH behind the client's back: %d", code)
		}
	}
	body, err := c.Upload(t.Context(), u, bytes.NewReader(file), size, progress)
	if err != nil {
		t.Fatalf("Upload after the offset moved: %v", err)
	}
	var a answer
	if err := json.Unmarshal(body, &a); err != nil || a.ID == "" {
		t.Fatalf("answer %s: %v", body, err)
	}
	if got := storedAudio(t, e, a.ID); !bytes.Equal(got, file) {
		t.Errorf("stored audio (%d bytes) is not the file (%d bytes)", len(got), len(file))
	}
}

// TestUploadRefused: only a complete, verified, probed file becomes an
// episode; a refused upload is deleted and nothing stays in storage.
func TestUploadRefused(t *testing.T) {
	t.Parallel()
	e := newAdminEnv(t, nil)
	e.show(t, "news")
	c := tokenClient(e.token(t))
	audio := readFixture(t, "mp3_cbr_id3v23_apic.mp3")
	png := readFixture(t, "not_audio.png")
	for _, tc := range []struct {
		name   string
		file   []byte
		md     map[string]string
		create int // status of the creation, 0 when it succeeds
		finish int // status of the last PATCH
	}{
		{"wrong checksum", audio, map[string]string{"show": "news", "sha256": sha(png)}, 0, http.StatusUnprocessableEntity},
		{"not audio", png, map[string]string{"show": "news", "sha256": sha(png)}, 0, http.StatusUnsupportedMediaType},
		{"no checksum", audio, map[string]string{"show": "news"}, http.StatusUnprocessableEntity, 0},
		{"unknown show", audio, map[string]string{"show": "nope", "sha256": sha(audio)}, http.StatusNotFound, 0},
		{"bad status", audio, map[string]string{"show": "news", "sha256": sha(audio), "status": "live"}, http.StatusUnprocessableEntity, 0},
		{"notes as HTML and Markdown", audio, map[string]string{"show": "news", "sha256": sha(audio),
			"description": "<p>x</p>", "description_markdown": "x"}, http.StatusUnprocessableEntity, 0},
		// Every field the episode would refuse is refused before the
		// file is sent, not after the last byte of it.
		{"season not a number", audio, map[string]string{"show": "news", "sha256": sha(audio), "season": "abc"}, http.StatusUnprocessableEntity, 0},
		{"negative number", audio, map[string]string{"show": "news", "sha256": sha(audio), "number": "-5"}, http.StatusUnprocessableEntity, 0},
		{"bad type", audio, map[string]string{"show": "news", "sha256": sha(audio), "type": "weird"}, http.StatusUnprocessableEntity, 0},
		{"bad explicit", audio, map[string]string{"show": "news", "sha256": sha(audio), "explicit": "maybe"}, http.StatusUnprocessableEntity, 0},
		{"title too long", audio, map[string]string{"show": "news", "sha256": sha(audio), "title": strings.Repeat("t", 1001)}, http.StatusUnprocessableEntity, 0},
		{"control character in notes", audio, map[string]string{"show": "news", "sha256": sha(audio), "description_markdown": "a\x01b"}, http.StatusUnprocessableEntity, 0},
		{"bad published_at", audio, map[string]string{"show": "news", "sha256": sha(audio), "published_at": "tomorrow"}, http.StatusUnprocessableEntity, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u, err := c.Create(t.Context(), e.url+"/api/v1/uploads/", int64(len(tc.file)), tc.md)
			var se *tus.StatusError
			if tc.create != 0 {
				if !errors.As(err, &se) || se.Status != tc.create {
					t.Fatalf("Create: %v, want status %d", err, tc.create)
				}
				if !strings.Contains(se.Body, `"error"`) {
					t.Errorf("error body %q is not the API's JSON error", se.Body)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.Upload(t.Context(), u, bytes.NewReader(tc.file), int64(len(tc.file)), nil)
			if !errors.As(err, &se) || se.Status != tc.finish {
				t.Fatalf("Upload: %v, want status %d", err, tc.finish)
			}
			if _, err := c.Offset(t.Context(), u); !errors.Is(err, tus.ErrGone) {
				t.Errorf("refused upload still there: %v", err)
			}
		})
	}
	n, _ := e.store.CountEpisodes(t.Context(), catalog.EpisodeFilter{})
	if n != 0 {
		t.Errorf("%d episodes made from refused uploads", n)
	}
	blobs := filesUnder(filepath.Join(e.dir, "media"))
	if len(blobs) != 0 {
		t.Errorf("refused uploads left blobs: %v", blobs)
	}
}

// TestUploadAbandonedCleaned: an upload nobody finishes is removed once
// the expiry has passed since its last byte, and not before.
func TestUploadAbandonedCleaned(t *testing.T) {
	t.Parallel()
	e := newAdminEnv(t, nil)
	e.show(t, "news")
	c := tokenClient(e.token(t))
	u, _, half := halfUpload(t, e.url, c)
	off, err := c.Offset(t.Context(), u)
	if err != nil || off != half {
		t.Fatalf("offset %d, %v; want %d", off, err, half)
	}
	files := func() int { return len(filesUnder(filepath.Join(e.dir, "media", "uploads"))) }
	if n := files(); n != 1 {
		t.Fatalf("%d chunk blobs stored for the first half, want 1", n)
	}
	if n, err := e.srv.CleanUploads(t.Context(), time.Now().Add(30*time.Minute)); err != nil || n != 0 {
		t.Errorf("CleanUploads before the expiry removed %d, %v", n, err)
	}
	if n, err := e.srv.CleanUploads(t.Context(), time.Now().Add(61*time.Minute)); err != nil || n != 1 {
		t.Errorf("CleanUploads after the expiry removed %d, %v; want 1", n, err)
	}
	if n := files(); n != 0 {
		t.Errorf("%d chunk blobs left in media storage", n)
	}
	if _, err := c.Offset(t.Context(), u); !errors.Is(err, tus.ErrGone) {
		t.Errorf("cleaned upload still answers: %v", err)
	}
}

// TestUploadAuth: a token or a session with its CSRF header; an editor only
// for their shows.
func TestUploadAuth(t *testing.T) {
	t.Parallel()
	e := newAdminEnv(t, nil)
	mine := e.show(t, "mine")
	e.show(t, "theirs")
	e.user(t, "ed@example.com", "editor-password", catalog.RoleEditor, mine)
	file := readFixture(t, "mp3_cbr_id3v23_apic.mp3")
	create := func(c *http.Client, hdr map[string]string, show string) int {
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, e.url+"/api/v1/uploads/", nil)
		req.Header.Set("Tus-Resumable", "1.0.0")
		req.Header.Set("Upload-Length", "48711")
		req.Header.Set("Upload-Metadata", tus.EncodeMetadata(map[string]string{"show": show, "sha256": sha(file)}))
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	b := browser(t)
	if got := create(b, nil, "mine"); got != http.StatusUnauthorized {
		t.Errorf("no credentials: %d, want 401", got)
	}
	if got := create(b, map[string]string{"Authorization": "Bearer wrong"}, "mine"); got != http.StatusUnauthorized {
		t.Errorf("wrong token: %d, want 401", got)
	}
	csrf := e.signIn(t, b, "ed@example.com", "editor-password")
	if got := create(b, nil, "mine"); got != http.StatusForbidden {
		t.Errorf("session without CSRF header: %d, want 403", got)
	}
	if got := create(b, map[string]string{httpx.CSRFHeader: csrf}, "theirs"); got != http.StatusForbidden {
		t.Errorf("editor on another show: %d, want 403", got)
	}
	if got := create(b, map[string]string{httpx.CSRFHeader: csrf}, "mine"); got != http.StatusCreated {
		t.Errorf("editor on their show: %d, want 201", got)
	}
	if got := create(http.DefaultClient, map[string]string{"Authorization": "Bearer " + e.token(t)}, "theirs"); got != http.StatusCreated {
		t.Errorf("token: %d, want 201", got)
	}
}

// TestUploadReplaceRefusesFields: an upload that replaces an episode's
// audio takes no episode fields, as PUT /api/v1/episodes/{id}/audio takes
// none: they were dropped without a word, so a title or show notes sent
// with new audio were lost while the upload said 200. They are refused
// at creation, before any byte is sent, and the episode stays as it was.
func TestUploadReplaceRefusesFields(t *testing.T) {
	t.Parallel()
	e := newAdminEnv(t, nil)
	e.show(t, "news")
	c := tokenClient(e.token(t))
	first := readFixture(t, "mp3_cbr_id3v23_apic.mp3")
	u, err := c.Create(t.Context(), e.url+"/api/v1/uploads/", int64(len(first)), map[string]string{"show": "news", "sha256": sha(first), "title": "First"})
	noErr(t, err)
	body, err := c.Upload(t.Context(), u, bytes.NewReader(first), int64(len(first)), nil)
	noErr(t, err)
	var a answer
	noErr(t, json.Unmarshal(body, &a))
	before, _ := e.store.GetEpisode(t.Context(), a.ID)

	second := readFixture(t, "mp3_id3v24_chapters.mp3")
	for _, field := range uploads.EpisodeFields {
		value := map[string]string{"published_at": "2026-01-02T15:04:05Z", "status": "draft", "season": "2",
			"number": "3", "type": "bonus", "explicit": "true"}[field]
		if value == "" {
			value = "changed"
		}
		t.Run(field, func(t *testing.T) {
			_, err := c.Create(t.Context(), e.url+"/api/v1/uploads/", int64(len(second)),
				map[string]string{"episode": a.ID, "sha256": sha(second), "filename": "x.mp3", field: value})
			var se *tus.StatusError
			if !errors.As(err, &se) || se.Status != http.StatusUnprocessableEntity || !strings.Contains(se.Body, field) {
				t.Errorf("Create with %s=%q: %v, want a 422 naming it", field, value, err)
			}
		})
	}
	after, _ := e.store.GetEpisode(t.Context(), a.ID)
	if after.Title != before.Title || after.Audio.Key != before.Audio.Key {
		t.Errorf("episode changed: %q %s, was %q %s", after.Title, after.Audio.Key, before.Title, before.Audio.Key)
	}
}

// TestUploadReplacesAudio: an upload naming an episode gives it new audio
// under a new key; the old blob goes, the id and GUID stay.
func TestUploadReplacesAudio(t *testing.T) {
	t.Parallel()
	e := newAdminEnv(t, nil)
	e.show(t, "news")
	c := tokenClient(e.token(t))
	first := readFixture(t, "mp3_cbr_id3v23_apic.mp3")
	u, err := c.Create(t.Context(), e.url+"/api/v1/uploads/", int64(len(first)), map[string]string{"show": "news", "sha256": sha(first)})
	noErr(t, err)
	body, err := c.Upload(t.Context(), u, bytes.NewReader(first), int64(len(first)), nil)
	noErr(t, err)
	var a answer
	noErr(t, json.Unmarshal(body, &a))
	before, _ := e.store.GetEpisode(t.Context(), a.ID)

	second := readFixture(t, "mp3_id3v24_chapters.mp3")
	u, err = c.Create(t.Context(), e.url+"/api/v1/uploads/", int64(len(second)), map[string]string{"episode": a.ID, "sha256": sha(second)})
	noErr(t, err)
	_, err = c.Upload(t.Context(), u, bytes.NewReader(second), int64(len(second)), nil)
	noErr(t, err)
	after, _ := e.store.GetEpisode(t.Context(), a.ID)
	if after.GUID != before.GUID || after.Audio.Key == before.Audio.Key || after.Audio.Size != int64(len(second)) {
		t.Errorf("after replacing: %+v", after.Audio)
	}
	if !bytes.Equal(storedAudio(t, e, a.ID), second) {
		t.Error("stored audio is not the new file")
	}
	if _, err := e.blobs.Stat(t.Context(), before.Audio.Key); err == nil {
		t.Error("old audio blob still stored")
	}
}

// TestUploadRefusedAtFinishLeavesNothing: an upload whose show or episode
// went away while its bytes came in can never become an episode (its
// metadata cannot change), so the last PATCH's refusal deletes it with its
// chunks, as a failed checksum does, instead of keeping the whole file in
// storage until the expiry and checking it again on every ask.
func TestUploadRefusedAtFinishLeavesNothing(t *testing.T) {
	t.Parallel()
	audio := readFixture(t, "mp3_cbr_id3v23_apic.mp3")
	for _, tc := range []struct {
		name string
		// md names what gone removes.
		md   func(sh *catalog.Show, ep *catalog.Episode) map[string]string
		gone func(e *adminEnv, sh *catalog.Show, ep *catalog.Episode) error
	}{
		{"show deleted", func(sh *catalog.Show, _ *catalog.Episode) map[string]string {
			return map[string]string{"show": sh.Slug, "sha256": sha(audio)}
		}, func(e *adminEnv, sh *catalog.Show, _ *catalog.Episode) error {
			return e.store.DeleteShow(context.Background(), sh.ID)
		}},
		{"episode deleted", func(_ *catalog.Show, ep *catalog.Episode) map[string]string {
			return map[string]string{"episode": ep.ID, "sha256": sha(audio)}
		}, func(e *adminEnv, _ *catalog.Show, ep *catalog.Episode) error {
			return e.store.DeleteEpisode(context.Background(), ep.ID)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newAdminEnv(t, nil)
			sh := e.show(t, "news")
			c := tokenClient(e.token(t))
			u, err := c.Create(t.Context(), e.url+"/api/v1/uploads/", int64(len(audio)), map[string]string{"show": "news", "sha256": sha(audio)})
			noErr(t, err)
			body, err := c.Upload(t.Context(), u, bytes.NewReader(audio), int64(len(audio)), nil)
			noErr(t, err)
			var a answer
			noErr(t, json.Unmarshal(body, &a))
			ep, err := e.store.GetEpisode(t.Context(), a.ID)
			noErr(t, err)

			u, err = c.Create(t.Context(), e.url+"/api/v1/uploads/", int64(len(audio)), tc.md(sh, ep))
			noErr(t, err)
			// Half the file first: a chunk is stored.
			req, _ := http.NewRequest(http.MethodPatch, u, bytes.NewReader(audio[:len(audio)/2]))
			req.Header = http.Header{"Authorization": c.Header["Authorization"], "Tus-Resumable": {"1.0.0"},
				"Upload-Offset": {"0"}, "Content-Type": {"application/offset+octet-stream"}}
			res, err := http.DefaultClient.Do(req)
			noErr(t, err)
			res.Body.Close()
			if res.StatusCode != http.StatusNoContent {
				t.Fatalf("first PATCH: %d", res.StatusCode)
			}
			noErr(t, tc.gone(e, sh, ep))
			var se *tus.StatusError
			_, err = c.Upload(t.Context(), u, bytes.NewReader(audio), int64(len(audio)), nil)
			if !errors.As(err, &se) || se.Status != http.StatusNotFound {
				t.Fatalf("last PATCH: %v, want 404", err)
			}
			if _, err := c.Offset(t.Context(), u); !errors.Is(err, tus.ErrGone) {
				t.Errorf("refused upload still there: %v", err)
			}
			chunks := filesUnder(filepath.Join(e.dir, "media", "uploads"))
			if len(chunks) != 0 {
				t.Errorf("refused upload left chunks: %v", chunks)
			}
		})
	}
}

// TestUploadForbiddenFinishKeepsIt: an editor who may not write to an
// upload's show and tries to send its bytes or delete it is refused (the
// upload is unknown to them, see TestUploadEditorsSeeOnlyTheirShows): the
// upload is not theirs to destroy, its publisher can still finish it.
func TestUploadForbiddenFinishKeepsIt(t *testing.T) {
	t.Parallel()
	e := newAdminEnv(t, nil)
	mine := e.show(t, "mine")
	e.show(t, "theirs")
	e.user(t, "ed@example.com", "editor-password", catalog.RoleEditor, mine)
	audio := readFixture(t, "mp3_cbr_id3v23_apic.mp3")
	c := tokenClient(e.token(t))
	u, err := c.Create(t.Context(), e.url+"/api/v1/uploads/", int64(len(audio)), map[string]string{"show": "theirs", "sha256": sha(audio)})
	noErr(t, err)

	b := browser(t)
	csrf := e.signIn(t, b, "ed@example.com", "editor-password")
	ed := &tus.Client{HTTP: b, Header: http.Header{httpx.CSRFHeader: {csrf}}}
	if _, err = ed.Upload(t.Context(), u, bytes.NewReader(audio), int64(len(audio)), nil); !errors.Is(err, tus.ErrGone) {
		t.Fatalf("editor's upload: %v, want the upload unknown (%v)", err, tus.ErrGone)
	}
	if err := ed.Terminate(t.Context(), u); err != nil {
		t.Fatalf("editor's DELETE: %v", err)
	}
	body, err := c.Upload(t.Context(), u, bytes.NewReader(audio), int64(len(audio)), nil)
	noErr(t, err)
	var a answer
	if err := json.Unmarshal(body, &a); err != nil || a.ID == "" {
		t.Errorf("publisher's result: %s, %v", body, err)
	}
}
