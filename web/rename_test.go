package web

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/web/api"
	"github.com/onair-fm/onair/web/feedsrv"
)

// raw sends a request without the token and without following redirects,
// as a podcast app's first request for a feed is seen.
func (e *apiEnv) raw(method, path string) *http.Response {
	e.t.Helper()
	req, err := http.NewRequest(method, e.ts.URL+path, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	return resp
}

// wantMoved checks that path answers 301 to want (absolute, on the base URL).
func wantMoved(t *testing.T, e *apiEnv, method, path, want string) {
	t.Helper()
	r := e.raw(method, path)
	if r.StatusCode != http.StatusMovedPermanently || r.Header.Get("Location") != testBaseURL+want {
		t.Errorf("%s %s: %d Location %q, want 301 to %s", method, path, r.StatusCode, r.Header.Get("Location"), testBaseURL+want)
	}
}

// feedIDs reads a feed's podcast:guid and its items' GUIDs.
func feedIDs(t *testing.T, e *apiEnv, path string) (string, []string) {
	t.Helper()
	st, b := e.do("GET", path, "", nil)
	if st != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, st, b)
	}
	f, err := gofeed.NewParser().ParseString(string(b))
	if err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	guid := ""
	if g := f.Extensions["podcast"]["guid"]; len(g) == 1 {
		guid = g[0].Value
	}
	var items []string
	for _, it := range f.Items {
		items = append(items, it.GUID)
	}
	return guid, items
}

func TestShowRename(t *testing.T) { forBackends(t, testShowRename) }

