package web

import (
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/web/api"
	"github.com/onair-fm/onair/web/feedsrv"
)

// Members-only content appears on no public surface before its time: one
// subtest per path. The early-access episode reaches the public ones once
// its public_at has come; the members-only one never does.
func TestMembersLeakPaths(t *testing.T) {
	t.Parallel()
	e := newMembersEnv(t, Config{})
	ctx := context.Background()
	art := &catalog.Article{URL: "https://news.example.com/inside", Title: "Inside"}
	must(t, e.Store.CreateArticle(ctx, art))
	for _, ep := range []*catalog.Episode{e.public[0], e.members, e.early} {
		must(t, e.Store.SetEpisodeArticles(ctx, ep.ID, []string{art.ID}))
	}
	for _, ep := range []*catalog.Episode{e.members, e.early} {
		ep, _ = e.Store.GetEpisode(ctx, ep.ID)
		ep.Chapters = []catalog.Chapter{{Start: 0, Title: "Secret chapter"}}
		must(t, e.Store.UpdateEpisode(ctx, ep))
	}
	pageURL := func(ep *catalog.Episode) string { return "https://pod.example.com/shows/daily/episodes/" + ep.ID }
	// Each path's answer for an episode: the body must not name it, or
	// the status must be 404.
	type check struct {
		name string
		path func(ep *catalog.Episode) string
		gone bool // a 404 is the answer; else a 200 that must not name it
	}
	checks := []check{
		{"RSS feed", func(*catalog.Episode) string { return "/shows/daily/feed.rss" }, false},
		{"Atom feed", func(*catalog.Episode) string { return "/shows/daily/feed.atom" }, false},
		{"JSON feed", func(*catalog.Episode) string { return "/shows/daily/feed.json" }, false},
		{"show page", func(*catalog.Episode) string { return "/shows/daily" }, false},
		{"episode page", func(ep *catalog.Episode) string { return "/shows/daily/episodes/" + ep.ID }, true},
		{"episode embed", func(ep *catalog.Episode) string { return "/embed/episodes/" + ep.ID }, true},
		{"show embed", func(*catalog.Episode) string { return "/embed/shows/daily" }, false},
		{"article embed", func(*catalog.Episode) string { return "/embed/articles?url=" + url.QueryEscape(art.URL) }, false},
		{"oEmbed", func(ep *catalog.Episode) string { return "/oembed?format=json&url=" + url.QueryEscape(pageURL(ep)) }, true},
		{"sitemap", func(*catalog.Episode) string { return "/sitemap.xml" }, false},
		{"chapters", func(ep *catalog.Episode) string { return "/shows/daily/episodes/" + ep.ID + "/chapters.json" }, true},
		{"public media URL", func(ep *catalog.Episode) string { return "/media/" + ep.Audio.Key }, true},
	}
	look := func(t *testing.T, c check, ep *catalog.Episode, wantSeen bool) {
		t.Helper()
		rec := e.Do(http.MethodGet, c.path(ep))
		body := rec.Body.String()
		seen := rec.Code == http.StatusOK && (!c.gone && (strings.Contains(body, ep.ID) || strings.Contains(body, ep.Title) ||
			strings.Contains(body, strings.ReplaceAll(ep.Title, "'", "&#39;"))) || c.gone)
		if rec.Code != http.StatusOK && !(c.gone && rec.Code == http.StatusNotFound) {
			t.Fatalf("GET %s = %d: %s", c.path(ep), rec.Code, body)
		}
		if seen != wantSeen {
			t.Errorf("GET %s: %q seen = %v, want %v (status %d)", c.path(ep), ep.Title, seen, wantSeen, rec.Code)
		}
	}
	// A public episode is everywhere, so each check can see one.
	for _, c := range checks {
		t.Run(c.name+"/public episode shows", func(t *testing.T) {
			if c.name == "sitemap" || c.name == "chapters" {
				t.Skip("names episodes by id; see below")
			}
			look(t, c, e.public[0], true)
		})
	}
	for _, c := range checks {
		t.Run(c.name+"/before public_at", func(t *testing.T) {
			look(t, c, e.members, false)
			look(t, c, e.early, false)
		})
	}
	e.Advance(2*time.Hour + feedsrv.ShowTTL)
	for _, c := range checks {
		t.Run(c.name+"/after public_at", func(t *testing.T) {
			look(t, c, e.members, false)
			look(t, c, e.early, true)
		})
	}
}

