package web

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/web/httpx"
	"github.com/onair-fm/onair/web/site"
)

func TestEpisodePageHead(t *testing.T) {
	t.Parallel()
	st := newSite(t, Config{})
	s, e := st.srv, st.long
	epURL := s.EpisodeURL(st.show, e)
	resp, body := st.get("/shows/daily/episodes/"+e.ID, "text/html")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("status %d, type %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	d := parseHTML(t, body)
	art := s.MediaURL(st.show.ArtworkKey)
	audio := s.MediaURL(e.Audio.Key)
	metas := []struct{ key, want string }{
		{"og:title", e.Title},
		{"og:url", epURL},
		{"og:description", "Today: the ferry timetable. More"},
		{"og:image", art},
		{"og:audio", audio},
		{"og:audio:type", "audio/mpeg"},
		{"twitter:card", "player"},
		{"twitter:title", e.Title},
		{"twitter:image", art},
		{"twitter:player", s.PlayerURL(e)},
		{"twitter:player:width", fmt.Sprint(site.PlayerMaxWidth)},
		{"twitter:player:height", fmt.Sprint(site.PlayerHeight)},
		{"twitter:player:stream", audio},
		{"twitter:player:stream:content_type", "audio/mpeg"},
	}
	for _, m := range metas {
		if got, ok := d.meta(m.key); !ok || got != m.want {
			t.Errorf("meta %s = %q (one: %v), want %q", m.key, got, ok, m.want)
		}
	}
	links := []struct{ rel, typ, want string }{
		{"canonical", "", epURL},
		{"alternate", "application/json+oembed", s.OEmbedURL(epURL)},
		{"alternate", "text/xml+oembed", s.OEmbedXMLURL(epURL)},
		{"alternate", "application/rss+xml", s.FeedURL(st.show, "rss")},
		{"alternate", "application/atom+xml", s.FeedURL(st.show, "atom")},
		{"alternate", "application/feed+json", s.FeedURL(st.show, "json")},
	}
	for _, l := range links {
		if got, ok := d.link(l.rel, l.typ); !ok || got != l.want {
			t.Errorf("link rel=%s type=%s = %q (one: %v), want %q", l.rel, l.typ, got, ok, l.want)
		}
	}
	// The discovery link leads to a working oEmbed answer.
	oe, _ := d.link("alternate", "application/json+oembed")
	r, b := st.get(strings.TrimPrefix(oe, st.ts.URL), "")
	if r.StatusCode != 200 || !strings.Contains(b, `"type":"rich"`) {
		t.Errorf("oEmbed discovery link: %d %s", r.StatusCode, b)
	}
}

// TestEpisodePageWithoutJS reads the page as a browser with JavaScript off
// would: a native player that plays the real file, chapter links, notes
// without script, the related articles.
func TestEpisodePageWithoutJS(t *testing.T) {
	t.Parallel()
	st := newSite(t, Config{})
	e := st.long
	_, body := st.get("/shows/daily/episodes/"+e.ID+"?t=20", "text/html")
	d := parseHTML(t, body)
	audios := d.all("audio")
	if len(audios) != 1 {
		t.Fatalf("%d <audio> elements, want 1", len(audios))
	}
	a := audios[0]
	if _, ok := htmlAttr(a, "controls"); !ok {
		t.Error("<audio> has no controls")
	}
	if v, _ := htmlAttr(a, "preload"); v != "metadata" {
		t.Errorf("preload = %q, want metadata", v)
	}
	src, _ := htmlAttr(a, "src")
	if want := st.srv.MediaURL(e.Audio.Key) + "#t=20"; src != want {
		t.Errorf("audio src = %q, want %q (?t= as a media fragment)", src, want)
	}
	// The src really plays: the server answers with the stored bytes.
	r, b := st.get(strings.TrimPrefix(strings.Split(src, "#")[0], st.ts.URL), "")
	if r.StatusCode != 200 || int64(len(b)) != e.Audio.Size {
		t.Errorf("audio GET: %d, %d bytes, want %d", r.StatusCode, len(b), e.Audio.Size)
	}
	if strings.Contains(body, "alert(1)") || len(d.all("script", "src", "")) != 1 || len(d.all("script")) != 1 {
		t.Error("show notes let a script through, or the page has inline script")
	}
	if !strings.Contains(body, "<strong>ferry</strong>") {
		t.Error("show notes lost their markup")
	}
	var chapters []string
	for _, l := range d.all("a", "data-seek", "") {
		href, _ := htmlAttr(l, "href")
		chapters = append(chapters, textOf(l)+" "+strings.TrimPrefix(href, st.srv.EpisodeURL(st.show, e)))
	}
	if want := "[0:00 Intro  0:20 Ferries ?t=20 0:40 Weather ?t=40]"; fmt.Sprint(chapters) != want {
		t.Errorf("chapter links = %q, want %s", chapters, want)
	}
	var articles []string
	for _, li := range d.all("li") {
		if hasClass(li, "article") {
			articles = append(articles, textOf(li))
		}
	}
	want := []string{
		"New ferry timetable " + st.solo.PublishedAt.Format("2 Jan 2006") + " The harbour authority publishes winter times.",
		"Fog week Five days of fog.",
	}
	if fmt.Sprint(articles) != fmt.Sprint(want) {
		t.Errorf("related articles = %q, want %q", articles, want)
	}
	if len(d.all("a", "href", st.solo.URL)) != 1 || len(d.all("img", "src", st.solo.ImageURL)) != 1 {
		t.Error("related article link or image missing")
	}
	// Every control has an accessible name.
	for _, n := range append(d.all("button"), d.all("input")...) {
		if l, _ := htmlAttr(n, "aria-label"); l == "" {
			if id, _ := htmlAttr(n, "id"); id == "" || len(d.all("label", "for", id)) == 0 {
				t.Errorf("control without a name: %v", n.Attr)
			}
		}
	}
}

func TestEmbedWithoutJS(t *testing.T) {
	t.Parallel()
	st := newSite(t, Config{})
	_, body := st.get("/embed/episodes/"+st.long.ID+"?t=90", "text/html")
	d := parseHTML(t, body)
	a := d.all("audio", "controls", "")
	if len(a) != 1 {
		t.Fatal("embed has no <audio controls> for JavaScript off")
	}
	if v, _ := htmlAttr(a[0], "preload"); v != "none" {
		t.Errorf("embed preload = %q, want none (five players must not fetch five files)", v)
	}
	if src, _ := htmlAttr(a[0], "src"); src != st.srv.MediaURL(st.long.Audio.Key)+"#t=90" {
		t.Errorf("embed src = %q", src)
	}
	if got := textOf(d.all("span", "class", "tot")[0]); got != httpx.FormatDuration(st.long.Audio.Duration) {
		t.Errorf("total = %q, want %q", got, httpx.FormatDuration(st.long.Audio.Duration))
	}
	for _, n := range append(append(d.all("button"), d.all("input")...), d.all("select")...) {
		if l, _ := htmlAttr(n, "aria-label"); l == "" && textOf(n) == "" && n.Parent.Data != "label" {
			t.Errorf("control without a name: %v", n.Attr)
		}
	}
	if dl := d.all("a", "href", st.srv.DownloadURL(st.long.Audio.Key)); len(dl) != 1 {
		t.Error("no download link with ?download=1")
	}
}

func TestPagesLiveOnly(t *testing.T) {
	t.Parallel()
	st := newSite(t, Config{})
	ctx := context.Background()
	elsewhere := &catalog.Show{Slug: "elsewhere", Title: "Elsewhere", Type: catalog.ShowEpisodic}
	noErr(t, st.store.CreateShow(ctx, elsewhere))
	other := &catalog.Episode{ShowID: elsewhere.ID, Title: "Elsewhere", Status: catalog.StatusPublished, PublishedAt: st.now.Add(-time.Hour)}
	noErr(t, st.store.CreateEpisode(ctx, other))
	for _, p := range []string{
		"/shows/daily/episodes/" + st.draft.ID,
		"/shows/daily/episodes/" + st.future.ID,
		"/shows/daily/episodes/" + other.ID, // another show's episode
		"/shows/daily/episodes/nope",
		"/shows/nope/episodes/" + st.long.ID,
		"/shows/nope",
		"/embed/episodes/" + st.draft.ID,
		"/embed/episodes/" + st.future.ID,
		"/embed/shows/quiet", // no episodes yet
	} {
		resp, body := st.get(p, "text/html,application/xhtml+xml")
		if resp.StatusCode != 404 || !strings.Contains(body, "<h1>Not found</h1>") || !strings.Contains(body, "site.css") {
			t.Errorf("%s: %d, want the HTML 404 page; got %.200s", p, resp.StatusCode, body)
		}
		resp, body = st.get(p, "")
		if resp.StatusCode != 404 || !strings.Contains(body, `"code":"not_found"`) {
			t.Errorf("%s without Accept: %d %s, want the JSON 404", p, resp.StatusCode, body)
		}
	}
	_, body := st.get("/shows/daily", "text/html")
	for _, e := range []*catalog.Episode{st.draft, st.future} {
		if strings.Contains(body, e.Title) || strings.Contains(body, e.ID) {
			t.Errorf("show page lists %q, which is not live", e.Title)
		}
	}
}

func TestShowPage(t *testing.T) {
	t.Parallel()
	st := newSite(t, Config{})
	_, body := st.get("/shows/daily", "text/html")
	d := parseHTML(t, body)
	var rows []string
	for _, li := range d.all("li") {
		if hasClass(li, "ep") {
			rows = append(rows, textOf(li))
		}
	}
	var want []string
	for _, e := range []*catalog.Episode{st.long, st.short, st.third} {
		want = append(want, e.Title+" "+e.PublishedAt.UTC().Format("2 Jan 2006")+" · "+httpx.FormatDuration(e.Audio.Duration))
	}
	for i := range rows {
		if i < len(want) && !strings.HasPrefix(rows[i], want[i]) {
			t.Errorf("row %d = %q, want it to start %q", i, rows[i], want[i])
		}
	}
	if len(rows) != len(want) {
		t.Errorf("%d rows, want %d: %q", len(rows), len(want), rows)
	}
	// Only an episode's own notes are its summary; one without notes shows
	// none (not the show's description as if it were the episode's).
	for i, r := range rows {
		hasOwn := strings.Contains(r, "Today: the ferry timetable")
		if (i == 0) != hasOwn || strings.Contains(r, "News from the harbour") {
			t.Errorf("row %d summary: %q", i, r)
		}
	}
	rss := st.srv.FeedURL(st.show, "rss")
	bare := strings.TrimPrefix(rss, "http://")
	for _, href := range []string{
		rss, st.srv.FeedURL(st.show, "atom"), st.srv.FeedURL(st.show, "json"),
		"podcasts://" + bare, "pktc://subscribe/" + bare, "podcast://" + bare, "pcast://" + bare,
		"overcast://x-callback-url/add?url=" + strings.ReplaceAll(strings.ReplaceAll(rss, ":", "%3A"), "/", "%2F"),
		"https://antennapod.org/deeplink/subscribe?url=" + strings.ReplaceAll(strings.ReplaceAll(rss, ":", "%3A"), "/", "%2F") + "&title=The+Daily+Ferry",
	} {
		if len(d.all("a", "href", href)) != 1 {
			t.Errorf("no subscribe link %s", href)
		}
	}
	if in := d.all("input", "id", "feed-url", "value", rss); len(in) != 1 {
		t.Error("no copyable feed URL field")
	}
	if len(d.all("button", "data-copy", "feed-url")) != 1 {
		t.Error("no copy button for the feed URL")
	}
}

// TestEpisodePageMetaFallback: an episode without notes has no summary on
// its page, but link previews still get the show's description.
func TestEpisodePageMetaFallback(t *testing.T) {
	t.Parallel()
	st := newSite(t, Config{})
	_, body := st.get("/shows/daily/episodes/"+st.short.ID, "text/html")
	d := parseHTML(t, body)
	if got, _ := d.meta("og:description"); got != "News from the harbour, every morning." {
		t.Errorf("og:description = %q, want the show's description", got)
	}
	for _, p := range d.all("p") {
		if hasClass(p, "sum") && strings.Contains(textOf(p), "harbour") {
			t.Errorf("episode without notes shows the show's description as its summary: %q", textOf(p))
		}
	}
}

func TestShowPagePaging(t *testing.T) {
	t.Parallel()
	st := newSite(t, Config{})
	ctx := context.Background()
	for i := range 45 {
		e := &catalog.Episode{ShowID: st.empty.ID, Title: fmt.Sprintf("Hour %02d", i), Status: catalog.StatusPublished,
			PublishedAt: st.now.Add(-time.Duration(i+1) * time.Hour), Audio: catalog.Audio{Duration: time.Duration(i) * time.Minute}}
		noErr(t, st.store.CreateEpisode(ctx, e))
	}
	tests := []struct {
		page        string
		status      int
		first, last string
		prev, next  string
	}{
		{"", 200, "Hour 00", "Hour 19", "", "/shows/quiet?page=2"},
		{"?page=1", 200, "Hour 00", "Hour 19", "", "/shows/quiet?page=2"},
		{"?page=2", 200, "Hour 20", "Hour 39", "/shows/quiet", "/shows/quiet?page=3"},
		{"?page=3", 200, "Hour 40", "Hour 44", "/shows/quiet?page=2", ""},
		{"?page=4", 404, "", "", "", ""},
		{"?page=0", 422, "", "", "", ""},
		{"?page=x", 422, "", "", "", ""},
	}
	for _, tt := range tests {
		resp, body := st.get("/shows/quiet"+tt.page, "text/html")
		if resp.StatusCode != tt.status {
			t.Errorf("page %q: status %d, want %d", tt.page, resp.StatusCode, tt.status)
			continue
		}
		if tt.status != 200 {
			continue
		}
		d := parseHTML(t, body)
		var titles []string
		for _, h := range d.all("h3") {
			titles = append(titles, textOf(h))
		}
		if len(titles) == 0 || titles[0] != tt.first || titles[len(titles)-1] != tt.last {
			t.Errorf("page %q: titles %q, want %s..%s", tt.page, titles, tt.first, tt.last)
		}
		for rel, want := range map[string]string{"prev": tt.prev, "next": tt.next} {
			got, _ := d.link(rel, "")
			if want != "" {
				want = st.ts.URL + want
			}
			if got != want {
				t.Errorf("page %q: rel=%s %q, want %q", tt.page, rel, got, want)
			}
		}
	}
}

func TestHomePage(t *testing.T) {
	t.Parallel()
	st := newSite(t, Config{})
	_, body := st.get("/", "text/html")
	d := parseHTML(t, body)
	var names []string
	for _, h := range d.all("h2") {
		names = append(names, textOf(h))
	}
	if want := "[Quiet Hours The Daily Ferry]"; fmt.Sprint(names) != want {
		t.Errorf("home lists %q, want %s", names, want)
	}
}

// TestErrorPages: browsers get the HTML page from the site's templates,
// everything else the JSON error.
func TestErrorPages(t *testing.T) {
	t.Parallel()
	st := newSite(t, Config{})
	resp, body := st.get("/no/such/page", "text/html")
	if resp.StatusCode != 404 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") ||
		!strings.Contains(body, `<a class="btn" href="`+st.srv.HomeURL()+`">`) {
		t.Errorf("HTML 404: %d %s %.300s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	resp, body = st.get("/no/such/page", "application/json")
	if resp.StatusCode != 404 || !strings.Contains(body, `{"error":{"code":"not_found"`) {
		t.Errorf("JSON 404: %d %s", resp.StatusCode, body)
	}
}
