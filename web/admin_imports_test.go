package web

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestDashboardImport walks the dashboard's import: paste a feed URL, see
// the preview (the show, its episodes, their size, what cannot come
// over), start it, follow its page to the report.
func TestDashboardImport(t *testing.T) {
	t.Parallel()
	host := oldHost(t)
	e := newAdminEnv(t, nil, func(c *Config) { c.ImportAllowPrivate = true; c.MaxUpload = 1 << 30 })
	e.user(t, "boss@example.com", "boss-password", "admin")
	c := browser(t)
	tok := e.signIn(t, c, "boss@example.com", "boss-password")
	if status, body, _ := e.page(t, c, "/admin/imports"); status != http.StatusOK || !strings.Contains(body, "data-import-form") {
		t.Fatalf("imports page %d", status)
	}
	form := url.Values{"csrf": {tok}, "feed_url": {host.URL + "/feed.xml"}, "show": {"moved"}}
	req, _ := http.NewRequest(http.MethodPost, e.url+"/admin/imports/preview", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	preview := string(b)
	if resp.StatusCode != http.StatusOK || !strings.Contains(preview, "Old Host Show") || !strings.Contains(preview, `<strong data-preview-count>2</strong> of 2 episodes`) {
		t.Fatalf("preview %d: %s", resp.StatusCode, preview)
	}
	if _, err := e.store.GetShow(t.Context(), "moved"); err == nil {
		t.Fatal("the preview created the show")
	}
	status, loc := e.post(t, c, "/admin/imports", form)
	if status != http.StatusSeeOther || !strings.HasPrefix(loc, "/admin/imports/") {
		t.Fatalf("start: %d %q", status, loc)
	}
	var page string
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		_, page, _ = e.page(t, c, loc)
		if strings.Contains(page, `data-import-state="done"`) || time.Now().After(deadline) {
			break
		}
		if !strings.Contains(page, "data-refresh") {
			t.Fatalf("a running import's page does not follow it: %s", page)
		}
	}
	if !strings.Contains(page, "2 imported") || !strings.Contains(page, "old-2") || strings.Contains(page, "data-refresh") {
		t.Errorf("report: %s", page)
	}
	// A feed that is not one is refused on the form, in words.
	form.Set("feed_url", host.URL+"/cover.jpg")
	req, _ = http.NewRequest(http.MethodPost, e.url+"/admin/imports/preview", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if resp, err = c.Do(req); err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(b), "not") {
		t.Errorf("not a feed: %d", resp.StatusCode)
	}
}
