package web

import (
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/internal/testmedia"
)

// TestMediaRanges runs every range form and conditional header of RFC 9110
// against the real server over a real listener.
func TestMediaRanges(t *testing.T) {
	t.Parallel()
	e := newMediaEnv(t)
	body := testmedia.RandomBytes(1<<20+123, 1)
	size := int64(len(body))
	ep := e.episode("Ranges: the episode", body)
	path := "/media/" + ep.Audio.Key
	res, _ := e.do("HEAD", path, nil)
	etag, lastMod := res.Header.Get("ETag"), res.Header.Get("Last-Modified")
	if etag == "" || strings.HasPrefix(etag, "W/") || lastMod == "" {
		t.Fatalf("HEAD: ETag %q, Last-Modified %q; want a strong ETag and a date", etag, lastMod)
	}
	lm, _ := http.ParseTime(lastMod)
	older := lm.Add(-time.Hour).Format(http.TimeFormat)
	full := fmt.Sprint(size)

	tests := []struct {
		name      string
		method    string
		hdr       map[string]string
		status    int
		body      []byteSpan // nil: no body; one part for 200/206
		multipart []byteSpan
		cr        string // Content-Range
		length    string // Content-Length
	}{
		{"whole file", "GET", nil, 200, []byteSpan{{0, size}}, nil, "", full},
		{"Apple probe bytes=0-1", "GET", map[string]string{"Range": "bytes=0-1"}, 206, []byteSpan{{0, 2}}, nil, "bytes 0-1/" + full, "2"},
		{"a-b", "GET", map[string]string{"Range": "bytes=100-199"}, 206, []byteSpan{{100, 200}}, nil, "bytes 100-199/" + full, "100"},
		{"a-", "GET", map[string]string{"Range": "bytes=1000000-"}, 206, []byteSpan{{1000000, size}}, nil, fmt.Sprintf("bytes 1000000-%d/%s", size-1, full), fmt.Sprint(size - 1000000)},
		{"-n", "GET", map[string]string{"Range": "bytes=-500"}, 206, []byteSpan{{size - 500, size}}, nil, fmt.Sprintf("bytes %d-%d/%s", size-500, size-1, full), "500"},
		{"-n longer than the file", "GET", map[string]string{"Range": "bytes=-99999999"}, 206, []byteSpan{{0, size}}, nil, fmt.Sprintf("bytes 0-%d/%s", size-1, full), full},
		{"end past the end", "GET", map[string]string{"Range": "bytes=1048000-99999999"}, 206, []byteSpan{{1048000, size}}, nil, fmt.Sprintf("bytes 1048000-%d/%s", size-1, full), fmt.Sprint(size - 1048000)},
		{"last byte", "GET", map[string]string{"Range": fmt.Sprintf("bytes=%d-%d", size-1, size-1)}, 206, []byteSpan{{size - 1, size}}, nil, fmt.Sprintf("bytes %d-%d/%s", size-1, size-1, full), "1"},
		{"start at the end: 416", "GET", map[string]string{"Range": fmt.Sprintf("bytes=%d-", size)}, 416, nil, nil, "bytes */" + full, ""},
		{"start past the end: 416", "GET", map[string]string{"Range": "bytes=99999999-99999999"}, 416, nil, nil, "bytes */" + full, ""},
		{"suffix of zero bytes: 416", "GET", map[string]string{"Range": "bytes=-0"}, 416, nil, nil, "bytes */" + full, ""},
		{"a zero suffix among others is dropped", "GET", map[string]string{"Range": "bytes=0-1,-0"}, 206, []byteSpan{{0, 2}}, nil, "bytes 0-1/" + full, "2"},
		{"unit in capitals", "GET", map[string]string{"Range": "Bytes=0-1"}, 206, []byteSpan{{0, 2}}, nil, "bytes 0-1/" + full, "2"},
		{"unknown unit: ignored, whole file", "GET", map[string]string{"Range": "items=0-1"}, 200, []byteSpan{{0, size}}, nil, "", full},
		{"several ranges: multipart", "GET", map[string]string{"Range": "bytes=0-0,10-19,-5"}, 206, nil, []byteSpan{{0, 1}, {10, 20}, {size - 5, size}}, "", ""},
		{"the same range twice: one part", "GET", map[string]string{"Range": "bytes=0-0,0-0"}, 206, []byteSpan{{0, 1}}, nil, "bytes 0-0/" + full, "1"},
		{"adjacent and overlapping ranges merge", "GET", map[string]string{"Range": "bytes=0-9,10-19,15-29"}, 206, []byteSpan{{0, 30}}, nil, "bytes 0-29/" + full, "30"},
		{"merged parts keep the order asked", "GET", map[string]string{"Range": "bytes=100-109,0-4,3-9"}, 206, nil, []byteSpan{{100, 110}, {0, 10}}, "", ""},
		{"1000 one-byte ranges: whole file", "GET", map[string]string{"Range": manyRanges(1000, 39)}, 200, []byteSpan{{0, size}}, nil, "", full},
		{"ranges adding up past the file: whole file", "GET", map[string]string{"Range": "bytes=0-,1-"}, 200, []byteSpan{{0, size}}, nil, "", full},
		{"If-Range with the ETag", "GET", map[string]string{"Range": "bytes=5-9", "If-Range": etag}, 206, []byteSpan{{5, 10}}, nil, "bytes 5-9/" + full, "5"},
		{"If-Range with another ETag", "GET", map[string]string{"Range": "bytes=5-9", "If-Range": `"other"`}, 200, []byteSpan{{0, size}}, nil, "", full},
		{"If-Range with the date", "GET", map[string]string{"Range": "bytes=5-9", "If-Range": lastMod}, 206, []byteSpan{{5, 10}}, nil, "bytes 5-9/" + full, "5"},
		{"If-Range with an older date", "GET", map[string]string{"Range": "bytes=5-9", "If-Range": older}, 200, []byteSpan{{0, size}}, nil, "", full},
		{"If-None-Match", "GET", map[string]string{"If-None-Match": etag}, 304, nil, nil, "", ""},
		{"If-None-Match another", "GET", map[string]string{"If-None-Match": `"nope"`}, 200, []byteSpan{{0, size}}, nil, "", full},
		{"If-Modified-Since", "GET", map[string]string{"If-Modified-Since": lastMod}, 304, nil, nil, "", ""},
		{"If-Modified-Since older", "GET", map[string]string{"If-Modified-Since": older}, 200, []byteSpan{{0, size}}, nil, "", full},
		{"HEAD", "HEAD", nil, 200, nil, nil, "", full},
		{"HEAD with a range", "HEAD", map[string]string{"Range": "bytes=0-1"}, 206, nil, nil, "bytes 0-1/" + full, "2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, got := e.do(tt.method, path, tt.hdr)
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", res.StatusCode, tt.status)
			}
			h := res.Header
			if cr := h.Get("Content-Range"); cr != tt.cr {
				t.Errorf("Content-Range %q, want %q", cr, tt.cr)
			}
			if tt.length != "" && h.Get("Content-Length") != tt.length {
				t.Errorf("Content-Length %q, want %q", h.Get("Content-Length"), tt.length)
			}
			if tt.status < 300 {
				checkMediaHeaders(t, h, etag)
			}
			switch {
			case tt.multipart != nil:
				checkMultipart(t, h.Get("Content-Type"), got, body, tt.multipart)
			case tt.body != nil:
				want := body[tt.body[0].start:tt.body[0].end]
				if string(got) != string(want) {
					t.Errorf("body: %d bytes, want bytes [%d, %d) (%d bytes)", len(got), tt.body[0].start, tt.body[0].end, len(want))
				}
			case tt.status != 416 && len(got) != 0:
				t.Errorf("body of %d bytes, want none", len(got))
			}
		})
	}
}

