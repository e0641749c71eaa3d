package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/web/httpx"
)

// TestDashboardFlow walks the dashboard over HTTP: create a show, upload an
// episode, edit it, link articles, publish, create a token; every page
// renders.
func TestDashboardFlow(t *testing.T) {
	t.Parallel()
	e := newAdminEnv(t, nil)
	e.user(t, "boss@example.com", "right-password", catalog.RoleAdmin)
	b := browser(t)
	tok := e.signIn(t, b, "boss@example.com", "right-password")

	status, loc := e.post(t, b, "/admin/shows", url.Values{"csrf": {tok}, "slug": {"morning"}, "title": {"Morning"},
		"language": {"en"}, "type": {"episodic"}, "categories": {"News", "News/Daily News"}, "description": {"Daily."},
		"persons": {"Ana | host"}, "funding": {"https://give.example Support us"}, "explicit": {"on"}})
	if status != http.StatusSeeOther || loc != "/admin/shows/morning?ok=created" {
		t.Fatalf("create show: %d %q", status, loc)
	}
	sh, _ := e.store.GetShow(t.Context(), "morning")
	if len(sh.Persons) != 1 || sh.Persons[0].Role != "host" || len(sh.Funding) != 1 || !sh.Explicit || sh.GUID == "" {
		t.Errorf("show stored as %+v", sh)
	}
	if s, _ := e.post(t, b, "/admin/shows/morning", url.Values{"csrf": {tok}, "title": {"Morning Edition"},
		"language": {"en-us"}, "type": {"serial"}, "categories": {"News"}, "description": {"Daily."}}); s != http.StatusSeeOther {
		t.Errorf("update show: %d", s)
	}
	if sh2, _ := e.store.GetShow(t.Context(), "morning"); sh2.Title != "Morning Edition" || sh2.Type != "serial" || sh2.GUID != sh.GUID || len(sh2.Persons) != 0 {
		t.Errorf("updated show %+v", sh2)
	}
	if s, _ := e.post(t, b, "/admin/shows", url.Values{"csrf": {tok}, "slug": {"Bad Slug"}, "title": {"x"}, "language": {"en"}, "type": {"episodic"}}); s != http.StatusUnprocessableEntity {
		t.Errorf("bad slug: %d, want 422", s)
	}
	if s, _ := e.post(t, b, "/admin/shows", url.Values{"csrf": {tok}, "slug": {"x"}, "title": {"x"}, "language": {"en"}, "type": {"episodic"}, "categories": {"Nonsense"}}); s != http.StatusUnprocessableEntity {
		t.Errorf("bad category: %d, want 422", s)
	}

	// Upload through the session, as the dashboard's script does.
	file := readFixture(t, "mp3_cbr_id3v23_apic.mp3")
	c := tokenClient("")
	c.HTTP = b
	c.Header = http.Header{httpx.CSRFHeader: {tok}}
	u, err := c.Create(t.Context(), e.url+"/api/v1/uploads/", int64(len(file)), map[string]string{"show": "morning", "sha256": sha(file), "status": "draft", "filename": "ferry.mp3"})
	if err != nil {
		t.Fatal(err)
	}
	body, err := c.Upload(t.Context(), u, bytes.NewReader(file), int64(len(file)), nil)
	if err != nil {
		t.Fatal(err)
	}
	var a answer
	json.Unmarshal(body, &a)
	epPath := "/admin/episodes/" + a.ID

	status, page, _ := e.page(t, b, epPath)
	if status != http.StatusOK {
		t.Fatalf("episode page: %d", status)
	}
	for _, want := range []string{"0:05", "Ferry Hours", "Fixture Newsroom", "64 kbps", `value="7"`} {
		if !strings.Contains(page, want) {
			t.Errorf("episode page lacks %q (probed facts and prefilled form)", want)
		}
	}
	form := url.Values{"csrf": {tok}, "title": {"Ferry hours, edited"}, "notes": {"Hello **world** <script>alert(1)</script>"},
		"season": {"1"}, "number": {"7"}, "type": {"full"}, "publish": {"now"}}
	if s, _ := e.post(t, b, epPath, form); s != http.StatusSeeOther {
		t.Fatalf("save episode: %d", s)
	}
	ep, _ := e.store.GetEpisode(t.Context(), a.ID)
	if ep.Title != "Ferry hours, edited" || ep.Status != catalog.StatusPublished || !strings.Contains(ep.Description, "<strong>world</strong>") || strings.Contains(ep.Description, "script") {
		t.Errorf("saved episode %q %q %q", ep.Title, ep.Status, ep.Description)
	}
	for _, f := range []url.Values{
		{"action": {"add"}, "url": {"https://news.example.com/a"}, "title": {"First"}},
		{"action": {"add"}, "url": {"https://news.example.com/b"}, "title": {"Second"}, "summary": {"S"}},
	} {
		f.Set("csrf", tok)
		if s, _ := e.post(t, b, epPath+"/articles", f); s != http.StatusSeeOther {
			t.Fatalf("add article: %d", s)
		}
	}
	ep, _ = e.store.GetEpisode(t.Context(), a.ID)
	if len(ep.Articles) != 2 {
		t.Fatalf("%d articles", len(ep.Articles))
	}
	e.post(t, b, epPath+"/articles", url.Values{"csrf": {tok}, "action": {"down"}, "article": {ep.Articles[0].ID}})
	ep2, _ := e.store.GetEpisode(t.Context(), a.ID)
	if ep2.Articles[0].Title != "Second" {
		t.Errorf("reorder: %v", ep2.Articles[0].Title)
	}
	_, page, _ = e.page(t, b, epPath+"?q=news.example")
	if !strings.Contains(page, `value="link"`) {
		t.Error("article search shows no results")
	}

	if s, _ := e.post(t, b, "/admin/tokens", url.Values{"csrf": {tok}, "name": {"cms"}}); s != http.StatusCreated {
		t.Errorf("create token: %d", s)
	}
	for _, p := range []string{"/admin", "/admin/shows/morning", "/admin/shows/new", "/admin/shows/morning/episodes/new",
		"/admin/shows/morning/stats", epPath + "/stats", epPath + "/delete", "/admin/tokens"} {
		if s, _, _ := e.page(t, b, p); s != http.StatusOK {
			t.Errorf("GET %s: %d", p, s)
		}
	}
	if s, _ := e.post(t, b, epPath+"/delete", url.Values{"csrf": {tok}, "confirm": {a.ID}}); s != http.StatusSeeOther {
		t.Errorf("delete: %d", s)
	}
	if _, err := e.store.GetEpisode(t.Context(), a.ID); err == nil {
		t.Error("episode not deleted")
	}
}

