package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestBodyLimits: every route takes a body only up to what its class
// needs (sign-in a few KB, forms and JSON 1 MiB, the show forms their
// artwork, uploads --max-upload). A Content-Length over the limit is
// refused at once, before anything reads the body; a chunked body is cut
// where it passes the limit. Both are 413 too_large, whoever sends them.
func TestBodyLimits(t *testing.T) {
	t.Parallel()
	e := newAdminEnv(t, nil)
	addr := strings.TrimPrefix(e.url, "http://")
	token := e.token(t)
	show := e.show(t, "limits")
	auth := "Authorization: Bearer " + token + "\r\n"
	form := "Content-Type: application/x-www-form-urlencoded\r\n"
	multi := "Content-Type: multipart/form-data; boundary=b\r\n"
	// announced is a request that says it sends n bytes and sends 4 KiB:
	// only a refusal before reading answers it in time.
	announced := func(method, path, headers string, n int) (string, [][]byte) {
		return fmt.Sprintf("%s %s HTTP/1.1\r\nHost: x\r\n%sContent-Length: %d", method, path, headers, n),
			[][]byte{bytes.Repeat([]byte("a"), 4<<10)}
	}
	// sent is a whole chunked body of n bytes.
	sent := func(method, path, headers string, body []byte) (string, [][]byte) {
		return fmt.Sprintf("%s %s HTTP/1.1\r\nHost: x\r\n%sTransfer-Encoding: chunked", method, path, headers),
			[][]byte{chunked(body)}
	}
	fields := func(n int) []byte { return append([]byte("csrf=x&name="), bytes.Repeat([]byte("a"), n)...) }
	part := func(n int) []byte {
		return []byte("--b\r\nContent-Disposition: form-data; name=\"artwork\"; filename=\"a.png\"\r\n\r\n" +
			strings.Repeat("a", n) + "\r\n--b--\r\n")
	}
	tests := []struct {
		name       string
		head       string
		body       [][]byte
		wantStatus int
		wantCode   string
	}{
		{"sign-in over 8 KiB, announced", "", nil, http.StatusRequestEntityTooLarge, "too_large"},
		{"sign-in over 8 KiB, chunked", "", nil, http.StatusRequestEntityTooLarge, "too_large"},
		{"sign-out over 8 KiB, announced", "", nil, http.StatusRequestEntityTooLarge, "too_large"},
		{"form over 1 MiB, announced", "", nil, http.StatusRequestEntityTooLarge, "too_large"},
		{"form over 1 MiB, chunked", "", nil, http.StatusRequestEntityTooLarge, "too_large"},
		{"JSON over 1 MiB, announced", "", nil, http.StatusRequestEntityTooLarge, "too_large"},
		{"JSON over 1 MiB, chunked", "", nil, http.StatusRequestEntityTooLarge, "too_large"},
		{"unknown route over 1 MiB, announced", "", nil, http.StatusRequestEntityTooLarge, "too_large"},
		{"show form over its artwork, announced", "", nil, http.StatusRequestEntityTooLarge, "too_large"},
		{"show form with 3 MB of artwork is read", "", nil, http.StatusForbidden, "csrf"},
		{"sign-in under 8 KiB is read", "", nil, http.StatusForbidden, "csrf"},
		{"artwork upload over 1 MiB is read", "", nil, http.StatusUnsupportedMediaType, "unsupported_media_type"},
	}
	heads := map[string]func() (string, [][]byte){
		"sign-in over 8 KiB, announced": func() (string, [][]byte) { return announced("POST", "/admin/signin", form, 9<<20) },
		"sign-in over 8 KiB, chunked":   func() (string, [][]byte) { return sent("POST", "/admin/signin", form, fields(16<<10)) },
		"sign-out over 8 KiB, announced": func() (string, [][]byte) {
			return announced("POST", "/admin/signout", form, 64<<10)
		},
		"form over 1 MiB, announced": func() (string, [][]byte) { return announced("POST", "/admin/tokens", form, 2<<20) },
		"form over 1 MiB, chunked":   func() (string, [][]byte) { return sent("POST", "/admin/tokens", form, fields(1<<20+1)) },
		"JSON over 1 MiB, announced": func() (string, [][]byte) {
			return announced("POST", "/api/v1/shows", auth+"Content-Type: application/json\r\n", 2<<20)
		},
		"JSON over 1 MiB, chunked": func() (string, [][]byte) {
			body := []byte(`{"slug":"x","title":"` + strings.Repeat("a", 1<<20) + `"}`)
			return sent("PATCH", "/api/v1/shows/"+show.Slug, auth+"Content-Type: application/json\r\n", body)
		},
		"unknown route over 1 MiB, announced": func() (string, [][]byte) { return announced("POST", "/nowhere", form, 2<<20) },
		"show form over its artwork, announced": func() (string, [][]byte) {
			return announced("POST", "/admin/shows/"+show.Slug, multi, 12<<20)
		},
		"show form with 3 MB of artwork is read": func() (string, [][]byte) {
			return sent("POST", "/admin/shows/"+show.Slug, multi, part(3<<20))
		},
		"sign-in under 8 KiB is read": func() (string, [][]byte) { return sent("POST", "/admin/signin", form, fields(4<<10)) },
		"artwork upload over 1 MiB is read": func() (string, [][]byte) {
			return sent("PUT", "/api/v1/shows/"+show.Slug+"/artwork", auth+"Content-Type: image/png\r\n", bytes.Repeat([]byte{0}, 2<<20))
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			head, body := heads[tt.name]()
			got := rawRequest(t, addr, head, body, 0, 5*time.Second, false)
			if got.status != tt.wantStatus || got.code != tt.wantCode {
				t.Errorf("got %d %q (%v); want %d %q", got.status, got.code, got.err, tt.wantStatus, tt.wantCode)
			}
		})
	}
}