// manyRanges is a Range header of n one-byte ranges, step bytes apart.
func manyRanges(n, step int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf("%d-%d", i*step, i*step)
	}
	return "bytes=" + strings.Join(parts, ",")
}

// checkMediaHeaders checks what every successful media response carries.
func checkMediaHeaders(t *testing.T, h http.Header, etag string) {
	t.Helper()
	want := map[string]string{
		"Accept-Ranges":                 "bytes",
		"Cache-Control":                 "public, max-age=31536000, immutable",
		"Access-Control-Allow-Origin":   "*",
		"Access-Control-Expose-Headers": "Content-Range, Content-Length, Accept-Ranges, ETag",
		"ETag":                          etag,
		"Content-Disposition":           `inline; filename="Ranges- the episode.mp3"`,
	}
	for k, v := range want {
		if h.Get(k) != v {
			t.Errorf("%s: %q, want %q", k, h.Get(k), v)
		}
	}
	if ct := h.Get("Content-Type"); ct != "audio/mpeg" && !strings.HasPrefix(ct, "multipart/byteranges") {
		t.Errorf("Content-Type %q, want audio/mpeg", ct)
	}
	if h.Get("Last-Modified") == "" {
		t.Error("no Last-Modified")
	}
}

// byteSpan is a byte range [start, end) of a test body.
type byteSpan struct{ start, end int64 }

