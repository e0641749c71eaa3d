package web

import (
	"net/url"
	"testing"

	"github.com/onair-fm/onair/catalog"
)

// Dashboard roles, the columns of dashRoutes.
const (
	roleAdmin = iota // an admin
	roleThis         // an editor of the show the route names
	roleOther        // an editor of another show
	roleAnon         // not signed in
)

// dashRoute is one dashboard route and what each role is answered.
type dashRoute struct {
	method, path string
	form         func(fx *roleFixture) url.Values
	want         [4]int // by role
	// elsewhere names, as :id, the episode of the other editor's show
	// rather than the fixture's.
	elsewhere bool
}

// Answers that recur: a page, a form that redirects, an admin's page or
// form, and a route of a show's episodes (editors of the show may).
var (
	page      = [4]int{200, 200, 403, 303}
	form      = [4]int{303, 303, 403, 401}
	adminPage = [4]int{200, 403, 403, 303}
	adminForm = [4]int{303, 403, 403, 401}
)

// dashRoutes is every dashboard route. Paths name the fixture's show, its
// episode and token by :show, :id.
var dashRoutes = []dashRoute{
	{"GET", "/admin/signin", nil, [4]int{303, 303, 303, 200}, false},
	{"POST", "/admin/signin", func(fx *roleFixture) url.Values {
		return url.Values{"email": {"boss@example.com"}, "password": {"boss-password"}}
	}, [4]int{303, 303, 303, 303}, false},
	{"POST", "/admin/signout", nil, [4]int{303, 303, 303, 303}, false},
	{"GET", "/admin", nil, [4]int{200, 200, 200, 303}, false},
	{"GET", "/admin/shows/new", nil, adminPage, false},
	{"GET", "/admin/imports", nil, adminPage, false},
	{"POST", "/admin/imports/preview", func(fx *roleFixture) url.Values {
		return url.Values{"feed_url": {"http://127.0.0.1:9/feed.xml"}, "show": {"imported"}}
	}, [4]int{422, 403, 403, 401}, false},
	{"POST", "/admin/imports", func(fx *roleFixture) url.Values {
		return url.Values{"feed_url": {"http://127.0.0.1:9/feed.xml"}, "show": {"imported"}}
	}, adminForm, false},
	{"GET", "/admin/imports/:id", nil, [4]int{404, 403, 403, 303}, false}, // the fixture's ids are no import's
	{"POST", "/admin/shows", func(fx *roleFixture) url.Values {
		return showForm("", fx.show.Slug+"-created", "Created")
	}, adminForm, false},
	{"GET", "/admin/shows/:show", nil, page, false},
	{"POST", "/admin/shows/:show", func(fx *roleFixture) url.Values {
		return showForm("", fx.show.Slug, "Renamed by a form")
	}, adminForm, false},
	{"POST", "/admin/shows/:show/old-slugs/release", func(fx *roleFixture) url.Values {
		return url.Values{"slug": {fx.oldSlug}}
	}, adminForm, false},
	{"GET", "/admin/shows/:show/stats", nil, page, false},
	{"GET", "/admin/shows/:show/episodes/new", nil, page, false},
	{"GET", "/admin/episodes/:id", nil, page, false},
	{"POST", "/admin/episodes/:id", func(fx *roleFixture) url.Values {
		return url.Values{"title": {"Edited by a form"}, "publish": {"now"}, "type": {"full"}}
	}, form, false},
	{"GET", "/admin/episodes/:id/delete", nil, page, false},
	{"POST", "/admin/episodes/:id/delete", func(fx *roleFixture) url.Values {
		return url.Values{"confirm": {fx.ep.ID}}
	}, form, false},
	{"POST", "/admin/episodes/:id/articles", func(fx *roleFixture) url.Values {
		return url.Values{"action": {"edit"}, "url": {fx.article.URL}, "title": {"Edited by a form"}}
	}, form, false},
	// The fixture's article, edited from the other editor's own episode:
	// it shows on the fixture's show's pages and feeds.
	{"POST", "/admin/episodes/:id/articles", func(fx *roleFixture) url.Values {
		return url.Values{"action": {"edit"}, "url": {fx.article.URL}, "title": {"Edited by a form"}}
	}, [4]int{303, 403, 403, 401}, true},
	{"GET", "/admin/episodes/:id/stats", nil, page, false},
	// Without a file: refused as such, once the role may.
	{"POST", "/admin/episodes/:id/transcript", nil, [4]int{422, 422, 403, 401}, false},
	{"POST", "/admin/episodes/:id/transcript/delete", nil, [4]int{404, 404, 403, 401}, false},
	{"POST", "/admin/episodes/:id/chapters", func(fx *roleFixture) url.Values {
		return url.Values{"start": {"0:00"}, "ch_title": {"Chapter"}, "ch_url": {""}, "ch_image": {""}, "ch_article": {""}}
	}, form, false},
	{"POST", "/admin/episodes/:id/chapters/import", nil, [4]int{422, 422, 403, 401}, false},
	{"GET", "/admin/search", nil, [4]int{200, 200, 200, 303}, false},
	{"POST", "/admin/episodes/:id/soundbites", func(fx *roleFixture) url.Values {
		return url.Values{"soundbites": {"0 0.5 A bite"}}
	}, form, false},
	// The fixture's show does not hide its owner email: nothing to show.
	{"POST", "/admin/shows/:show/owner-email-window", nil, [4]int{422, 403, 403, 401}, false},
	{"GET", "/admin/tokens", nil, adminPage, false},
	{"POST", "/admin/tokens", func(fx *roleFixture) url.Values {
		return url.Values{"name": {"cms"}}
	}, [4]int{201, 403, 403, 401}, false},
	{"POST", "/admin/tokens/:id/revoke", nil, adminForm, false},
}

// TestDashboardRoles: every dashboard route against every role. A refused
// request changes nothing the fixture has.
func TestDashboardRoles(t *testing.T) {
	t.Parallel()
	b := newRoleBed(t)
	users := [4]*catalog.User{b.admin, b.this, b.other, nil}
	names := [4]string{"admin", "editor of this show", "editor of another show", "anonymous"}
	for _, r := range dashRoutes {
		for role, want := range r.want {
			fx := b.fixture(t, false)
			c, tok := b.session(t, users[role])
			before := b.state(t, fx)
			var got int
			if r.method == "GET" {
				got, _, _ = b.e.page(t, c, fx.path(r))
			} else {
				f := url.Values{}
				if r.form != nil {
					f = r.form(fx)
				}
				f.Set("csrf", tok)
				got, _ = b.e.post(t, c, fx.path(r), f)
			}
			if got != want {
				t.Errorf("%s %s as %s: %d, want %d", r.method, r.path, names[role], got, want)
			}
			if got >= 400 || (got == 303 && want == 303 && role == roleAnon && r.method == "GET") {
				if after := b.state(t, fx); after != before {
					t.Errorf("%s %s as %s: refused (%d) but changed\n%s\nto\n%s", r.method, r.path, names[role], got, before, after)
				}
			}
		}
	}
}
