package web

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onair-fm/onair/tus"
)

// TestBodyStalls: a request body that stops arriving is ended after the
// body timeout on every route, signed in or not, whether a handler reads
// it, leaves it unread or hands it to tusd, and an upload's temporary file
// goes with it. A body that keeps arriving, however slowly, is read whole.
func TestBodyStalls(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("takes a few seconds")
	}
	const timeout = time.Second
	e := newAdminEnv(t, nil, func(c *Config) { c.BodyTimeout = timeout })
	addr := strings.TrimPrefix(e.url, "http://")
	token := e.token(t)
	show := e.show(t, "stalls")
	auth := "Authorization: Bearer " + token + "\r\n"
	file := readFixture(t, "mp3_cbr_id3v23_apic.mp3")

	c := &tus.Client{Header: http.Header{"Authorization": {"Bearer " + token}}}
	tusURL, err := c.Create(t.Context(), e.url+"/api/v1/uploads/", 1_000_000,
		map[string]string{"show": show.Slug, "sha256": strings.Repeat("0", 64), "filename": "a.mp3"})
	if err != nil {
		t.Fatal(err)
	}
	tusPath := strings.TrimPrefix(tusURL, e.url)

	multipartHead := "--b\r\nContent-Disposition: form-data; name=\"audio\"; filename=\"a.mp3\"\r\nContent-Type: audio/mpeg\r\n\r\n"
	episode := []byte(multipartHead + string(file) + "\r\n--b\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nSlow\r\n--b--\r\n")
	showJSON := []byte(`{"slug": "slow", "title": "Slow show"` + strings.Repeat(" ", 2000) + `}`)
	req := func(method, path, headers string, length int) string {
		return fmt.Sprintf("%s %s HTTP/1.1\r\nHost: x\r\n%sContent-Length: %d", method, path, headers, length)
	}
	stalled := [][]byte{[]byte("email=x")}
	tests := []struct {
		name   string
		head   string
		pieces [][]byte
		pace   time.Duration
		want   int // the status; 0 when the connection is only closed
		closed bool
	}{
		{"sign-in, anonymous", req("POST", "/admin/signin", "Content-Type: application/x-www-form-urlencoded\r\n", 1000),
			stalled, 0, http.StatusRequestTimeout, true},
		{"dashboard form, anonymous", req("POST", "/admin/tokens", "Content-Type: application/x-www-form-urlencoded\r\n", 1000),
			stalled, 0, http.StatusRequestTimeout, true},
		{"API JSON", req("POST", "/api/v1/shows", auth+"Content-Type: application/json\r\n", 1000),
			[][]byte{[]byte(`{"slug"`)}, 0, http.StatusRequestTimeout, true},
		{"API without a token, body unread", req("POST", "/api/v1/shows", "Content-Type: application/json\r\n", 1000),
			stalled, 0, http.StatusUnauthorized, true},
		{"unknown route, body unread", req("POST", "/nowhere", "", 1000), stalled, 0, http.StatusNotFound, true},
		{"episode upload", req("POST", "/api/v1/shows/"+show.Slug+"/episodes", auth+"Content-Type: multipart/form-data; boundary=b\r\n", 1_000_000),
			[][]byte{[]byte(multipartHead), file[:4096]}, 0, http.StatusRequestTimeout, true},
		{"resumable upload PATCH", req("PATCH", tusPath, auth+"Tus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\nContent-Type: application/offset+octet-stream\r\n", 1_000_000),
			[][]byte{file[:4096]}, 0, 0, true},
		{"slow JSON keeps going", req("POST", "/api/v1/shows", auth+"Content-Type: application/json\r\n", len(showJSON)),
			split(showJSON, 12), timeout / 4, http.StatusCreated, false},
		{"slow upload keeps going", req("POST", "/api/v1/shows/"+show.Slug+"/episodes", auth+"Content-Type: multipart/form-data; boundary=b\r\n", len(episode)),
			split(episode, 12), timeout / 4, http.StatusCreated, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			got := rawRequest(t, addr, tt.head, tt.pieces, tt.pace, 4*timeout, tt.closed)
			if tt.want != 0 && got.status != tt.want {
				t.Errorf("got %d %q (%v); want %d", got.status, got.code, got.err, tt.want)
			}
			if tt.closed && !got.closed {
				t.Errorf("connection still open %s after the body stalled (%d %q, %v)",
					time.Since(start).Round(time.Millisecond), got.status, got.code, got.err)
			}
		})
	}
	tmp, _ := os.ReadDir(filepath.Join(e.dir, "media", ".tmp"))
	if len(tmp) > 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
}