// testShowRename: a show renamed through the API keeps its identity
// (podcast:guid, item GUIDs), its feeds and pages move to the new slug, and
// every public URL under the old slug answers 301 there, query kept; two
// renames in a row send both old slugs to the last one; the API takes the
// old slugs as the show's name.
func testShowRename(t *testing.T, newAPI envMaker) {
	e := newAPI(t)
	sh := e.createShow("a")
	ep := e.uploadOK("a", fixture(t, "mp3_id3v24_chapters.mp3"))
	guid, items := feedIDs(t, e, "/shows/a/feed.rss")
	if guid == "" || guid != sh.GUID || len(items) != 1 || items[0] != ep.GUID {
		t.Fatalf("feed before rename: guid %q items %q; show guid %q, episode guid %q", guid, items, sh.GUID, ep.GUID)
	}

	var up api.ShowJSON
	if st := e.json("PATCH", "/api/v1/shows/a", map[string]any{"slug": "b"}, &up); st != http.StatusOK {
		t.Fatalf("rename a -> b: %d", st)
	}
	if up.Slug != "b" || up.GUID != sh.GUID || up.Feeds.RSS != testBaseURL+"/shows/b/feed.rss" || up.PageURL != testBaseURL+"/shows/b" {
		t.Errorf("renamed show: %+v", up)
	}
	if g, it := feedIDs(t, e, "/shows/b/feed.rss"); g != guid || strings.Join(it, ",") != strings.Join(items, ",") {
		t.Errorf("feed under the new slug: guid %q items %q, want %q %q", g, it, guid, items)
	}

	if st := e.json("PATCH", "/api/v1/shows/b", map[string]any{"slug": "c"}, &up); st != http.StatusOK || up.Slug != "c" {
		t.Fatalf("rename b -> c: %d %+v", st, up)
	}
	epPath := "/episodes/" + ep.ID
	for _, old := range []string{"a", "b"} {
		for _, tail := range []string{"/feed.rss", "/feed.atom", "/feed.json", "", epPath, epPath + "/chapters.json"} {
			wantMoved(t, e, "GET", "/shows/"+old+tail, "/shows/c"+tail)
		}
		wantMoved(t, e, "HEAD", "/shows/"+old+"/feed.rss", "/shows/c/feed.rss")
		wantMoved(t, e, "GET", "/shows/"+old+"?page=1", "/shows/c?page=1")
		wantMoved(t, e, "GET", "/shows/"+old+epPath+"?t=30&x=%2F", "/shows/c"+epPath+"?t=30&x=%2F")
		wantMoved(t, e, "GET", "/embed/shows/"+old+"?limit=3", "/embed/shows/c?limit=3")
	}
	// What redirects is what is there under the new slug.
	for _, path := range []string{"/shows/c/feed.rss", "/shows/c/feed.atom", "/shows/c/feed.json", "/shows/c",
		"/shows/c" + epPath, "/shows/c" + epPath + "/chapters.json", "/embed/shows/c"} {
		if r := e.raw("GET", path); r.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %d", path, r.StatusCode)
		}
	}
	if g, it := feedIDs(t, e, "/shows/c/feed.rss"); g != guid || strings.Join(it, ",") != strings.Join(items, ",") {
		t.Errorf("feed after two renames: guid %q items %q, want %q %q", g, it, guid, items)
	}
	r := e.raw("GET", "/shows/a/feed.rss")
	if r.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("feed redirect without CORS: web players on other sites cannot follow it")
	}
	// A slug no show had is still a 404; so is an unknown episode.
	for _, path := range []string{"/shows/never/feed.rss", "/shows/never", "/embed/shows/never"} {
		if r := e.raw("GET", path); r.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, r.StatusCode)
		}
	}

	// Media, the episode player and oEmbed do not name the show's slug in
	// their URLs, or take an old page URL as the show's.
	for _, path := range []string{strings.TrimPrefix(ep.Audio.URL, testBaseURL), "/embed/episodes/" + ep.ID} {
		if r := e.raw("GET", path); r.StatusCode != http.StatusOK {
			t.Errorf("GET %s after renames: %d", path, r.StatusCode)
		}
	}
	var oe struct{ HTML string }
	if st := e.json("GET", "/oembed?url="+testBaseURL+"/shows/a"+epPath, nil, &oe); st != http.StatusOK || !strings.Contains(oe.HTML, "/embed/episodes/"+ep.ID) {
		t.Errorf("oEmbed of an old episode page URL: %d %q", st, oe.HTML)
	}

	// The API takes an old slug as the show's name and answers with the
	// current one.
	var got api.ShowJSON
	if st := e.json("GET", "/api/v1/shows/a", nil, &got); st != http.StatusOK || got.ID != sh.ID || got.Slug != "c" {
		t.Errorf("GET /api/v1/shows/a: %d %+v", st, got)
	}
	var list struct{ Episodes []api.EpisodeJSON }
	if st := e.json("GET", "/api/v1/shows/b/episodes", nil, &list); st != http.StatusOK || len(list.Episodes) != 1 {
		t.Errorf("episodes by old slug: %d %+v", st, list)
	}
	if st, b := e.do("GET", "/api/v1/shows/b/stats", "", nil); st != http.StatusOK {
		t.Errorf("stats by old slug: %d %s", st, b)
	}

	// Taking back its own old slug: a is current again, c and b redirect.
	if st := e.json("PATCH", "/api/v1/shows/c", map[string]any{"slug": "a"}, &up); st != http.StatusOK || up.Slug != "a" {
		t.Fatalf("rename c -> a: %d %+v", st, up)
	}
	if g, _ := feedIDs(t, e, "/shows/a/feed.rss"); g != guid {
		t.Errorf("guid after taking back the first slug: %q, want %q", g, guid)
	}
	wantMoved(t, e, "GET", "/shows/c/feed.rss", "/shows/a/feed.rss")
	wantMoved(t, e, "GET", "/shows/b/feed.rss", "/shows/a/feed.rss")
}

func TestShowRenameConflicts(t *testing.T) { forBackends(t, testShowRenameConflicts) }

