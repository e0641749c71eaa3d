package web

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/onair-fm/onair/web/httpx"
)

func TestFraming(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name      string
		ancestors []string
		want      string
	}{
		{"default: any site", nil, "frame-ancestors *"},
		{"allowlist", []string{"https://news.example.com", "https://*.example.org", "'self'"},
			"frame-ancestors https://news.example.com https://*.example.org 'self'"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			st := newSite(t, Config{FrameAncestors: tt.ancestors})
			embeds := []string{
				"/embed/episodes/" + st.long.ID, "/embed/shows/daily", "/embed/articles?url=" + url.QueryEscape(st.solo.URL),
				"/embed/articles?url=" + url.QueryEscape("https://nothing.example/"), "/embed/episodes/nope",
			}
			for _, p := range embeds {
				resp, body := st.get(p, "text/html")
				got := resp.Header.Get("Content-Security-Policy")
				if !strings.HasPrefix(got, "default-src 'self'; script-src 'self' 'sha256-") || !strings.HasSuffix(got, "; "+tt.want) {
					t.Errorf("%s: CSP %q, want the players' policy ending in %q", p, got, tt.want)
				}
				checkInlineScripts(t, p, body, got)
				if m := inlineCode.FindAllString(inlineScript.ReplaceAllString(body, ""), 3); m != nil {
					t.Errorf("%s: inline code the CSP refuses: %q", p, m)
				}
				if xfo := resp.Header.Get("X-Frame-Options"); xfo != "" {
					t.Errorf("%s: X-Frame-Options %q on a framable player", p, xfo)
				}
			}
			others := []string{"/", "/shows/daily", "/shows/daily/episodes/" + st.long.ID, "/shows/daily/episodes/nope",
				"/nope", "/oembed?url=x", "/static/site.css", "/embed"}
			for _, p := range others {
				resp, _ := st.get(p, "text/html")
				if got := resp.Header.Get("Content-Security-Policy"); got != wantPageCSP {
					t.Errorf("%s: CSP %q, want %q", p, got, wantPageCSP)
				}
				if got := resp.Header.Get("X-Frame-Options"); got != "DENY" {
					t.Errorf("%s: X-Frame-Options %q, want DENY", p, got)
				}
			}
		})
	}
}