func checkMultipart(t *testing.T, ct string, got, body []byte, parts []byteSpan) {
	t.Helper()
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || mt != "multipart/byteranges" {
		t.Fatalf("Content-Type %q, want multipart/byteranges", ct)
	}
	mr := multipart.NewReader(strings.NewReader(string(got)), params["boundary"])
	for i, want := range parts {
		p, err := mr.NextPart()
		if err != nil {
			t.Fatalf("part %d: %v", i, err)
		}
		b, _ := io.ReadAll(p)
		cr := fmt.Sprintf("bytes %d-%d/%d", want.start, want.end-1, len(body))
		if p.Header.Get("Content-Range") != cr || p.Header.Get("Content-Type") != "audio/mpeg" || string(b) != string(body[want.start:want.end]) {
			t.Errorf("part %d: %q %q, %d bytes; want %q audio/mpeg, bytes [%d, %d)", i,
				p.Header.Get("Content-Range"), p.Header.Get("Content-Type"), len(b), cr, want.start, want.end)
		}
	}
	if _, err := mr.NextPart(); err != io.EOF {
		t.Errorf("after %d parts: %v, want EOF", len(parts), err)
	}
}

// TestMediaOver4GiB serves a sparse 5 GiB file: offsets past 32 bits must
// come back right, in ranges and in lengths.
func TestMediaOver4GiB(t *testing.T) {
	t.Parallel()
	e := newMediaEnv(t)
	ep := e.episode("Big", []byte("placeholder"))
	// Swap in a sparse file under a new key, as storage lays it out.
	key := "episodes/" + ep.ID + "/" + catalog.NewID() + ".mp3"
	p := filepath.Join(e.dir, filepath.FromSlash(key))
	const size = 5<<30 + 17
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	marker := []byte("past four gigabytes")
	const at = 4<<30 + 1000
	if _, err := f.WriteAt(marker, at); err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt([]byte("END"), size-3); err != nil {
		t.Fatal(err)
	}
	f.Close()
	ep.Audio.Key, ep.Audio.Size = key, size
	if err := e.store.UpdateEpisode(t.Context(), ep); err != nil {
		t.Fatal(err)
	}
	path := "/media/" + key
	s := strconv.Itoa(size)
	tests := []struct {
		method, rng   string
		status        int
		cr, len, body string
	}{
		{"HEAD", "", 200, "", s, ""},
		{"GET", fmt.Sprintf("bytes=%d-%d", at, at+len(marker)-1), 206, fmt.Sprintf("bytes %d-%d/%s", at, at+len(marker)-1, s), strconv.Itoa(len(marker)), string(marker)},
		{"GET", "bytes=-3", 206, fmt.Sprintf("bytes %d-%d/%s", size-3, size-1, s), "3", "END"},
		{"GET", fmt.Sprintf("bytes=%d-", size-3), 206, fmt.Sprintf("bytes %d-%d/%s", size-3, size-1, s), "3", "END"},
		{"GET", fmt.Sprintf("bytes=%d-", size), 416, "bytes */" + s, "", ""},
		{"HEAD", "bytes=4294967296-", 206, fmt.Sprintf("bytes 4294967296-%d/%s", size-1, s), strconv.Itoa(size - 4294967296), ""},
	}
	for _, tt := range tests {
		hdr := map[string]string{}
		if tt.rng != "" {
			hdr["Range"] = tt.rng
		}
		res, got := e.do(tt.method, path, hdr)
		if res.StatusCode != tt.status || res.Header.Get("Content-Range") != tt.cr ||
			(tt.len != "" && res.Header.Get("Content-Length") != tt.len) || (tt.body != "" && string(got) != tt.body) {
			t.Errorf("%s %s: %d, Content-Range %q, Content-Length %q, body %q; want %d, %q, %q, %q",
				tt.method, tt.rng, res.StatusCode, res.Header.Get("Content-Range"), res.Header.Get("Content-Length"),
				got[:min(len(got), 40)], tt.status, tt.cr, tt.len, tt.body)
		}
	}
}

