package web

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"path"
	"strconv"
	"strings"
	"testing"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/web/httpx"
)

// tusReply is what a tus or upload request was answered.
type tusReply struct {
	status             int
	contentType, body  string
	tusResumable, offs string
}

// tusDo sends one upload request as c (a token in hdr, or a session's
// cookies with csrf).
func tusDo(t *testing.T, c *http.Client, hdr http.Header, method, u string, body []byte) tusReply {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, u, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if hdr != nil {
		req.Header = hdr.Clone()
	}
	req.Header.Set("Tus-Resumable", "1.0.0")
	if method == http.MethodPatch {
		req.Header.Set("Content-Type", "application/offset+octet-stream")
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return tusReply{resp.StatusCode, resp.Header.Get("Content-Type"), string(b),
		resp.Header.Get("Tus-Resumable"), resp.Header.Get("Upload-Offset")}
}

// TestUploadEditorsSeeOnlyTheirShows: an editor could HEAD, PATCH and
// DELETE any upload and GET any upload's result when they knew its id;
// only creation checked the show. Now each request of a dashboard user
// checks the upload's show (for new audio, the episode's show) and, when
// the user may not edit it, answers exactly as for an unknown upload.
// Admins and tokens reach every upload.
func TestUploadEditorsSeeOnlyTheirShows(t *testing.T) {
	t.Parallel()
	e := newAdminEnv(t, nil)
	alpha, beta := e.show(t, "alpha"), e.show(t, "beta")
	e.user(t, "a@example.com", "alpha-password", catalog.RoleEditor, alpha)
	e.user(t, "b@example.com", "beta-password", catalog.RoleEditor, beta)
	e.user(t, "boss@example.com", "boss-password", catalog.RoleAdmin)
	secret := e.token(t)
	tc := tokenClient(secret)
	bearer := http.Header{"Authorization": {"Bearer " + secret}}
	first := readFixture(t, "mp3_cbr_id3v23_apic.mp3")
	second := readFixture(t, "mp3_id3v24_chapters.mp3")

	// finished: beta's episode, made by a token; its result is readable.
	finished, err := tc.Create(t.Context(), e.url+"/api/v1/uploads/", int64(len(first)), map[string]string{"show": "beta", "sha256": sha(first)})
	noErr(t, err)
	res, err := tc.Upload(t.Context(), finished, bytes.NewReader(first), int64(len(first)), nil)
	noErr(t, err)
	var ep answer
	noErr(t, json.Unmarshal(res, &ep))
	// started sends the first half of a file and returns the upload.
	started := func(md map[string]string, file []byte) string {
		md["sha256"] = sha(file)
		u, err := tc.Create(t.Context(), e.url+"/api/v1/uploads/", int64(len(file)), md)
		noErr(t, err)
		h := bearer.Clone()
		h.Set("Upload-Offset", "0")
		if r := tusDo(t, http.DefaultClient, h, http.MethodPatch, u, file[:len(file)/2]); r.status != http.StatusNoContent {
			t.Fatalf("first half: %d %s", r.status, r.body)
		}
		return u
	}
	newAlpha := started(map[string]string{"show": "alpha"}, second)
	// replaceBeta names no show, only beta's episode.
	replaceBeta := started(map[string]string{"episode": ep.ID}, second)
	unknownID := catalog.NewID()
	unknown := e.url + "/api/v1/uploads/" + unknownID

	type who struct {
		c   *http.Client
		hdr http.Header
	}
	session := func(email, password string) who {
		b := browser(t)
		return who{b, http.Header{httpx.CSRFHeader: {e.signIn(t, b, email, password)}}}
	}
	edA, edB := session("a@example.com", "alpha-password"), session("b@example.com", "beta-password")
	boss, tok := session("boss@example.com", "boss-password"), who{http.DefaultClient, bearer}

	// A PATCH at offset 0 of a half-sent upload is a 409 to whoever may
	// see it and changes nothing.
	patch0 := func(w who, u string) tusReply {
		h := w.hdr.Clone()
		h.Set("Upload-Offset", "0")
		return tusDo(t, w.c, h, http.MethodPatch, u, []byte("x"))
	}
	half := strconv.Itoa(len(second) / 2)
	tests := []struct {
		name    string
		w       who
		u       string
		allowed bool
	}{
		{"editor of alpha, alpha's upload", edA, newAlpha, true},
		{"editor of alpha, new audio for beta's episode", edA, replaceBeta, false},
		{"editor of beta, alpha's upload", edB, newAlpha, false},
		{"editor of beta, new audio for beta's episode", edB, replaceBeta, true},
		{"admin, alpha's upload", boss, newAlpha, true},
		{"admin, beta's episode", boss, replaceBeta, true},
		{"token, alpha's upload", tok, newAlpha, true},
		{"token, beta's episode", tok, replaceBeta, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			head := tusDo(t, tt.w.c, tt.w.hdr, http.MethodHead, tt.u, nil)
			get := tusDo(t, tt.w.c, tt.w.hdr, http.MethodGet, tt.u, nil)
			p := patch0(tt.w, tt.u)
			if tt.allowed {
				if head.status != http.StatusOK || head.offs != half {
					t.Errorf("HEAD: %d, offset %q; want 200, %s", head.status, head.offs, half)
				}
				if get.status != http.StatusOK {
					t.Errorf("GET: %d %s, want 200", get.status, get.body)
				}
				if p.status != http.StatusConflict {
					t.Errorf("PATCH at 0: %d %s, want 409", p.status, p.body)
				}
				return
			}
			for _, c := range []struct {
				name      string
				got, want tusReply
			}{
				{"HEAD", head, tusDo(t, tt.w.c, tt.w.hdr, http.MethodHead, unknown, nil)},
				{"GET", get, tusDo(t, tt.w.c, tt.w.hdr, http.MethodGet, unknown, nil)},
				{"PATCH", p, patch0(tt.w, unknown)},
			} {
				if c.want.status != http.StatusNotFound {
					t.Fatalf("%s of an unknown upload: %d", c.name, c.want.status)
				}
				// The id is in GET's message, the requester's own.
				c.want.body = strings.ReplaceAll(c.want.body, unknownID, path.Base(tt.u))
				if c.got != c.want {
					t.Errorf("%s: %+v\nwant as for an unknown upload: %+v", c.name, c.got, c.want)
				}
			}
		})
	}

	// The result of a finished upload: only beta's editor, the admin and
	// tokens read it.
	for _, c := range []struct {
		name string
		w    who
		want int
	}{{"editor of alpha", edA, http.StatusNotFound}, {"editor of beta", edB, http.StatusOK},
		{"admin", boss, http.StatusOK}, {"token", tok, http.StatusOK}} {
		if r := tusDo(t, c.w.c, c.w.hdr, http.MethodGet, finished, nil); r.status != c.want {
			t.Errorf("%s: GET finished upload: %d %s, want %d", c.name, r.status, r.body, c.want)
		}
	}

	// DELETE: refused as unknown to the other show's editor, the upload
	// stays; its own editor deletes it.
	for _, c := range []struct {
		name string
		w    who
		u    string
		want int
	}{
		{"editor of beta deletes alpha's", edB, newAlpha, http.StatusNotFound},
		{"editor of alpha deletes beta's", edA, replaceBeta, http.StatusNotFound},
		{"editor of alpha deletes alpha's", edA, newAlpha, http.StatusNoContent},
		{"editor of beta deletes beta's", edB, replaceBeta, http.StatusNoContent},
	} {
		before := tusDo(t, http.DefaultClient, bearer, http.MethodHead, c.u, nil).status
		r := tusDo(t, c.w.c, c.w.hdr, http.MethodDelete, c.u, nil)
		after := tusDo(t, http.DefaultClient, bearer, http.MethodHead, c.u, nil).status
		if before != http.StatusOK || r.status != c.want || (after == http.StatusOK) != (c.want == http.StatusNotFound) {
			t.Errorf("%s: DELETE %d %s, want %d; HEAD by token before %d, after %d", c.name, r.status, r.body, c.want, before, after)
		}
	}
}
