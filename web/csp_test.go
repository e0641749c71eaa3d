package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
)

const wantPageCSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: https:; media-src 'self'; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// inlineCode finds what a CSP without 'unsafe-inline' refuses: a script
// element without src, a style element, a style attribute, an event
// handler attribute.
var inlineCode = regexp.MustCompile(`<script(\s[^>]*)?>[^<]|<style[\s>]|\sstyle=|\son[a-z]+=`)

// TestPageCSP: public pages, error pages and every dashboard page carry a
// real Content-Security-Policy, and nothing in them needs more than it
// allows: no inline script or style.
func TestPageCSP(t *testing.T) {
	t.Parallel()
	e := newAdminEnv(t, nil)
	sh := e.show(t, "news")
	ep := &catalog.Episode{ShowID: sh.ID, Title: "Alpha", Status: catalog.StatusPublished, Type: catalog.EpisodeFull,
		PublishedAt: time.Now().Add(-time.Hour), Description: "<p>Notes</p>",
		Audio: catalog.Audio{Key: "episodes/x/a.mp3", MIME: "audio/mpeg", Size: 100, Duration: time.Minute}}
	noErr(t, e.store.CreateEpisode(t.Context(), ep))
	e.user(t, "boss@example.com", "right-password", catalog.RoleAdmin)
	b := browser(t)
	get := func(path string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, e.url+path, nil)
		req.Header.Set("Accept", "text/html")
		res, err := b.Do(req)
		noErr(t, err)
		var body bytes.Buffer
		_, err = body.ReadFrom(res.Body)
		res.Body.Close()
		noErr(t, err)
		if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			t.Errorf("GET %s: %d %s, want a page", path, res.StatusCode, res.Header.Get("Content-Type"))
		}
		if got := res.Header.Get("Content-Security-Policy"); got != wantPageCSP {
			t.Errorf("GET %s: CSP %q, want %q", path, got, wantPageCSP)
		}
		if m := inlineCode.FindAllString(body.String(), 3); m != nil {
			t.Errorf("GET %s: inline code the CSP refuses: %q", path, m)
		}
	}
	for _, p := range []string{"/", "/shows/news", "/shows/news/episodes/" + ep.ID, "/nope", "/shows/news/feed.rss/x",
		"/admin/signin"} {
		get(p)
	}
	e.signIn(t, b, "boss@example.com", "right-password")
	for _, p := range []string{"/admin", "/admin/shows/news", "/admin/shows/new", "/admin/shows/news/episodes/new",
		"/admin/shows/news/stats", "/admin/episodes/" + ep.ID, "/admin/episodes/" + ep.ID + "/stats",
		"/admin/episodes/" + ep.ID + "/delete", "/admin/tokens", "/admin/nope"} {
		get(p)
	}
}

// inlineScript is a script element with its code in the page.
var inlineScript = regexp.MustCompile(`<script>([^<]*)</script>`)

// checkInlineScripts checks that the CSP allows each inline script of a
// page by its hash: the player's layout has one.
func checkInlineScripts(t *testing.T, path, body, csp string) {
	t.Helper()
	for _, m := range inlineScript.FindAllStringSubmatch(body, -1) {
		sum := sha256.Sum256([]byte(m[1]))
		if h := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"; !strings.Contains(csp, "script-src 'self' "+h+";") {
			t.Errorf("%s: the CSP %q does not allow the inline script %.40q (%s)", path, csp, m[1], h)
		}
	}
}
