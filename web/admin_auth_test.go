package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/web/httpx"
)

func TestSignIn(t *testing.T) {
	t.Parallel()
	e := newAdminEnv(t, nil)
	e.user(t, "boss@example.com", "right-password", catalog.RoleAdmin)
	b := browser(t)

	// Not signed in: sent to the sign-in page.
	status, _, _ := e.page(t, b, "/admin")
	if status != http.StatusSeeOther {
		t.Fatalf("GET /admin signed out: %d, want 303", status)
	}
	_, body, tok := e.page(t, b, "/admin/signin")
	if tok == "" || !strings.Contains(body, `name="csrf"`) {
		t.Fatal("sign-in form has no CSRF token")
	}
	for _, tc := range []struct {
		name string
		form url.Values
		want int
	}{
		{"no csrf", url.Values{"email": {"boss@example.com"}, "password": {"right-password"}}, http.StatusForbidden},
		{"wrong csrf", url.Values{"csrf": {"x" + tok}, "email": {"boss@example.com"}, "password": {"right-password"}}, http.StatusForbidden},
		{"wrong password", url.Values{"csrf": {tok}, "email": {"boss@example.com"}, "password": {"wrong-password"}}, http.StatusUnauthorized},
		{"unknown email", url.Values{"csrf": {tok}, "email": {"nobody@example.com"}, "password": {"right-password"}}, http.StatusUnauthorized},
		{"right", url.Values{"csrf": {tok}, "email": {"Boss@Example.com"}, "password": {"right-password"}}, http.StatusSeeOther},
	} {
		status, _ := e.post(t, b, "/admin/signin", tc.form)
		if status != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, status, tc.want)
		}
	}
	status, body, tok = e.page(t, b, "/admin")
	if status != http.StatusOK || !strings.Contains(body, "boss@example.com") {
		t.Fatalf("GET /admin signed in: %d", status)
	}
	// Sign out ends the session on the server too.
	if status, _ := e.post(t, b, "/admin/signout", url.Values{"csrf": {tok}}); status != http.StatusSeeOther {
		t.Fatalf("sign out: %d", status)
	}
	if status, _, _ := e.page(t, b, "/admin"); status != http.StatusSeeOther {
		t.Errorf("after sign out: %d, want 303", status)
	}
}

func TestSignInRateLimited(t *testing.T) {
	t.Parallel()
	e := newAdminEnv(t, nil)
	e.user(t, "boss@example.com", "right-password", catalog.RoleAdmin)
	b := browser(t)
	_, _, tok := e.page(t, b, "/admin/signin")
	try := func(email, pw string) int {
		s, _ := e.post(t, b, "/admin/signin", url.Values{"csrf": {tok}, "email": {email}, "password": {pw}})
		return s
	}
	for i := 0; i < 5; i++ {
		if got := try("boss@example.com", "guess"); got != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d, want 401", i+1, got)
		}
	}
	if got := try("boss@example.com", "right-password"); got != http.StatusTooManyRequests {
		t.Errorf("6th attempt, even right: %d, want 429", got)
	}
	// Another email from the same address is its own count.
	e.user(t, "ed@example.com", "editor-password", catalog.RoleEditor)
	if got := try("ed@example.com", "editor-password"); got != http.StatusSeeOther {
		t.Errorf("other email: %d, want 303", got)
	}
	// The window passes.
	e.srv.Now = func() time.Time { return time.Now().Add(16 * time.Minute) }
	b2 := browser(t)
	_, _, tok = e.page(t, b2, "/admin/signin")
	if s, _ := e.post(t, b2, "/admin/signin", url.Values{"csrf": {tok}, "email": {"boss@example.com"}, "password": {"right-password"}}); s != http.StatusSeeOther {
		t.Errorf("after the window: %d, want 303", s)
	}
}