// testShowRenameConflicts: a slug another show has, or had before a
// rename, cannot be taken by creating or renaming, and says why; nothing
// changes.
func testShowRenameConflicts(t *testing.T, newAPI envMaker) {
	e := newAPI(t)
	e.createShow("old")
	if st := e.json("PATCH", "/api/v1/shows/old", map[string]any{"slug": "fresh"}, nil); st != http.StatusOK {
		t.Fatalf("rename: %d", st)
	}
	other := e.createShow("other")
	for _, tc := range []struct {
		name, method, path, body, says string
	}{
		{"create with an old slug", "POST", "/api/v1/shows", `{"slug":"old","title":"T"}`, "redirect"},
		{"rename to an old slug", "PATCH", "/api/v1/shows/other", `{"slug":"old"}`, "redirect"},
		{"rename to a current slug", "PATCH", "/api/v1/shows/other", `{"slug":"fresh"}`, "taken"},
		{"bad slug", "PATCH", "/api/v1/shows/other", `{"slug":"Not OK"}`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, b := e.do(tc.method, tc.path, "application/json", strings.NewReader(tc.body))
			if tc.says == "" {
				wantErr(t, st, b, http.StatusUnprocessableEntity, "invalid")
				return
			}
			wantErr(t, st, b, http.StatusConflict, "conflict")
			if !strings.Contains(string(b), tc.says) {
				t.Errorf("message %s does not say %q", b, tc.says)
			}
		})
	}
	var got api.ShowJSON
	if st := e.json("GET", "/api/v1/shows/other", nil, &got); st != http.StatusOK || got.Slug != "other" || got.Version != other.Version {
		t.Errorf("other show after refused renames: %d %+v", st, got)
	}
	wantMoved(t, e, "GET", "/shows/old/feed.rss", "/shows/fresh/feed.rss")

	// Deleting the renamed show frees its slugs: the old ones stop
	// redirecting and may be taken.
	if st, b := e.do("DELETE", "/api/v1/shows/fresh", "", nil); st != http.StatusNoContent {
		t.Fatalf("delete: %d %s", st, b)
	}
	if r := e.raw("GET", "/shows/old/feed.rss"); r.StatusCode != http.StatusNotFound {
		t.Errorf("old feed URL of a deleted show: %d, want 404", r.StatusCode)
	}
	if st := e.json("PATCH", "/api/v1/shows/other", map[string]any{"slug": "old"}, nil); st != http.StatusOK {
		t.Errorf("rename to a deleted show's old slug: %d", st)
	}
}

// TestFeedCacheAfterRename: a node that has a show's feeds cached and its
// slug trusted stops serving them under the old slug as soon as it hears of
// a rename (its own API's, or another node's through ShowChanged), and by
// feedShowTTL without hearing; the feeds under the new slug name only it.
func TestFeedCacheAfterRename(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		rename func(env *feedEnv, sh *catalog.Show)
		wait   time.Duration
	}{
		{"through this node's API", func(env *feedEnv, sh *catalog.Show) {
			secret, tok := catalog.NewToken("test")
			must(env.T, env.Store.CreateToken(env.Ctx(), tok))
			req := httptest.NewRequest(http.MethodPatch, "/api/v1/shows/daily", strings.NewReader(`{"slug":"news"}`))
			req.Header.Set("Authorization", "Bearer "+secret)
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			env.H.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				env.T.Fatalf("PATCH: %d %s", rec.Code, rec.Body)
			}
		}, 0},
		{"through another node, notified", func(env *feedEnv, sh *catalog.Show) {
			sh.Slug = "news"
			must(env.T, env.Store.UpdateShow(env.Ctx(), sh))
			env.srv.ShowChanged(sh.ID) // as PostgreSQL's notification does
		}, 0},
		{"through another node, not notified", func(env *feedEnv, sh *catalog.Show) {
			sh.Slug = "news"
			must(env.T, env.Store.UpdateShow(env.Ctx(), sh))
		}, feedsrv.ShowTTL},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := newFeedEnv(t, Config{})
			sh, _ := env.SeedShow("daily", 2)
			for _, f := range []string{"rss", "atom", "json"} {
				env.Get("/shows/daily/feed." + f) // cached before the rename
			}
			before, _ := env.Get("/shows/daily/feed.rss")
			tc.rename(env, sh)
			env.Advance(tc.wait)
			for _, f := range []string{"rss", "atom", "json"} {
				r := env.Do(http.MethodGet, "/shows/daily/feed."+f)
				if r.Code != http.StatusMovedPermanently || r.Header().Get("Location") != "https://pod.example.com/shows/news/feed."+f {
					t.Errorf("old %s feed: %d %q, want 301 to the new one", f, r.Code, r.Header().Get("Location"))
				}
				body, _ := env.Get("/shows/news/feed." + f)
				if strings.Contains(body, "/shows/daily") || !strings.Contains(body, "/shows/news/feed."+f) {
					t.Errorf("%s feed under the new slug still names the old one:\n%s", f, body)
				}
			}
			after, _ := env.Get("/shows/news/feed.rss")
			if guid := between(before, "<podcast:guid>", "</podcast:guid>"); guid == "" || guid != between(after, "<podcast:guid>", "</podcast:guid>") {
				t.Errorf("podcast:guid %q before, %q after the rename", guid, between(after, "<podcast:guid>", "</podcast:guid>"))
			}
		})
	}
}

// between is what s has between the first start and the end after it.
func between(s, start, end string) string {
	_, s, ok := strings.Cut(s, start)
	if !ok {
		return ""
	}
	s, _, _ = strings.Cut(s, end)
	return s
}

