package web

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
)

// FuzzUpload posts arbitrary multipart bodies as episode uploads. Whatever
// the bytes, the server answers with a client error or creates an episode,
// never a 500, and a refused upload leaves nothing behind.
func FuzzUpload(f *testing.F) {
	mp3, err := os.ReadFile(fixture(f, "mp3_cbr_id3v23_apic.mp3"))
	if err != nil {
		f.Fatal(err)
	}
	m4a, err := os.ReadFile(fixture(f, "m4a_faststart_cover.m4a"))
	if err != nil {
		f.Fatal(err)
	}
	part := func(name, file string, body []byte) string {
		h := "--B\r\nContent-Disposition: form-data; name=\"" + name + "\""
		if file != "" {
			h += "; filename=\"" + file + "\""
		}
		return h + "\r\n\r\n" + string(body) + "\r\n"
	}
	f.Add([]byte(part("title", "", []byte("T")) + part("audio", "a.mp3", mp3[:4000]) + "--B--\r\n"))
	f.Add([]byte(part("audio", "a.m4a", m4a[:3000]) + part("season", "", []byte("2")) + "--B--\r\n"))
	f.Add([]byte(part("audio", "a.mp3", []byte("ID3\x04\x00\x00\x00\x00\x00\x00\xff\xfb\x90\x00")) + "--B--\r\n"))
	f.Add([]byte(part("audio", "x.png", []byte("\x89PNG\r\n\x1a\n")) + "--B--\r\n"))
	f.Add([]byte("--B\r\nContent-Disposition: form-data; name=\"audio\"\r\n\r\nunterminated"))
	f.Add([]byte(part("published_at", "", []byte("2020-01-01T00:00:00Z")) + part("audio", "", mp3[:2000])))

	e := newAPI(f, Config{BaseURL: testBaseURL, MaxUpload: 64 << 10})
	e.createShow("fuzz")
	f.Fuzz(func(t *testing.T, body []byte) {
		e.t = t // the env's helpers report to this run (runs are sequential per worker)
		before := e.snapshot()
		req := httptest.NewRequest("POST", "/api/v1/shows/fuzz/episodes", bytes.NewReader(body))
		req.Header.Set("Content-Type", "multipart/form-data; boundary=B")
		req.Header.Set("Authorization", "Bearer "+e.token)
		rec := httptest.NewRecorder()
		e.srv.Handler().ServeHTTP(rec, req)
		switch rec.Code {
		case http.StatusCreated:
		case http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType, http.StatusUnprocessableEntity:
			if after := e.snapshot(); after != before {
				t.Fatalf("refused upload (%d %s) left something:\n%s\n---\n%s", rec.Code, rec.Body, before, after)
			}
		default:
			t.Fatalf("status %d: %s", rec.Code, strings.TrimSpace(rec.Body.String()))
		}
	})
}

// FuzzAPIJSON sends arbitrary JSON bodies to every JSON endpoint: the answer
// is a success or a 4xx, never a 500.
func FuzzAPIJSON(f *testing.F) {
	e := newAPI(f)
	e.createShow("fuzz")
	ep := e.uploadOK("fuzz", fixture(f, "mp3_cbr_id3v23_apic.mp3"))
	for _, s := range []string{
		`{"slug":"a","title":"A","categories":["News"],"funding":[{"url":"https://x.example","title":"t"}]}`,
		`{"title":"x","published_at":"2030-01-01T00:00:00Z","season":1,"number":2,"explicit":true}`,
		`{"url":"https://a.example/x","title":"x","published_at":""}`,
		`{"article_ids":["a","b"]}`,
		`{"slug":"\u0000","title":"\ud800"}`,
		`[]`, `null`, `{"persons":[{"name":""}]}`,
	} {
		f.Add(uint8(0), s)
	}
	routes := []struct{ method, path string }{
		{"POST", "/api/v1/shows"},
		{"PATCH", "/api/v1/shows/fuzz"},
		{"PATCH", "/api/v1/episodes/" + ep.ID},
		{"POST", "/api/v1/articles"},
		{"PUT", "/api/v1/episodes/" + ep.ID + "/articles"},
	}
	f.Fuzz(func(t *testing.T, route uint8, body string) {
		e.t = t
		r := routes[int(route)%len(routes)]
		req := httptest.NewRequest(r.method, r.path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+e.token)
		rec := httptest.NewRecorder()
		e.srv.Handler().ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %s %q: %d %s", r.method, r.path, body, rec.Code, rec.Body)
		}
	})
}