// The private feed carries public and members episodes, tells directories
// to stay away, is private to caches, and signs every enclosure for the
// subscriber; the signed media works where the public URL does not.
func TestPrivateFeed(t *testing.T) {
	t.Parallel()
	e := newMembersEnv(t, Config{})
	sub, path := e.subscribe("cus_1")
	if !strings.HasPrefix(path, "/feeds/private/") || len(strings.TrimSuffix(strings.TrimPrefix(path, "/feeds/private/"), ".rss")) < 40 {
		t.Fatalf("feed path %q: want /feeds/private/TOKEN.rss with a long token", path)
	}
	body, rec := e.Get(path)
	if cc := rec.Header().Get("Cache-Control"); cc != "private" {
		t.Errorf("Cache-Control %q, want private", cc)
	}
	f := parseFeed(t, body)
	if got := titles(f); got != "Early: tomorrow's news today | Members: the inside story | Episode B | Episode A" {
		t.Errorf("private feed items: %s", got)
	}
	if f.ITunesExt == nil || f.ITunesExt.Block != "Yes" {
		t.Errorf("itunes:block = %+v, want Yes", f.ITunesExt)
	}
	if b := f.Extensions["podcast"]["block"]; len(b) != 1 || b[0].Value != "yes" {
		t.Errorf("podcast:block = %+v, want yes", b)
	}
	if !strings.Contains(body, `<atom:link href="https://pod.example.com`+path+`" rel="self"`) {
		t.Errorf("the feed's self link is not its own address")
	}
	for _, it := range f.Items {
		enc := it.Enclosures[0].URL
		if !strings.Contains(enc, "?m="+sub.ID+".") {
			t.Fatalf("enclosure %s is not signed for subscriber %s", enc, sub.ID)
		}
		res := e.Do(http.MethodGet, feedPath(t, enc))
		if res.Code != http.StatusOK || !strings.Contains(res.Header().Get("Cache-Control"), "private") {
			t.Errorf("signed media %s = %d, Cache-Control %q", enc, res.Code, res.Header().Get("Cache-Control"))
		}
	}
	if rec := e.Do(http.MethodGet, "/media/"+e.members.Audio.Key); rec.Code != http.StatusNotFound {
		t.Errorf("members audio without a signature = %d, want 404", rec.Code)
	}
	enc := feedPath(t, f.Items[1].Enclosures[0].URL)
	other := "/media/" + e.early.Audio.Key + enc[strings.Index(enc, "?"):]
	for name, p := range map[string]string{
		"another key's signature": other,
		"a changed signature":     enc[:len(enc)-2] + "xx",
		"a changed subscriber":    strings.Replace(enc, "?m="+sub.ID, "?m=zzzzzzzzzzzz", 1),
	} {
		if rec := e.Do(http.MethodGet, p); rec.Code != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", name, rec.Code)
		}
	}
	// Conditional GET per subscriber.
	if rec2 := e.Do(http.MethodGet, path, "If-None-Match", rec.Header().Get("ETag")); rec2.Code != http.StatusNotModified {
		t.Errorf("If-None-Match: %d, want 304", rec2.Code)
	}
	// Apps ask for gzip: the same bytes, compressed, under an ETag of
	// their own; either ETag answers 304.
	zrec := e.Do(http.MethodGet, path, "Accept-Encoding", "gzip")
	if zrec.Header().Get("Content-Encoding") != "gzip" || zrec.Header().Get("Vary") != "Accept-Encoding" {
		t.Fatalf("gzip: Content-Encoding %q, Vary %q", zrec.Header().Get("Content-Encoding"), zrec.Header().Get("Vary"))
	}
	zr, err := gzip.NewReader(zrec.Body)
	if err != nil {
		t.Fatal(err)
	}
	if unz, err := io.ReadAll(zr); err != nil || string(unz) != body {
		t.Errorf("the gzipped private feed unzips to other bytes (%v)", err)
	}
	if zrec.Header().Get("ETag") == rec.Header().Get("ETag") {
		t.Error("the plain and gzipped feeds have one ETag")
	}
	if rec2 := e.Do(http.MethodGet, path, "If-None-Match", zrec.Header().Get("ETag")); rec2.Code != http.StatusNotModified {
		t.Errorf("If-None-Match with the gzip ETag: %d, want 304", rec2.Code)
	}
	_, other2 := e.subscribe("cus_2")
	_, rec3 := e.Get(other2)
	if rec3.Header().Get("ETag") == rec.Header().Get("ETag") {
		t.Error("two subscribers' feeds have one ETag")
	}
}