func TestSessionCookie(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		base   string
		secure bool
	}{{"", false}, {"https://pod.example.com", true}} {
		e := newAdminEnv(t, func(l string) string {
			if tc.base == "" {
				return l
			}
			return tc.base
		})
		e.user(t, "boss@example.com", "right-password", catalog.RoleAdmin)
		b := browser(t)
		_, _, tok := e.page(t, b, "/admin/signin")
		req, _ := http.NewRequest(http.MethodPost, e.url+"/admin/signin",
			strings.NewReader(url.Values{"csrf": {tok}, "email": {"boss@example.com"}, "password": {"right-password"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := b.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		var sess *http.Cookie
		for _, c := range resp.Cookies() {
			if c.Name == httpx.SessionCookie {
				sess = c
			}
		}
		if sess == nil || !sess.HttpOnly || sess.SameSite != http.SameSiteLaxMode || sess.Secure != tc.secure {
			t.Errorf("base %q: session cookie %+v, want HttpOnly, SameSite=Lax, Secure=%v", tc.base, sess, tc.secure)
		}
	}
}

// TestEditorScope: an editor works on their show's episodes and nothing else.
func TestEditorScope(t *testing.T) {
	t.Parallel()
	e := newAdminEnv(t, nil)
	mine := e.show(t, "mine")
	theirs := e.show(t, "theirs")
	e.user(t, "ed@example.com", "editor-password", catalog.RoleEditor, mine)
	ep := &catalog.Episode{ShowID: theirs.ID, Title: "Not yours", Status: catalog.StatusDraft, Type: catalog.EpisodeFull, PublishedAt: time.Now()}
	if err := e.store.CreateEpisode(t.Context(), ep); err != nil {
		t.Fatal(err)
	}
	b := browser(t)
	tok := e.signIn(t, b, "ed@example.com", "editor-password")
	for _, tc := range []struct {
		method, path string
		want         int
	}{
		{"GET", "/admin/shows/mine", http.StatusOK},
		{"GET", "/admin/shows/mine/episodes/new", http.StatusOK},
		{"GET", "/admin/shows/theirs", http.StatusForbidden},
		{"GET", "/admin/episodes/" + ep.ID, http.StatusForbidden},
		{"POST", "/admin/episodes/" + ep.ID, http.StatusForbidden},
		{"POST", "/admin/episodes/" + ep.ID + "/delete", http.StatusForbidden},
		{"POST", "/admin/shows/mine", http.StatusForbidden}, // show settings are an admin's
		{"GET", "/admin/shows/new", http.StatusForbidden},
		{"GET", "/admin/tokens", http.StatusForbidden},
	} {
		var status int
		if tc.method == "GET" {
			status, _, _ = e.page(t, b, tc.path)
		} else {
			status, _ = e.post(t, b, tc.path, url.Values{"csrf": {tok}, "title": {"Hijacked"}, "publish": {"now"}, "type": {"full"}, "confirm": {ep.ID}})
		}
		if status != tc.want {
			t.Errorf("%s %s: %d, want %d", tc.method, tc.path, status, tc.want)
		}
	}
	got, _ := e.store.GetEpisode(t.Context(), ep.ID)
	if got.Title != "Not yours" {
		t.Errorf("editor changed another show's episode: %q", got.Title)
	}
	_, body, _ := e.page(t, b, "/admin")
	if strings.Contains(body, "Show theirs") || !strings.Contains(body, "Show mine") {
		t.Error("the editor's show list is wrong")
	}
}

// TestFormsNeedCSRF: every dashboard POST without the token is refused.
func TestFormsNeedCSRF(t *testing.T) {
	t.Parallel()
	e := newAdminEnv(t, nil)
	e.show(t, "news")
	e.user(t, "boss@example.com", "right-password", catalog.RoleAdmin)
	b := browser(t)
	e.signIn(t, b, "boss@example.com", "right-password")
	for _, path := range []string{"/admin/shows", "/admin/shows/news", "/admin/tokens", "/admin/signout", "/admin/episodes/x/articles"} {
		if status, _ := e.post(t, b, path, url.Values{"title": {"x"}, "name": {"x"}}); status != http.StatusForbidden {
			t.Errorf("POST %s without CSRF: %d, want 403", path, status)
		}
	}
	ts, _ := e.store.ListTokens(t.Context())
	if len(ts) != 0 {
		t.Error("a token was created without the CSRF token")
	}
}