func TestParseFrameAncestors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    string
		wantErr bool
	}{
		{"", "[*]", false},
		{"*", "[*]", false},
		{"https://a.example, https://b.example", "[https://a.example https://b.example]", false},
		{"  'self'   https://*.example.org ", "['self' https://*.example.org]", false},
		{"'none'", "['none']", false},
		{"'none' https://a.example", "", true},
		{"https://a.example; script-src *", "", true},
		{"'unsafe-inline'", "", true},
		{"https://a.example\r\nX-Evil: 1", "", true},
		{`"https://a.example"`, "", true},
	}
	for _, tt := range tests {
		got, err := httpx.ParseFrameAncestors(tt.in)
		if (err != nil) != tt.wantErr || (err == nil && fmt.Sprint(got) != tt.want) {
			t.Errorf("ParseFrameAncestors(%q) = %q, %v; want %s, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

// TestEmbedBudget: the player page with its CSS and JS stays within 50 KB
// before compression (artwork and audio aside), for the fullest player.
func TestEmbedBudget(t *testing.T) {
	t.Parallel()
	st := newSite(t, Config{})
	const budget = 50_000
	for _, p := range []string{"/embed/episodes/" + st.long.ID, "/embed/shows/daily",
		"/embed/articles?url=" + url.QueryEscape(st.pair.URL)} {
		_, page := st.get(p, "text/html")
		total := len(page)
		d := parseHTML(t, page)
		var assets []string
		for _, n := range append(d.all("link", "rel", "stylesheet"), d.all("script", "src", "")...) {
			u, ok := htmlAttr(n, "href")
			if !ok {
				u, _ = htmlAttr(n, "src")
			}
			resp, body := st.get(strings.TrimPrefix(u, st.ts.URL), "")
			if resp.StatusCode != 200 {
				t.Fatalf("%s: %d", u, resp.StatusCode)
			}
			assets = append(assets, u)
			total += len(body)
		}
		if len(assets) != 2 {
			t.Errorf("%s loads %q, want one stylesheet and one script", p, assets)
		}
		t.Logf("%s: %d bytes with CSS and JS", p, total)
		if total > budget {
			t.Errorf("%s weighs %d bytes with its CSS and JS, over the %d budget", p, total, budget)
		}
	}
}

func TestEmbedParams(t *testing.T) {
	t.Parallel()
	st := newSite(t, Config{})
	base := "/embed/episodes/" + st.long.ID
	tests := []struct {
		query  string
		status int
		want   []string // substrings of the page
	}{
		{"", 200, []string{`<html lang="en">`, `data-start="0"`}},
		{"?theme=auto", 200, []string{`<html lang="en">`}},
		{"?theme=dark", 200, []string{`<html lang="en" data-theme="dark">`}},
		{"?theme=light", 200, []string{`data-theme="light"`}},
		{"?theme=blue", 422, nil},
		{"?color=1D4ED8", 200, []string{`data-ac="1d4ed8" data-ink="#fff"`}},
		{"?color=%23ffd60a", 200, []string{`data-ac="ffd60a" data-ink="#000"`}},
		{"?color=red", 422, nil},
		{"?color=1d4ed8%3Bx:y", 422, nil},
		{"?color=1d4ed8%22%3E%3Cscript%3E", 422, nil},
		{"?t=90", 200, []string{`data-start="90"`, `.mp3#t=90"`}},
		{"?t=12.7", 200, []string{`data-start="12"`}},
		{"?t=junk", 200, []string{`data-start="0"`}},
		{"?t=-5", 200, []string{`data-start="0"`}},
		{"?t=NaN", 200, []string{`data-start="0"`}},
	}
	for _, tt := range tests {
		resp, body := st.get(base+tt.query, "text/html")
		if resp.StatusCode != tt.status {
			t.Errorf("%s: status %d, want %d", tt.query, resp.StatusCode, tt.status)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: page lacks %q", tt.query, w)
			}
		}
	}
	for _, tt := range []struct {
		query  string
		status int
		items  int
	}{
		{"", 200, 3}, {"?limit=2", 200, 2}, {"?limit=1", 200, 1}, {"?limit=50", 200, 3},
		{"?limit=0", 422, 0}, {"?limit=51", 422, 0}, {"?limit=x", 422, 0},
	} {
		resp, body := st.get("/embed/shows/daily"+tt.query, "text/html")
		if resp.StatusCode != tt.status {
			t.Errorf("playlist %s: status %d, want %d", tt.query, resp.StatusCode, tt.status)
			continue
		}
		if n := strings.Count(body, `class="it`); tt.status == 200 && n != tt.items {
			t.Errorf("playlist %s: %d items, want %d", tt.query, n, tt.items)
		}
	}
}

func TestEmbedArticles(t *testing.T) {
	t.Parallel()
	st := newSite(t, Config{})
	tests := []struct {
		name    string
		query   string
		status  int
		empty   bool
		episode []string // titles in the player, in order
	}{
		{"one episode: the player", "?url=" + url.QueryEscape(st.solo.URL), 200, false, []string{st.long.Title}},
		{"two episodes: the playlist", "?url=" + url.QueryEscape(st.pair.URL), 200, false, []string{st.long.Title, st.short.Title}},
		{"only a draft: empty", "?url=" + url.QueryEscape(st.lonely.URL), 200, true, nil},
		{"unknown article: empty", "?url=" + url.QueryEscape("https://news.example.com/never"), 200, true, nil},
		{"no url", "", 422, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := st.get("/embed/articles"+tt.query, "text/html")
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.status)
			}
			if tt.status != 200 {
				return
			}
			if tt.empty {
				if body != "" || resp.Header.Get("X-Onair-Empty") != "1" || resp.Header.Get("Content-Length") != "0" {
					t.Errorf("empty answer: body %q, X-Onair-Empty %q, Content-Length %q",
						body, resp.Header.Get("X-Onair-Empty"), resp.Header.Get("Content-Length"))
				}
				return
			}
			if resp.Header.Get("X-Onair-Empty") != "" {
				t.Error("X-Onair-Empty on a player")
			}
			d := parseHTML(t, body)
			var titles []string
			for _, n := range d.all("span", "class", "t") {
				titles = append(titles, textOf(n))
			}
			if len(tt.episode) == 1 {
				if len(titles) != 0 {
					t.Errorf("one episode rendered as a playlist %q", titles)
				}
				if got := textOf(d.all("a", "class", "et")[0]); got != tt.episode[0] {
					t.Errorf("player for %q, want %q", got, tt.episode[0])
				}
			} else if fmt.Sprint(titles) != fmt.Sprint(tt.episode) {
				t.Errorf("playlist %q, want %q", titles, tt.episode)
			}
		})
	}
}

func TestUriComponent(t *testing.T) {
	t.Parallel()
	// Expected values are what JavaScript's encodeURIComponent returns.
	for in, want := range map[string]string{
		"http://a.example/x?t=5": "http%3A%2F%2Fa.example%2Fx%3Ft%3D5",
		"ferries & fog":          "ferries%20%26%20fog",
		"Chapters — Día":         "Chapters%20%E2%80%94%20D%C3%ADa",
		"-_.!~*'()":              "-_.!~*'()",
		"a+b#c":                  "a%2Bb%23c",
	} {
		if got := httpx.URIComponent(in); got != want {
			t.Errorf("uriComponent(%q) = %q, want %q", in, got, want)
		}
	}
}
