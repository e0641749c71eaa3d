package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/onair-fm/onair/tus"
)

// apiRoute is one publisher API route and what a valid token gets; no
// token and a wrong one get 401.
type apiRoute struct {
	method, path string
	body         func(b *roleBed, fx *roleFixture) (contentType string, body []byte, hdr http.Header)
	want         int
}

func jsonBody(s string) func(*roleBed, *roleFixture) (string, []byte, http.Header) {
	return func(*roleBed, *roleFixture) (string, []byte, http.Header) { return "application/json", []byte(s), nil }
}

// tusHeaders are the headers of an upload request.
func tusHeaders(kv ...string) http.Header {
	h := http.Header{"Tus-Resumable": {"1.0.0"}}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Set(kv[i], kv[i+1])
	}
	return h
}

var tusCreate = func(b *roleBed, fx *roleFixture) (string, []byte, http.Header) {
	return "", nil, tusHeaders("Upload-Length", fmt.Sprint(len(b.audio)),
		"Upload-Metadata", tus.EncodeMetadata(map[string]string{"show": fx.show.Slug, "sha256": sha(b.audio)}))
}

var apiRoutes = []apiRoute{
	{"GET", "/api/v1/shows", nil, 200},
	{"POST", "/api/v1/shows", func(b *roleBed, fx *roleFixture) (string, []byte, http.Header) {
		return "application/json", []byte(`{"slug":"` + fx.show.Slug + `-created","title":"T"}`), nil
	}, 201},
	{"GET", "/api/v1/shows/:show", nil, 200},
	{"PATCH", "/api/v1/shows/:show", jsonBody(`{"title":"Changed"}`), 200},
	{"DELETE", "/api/v1/shows/:show", nil, 204},
	{"GET", "/api/v1/shows/:show/old-slugs", nil, 200},
	{"DELETE", "/api/v1/shows/:show/old-slugs/:slug", nil, 204},
	{"PUT", "/api/v1/shows/:show/artwork", func(b *roleBed, fx *roleFixture) (string, []byte, http.Header) {
		return "image/jpeg", b.cover, nil
	}, 200},
	{"POST", "/api/v1/shows/:show/episodes", func(b *roleBed, fx *roleFixture) (string, []byte, http.Header) {
		ct, body := multipartBody(b.t, part{name: "audio", file: "../testdata/mp3_cbr_id3v23_apic.mp3"})
		return ct, body, nil
	}, 201},
	{"GET", "/api/v1/shows/:show/episodes", nil, 200},
	{"GET", "/api/v1/shows/:show/validate", nil, 200},
	{"GET", "/api/v1/shows/:show/stats", nil, 200},
	{"GET", "/api/v1/episodes/:id", nil, 200},
	{"PATCH", "/api/v1/episodes/:id", jsonBody(`{"title":"Changed"}`), 200},
	{"DELETE", "/api/v1/episodes/:id", nil, 204},
	{"GET", "/api/v1/episodes/:id/stats", nil, 200},
	{"PUT", "/api/v1/episodes/:id/audio", func(b *roleBed, fx *roleFixture) (string, []byte, http.Header) {
		return "audio/mpeg", b.audio, nil
	}, 200},
	{"PUT", "/api/v1/episodes/:id/articles", func(b *roleBed, fx *roleFixture) (string, []byte, http.Header) {
		return "application/json", []byte(`{"article_ids":[]}`), nil
	}, 200},
	{"PUT", "/api/v1/episodes/:id/transcript", func(b *roleBed, fx *roleFixture) (string, []byte, http.Header) {
		return "text/vtt", []byte("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nHi.\n"), nil
	}, 200},
	{"DELETE", "/api/v1/episodes/:id/transcript", nil, 404}, // the fixture has none
	{"PUT", "/api/v1/episodes/:id/chapters", jsonBody(`{"version":"1.2.0","chapters":[{"startTime":0,"title":"A"}]}`), 200},
	{"GET", "/api/v1/search", nil, 422}, // no q
	{"PUT", "/api/v1/episodes/:id/soundbites", jsonBody(`{"soundbites":[{"start":0,"duration":0.5}]}`), 200},
	// The fixture's show does not hide its owner email: nothing to show.
	{"POST", "/api/v1/shows/:show/owner-email-window", nil, 422},
	{"POST", "/api/v1/imports", jsonBody(`{"feed_url":"http://127.0.0.1:9/feed.xml","show":"imported","dry_run":true}`), 202},
	{"GET", "/api/v1/imports", nil, 200},
	{"GET", "/api/v1/imports/:id", nil, 404}, // the fixture's ids are no import's
	{"GET", "/api/v1/shows/:show/source", nil, 404},
	{"DELETE", "/api/v1/shows/:show/source", nil, 404},
	{"POST", "/api/v1/articles", jsonBody(`{"url":"https://news.example/created","title":"T"}`), 201},
	{"GET", "/api/v1/articles", nil, 200},
	{"GET", "/api/v1/articles/:id", nil, 200},
	{"PATCH", "/api/v1/articles/:id", jsonBody(`{"title":"Changed"}`), 200},
	{"DELETE", "/api/v1/articles/:id", nil, 204},
	{"POST", "/api/v1/uploads", tusCreate, 201},
	{"POST", "/api/v1/uploads/", tusCreate, 201},
	{"HEAD", "/api/v1/uploads/:id", func(*roleBed, *roleFixture) (string, []byte, http.Header) {
		return "", nil, tusHeaders()
	}, 200},
	{"PATCH", "/api/v1/uploads/:id", func(b *roleBed, fx *roleFixture) (string, []byte, http.Header) {
		return "application/offset+octet-stream", b.audio[:100], tusHeaders("Upload-Offset", "0")
	}, 204},
	{"GET", "/api/v1/uploads/:id", nil, 200},
	{"DELETE", "/api/v1/uploads/:id", func(*roleBed, *roleFixture) (string, []byte, http.Header) {
		return "", nil, tusHeaders()
	}, 204},
}

// TestAPIRoles: every publisher API route with a token, without one and
// with a wrong one; the last two change nothing.
func TestAPIRoles(t *testing.T) {
	t.Parallel()
	b := newRoleBed(t)
	for _, r := range apiRoutes {
		for _, auth := range []string{"Bearer " + b.token, "", "Bearer wrong"} {
			fx := b.fixture(t, strings.Contains(r.path, "/uploads/:id"))
			var ct string
			var body []byte
			var hdr http.Header
			if r.body != nil {
				ct, body, hdr = r.body(b, fx)
			}
			req, _ := http.NewRequestWithContext(t.Context(), r.method, b.e.url+fx.path(dashRoute{path: r.path}), bytes.NewReader(body))
			for k, v := range hdr {
				req.Header[k] = v
			}
			if ct != "" {
				req.Header.Set("Content-Type", ct)
			}
			if auth != "" {
				req.Header.Set("Authorization", auth)
			}
			before := b.state(t, fx)
			resp, err := http.DefaultClient.Do(req)
			noErr(t, err)
			resp.Body.Close()
			want := r.want
			if auth != "Bearer "+b.token {
				want = http.StatusUnauthorized
			}
			if resp.StatusCode != want {
				t.Errorf("%s %s with %q: %d, want %d", r.method, r.path, auth, resp.StatusCode, want)
			}
			if resp.StatusCode >= 400 {
				if after := b.state(t, fx); after != before {
					t.Errorf("%s %s with %q: refused but changed\n%s\nto\n%s", r.method, r.path, auth, before, after)
				}
			}
		}
	}
}
