package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onair-fm/onair/catalog"
)

// taggedMP3 is the CBR fixture's audio under an ID3v2.4 tag whose TIT2
// holds title as UTF-8, whatever its bytes.
func taggedMP3(t *testing.T, title string) []byte {
	t.Helper()
	b := readFixture(t, "mp3_cbr_id3v23_apic.mp3")
	if string(b[:3]) == "ID3" {
		b = b[10+(int(b[6])<<21|int(b[7])<<14|int(b[8])<<7|int(b[9])):]
	}
	data := append([]byte{3}, title...)
	n := len(data)
	frame := append([]byte{'T', 'I', 'T', '2', byte(n >> 21 & 0x7f), byte(n >> 14 & 0x7f), byte(n >> 7 & 0x7f), byte(n & 0x7f), 0, 0}, data...)
	n = len(frame)
	tag := append([]byte{'I', 'D', '3', 4, 0, 0, byte(n >> 21 & 0x7f), byte(n >> 14 & 0x7f), byte(n >> 7 & 0x7f), byte(n & 0x7f)}, frame...)
	return append(tag, b...)
}

// writeTemp writes b to a file named name in a temporary folder.
func writeTemp(t *testing.T, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	noErr(t, os.WriteFile(p, b, 0o644))
	return p
}

func TestAPIUploadWarnings(t *testing.T) { forBackends(t, testAPIUploadWarnings) }

// testAPIUploadWarnings: a truncated file and bad tag text are accepted
// with a warning in the answer that says what was wrong; text the
// publisher typed is still refused.
func testAPIUploadWarnings(t *testing.T, newAPI envMaker) {
	e := newAPI(t)
	e.createShow("daily")
	m4a := readFixture(t, "m4a_faststart_cover.m4a")
	whole := e.uploadOK("daily", writeTemp(t, "whole.m4a", m4a), part{name: "title", value: "Whole"})
	cut := e.uploadOK("daily", writeTemp(t, "cut.m4a", m4a[:len(m4a)*8/10]), part{name: "title", value: "Cut"})
	if cut.DurationMS >= whole.DurationMS || !contains(cut.Warnings, "The file is truncated") {
		t.Errorf("cut M4A: %d ms (whole %d ms), warnings %q", cut.DurationMS, whole.DurationMS, cut.Warnings)
	}
	if contains(whole.Warnings, "truncated") {
		t.Errorf("whole M4A warned about: %q", whole.Warnings)
	}
	bad := writeTemp(t, "bad.mp3", taggedMP3(t, "Ferry\x01 hours \xff"))
	tagged := e.uploadOK("daily", bad)
	if tagged.Title != "Ferry hours \uFFFD" || !contains(tagged.Warnings, "The title tag (TIT2) had invalid UTF-8 and control characters; it was cleaned.") {
		t.Errorf("bad tag text: title %q, warnings %q", tagged.Title, tagged.Warnings)
	}
	before := e.snapshot()
	st, b := e.upload("daily", part{name: "title", value: "Typed\x01"}, part{name: "audio", file: bad})
	wantErr(t, st, b, http.StatusUnprocessableEntity, "invalid")
	if after := e.snapshot(); after != before {
		t.Errorf("refused upload changed storage or catalog:\n%s\nwant\n%s", after, before)
	}
}

// TestUploadTagTextWarning: over the resumable protocol a file with bad
// tag text becomes an episode (the whole file was sent: it is not thrown
// away), and the last PATCH and a later GET both answer with the warning.
func TestUploadTagTextWarning(t *testing.T) {
	t.Parallel()
	e := newAdminEnv(t, nil)
	e.show(t, "news")
	c := tokenClient(e.token(t))
	file := taggedMP3(t, "Ferry \xff hours")
	u, err := c.Create(t.Context(), e.url+"/api/v1/uploads/", int64(len(file)), map[string]string{"show": "news", "sha256": sha(file)})
	noErr(t, err)
	body, err := c.Upload(t.Context(), u, bytes.NewReader(file), int64(len(file)), nil)
	noErr(t, err)
	var a struct {
		Title    string   `json:"title"`
		Warnings []string `json:"warnings"`
	}
	noErr(t, json.Unmarshal(body, &a))
	want := "The title tag (TIT2) had invalid UTF-8; it was cleaned."
	if a.Title != "Ferry \uFFFD hours" || !contains(a.Warnings, want) {
		t.Errorf("answer: title %q, warnings %q", a.Title, a.Warnings)
	}
	req, _ := http.NewRequestWithContext(t.Context(), "GET", u, nil)
	req.Header = c.Header.Clone()
	res, err := http.DefaultClient.Do(req)
	noErr(t, err)
	defer res.Body.Close()
	var later struct{ Warnings []string }
	noErr(t, json.NewDecoder(res.Body).Decode(&later))
	if res.StatusCode != http.StatusOK || !contains(later.Warnings, want) {
		t.Errorf("GET %s later: %d, warnings %q", u, res.StatusCode, later.Warnings)
	}
	if strings.Contains(string(body), "must be valid UTF-8") {
		t.Errorf("refused: %s", body)
	}
}

// TestDashboardShowsFileWarnings: the dashboard's episode page lists what
// reading the file found, next to the feed check's findings.
func TestDashboardShowsFileWarnings(t *testing.T) {
	t.Parallel()
	e := newAdminEnv(t, nil)
	e.show(t, "news")
	e.user(t, "boss@example.com", "right-password", catalog.RoleAdmin)
	c := tokenClient(e.token(t))
	m4a := readFixture(t, "m4a_faststart_cover.m4a")
	file := m4a[:len(m4a)*8/10]
	u, err := c.Create(t.Context(), e.url+"/api/v1/uploads/", int64(len(file)), map[string]string{"show": "news", "sha256": sha(file)})
	noErr(t, err)
	body, err := c.Upload(t.Context(), u, bytes.NewReader(file), int64(len(file)), nil)
	noErr(t, err)
	var a answer
	noErr(t, json.Unmarshal(body, &a))
	b := browser(t)
	e.signIn(t, b, "boss@example.com", "right-password")
	status, page, _ := e.page(t, b, "/admin/episodes/"+a.ID)
	if status != http.StatusOK || !strings.Contains(page, "data-file-warnings") ||
		!strings.Contains(page, "The file is truncated: its MP4 sample table says 5.1 s of audio") {
		t.Errorf("episode page: %d, lacks the truncation warning", status)
	}
}
