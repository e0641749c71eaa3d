package importer

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"Mon, 11 Jun 2018 01:20:48 +0000", "2018-06-11T01:20:48Z"},
		{"Fri, 03 Feb 2023 17:41:47 GMT", "2023-02-03T17:41:47Z"},
		{"Fri, 21 Mar 2025 07:00:00 -0700", "2025-03-21T14:00:00Z"},
		{"Wed, 03 Nov 2021 08:00:00 -0000", "2021-11-03T08:00:00Z"},
		{"Mon, 9 Apr 2018 05:00:00 +0000", "2018-04-09T05:00:00Z"},
		{"07 Nov 2015 12:00:00 EST", "2015-11-07T17:00:00Z"},
		{"07 November 2015 12:00:00 EST", "2015-11-07T17:00:00Z"},
		{"Saturday, 07 November 2015 12:00:00 EDT", "2015-11-07T16:00:00Z"},
		{"Tue, 18 May 2021 08:00 -0500", "2021-05-18T13:00:00Z"},
		{"Tue 18 May 21 08:00:00 PDT", "2021-05-18T15:00:00Z"},
		{"Nov 7 2015 12:00:00 +01:00", "2015-11-07T11:00:00Z"},
		{"2023-05-07T12:00:00+02:00", "2023-05-07T10:00:00Z"},
		{"Sun, 07 May 2023 12:00:00 UT", "2023-05-07T12:00:00Z"},
	} {
		got, err := ParseDate(tc.in)
		if err != nil || got.Format(time.RFC3339) != tc.want {
			t.Errorf("ParseDate(%q) = %s, %v; want %s", tc.in, got.Format(time.RFC3339), err, tc.want)
		}
	}
	for _, bad := range []string{"", "sometime last week", "Mon, 31 Feb 2023 10:00:00 +0000", "11 Jun 2018 01:20:48",
		"11 Jun 2018 01:20:48 XYZ", "11 Foo 2018 01:20:48 GMT", "11 Jun 2018 25:20:48 GMT", "2023-05-07T12:00:00"} {
		if got, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) = %s, want an error (no guess)", bad, got)
		}
	}
}

func TestParseDuration(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]time.Duration{"4968": 4968 * time.Second, "1:04": 64 * time.Second,
		"02:18:38": 2*time.Hour + 18*time.Minute + 38*time.Second, "12.5": 12500 * time.Millisecond} {
		if got, ok := ParseDuration(in); !ok || got != want {
			t.Errorf("ParseDuration(%q) = %v, %v", in, got, ok)
		}
	}
	for _, bad := range []string{"", "abc", "1:2:3:4", "-5", "1.5:00"} {
		if _, ok := ParseDuration(bad); ok {
			t.Errorf("ParseDuration(%q) ok", bad)
		}
	}
}

// TestNotAFeed: a URL that is no podcast feed is refused in words that
// say what it is.
func TestNotAFeed(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ doc, says string }{
		{"<!DOCTYPE html><html><head><title>x</title></head><body>hi</body></html>", "HTML page"},
		{`<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>`, "HTML page"},
		{`<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title><entry><title>a</title><link href="https://x.example/a"/></entry></feed>`, "Atom feed without enclosures"},
		{`<feed xmlns="http://www.w3.org/2005/Atom"><entry><link rel="enclosure" href="https://x.example/a.mp3"/></entry></feed>`, "Atom feed"},
		{`<rss version="2.0"><channel><title>blog</title><item><title>post</title></item></channel></rss>`, "no enclosures"},
		{`<svg xmlns="http://www.w3.org/2000/svg"/>`, "another kind"},
		{`{"version":"https://jsonfeed.org/version/1.1"}`, "no XML element"},
	} {
		_, err := ParseFeed([]byte(tc.doc))
		if !errors.Is(err, ErrNotFeed) || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%.40q: %v, want %q", tc.doc, err, tc.says)
		}
	}
	// A gigantic file is refused by its Content-Length, before any byte.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", strconv.Itoa(MaxFeedBytes+1))
		w.Write([]byte("<rss>"))
	}))
	defer srv.Close()
	e := newEnv(t, false)
	if _, err := e.imp.FetchFeed(e.ctx, srv.URL); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "far smaller") {
		t.Errorf("huge: %v", err)
	}
}

// hostileFeeds are XML attacks and breakage the parser must survive
// within its caps: entity expansion (there is none), deep nesting, huge
// attributes, unclosed elements.
var hostileFeeds = []string{
	`<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><rss><channel><title>&lol3;</title><item><title>&lol3;</title><enclosure url="https://x.example/a.mp3"/></item></channel></rss>`,
	`<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss><channel><title>&x;</title><item><enclosure url="https://x.example/a.mp3"/></item></channel></rss>`,
	"<rss><channel>" + strings.Repeat("<a>", 10000) + strings.Repeat("</a>", 10000) + "</channel></rss>",
	`<rss><channel><item><enclosure url="` + strings.Repeat("A", 1<<20) + `"/></item></channel></rss>`,
	`<rss><channel><item><title>unclosed`,
	`<rss><channel><item><guid></guid><enclosure url="https://x.example/a.mp3" length="-5"/><pubDate>Mon, 99 Foo 2018</pubDate><itunes:season>x</itunes:season></item></channel></rss>`,
}

func TestHostileFeeds(t *testing.T) {
	t.Parallel()
	for i, doc := range hostileFeeds {
		f, err := ParseFeed([]byte(doc))
		if err == nil && f.Title != "" && strings.Contains(f.Title, "lollol") {
			t.Errorf("feed %d: an entity was expanded: %.60q", i, f.Title)
		}
		if i == 2 && (err == nil || !strings.Contains(err.Error(), "deeper")) {
			t.Errorf("deep nesting: %v", err)
		}
	}
}

func FuzzParseFeed(f *testing.F) {
	for _, doc := range hostileFeeds {
		if len(doc) < 100_000 {
			f.Add([]byte(doc))
		}
	}
	f.Add([]byte(`<rss><channel><title>t</title><item><guid>g</guid><title>x</title><pubDate>Mon, 11 Jun 2018 01:20:48 +0000</pubDate><enclosure url="https://x.example/a.mp3" length="5" type="audio/mpeg"/><itunes:duration xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">1:00</itunes:duration></item></channel></rss>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		feed, err := ParseFeed(data)
		if err != nil {
			return
		}
		for _, it := range feed.Items {
			if it.PubDate.IsZero() == (it.DateError == "") {
				t.Fatalf("item %q: date %v, error %q", it.Title, it.PubDate, it.DateError)
			}
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"Mon, 11 Jun 2018 01:20:48 +0000", "07 November 2015 12:00:00 EST", "2023-05-07T12:00:00+02:00", "Nov 7 15 1:2 -9999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err == nil && d.Location() != time.UTC {
			t.Fatalf("ParseDate(%q) not in UTC", s)
		}
	})
}

func FuzzParseChapters(f *testing.F) {
	f.Add([]byte(`{"version":"1.2.0","chapters":[{"startTime":0,"title":"a","endTime":5}]}`))
	f.Add([]byte(`{"chapters":[{"startTime":-1},{"startTime":1e300}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		chs, err := ParseChapters(data)
		for _, c := range chs {
			if err == nil && (c.Start < 0 || (c.End != 0 && c.End < c.Start)) {
				t.Fatalf("chapter %+v", c)
			}
		}
	})
}
