package web

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/onair-fm/onair/web/site"
)

func TestOEmbed(t *testing.T) {
	t.Parallel()
	st := newSite(t, Config{})
	s := st.srv
	ep := s.EpisodeURL(st.show, st.long)
	show := s.ShowURL(st.show)
	iframe := func(src string, w, h int) string {
		return fmt.Sprintf(`<iframe src="%s" title="%%s" width="%d" height="%d" style="border:0;width:100%%%%;max-width:%dpx"`, src, w, h, w)
	}
	tests := []struct {
		name   string
		query  string
		status int
		title  string
		w, h   int
		html   string // iframe prefix, with %s for the title
		thumb  bool
	}{
		{"episode", "url=" + url.QueryEscape(ep), 200, st.long.Title, 800, site.PlayerHeight,
			iframe(s.PlayerURL(st.long), 800, site.PlayerHeight), true},
		{"episode json explicit, ?t= kept out", "format=json&url=" + url.QueryEscape(ep+"?t=30"), 200, st.long.Title, 800, site.PlayerHeight,
			iframe(s.PlayerURL(st.long), 800, site.PlayerHeight), true},
		{"episode maxwidth", "maxwidth=400&url=" + url.QueryEscape(ep), 200, st.long.Title, 400, site.PlayerHeight,
			iframe(s.PlayerURL(st.long), 400, site.PlayerHeight), true},
		{"episode maxwidth below the thumbnail", "maxwidth=300&maxheight=600&url=" + url.QueryEscape(ep), 200, st.long.Title, 300, site.PlayerHeight,
			iframe(s.PlayerURL(st.long), 300, site.PlayerHeight), false},
		{"episode maxwidth above the player", "maxwidth=2000&url=" + url.QueryEscape(ep), 200, st.long.Title, 800, site.PlayerHeight,
			iframe(s.PlayerURL(st.long), 800, site.PlayerHeight), true},
		{"show", "url=" + url.QueryEscape(show), 200, st.show.Title, 800, site.PlaylistHeight(3),
			iframe(s.ShowPlayerURL(st.show), 800, site.PlaylistHeight(3)), true},
		{"show trailing slash", "url=" + url.QueryEscape(show+"/"), 200, st.show.Title, 800, site.PlaylistHeight(3),
			iframe(s.ShowPlayerURL(st.show), 800, site.PlaylistHeight(3)), true},
		{"show maxheight fewer rows", "maxheight=310&url=" + url.QueryEscape(show), 200, st.show.Title, 800, site.PlaylistHeight(2),
			iframe(s.ShowPlayerURL(st.show)+"?limit=2", 800, site.PlaylistHeight(2)), true},
		{"episode maxheight too small", "maxheight=150&url=" + url.QueryEscape(ep), 404, "", 0, 0, "", false},
		{"show maxheight too small", "maxheight=100&url=" + url.QueryEscape(show), 404, "", 0, 0, "", false},
		{"episode maxwidth at the player's minimum", fmt.Sprintf("maxwidth=%d&url=%s", site.PlayerMinWidth, url.QueryEscape(ep)), 200, st.long.Title,
			site.PlayerMinWidth, site.PlayerHeight, iframe(s.PlayerURL(st.long), site.PlayerMinWidth, site.PlayerHeight), false},
		{"episode maxwidth too small", fmt.Sprintf("maxwidth=%d&url=%s", site.PlayerMinWidth-1, url.QueryEscape(ep)), 404, "", 0, 0, "", false},
		{"show maxwidth too small", "maxwidth=100&url=" + url.QueryEscape(show), 404, "", 0, 0, "", false},
		{"draft episode", "url=" + url.QueryEscape(s.EpisodeURL(st.show, st.draft)), 404, "", 0, 0, "", false},
		{"unknown episode", "url=" + url.QueryEscape(show+"/episodes/nope"), 404, "", 0, 0, "", false},
		{"unknown show", "url=" + url.QueryEscape(st.ts.URL+"/shows/nope"), 404, "", 0, 0, "", false},
		{"other host", "url=" + url.QueryEscape("https://elsewhere.example/shows/daily"), 404, "", 0, 0, "", false},
		{"not a page", "url=" + url.QueryEscape(st.ts.URL+"/embed/episodes/"+st.long.ID), 404, "", 0, 0, "", false},
		{"no url", "format=json", 422, "", 0, 0, "", false},
		{"bad maxwidth", "maxwidth=wide&url=" + url.QueryEscape(ep), 422, "", 0, 0, "", false},
		{"yaml", "format=yaml&url=" + url.QueryEscape(ep), 501, "", 0, 0, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := st.get("/oembed?"+tt.query, "text/html") // a browser's Accept still gets JSON
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tt.status, body)
			}
			if tt.status != 200 {
				var e struct {
					Error struct{ Code, Message string }
				}
				if err := json.Unmarshal([]byte(body), &e); err != nil || e.Error.Code == "" {
					t.Errorf("error body %q is not the JSON error", body)
				}
				return
			}
			var o site.OEmbedResponse
			if err := json.Unmarshal([]byte(body), &o); err != nil {
				t.Fatal(err)
			}
			if o.Type != "rich" || o.Version != "1.0" || o.Title != tt.title || o.Width != tt.w || o.Height != tt.h {
				t.Errorf("got type %q version %q title %q %dx%d, want rich 1.0 %q %dx%d", o.Type, o.Version, o.Title, o.Width, o.Height, tt.title, tt.w, tt.h)
			}
			if o.AuthorName != st.show.Author || o.ProviderName == "" || o.ProviderURL != s.HomeURL() {
				t.Errorf("author %q provider %q %q", o.AuthorName, o.ProviderName, o.ProviderURL)
			}
			label := "Podcast player: " + st.long.Title
			if tt.title == st.show.Title {
				label = "Podcast episodes: " + st.show.Title
			}
			if want := fmt.Sprintf(tt.html, strings.ReplaceAll(label, "&", "&amp;")); !strings.HasPrefix(o.HTML, want) {
				t.Errorf("html = %s\nwant prefix %s", o.HTML, want)
			}
			if tt.thumb != (o.ThumbnailURL != "") {
				t.Errorf("thumbnail %q, want one: %v", o.ThumbnailURL, tt.thumb)
			}
			if tt.thumb && (o.ThumbnailURL != s.MediaURL(st.show.ArtworkKey) || o.ThumbnailWidth != 320 || o.ThumbnailHeight != 240) {
				t.Errorf("thumbnail %s %dx%d, want the show art 320x240", o.ThumbnailURL, o.ThumbnailWidth, o.ThumbnailHeight)
			}
			if o.ThumbnailURL != "" && tt.w < o.ThumbnailWidth {
				t.Errorf("thumbnail %d wide exceeds maxwidth %d", o.ThumbnailWidth, tt.w)
			}
		})
	}
}

func TestOEmbedXML(t *testing.T) {
	t.Parallel()
	st := newSite(t, Config{})
	ep := st.srv.EpisodeURL(st.show, st.long)
	resp, body := st.get(strings.TrimPrefix(st.srv.OEmbedXMLURL(ep), st.ts.URL), "")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/xml") {
		t.Fatalf("%d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if !strings.HasPrefix(body, `<?xml version="1.0" encoding="UTF-8"?>`) {
		t.Errorf("no XML declaration: %.80s", body)
	}
	var o site.OEmbedResponse
	if err := xml.Unmarshal([]byte(body), &o); err != nil {
		t.Fatal(err)
	}
	if o.Type != "rich" || o.Version != "1.0" || o.Title != st.long.Title || o.Height != site.PlayerHeight ||
		!strings.HasPrefix(o.HTML, `<iframe src="`+st.srv.PlayerURL(st.long)+`"`) {
		t.Errorf("XML oEmbed = %+v", o)
	}
}