// TestStatsPages: counted downloads show in the show's and the episode's
// charts, the top episodes and the apps, for the chosen range.
func TestStatsPages(t *testing.T) {
	t.Parallel()
	e := newAdminEnv(t, nil)
	sh := e.show(t, "news")
	e.user(t, "boss@example.com", "right-password", catalog.RoleAdmin)
	mk := func(title string) *catalog.Episode {
		ep := &catalog.Episode{ShowID: sh.ID, Title: title, Status: catalog.StatusPublished, Type: catalog.EpisodeFull,
			PublishedAt: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}
		noErr(t, e.store.CreateEpisode(t.Context(), ep))
		return ep
	}
	a, b := mk("Alpha"), mk("Beta")
	day := func(d, h int) time.Time { return time.Date(2026, 3, d, h, 0, 0, 0, time.UTC) }
	noErr(t, e.store.ImportDownloads(t.Context(), []catalog.Download{
		{EpisodeID: a.ID, ShowID: sh.ID, App: "Apple Podcasts", At: day(2, 8)},
		{EpisodeID: a.ID, ShowID: sh.ID, App: "Apple Podcasts", At: day(2, 9)},
		{EpisodeID: a.ID, ShowID: sh.ID, App: "Overcast", At: day(4, 9)},
		{EpisodeID: b.ID, ShowID: sh.ID, App: "Spotify", At: day(4, 10)},
		{EpisodeID: b.ID, ShowID: sh.ID, App: "Spotify", At: day(20, 10)}, // outside the range
	}))
	c := browser(t)
	e.signIn(t, c, "boss@example.com", "right-password")
	for _, tc := range []struct {
		path string
		want []string
		not  []string
	}{
		{"/admin/shows/news/stats?from=2026-03-01&to=2026-03-07", []string{
			"4 in total", "<title>2026-03-02: 2</title>", "<title>2026-03-04: 2</title>", "<title>2026-03-07: 0</title>",
			"<td>Alpha</td><td class=\"num\">3</td>", "Apple Podcasts", "Spotify"}, []string{"2026-03-20"}},
		// An episode's page has its own apps, and no top episodes.
		{"/admin/episodes/" + a.ID + "/stats?from=2026-03-01&to=2026-03-07", []string{
			"3 in total", "<title>2026-03-02: 2</title>", "<title>2026-03-04: 1</title>",
			"<td>Apple Podcasts</td><td class=\"num\">2</td>", "<td>Overcast</td><td class=\"num\">1</td>"},
			[]string{"Spotify", "Top episodes"}},
		{"/admin/episodes/" + b.ID + "/stats?from=2026-03-01&to=2026-03-31", []string{
			"2 in total", "<title>2026-03-20: 1</title>", "<td>Spotify</td><td class=\"num\">2</td>"},
			[]string{"Apple Podcasts", "Overcast", "Top episodes"}},
	} {
		status, body, _ := e.page(t, c, tc.path)
		if status != http.StatusOK {
			t.Fatalf("GET %s: %d", tc.path, status)
		}
		for _, w := range tc.want {
			if !strings.Contains(body, w) {
				t.Errorf("GET %s lacks %q", tc.path, w)
			}
		}
		for _, w := range tc.not {
			if strings.Contains(body, w) {
				t.Errorf("GET %s has %q", tc.path, w)
			}
		}
	}
	for _, q := range []string{"from=2026-03-09&to=2026-03-01", "from=0001-01-01&to=2026-03-01", "from=bad"} {
		if status, _, _ := e.page(t, c, "/admin/shows/news/stats?"+q); status != http.StatusUnprocessableEntity {
			t.Errorf("stats?%s: %d, want 422", q, status)
		}
	}
}
