package feeds

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
	gojson "github.com/mmcdole/gofeed/json"
	"github.com/mmcdole/gofeed/rss"

	"github.com/onair-fm/onair/catalog"
)

func TestPrefixed(t *testing.T) {
	t.Parallel()
	media := "https://pod.example.com/media/episodes/a/1.mp3"
	tests := []struct {
		name     string
		prefixes []string
		url      string
		want     string
	}{
		{"none", nil, media, media},
		{"op3", []string{"https://op3.dev/e/"}, media, "https://op3.dev/e/pod.example.com/media/episodes/a/1.mp3"},
		{"op3 keeps http", []string{"https://op3.dev/e/"}, "http://pod.example.com/a.mp3", "https://op3.dev/e/http://pod.example.com/a.mp3"},
		{"podtrac", []string{"https://dts.podtrac.com/redirect.mp3/"}, media, "https://dts.podtrac.com/redirect.mp3/pod.example.com/media/episodes/a/1.mp3"},
		{"podtrac drops http", []string{"https://dts.podtrac.com/redirect.mp3/"}, "http://pod.example.com/a.mp3", "https://dts.podtrac.com/redirect.mp3/pod.example.com/a.mp3"},
		{"chain", []string{"https://op3.dev/e/", "https://dts.podtrac.com/redirect.mp3/", "https://chrt.fm/track/ABC/"}, media,
			"https://op3.dev/e/dts.podtrac.com/redirect.mp3/chrt.fm/track/ABC/pod.example.com/media/episodes/a/1.mp3"},
		{"empty url", []string{"https://op3.dev/e/"}, "", ""},
	}
	for _, tc := range tests {
		if got := Prefixed(tc.prefixes, tc.url); got != tc.want {
			t.Errorf("%s: Prefixed = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestPageOf(t *testing.T) {
	t.Parallel()
	for _, n := range []int{0, 1, 9, 10, 11, 20, 25, 251} {
		for _, limit := range []int{0, 1, 3, 10, 100} {
			eps := manyInput(n).Episodes
			main, p, ok := PageOf(eps, limit, 0)
			if !ok {
				t.Fatalf("n=%d limit=%d: no main page", n, limit)
			}
			if want := min(n, max(limit, 0)); limit > 0 && len(main) != want || limit == 0 && len(main) != n {
				t.Fatalf("n=%d limit=%d: main page has %d items", n, limit, len(main))
			}
			for i, e := range main {
				if e != eps[i] {
					t.Fatalf("n=%d limit=%d: main page is not the newest items", n, limit)
				}
			}
			seen := map[string]int{}
			for _, e := range main {
				seen[e.ID]++
			}
			for k := p.Pages; k >= 1; k-- {
				page, pk, ok := PageOf(eps, limit, k)
				if !ok || pk.Page != k || pk.Pages != p.Pages || len(page) == 0 || len(page) > limit {
					t.Fatalf("n=%d limit=%d page %d: %d items, %+v, %v", n, limit, k, len(page), pk, ok)
				}
				for _, e := range page {
					seen[e.ID]++
				}
			}
			if len(seen) != n {
				t.Fatalf("n=%d limit=%d: pages hold %d distinct items", n, limit, len(seen))
			}
			for id, c := range seen {
				if c != 1 {
					t.Fatalf("n=%d limit=%d: %s on %d pages", n, limit, id, c)
				}
			}
			for _, bad := range []int{-1, p.Pages + 1} {
				if _, _, ok := PageOf(eps, limit, bad); ok {
					t.Errorf("n=%d limit=%d: page %d exists", n, limit, bad)
				}
			}
		}
	}
	// An archive page keeps its items when a new episode is published.
	eps := manyInput(30).Episodes
	before, _, _ := PageOf(eps[1:], 10, 1)
	after, _, _ := PageOf(eps, 10, 1)
	if fmt.Sprint(ids(before)) != fmt.Sprint(ids(after)) {
		t.Errorf("the oldest page changed when an episode was added: %v then %v", ids(before), ids(after))
	}
}

func ids(eps []*catalog.Episode) []string {
	var out []string
	for _, e := range eps {
		out = append(out, e.ID)
	}
	return out
}

// pagedLinks are page URLs of the test show, "feed.rss?page=N".
func pagedLinks(in *Input) {
	in.Links.Page = func(format string, n int) string {
		u := "https://pod.example.com/shows/" + in.Show.Slug + "/feed." + format
		if n > 0 {
			u += "?page=" + strconv.Itoa(n)
		}
		return u
	}
}

// TestFollowNext renders every page of a limited feed in each format,
// parses each with gofeed and follows the next links from the main feed:
// every episode comes exactly once, and prev, first and last are right.
func TestFollowNext(t *testing.T) {
	t.Parallel()
	all := manyInput(25)
	all.Show.FeedLimit = 10
	pagedLinks(&all)
	render := func(format string, n int) []byte {
		in := all
		eps, p, ok := PageOf(all.Episodes, all.Show.FeedLimit, n)
		if !ok {
			t.Fatalf("no page %d", n)
		}
		in.Episodes, in.Paging = eps, p
		var b []byte
		var err error
		switch format {
		case "rss":
			b, err = RSS(in)
		case "atom":
			b, err = Atom(in)
		default:
			b, err = JSON(in)
		}
		if err != nil {
			t.Fatal(err)
		}
		if _, err := gofeed.NewParser().Parse(bytes.NewReader(b)); err != nil {
			t.Fatalf("gofeed: %s page %d: %v", format, n, err)
		}
		return b
	}
	pageOf := func(u string) int {
		_, q, _ := strings.Cut(u, "?page=")
		n, _ := strconv.Atoi(q)
		return n
	}
	for _, format := range []string{"rss", "atom", "json"} {
		seen := map[string]int{}
		page, hops := 0, 0
		for {
			b := render(format, page)
			links, guids := parseLinks(t, format, b)
			for _, g := range guids {
				seen[g]++
			}
			if format != "json" {
				if links["first"] != all.Links.Page(format, 0) || links["last"] != all.Links.Page(format, 1) {
					t.Errorf("%s page %d: first %q last %q", format, page, links["first"], links["last"])
				}
				if page > 0 && links["prev"] == "" {
					t.Errorf("%s page %d has no prev link", format, page)
				}
			}
			next := links["next"]
			if next == "" {
				break
			}
			page = pageOf(next)
			if hops++; hops > 10 {
				t.Fatalf("%s: next links loop", format)
			}
		}
		if len(seen) != 25 {
			t.Errorf("%s: following next gave %d distinct episodes, want 25", format, len(seen))
		}
		for g, c := range seen {
			if c != 1 {
				t.Errorf("%s: episode %s came %d times", format, g, c)
			}
		}
	}
}

// parseLinks reads a feed's paging links (rel -> href) and item GUIDs.
func parseLinks(t *testing.T, format string, b []byte) (map[string]string, []string) {
	links := map[string]string{}
	var guids []string
	switch format {
	case "rss":
		f, err := (&rss.Parser{}).Parse(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range f.Extensions["atom"]["link"] {
			if rel := l.Attrs["rel"]; rel != "self" && rel != "hub" {
				links[rel] = l.Attrs["href"]
			}
		}
		for _, it := range f.Items {
			guids = append(guids, it.GUID.Value)
		}
	case "atom":
		f, err := (&atom.Parser{}).Parse(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range f.Links {
			links[l.Rel] = l.Href
		}
		for _, e := range f.Entries {
			guids = append(guids, e.ID)
		}
	default:
		f, err := (&gojson.Parser{}).Parse(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		links["next"] = f.NextURL
		for _, it := range f.Items {
			guids = append(guids, it.ID)
		}
	}
	return links, guids
}

// networkInput is fullInput with every setting of this file.
func networkInput() Input {
	in := fullInput()
	sh := *in.Show
	sh.FeedLimit = 1
	sh.TXT = []catalog.TXT{{Purpose: "applepodcastsverify", Value: "d5e8a2f0-verify"}, {Value: "any <text> & more"}}
	sh.LockedOwner = "locks@example.com"
	sh.AnalyticsPrefixes = []string{"https://op3.dev/e/", "https://dts.podtrac.com/redirect.mp3/"}
	in.Links.Prefixes = sh.AnalyticsPrefixes
	sh.Medium = "podcast"
	in.Show = &sh
	in.Podroll = []RemoteItem{{FeedGUID: "917393e3-1b1e-5cef-ace4-edaa54e1f810", FeedURL: "https://pod.example.com/shows/other/feed.rss"},
		{FeedGUID: catalog.ShowGUID("https://feeds.example.org/x.xml")}}
	e := *in.Episodes[0]
	e.Soundbites = []catalog.Soundbite{{Start: 73500 * time.Millisecond, Duration: 30 * time.Second, Title: "The vote"},
		{Start: 600 * time.Second, Duration: 15 * time.Second}}
	in.Episodes = []*catalog.Episode{&e, in.Episodes[1]}
	pagedLinks(&in)
	eps, p, _ := PageOf(in.Episodes, sh.FeedLimit, 0)
	in.Episodes, in.Paging = eps, p
	return in
}

func TestNetworkTags(t *testing.T) {
	t.Parallel()
	in := networkInput()
	for _, r := range renderers {
		b, err := r.render(in)
		if err != nil {
			t.Fatal(err)
		}
		compareGolden(t, filepath.Join("testdata", "network."+r.ext), b)
		f, err := gofeed.NewParser().Parse(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: gofeed: %v", r.ext, err)
		}
		if len(f.Items) != 1 || len(f.Items[0].Enclosures) != 1 {
			t.Fatalf("%s: %d items", r.ext, len(f.Items))
		}
		want := "https://op3.dev/e/dts.podtrac.com/redirect.mp3/pod.example.com/media/episodes/ep2second/a1.mp3"
		if got := f.Items[0].Enclosures[0].URL; got != want {
			t.Errorf("%s: enclosure %q, want %q", r.ext, got, want)
		}
	}
	b, _ := RSS(in)
	f, err := (&rss.Parser{}).Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	pc := f.Extensions["podcast"]
	if txt := pc["txt"]; len(txt) != 2 || txt[0].Attrs["purpose"] != "applepodcastsverify" || txt[0].Value != "d5e8a2f0-verify" || txt[1].Value != "any <text> & more" {
		t.Errorf("podcast:txt = %+v", txt)
	}
	if l := pc["locked"]; len(l) != 1 || l[0].Attrs["owner"] != "locks@example.com" || l[0].Value != "yes" {
		t.Errorf("podcast:locked = %+v", l)
	}
	if m := pc["medium"]; len(m) != 1 || m[0].Value != "podcast" {
		t.Errorf("podcast:medium = %+v", m)
	}
	roll := pc["podroll"]
	if len(roll) != 1 || len(roll[0].Children["remoteItem"]) != 2 {
		t.Fatalf("podcast:podroll = %+v", roll)
	}
	if ri := roll[0].Children["remoteItem"][0]; ri.Attrs["feedGuid"] != in.Podroll[0].FeedGUID || ri.Attrs["feedUrl"] != in.Podroll[0].FeedURL {
		t.Errorf("remoteItem = %+v", ri)
	}
	bites := f.Items[0].Extensions["podcast"]["soundbite"]
	if len(bites) != 2 || bites[0].Attrs["startTime"] != "73.5" || bites[0].Attrs["duration"] != "30" || bites[0].Value != "The vote" {
		t.Errorf("podcast:soundbite = %+v", bites)
	}
	// The feed check finds nothing wrong with any of the new tags.
	c, err := ParseRSS(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	for _, fd := range Validate(c) {
		if strings.HasPrefix(fd.Code, "podcast_") {
			t.Errorf("finding on a good feed: %+v", fd)
		}
	}
}

func TestHiddenOwnerEmail(t *testing.T) {
	t.Parallel()
	in := fullInput()
	in.HideOwnerEmail = true
	b, err := RSS(in)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b, []byte("ada@example.com")) {
		t.Errorf("hidden owner email is in the feed")
	}
	f, err := gofeed.NewParser().Parse(bytes.NewReader(b))
	if err != nil || f.ITunesExt == nil || f.ITunesExt.Owner == nil || f.ITunesExt.Owner.Name != "Ada Owner" {
		t.Errorf("owner name lost: %+v %v", f, err)
	}
	in.HideOwnerEmail = false
	b, _ = RSS(in)
	if !bytes.Contains(b, []byte(`<itunes:email>ada@example.com</itunes:email>`)) || !bytes.Contains(b, []byte(`owner="ada@example.com"`)) {
		t.Errorf("shown owner email missing from itunes:owner or podcast:locked")
	}
}