// TestPodcastGUIDKeptWhenBaseURLChanges: podcast:guid is the one made at
// creation, not recomputed from the feed's address when that moves to
// another host.
func TestPodcastGUIDKeptWhenBaseURLChanges(t *testing.T) {
	t.Parallel()
	env := newFeedEnv(t, Config{})
	sh, _ := env.SeedShow("daily", 1)
	env.open(Config{BaseURL: "https://moved.example.org"})
	body, _ := env.Get("/shows/daily/feed.rss")
	if !strings.Contains(body, "https://moved.example.org/shows/daily/feed.rss") {
		t.Fatalf("the feed is not on the new base URL:\n%s", body)
	}
	if got := between(body, "<podcast:guid>", "</podcast:guid>"); got != sh.GUID {
		t.Errorf("podcast:guid %q on the new base URL, want %q as made at creation", got, sh.GUID)
	}
}

// TestDashboardRename: the show form changes the slug; the old one
// redirects, lists under the show's old addresses, and still opens the
// show in the dashboard; a refused slug says why and leaves the form
// posting to the show it edits.
func TestDashboardRename(t *testing.T) {
	t.Parallel()
	e := newAdminEnv(t, nil)
	e.user(t, "boss@example.com", "right-password", catalog.RoleAdmin)
	b := browser(t)
	tok := e.signIn(t, b, "boss@example.com", "right-password")
	sh := e.show(t, "morning")
	e.show(t, "other")
	fields := func(slug string) url.Values {
		return url.Values{"csrf": {tok}, "slug": {slug}, "title": {"Morning"}, "language": {"en"},
			"type": {"episodic"}, "categories": {"News"}}
	}

	if _, page, _ := e.page(t, b, "/admin/shows/morning"); !strings.Contains(page, `name="slug" value="morning"`) {
		t.Fatalf("the show form has no slug field to change")
	}
	status, loc := e.post(t, b, "/admin/shows/morning", fields("evening"))
	if status != http.StatusSeeOther || loc != "/admin/shows/evening?ok=saved" {
		t.Fatalf("rename: %d %q", status, loc)
	}
	got, err := e.store.GetShow(t.Context(), "evening")
	if err != nil || got.ID != sh.ID || got.GUID != sh.GUID || got.Title != "Morning" {
		t.Fatalf("renamed show: %+v %v", got, err)
	}
	r, err := b.Get(e.url + "/shows/morning/feed.rss")
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.StatusCode != http.StatusMovedPermanently || r.Header.Get("Location") != e.url+"/shows/evening/feed.rss" {
		t.Errorf("old feed URL: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	for _, path := range []string{"/admin/shows/evening", "/admin/shows/morning"} {
		status, page, _ := e.page(t, b, path)
		if status != http.StatusOK || !strings.Contains(page, "/shows/morning") || !strings.Contains(page, `name="slug" value="evening"`) {
			t.Errorf("GET %s: %d; want the show with its old address listed", path, status)
		}
	}

	// Another show cannot take the old slug; the form says why and still
	// posts to that show.
	form := fields("morning")
	req, _ := http.NewRequest(http.MethodPost, e.url+"/admin/shows/other", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "text/html")
	resp, err := b.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusConflict || !strings.Contains(string(body), "redirect") ||
		!strings.Contains(string(body), `action="/admin/shows/other"`) {
		t.Errorf("taking an old slug: %d\n%s", resp.StatusCode, body)
	}
	if o, err := e.store.GetShow(t.Context(), "other"); err != nil || o.Title != "Show other" {
		t.Errorf("the other show after the refused rename: %+v %v", o, err)
	}
}

func TestReleaseOldSlug(t *testing.T) { forBackends(t, testReleaseOldSlug) }

// testReleaseOldSlug: a show's old slugs are listed, and one released
// stops redirecting and may be taken by another show; the current slug,
// another show's old slug and unknown ones cannot be released.
func testReleaseOldSlug(t *testing.T, newAPI envMaker) {
	e := newAPI(t)
	e.createShow("a")
	for _, mv := range [][2]string{{"a", "b"}, {"b", "c"}} {
		if st := e.json("PATCH", "/api/v1/shows/"+mv[0], map[string]any{"slug": mv[1]}, nil); st != http.StatusOK {
			t.Fatalf("rename %s to %s: %d", mv[0], mv[1], st)
		}
	}
	e.createShow("other")
	var list struct {
		OldSlugs []api.OldSlugJSON `json:"old_slugs"`
	}
	if st := e.json("GET", "/api/v1/shows/a/old-slugs", nil, &list); st != http.StatusOK ||
		len(list.OldSlugs) != 2 || list.OldSlugs[0].Slug != "b" || list.OldSlugs[1].Slug != "a" || list.OldSlugs[0].RetiredAt.IsZero() {
		t.Fatalf("old slugs: %d %+v", st, list)
	}
	for _, tc := range []struct{ path, what string }{
		{"/api/v1/shows/c/old-slugs/c", "the current slug"},
		{"/api/v1/shows/other/old-slugs/a", "another show's old slug"},
		{"/api/v1/shows/c/old-slugs/never", "an unknown slug"},
		{"/api/v1/shows/nosuch/old-slugs/a", "an unknown show"},
	} {
		if st, b := e.do("DELETE", tc.path, "", nil); st != http.StatusNotFound || !strings.Contains(string(b), "not_found") {
			t.Errorf("release %s: %d %s, want 404", tc.what, st, b)
		}
	}
	if st, b := e.do("DELETE", "/api/v1/shows/c/old-slugs/a", "", nil); st != http.StatusNoContent {
		t.Fatalf("release a: %d %s", st, b)
	}
	if r := e.raw("GET", "/shows/a/feed.rss"); r.StatusCode != http.StatusNotFound {
		t.Errorf("feed under a released slug: %d, want 404", r.StatusCode)
	}
	wantMoved(t, e, "GET", "/shows/b/feed.rss", "/shows/c/feed.rss")
	if st := e.json("PATCH", "/api/v1/shows/other", map[string]any{"slug": "a"}, nil); st != http.StatusOK {
		t.Errorf("rename another show to a released slug: %d", st)
	}
	if st := e.json("GET", "/api/v1/shows/c/old-slugs", nil, &list); st != http.StatusOK || len(list.OldSlugs) != 1 || list.OldSlugs[0].Slug != "b" {
		t.Errorf("old slugs after release: %d %+v", st, list)
	}
}

// TestAdminReleaseOldSlug: the show page lists a renamed show's old
// addresses with a release button for admins; releasing one ends its
// redirect. Editors may not.
func TestAdminReleaseOldSlug(t *testing.T) {
	t.Parallel()
	e := newAdminEnv(t, nil)
	sh := e.show(t, "a")
	sh.Slug = "b"
	if err := e.store.UpdateShow(t.Context(), sh); err != nil {
		t.Fatal(err)
	}
	e.user(t, "boss@example.com", "right-password", catalog.RoleAdmin)
	e.user(t, "ed@example.com", "right-password", catalog.RoleEditor, sh)

	ed := browser(t)
	e.signIn(t, ed, "ed@example.com", "right-password")
	_, page, tok := e.page(t, ed, "/admin/shows/b")
	if strings.Contains(page, "Release /shows/a") {
		t.Error("an editor is offered to release an old address")
	}
	if st, _ := e.post(t, ed, "/admin/shows/b/old-slugs/release", url.Values{"csrf": {tok}, "slug": {"a"}}); st != http.StatusForbidden {
		t.Errorf("editor's release: %d, want 403", st)
	}

	boss := browser(t)
	e.signIn(t, boss, "boss@example.com", "right-password")
	_, page, tok = e.page(t, boss, "/admin/shows/b")
	if !strings.Contains(page, `<button type="submit" name="slug" value="a">Release /shows/a</button>`) {
		t.Fatal("the show page offers no release of /shows/a")
	}
	if st, _ := e.post(t, boss, "/admin/shows/b/old-slugs/release", url.Values{"csrf": {tok}, "slug": {"b"}}); st != http.StatusNotFound {
		t.Errorf("release of the current slug: %d, want 404", st)
	}
	st, loc := e.post(t, boss, "/admin/shows/b/old-slugs/release", url.Values{"csrf": {tok}, "slug": {"a"}})
	if st != http.StatusSeeOther || loc != "/admin/shows/b?ok=released" {
		t.Fatalf("release: %d %q", st, loc)
	}
	if _, err := e.store.ShowByOldSlug(t.Context(), "a"); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("old slug after release: %v", err)
	}
	if _, page, _ = e.page(t, boss, loc); strings.Contains(page, "Release /shows/a") || !strings.Contains(page, "Old address released") {
		t.Error("the page after release still offers it, or says nothing")
	}
}
