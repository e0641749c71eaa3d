package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/onair-fm/onair/catalog"
)

// slugPrefixes are the paths after which a route takes a show's slug.
var slugPrefixes = []string{"/shows/", "/admin/shows/", "/embed/shows/", "/api/v1/shows/"}

// TestRouteSegmentsAreReserved: every static segment a route has where a
// show's slug goes (/admin/shows/new) is a reserved slug, so a new static
// route cannot be added without reserving it.
func TestRouteSegmentsAreReserved(t *testing.T) {
	t.Parallel()
	e := newAdminEnv(t, nil)
	found := 0
	for _, r := range engineRoutes(t, e) {
		for _, p := range slugPrefixes {
			rest, ok := strings.CutPrefix(r.Path, p)
			if !ok {
				continue
			}
			seg, _, _ := strings.Cut(rest, "/")
			if seg == "" || seg[0] == ':' || seg[0] == '*' {
				continue
			}
			found++
			if catalog.CheckNewSlug(seg) == nil {
				t.Errorf("%s %s: the slug %q is not reserved (catalog.ReservedSlugs)", r.Method, r.Path, seg)
			}
		}
	}
	if found == 0 {
		t.Error("no route has a static segment where a slug goes; the test has nothing to check")
	}
}

// TestReservedSlugRefused: a reserved slug is refused with a 422 when a
// show is created or renamed, by the API and the dashboard, and nothing
// changes; a show that has one already keeps working through the API.
func TestReservedSlugRefused(t *testing.T) {
	t.Parallel()
	e := newAdminEnv(t, nil)
	e.show(t, "morning")
	auth := "Bearer " + e.token(t)
	e.user(t, "boss@example.com", "boss-password", catalog.RoleAdmin)
	b := browser(t)
	tok := e.signIn(t, b, "boss@example.com", "boss-password")

	for _, slug := range catalog.ReservedSlugs {
		for _, tc := range []struct {
			name string
			do   func() int
		}{
			{"API create", func() int {
				s, _ := e.apiCall(t, auth, "POST", "/api/v1/shows", `{"slug":"`+slug+`","title":"T"}`)
				return s
			}},
			{"API rename", func() int {
				s, _ := e.apiCall(t, auth, "PATCH", "/api/v1/shows/morning", `{"slug":"`+slug+`"}`)
				return s
			}},
			{"dashboard create", func() int {
				s, _ := e.post(t, b, "/admin/shows", showForm(tok, slug, "T"))
				return s
			}},
			{"dashboard rename", func() int {
				s, _ := e.post(t, b, "/admin/shows/morning", showForm(tok, slug, "Show morning"))
				return s
			}},
		} {
			if got := tc.do(); got != http.StatusUnprocessableEntity {
				t.Errorf("%s with slug %q: %d, want 422", tc.name, slug, got)
			}
			if _, err := e.store.GetShow(t.Context(), slug); err == nil {
				t.Errorf("%s with slug %q: a show has it", tc.name, slug)
			}
			if _, err := e.store.GetShow(t.Context(), "morning"); err != nil {
				t.Errorf("%s with slug %q: show morning is gone: %v", tc.name, slug, err)
			}
		}
	}
	status, body := e.apiCall(t, auth, "POST", "/api/v1/shows", `{"slug":"new","title":"T"}`)
	if !strings.Contains(body, `slug \"new\" is reserved`) {
		t.Errorf("the refusal does not say why: %d %s", status, body)
	}

	// A show that took a reserved slug before it was reserved.
	e.show(t, "new")
	if status, body := e.apiCall(t, auth, "PATCH", "/api/v1/shows/new", `{"title":"Still here"}`); status != http.StatusOK {
		t.Errorf("changing a show whose slug is reserved: %d %s", status, body)
	}
	if status, body := e.apiCall(t, auth, "PATCH", "/api/v1/shows/new", `{"slug":"renamed"}`); status != http.StatusOK {
		t.Errorf("renaming a show whose slug is reserved: %d %s", status, body)
	}
}