// Revocation, expiry and rotation: the feed answers 410 with one item that
// says why, the media 403, at once; rotation kills the old URL.
func TestPrivateFeedRevocation(t *testing.T) {
	t.Parallel()
	e := newMembersEnv(t, Config{})
	sub, path := e.subscribe("cus_1")
	body, _ := e.Get(path)
	enc := feedPath(t, parseFeed(t, body).Items[0].Enclosures[0].URL)

	var revoked api.SubscriberJSON
	if rec := e.api("DELETE", "/api/v1/subscribers/"+sub.ID, nil, &revoked); rec.Code != 200 || revoked.Status != "revoked" {
		t.Fatalf("DELETE: %d %s", rec.Code, rec.Body)
	}
	rec := e.Do(http.MethodGet, path)
	if rec.Code != http.StatusGone {
		t.Fatalf("revoked feed: %d, want 410", rec.Code)
	}
	f := parseFeed(t, rec.Body.String())
	if len(f.Items) != 1 || !strings.Contains(f.Items[0].Title, "cancelled") || len(f.Items[0].Enclosures) != 0 {
		t.Errorf("revoked feed items: %+v", f.Items)
	}
	if rec := e.Do(http.MethodGet, enc); rec.Code != http.StatusForbidden {
		t.Errorf("revoked media: %d, want 403", rec.Code)
	}

	// Rotation reactivates with a new URL; the old one is unknown.
	var rotated api.SubscriberJSON
	e.api("POST", "/api/v1/subscribers/"+sub.ID+"/rotate", nil, &rotated)
	if rotated.FeedURL == "" || feedPath(t, rotated.FeedURL) == path || rotated.Status != "active" {
		t.Fatalf("rotate: %+v", rotated)
	}
	if rec := e.Do(http.MethodGet, path); rec.Code != http.StatusNotFound {
		t.Errorf("old URL after rotation: %d, want 404", rec.Code)
	}
	e.Get(feedPath(t, rotated.FeedURL))

	// Expiry.
	exp := e.Now().Add(time.Hour).Format(time.RFC3339)
	e.api("PATCH", "/api/v1/subscribers/"+sub.ID, map[string]any{"expires_at": exp}, nil)
	e.Get(feedPath(t, rotated.FeedURL))
	e.Advance(time.Hour)
	rec = e.Do(http.MethodGet, feedPath(t, rotated.FeedURL))
	if rec.Code != http.StatusGone || !strings.Contains(rec.Body.String(), "expired") {
		t.Errorf("expired feed: %d %s", rec.Code, rec.Body)
	}
}

// A revocation through one node holds on another within a second, with no
// request to the first in between: the other node's trust in what it read
// ends with the show's (members) version.
func TestPrivateFeedRevocationOtherNode(t *testing.T) {
	t.Parallel()
	e := newMembersEnv(t, Config{})
	sub, path := e.subscribe("cus_1")
	other := New(Config{BaseURL: "https://pod.example.com"}, e.Store, e.srv.Blobs, e.srv.Log)
	other.Now = e.Now
	h := other.Handler()
	get := func() int {
		req, _ := http.NewRequest(http.MethodGet, path, nil)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	if c := get(); c != 200 {
		t.Fatalf("other node: %d", c)
	}
	e.api("DELETE", "/api/v1/subscribers/"+sub.ID, nil, nil)
	e.Advance(feedsrv.ShowTTL)
	if c := get(); c != http.StatusGone {
		t.Errorf("other node a second after the revocation: %d, want 410", c)
	}
}