// TestMediaResponses covers names, types, CORS preflight and missing media.
func TestMediaResponses(t *testing.T) {
	t.Parallel()
	e := newMediaEnv(t)
	ep := e.episode(`Épisode 1: "Ça va?" / part\2`, testmedia.RandomBytes(5000, 2))
	art := "episodes/" + ep.ID + "/art-" + catalog.NewID() + ".png"
	if _, err := e.blobs.Put(t.Context(), art, strings.NewReader("\x89PNG fake")); err != nil {
		t.Fatal(err)
	}
	ep.ArtworkKey, ep.ArtworkMIME = art, "image/png"
	if err := e.store.UpdateEpisode(t.Context(), ep); err != nil {
		t.Fatal(err)
	}
	showArt := "shows/" + e.show.ID + "/" + catalog.NewID() + ".jpg"
	if _, err := e.blobs.Put(t.Context(), showArt, strings.NewReader("jpeg")); err != nil {
		t.Fatal(err)
	}
	audio := "/media/" + ep.Audio.Key
	tests := []struct {
		name, method, path string
		hdr                map[string]string
		status             int
		want               map[string]string
	}{
		{"download name", "GET", audio + "?download=1", nil, 200, map[string]string{
			"Content-Type":        "audio/mpeg",
			"Content-Disposition": `attachment; filename="_pisode 1- -_a va-- - part-2.mp3"; filename*=UTF-8''%C3%89pisode%201-%20-%C3%87a%20va--%20-%20part-2.mp3`,
		}},
		{"inline name", "GET", audio, nil, 200, map[string]string{"Content-Disposition": `inline; filename="_pisode 1- -_a va-- - part-2.mp3"; filename*=UTF-8''%C3%89pisode%201-%20-%C3%87a%20va--%20-%20part-2.mp3`}},
		{"episode artwork", "GET", "/media/" + art, nil, 200, map[string]string{"Content-Type": "image/png", "Cache-Control": "public, max-age=31536000, immutable"}},
		{"show artwork", "GET", "/media/" + showArt, nil, 200, map[string]string{"Content-Type": "image/jpeg", "Access-Control-Allow-Origin": "*"}},
		{"preflight", "OPTIONS", audio, map[string]string{"Origin": "https://news.example", "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "range"}, 204, map[string]string{
			"Access-Control-Allow-Origin":  "*",
			"Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
			"Access-Control-Allow-Headers": "Range, If-Range, If-None-Match, If-Modified-Since",
		}},
		{"unknown episode", "GET", "/media/episodes/nope/x.mp3", nil, 404, map[string]string{"Content-Type": "application/json; charset=utf-8"}},
		{"unknown blob of a known episode", "GET", "/media/episodes/" + ep.ID + "/gone.mp3", nil, 404, nil},
		{"not a blob key", "GET", "/media/episodes/" + ep.ID + "/..%2f..%2fonair.db", nil, 404, nil},
		{"other prefix", "GET", "/media/tmp/x/y", nil, 404, nil},
		{"POST", "POST", audio, nil, 405, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, _ := e.do(tt.method, tt.path, tt.hdr)
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", res.StatusCode, tt.status)
			}
			for k, v := range tt.want {
				if res.Header.Get(k) != v {
					t.Errorf("%s: %q, want %q", k, res.Header.Get(k), v)
				}
			}
		})
	}
}
