package web

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestStatic(t *testing.T) {
	t.Parallel()
	st := newSite(t, Config{})
	for _, name := range []string{"site.css", "site.js", "player.css", "player.js"} {
		resp, body := st.get(strings.TrimPrefix(st.srv.StaticURL(name), st.ts.URL), "")
		if resp.StatusCode != 200 || len(body) == 0 || !strings.Contains(resp.Header.Get("Cache-Control"), "immutable") {
			t.Errorf("%s: %d, %d bytes, Cache-Control %q", name, resp.StatusCode, len(body), resp.Header.Get("Cache-Control"))
		}
		resp, _ = st.get("/static/"+name+"?v=old", "")
		if cc := resp.Header.Get("Cache-Control"); strings.Contains(cc, "immutable") {
			t.Errorf("%s with a stale version cached for good: %s", name, cc)
		}
	}
	for _, p := range []string{"/static/nope.js", "/static/../templates/layout/base.html", "/static/", "/static/%2e%2e/embed.go"} {
		if resp, _ := st.get(p, ""); resp.StatusCode != 404 {
			t.Errorf("%s: %d, want 404", p, resp.StatusCode)
		}
	}
}

// TestRoutesCoexist: the pages' routes and the feeds' routes under
// /shows/:show share a tree; gin must send each to its own handler.
func TestRoutesCoexist(t *testing.T) {
	t.Parallel()
	st := newSite(t, Config{})
	for p, typ := range map[string]string{
		"/shows/daily/feed.rss":                                  "application/rss+xml",
		"/shows/daily/feed.atom":                                 "application/atom+xml",
		"/shows/daily/feed.json":                                 "application/feed+json",
		"/shows/daily/episodes/" + st.long.ID + "/chapters.json": "application/json+chapters",
		"/shows/daily":                                           "text/html",
		"/shows/daily/episodes/" + st.long.ID:                    "text/html",
	} {
		resp, body := st.get(p, "text/html")
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), typ) {
			t.Errorf("%s: %d %s, want 200 %s (%.100s)", p, resp.StatusCode, resp.Header.Get("Content-Type"), typ, body)
		}
	}
}

// TestNoThirdPartyRequests: pages and players load nothing from other
// hosts (links out are fine; fetched resources are not).
func TestNoThirdPartyRequests(t *testing.T) {
	t.Parallel()
	st := newSite(t, Config{})
	for _, p := range []string{"/", "/shows/daily", "/embed/episodes/" + st.long.ID, "/embed/shows/daily"} {
		_, body := st.get(p, "text/html")
		d := parseHTML(t, body)
		for _, tag := range []string{"script", "link", "img", "audio", "iframe"} {
			for _, n := range d.all(tag) {
				for _, k := range []string{"src", "href"} {
					v, ok := htmlAttr(n, k)
					if !ok || tag == "link" && k == "href" && !isFetchedLink(n) {
						continue
					}
					if !strings.HasPrefix(v, st.ts.URL+"/") {
						t.Errorf("%s: <%s %s=%q> loads from elsewhere", p, tag, k, v)
					}
				}
			}
		}
	}
}

// isFetchedLink tells a <link> the browser loads (a stylesheet, an icon)
// from one that only names a URL (canonical, alternate, prev, next).
func isFetchedLink(n *html.Node) bool {
	rel, _ := htmlAttr(n, "rel")
	switch rel {
	case "canonical", "alternate", "prev", "next":
		return false
	}
	return true
}
