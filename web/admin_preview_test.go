package web

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/web/httpx"
)

// TestDashboardDraftPreview: an editor uploads an MP2 draft through the
// dashboard's resumable upload. The upload's answer and the episode page
// warn about MP2 with the fix; the page's preview player URL plays for the
// editor's session and is a 404 for anyone else, and for an editor of
// another show.
func TestDashboardDraftPreview(t *testing.T) {
	t.Parallel()
	e := newAdminEnv(t, nil)
	sh := e.show(t, "morning")
	other := e.show(t, "evening")
	e.user(t, "ed@example.com", "right-password", catalog.RoleEditor, sh)
	e.user(t, "eve@example.com", "right-password", catalog.RoleEditor, other)
	b := browser(t)
	tok := e.signIn(t, b, "ed@example.com", "right-password")

	file := readFixture(t, "mp2_layer2.mp2")
	c := tokenClient("")
	c.HTTP = b
	c.Header = http.Header{httpx.CSRFHeader: {tok}}
	u, err := c.Create(t.Context(), e.url+"/api/v1/uploads/", int64(len(file)),
		map[string]string{"show": "morning", "sha256": sha(file), "status": "draft", "filename": "old.mp2"})
	if err != nil {
		t.Fatal(err)
	}
	body, err := c.Upload(t.Context(), u, bytes.NewReader(file), int64(len(file)), nil)
	if err != nil {
		t.Fatal(err)
	}
	var a struct {
		ID       string
		Warnings []string
		Audio    struct{ URL, Codec string }
	}
	if err := json.Unmarshal(body, &a); err != nil || a.Audio.Codec != "mp2" {
		t.Fatalf("upload answer %s: %v", body, err)
	}
	if !contains(a.Warnings, "Layer II") || !contains(a.Warnings, "Re-encode the audio as MP3 (Layer III)") {
		t.Errorf("upload answer warnings %q, want the MP2 warning with its fix", a.Warnings)
	}
	status, page, _ := e.page(t, b, "/admin/episodes/"+a.ID)
	if status != http.StatusOK || !strings.Contains(page, "Layer II (MP2)") || !strings.Contains(page, "Re-encode the audio as MP3 (Layer III)") {
		t.Errorf("episode page: %d, no MP2 warning with its fix", status)
	}
	if !strings.Contains(page, `src="`+a.Audio.URL+`"`) {
		t.Fatalf("episode page has no preview player for %s", a.Audio.URL)
	}

	eve := browser(t)
	e.signIn(t, eve, "eve@example.com", "right-password")
	for _, tc := range []struct {
		who    string
		client *http.Client
		want   int
	}{
		{"the show's editor", b, 200},
		{"an editor of another show", eve, 404},
		{"anyone", browser(t), 404},
	} {
		res, err := tc.client.Get(a.Audio.URL)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != tc.want || (tc.want == 200 && !bytes.Equal(got, file)) {
			t.Errorf("%s: preview %d (%d bytes), want %d", tc.who, res.StatusCode, len(got), tc.want)
		}
	}
}
