package web

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/onair-fm/onair/catalog"
)

// The dashboard's subscribers page: add one, import a CSV (a bad row is
// reported, the others kept), export the CSV, revoke, and an editor of
// another show is refused.
func TestDashboardSubscribers(t *testing.T) {
	t.Parallel()
	e := newAdminEnv(t, nil)
	sh := e.show(t, "morning")
	other := e.show(t, "evening")
	e.user(t, "boss@example.com", "a long password 1", catalog.RoleAdmin)
	e.user(t, "ed@example.com", "a long password 2", catalog.RoleEditor, other)
	c := browser(t)
	csrf := e.signIn(t, c, "boss@example.com", "a long password 1")
	base := "/admin/shows/" + sh.Slug + "/subscribers"

	body := e.postPage(t, c, base, url.Values{"csrf": {csrf}, "email": {"ana@example.com"}, "name": {"Ana"},
		"external_id": {"cus_1"}, "expires_on": {"2030-01-31"}})
	if !regexp.MustCompile(`value="` + regexp.QuoteMeta(e.url) + `/feeds/private/m_[A-Za-z0-9_-]{40,}\.rss"`).MatchString(body) {
		t.Fatalf("the new subscriber's feed URL is not shown:\n%s", body)
	}

	csv := "email,name,external_id,expires_at\r\nbo@example.com,Bo,cus_2,\r\nnot-an-email,X,cus_3,\r\nana@example.com,Ana Lima,cus_1,2031-01-01T00:00:00Z\r\n"
	var mb bytes.Buffer
	mw := multipart.NewWriter(&mb)
	mw.WriteField("csrf", csrf)
	fw, _ := mw.CreateFormFile("csv", "subs.csv")
	fw.Write([]byte(csv))
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, e.url+base+"/import", &mb)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), "Imported 3 rows: 1 new, 1 updated, 1 refused.") ||
		!strings.Contains(string(b), "Line 3:") {
		t.Fatalf("import: %d\n%s", resp.StatusCode, b)
	}
	subs, _ := e.store.ListSubscribers(t.Context(), catalog.SubscriberFilter{ShowID: sh.ID})
	if len(subs) != 2 || subs[0].Name != "Ana Lima" || subs[0].ExpiresAt.Year() != 2031 {
		t.Fatalf("after import: %+v", subs)
	}

	status, export, _ := e.page(t, c, base+".csv")
	if status != 200 || !strings.HasPrefix(export, "id,email,name,external_id,expires_at,status,sharing_suspected,created_at") ||
		!strings.Contains(export, ",ana@example.com,Ana Lima,cus_1,2031-01-01T00:00:00Z,active,false,") {
		t.Errorf("export: %d\n%s", status, export)
	}

	body = e.postPage(t, c, base+"/"+subs[1].ID+"/revoke", url.Values{"csrf": {csrf}})
	if got, _ := e.store.GetSubscriber(t.Context(), subs[1].ID); !got.Revoked || !strings.Contains(body, "Revoked bo@example.com") {
		t.Errorf("revoke from the dashboard: %+v", got)
	}
	if _, page, _ := e.page(t, c, base+"?q=bo"); !strings.Contains(page, "revoked") || strings.Contains(page, "ana@example.com") {
		t.Errorf("find q=bo:\n%s", page)
	}

	ed := browser(t)
	e.signIn(t, ed, "ed@example.com", "a long password 2")
	if status, _, _ := e.page(t, ed, base); status != http.StatusForbidden {
		t.Errorf("an editor of another show: %d, want 403", status)
	}
	if status, _, _ := e.page(t, ed, base+".csv"); status != http.StatusForbidden {
		t.Errorf("an editor of another show, export: %d, want 403", status)
	}
}

// postPage sends a form and returns the page it answers (the dashboard
// renders subscriber changes rather than redirecting: feed URLs are shown
// once).
func (e *adminEnv) postPage(t *testing.T, c *http.Client, path string, form url.Values) string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, e.url+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "text/html")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("POST %s: %d\n%s", path, resp.StatusCode, b)
	}
	return string(b)
}
