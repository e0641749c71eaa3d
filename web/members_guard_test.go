package web

import (
	"bytes"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/onair-fm/onair/analytics"
	"github.com/onair-fm/onair/logs"
	"github.com/onair-fm/onair/publish"
	"github.com/onair-fm/onair/web/api"
)

// The access log never holds a private feed's token.
func TestPrivateFeedLogRedacted(t *testing.T) {
	t.Parallel()
	e := newMembersEnv(t, Config{})
	var out bytes.Buffer
	e.srv.Log = slog.New(logs.NewHandler(&out, nil))
	_, path := e.subscribe("cus_1")
	e.Get(path)
	e.Do(http.MethodGet, "/feeds/private/m_unknowntokenunknowntoken.rss")
	token := strings.TrimSuffix(strings.TrimPrefix(path, "/feeds/private/"), ".rss")
	if strings.Contains(out.String(), token) || strings.Contains(out.String(), "unknowntoken") {
		t.Errorf("the log holds a token:\n%s", out.String())
	}
	if strings.Count(out.String(), `"path":"/feeds/private/REDACTED.rss"`) != 2 {
		t.Errorf("want two redacted feed lines:\n%s", out.String())
	}
}

// Unknown tokens are 404, and past the limit 429 for the client's network,
// while other networks and known tokens still get through.
func TestPrivateFeedUnknownTokensLimited(t *testing.T) {
	t.Parallel()
	e := newMembersEnv(t, Config{TrustedProxies: testProxy})
	_, path := e.subscribe("cus_1")
	for i := range 20 {
		rec := e.Do(http.MethodGet, "/feeds/private/m_guess"+strings.Repeat("x", 20)+string(rune('a'+i))+".rss", "X-Forwarded-For", "203.0.113.5")
		if rec.Code != http.StatusNotFound {
			t.Fatalf("guess %d: %d, want 404", i, rec.Code)
		}
	}
	rec := e.Do(http.MethodGet, "/feeds/private/m_guessyyyyyyyyyyyyyyyyyyy.rss", "X-Forwarded-For", "203.0.113.77")
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" {
		t.Errorf("21st guess from the same /24: %d, want 429 with Retry-After", rec.Code)
	}
	if rec := e.Do(http.MethodGet, path, "X-Forwarded-For", "198.51.100.1"); rec.Code != http.StatusOK {
		t.Errorf("a known token from another network: %d", rec.Code)
	}
	e.Advance(time.Minute)
	if rec := e.Do(http.MethodGet, path, "X-Forwarded-For", "203.0.113.5"); rec.Code != http.StatusOK {
		t.Errorf("a minute later: %d", rec.Code)
	}
}

// A feed fetched from more networks (or apps) in a day than the policy
// allows is flagged; with automatic rotation its URL changes too.
func TestPrivateFeedSharing(t *testing.T) {
	t.Parallel()
	for _, rotate := range []bool{false, true} {
		e := newMembersEnv(t, Config{Sharing: publish.SharingPolicy{MaxNetworks: 2, MaxAgents: 3, AutoRotate: rotate}, TrustedProxies: testProxy})
		sub, path := e.subscribe("cus_1")
		fetch := func(ip, ua string) int {
			return e.Do(http.MethodGet, path, "X-Forwarded-For", ip, "User-Agent", ua).Code
		}
		// One /24 with many hosts, one /48 with many hosts: two networks.
		for _, ip := range []string{"192.0.2.1", "192.0.2.200", "2001:db8:1::1", "2001:db8:1:ffff::2"} {
			fetch(ip, "Overcast/3.0")
			fetch(ip, "Overcast/3.0")
		}
		var got api.SubscriberJSON
		e.api("GET", "/api/v1/subscribers/"+sub.ID, nil, &got)
		if got.SharingSuspected {
			t.Fatalf("rotate=%v: flagged after two networks", rotate)
		}
		fetch("198.51.100.9", "Overcast/3.0")
		e.api("GET", "/api/v1/subscribers/"+sub.ID, nil, &got)
		if !got.SharingSuspected {
			t.Errorf("rotate=%v: not flagged after three networks", rotate)
		}
		code := fetch("192.0.2.1", "Overcast/3.0")
		if rotate && code != http.StatusNotFound || !rotate && code != http.StatusOK {
			t.Errorf("rotate=%v: the old URL answers %d", rotate, code)
		}
	}
}

// Downloads through a private feed count per subscriber and as members'
// in the show's stats, by the same rules as public ones.
func TestMemberDownloadsCounted(t *testing.T) {
	t.Parallel()
	e := newMembersEnv(t, Config{TrustedProxies: testProxy})
	secret, err := e.Store.AnalyticsSecret(t.Context())
	must(t, err)
	rec := analytics.NewRecorder(e.Store, analytics.NewHasher(secret), analytics.RecorderConfig{Now: e.Now}, e.srv.Log)
	e.srv.Cfg.Downloads = rec
	sub, path := e.subscribe("cus_1")
	body, _ := e.Get(path)
	f := parseFeed(t, body)
	ua := "AppleCoreMedia/1.0.0.21E236 (iPhone; U; CPU OS 17_4 like Mac OS X; en_us)"
	for _, it := range f.Items[:3] { // early, members, a public one
		if c := e.Do(http.MethodGet, feedPath(t, it.Enclosures[0].URL), "User-Agent", ua, "X-Forwarded-For", "192.0.2.1").Code; c != 200 {
			t.Fatalf("signed media: %d", c)
		}
	}
	// The public URL of a public episode, by someone else.
	e.Do(http.MethodGet, "/media/"+e.public[0].Audio.Key, "User-Agent", ua, "X-Forwarded-For", "198.51.100.4")
	rec.Flush(t.Context())
	var got api.SubscriberJSON
	e.api("GET", "/api/v1/subscribers/"+sub.ID, nil, &got)
	if got.Downloads == nil || *got.Downloads != 3 {
		t.Errorf("subscriber downloads = %v, want 3", got.Downloads)
	}
	var rep analytics.Report
	e.api("GET", "/api/v1/shows/daily/stats?by=audience", nil, &rep)
	if len(rep.Rows) != 2 || rep.Rows[0].Key != "members" || rep.Rows[0].Count != 3 || rep.Rows[1].Count != 1 {
		t.Errorf("by audience: %+v, want members 3, public 1", rep.Rows)
	}
}

// testProxy trusts httptest's client address, so X-Forwarded-For names
// the client.
var testProxy = []string{"192.0.2.1/32"}
