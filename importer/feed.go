package importer

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// Feed is what a podcast's RSS feed says, as written: the importer decides
// what of it onair keeps.
type Feed struct {
	Title, Description, Author string
	OwnerName, OwnerEmail      string
	Language, Link, Copyright  string
	Categories                 []string // "Parent/Sub", as written.
	ExplicitRaw                string
	Type                       string // itunes:type
	ImageURL                   string // itunes:image, else <image><url>.
	Locked                     string // podcast:locked as written ("yes", "no", "").
	NewFeedURL                 string // itunes:new-feed-url: the feed says it moved.
	PodcastGUID                string
	Funding                    []catalog.Funding
	Persons                    []catalog.Person
	Items                      []Item
}

// Item is one <item> of the feed.
type Item struct {
	GUID          string // exactly as written; "" when the item has none.
	GUIDPermaLink string // the isPermaLink attribute as written.
	Title         string
	Notes         string // content:encoded, else description, else itunes:summary (HTML).
	PubDateRaw    string
	PubDate       time.Time // zero when missing or unreadable (DateError says why).
	DateError     string
	Enclosure     Enclosure
	DurationRaw   string // itunes:duration as written.
	Season        int
	Episode       int
	EpisodeType   string
	ExplicitRaw   string
	ImageURL      string
	Chapters      *Resource
	Transcripts   []Resource
}

// Enclosure is an item's media file as the feed announces it.
type Enclosure struct {
	URL       string
	Type      string
	LengthRaw string
	Length    int64 // -1 when missing or not a number.
}

// Resource is a linked file: podcast:chapters or podcast:transcript.
type Resource struct {
	URL      string
	Type     string
	Language string
	Rel      string
}

// ParseFeed reads a podcast RSS feed. A document that is no podcast feed
// is ErrNotFeed in words that say what it is: an HTML page, an Atom feed
// or RSS without enclosures, XML of another kind.
func ParseFeed(data []byte) (*Feed, error) {
	if len(data) > MaxFeedBytes {
		return nil, fmt.Errorf("%w: the feed is over %d MiB; a podcast feed is far smaller", ErrTooLarge, MaxFeedBytes>>20)
	}
	if looksHTML(data) {
		return nil, fmt.Errorf("%w: this is an HTML page, not a feed (paste the address of the podcast's RSS feed)", ErrNotFeed)
	}
	root, err := parseTree(data)
	if err != nil {
		return nil, err
	}
	switch {
	case strings.EqualFold(root.local, "html"):
		return nil, fmt.Errorf("%w: this is an HTML page, not a feed (paste the address of the podcast's RSS feed)", ErrNotFeed)
	case root.local == "feed" && family(root.space) == nsAtom:
		n := 0
		for _, e := range root.children(nsAtom, "entry") {
			for _, l := range e.children(nsAtom, "link") {
				if l.attr("rel") == "enclosure" {
					n++
				}
			}
		}
		if n == 0 {
			return nil, fmt.Errorf("%w: this is an Atom feed without enclosures: it has no audio to import", ErrNotFeed)
		}
		return nil, fmt.Errorf("%w: this is an Atom feed; onair imports podcasts from their RSS feed (most hosts publish one beside it)", ErrNotFeed)
	case root.local == "RDF":
		return nil, fmt.Errorf("%w: this is an RSS 1.0 (RDF) feed, which podcasts do not use", ErrNotFeed)
	case root.local != "rss":
		return nil, fmt.Errorf("%w: this is an XML document of another kind (<%s>), not RSS", ErrNotFeed, root.local)
	}
	ch := root.child(nsNone, "channel")
	if ch == nil {
		return nil, fmt.Errorf("%w: the RSS document has no <channel>", ErrNotFeed)
	}
	f := channelOf(ch)
	withAudio := 0
	for _, it := range ch.children(nsNone, "item") {
		item := itemOf(it)
		if item.Enclosure.URL != "" {
			withAudio++
		}
		f.Items = append(f.Items, item)
	}
	if len(f.Items) > 0 && withAudio == 0 {
		return nil, fmt.Errorf("%w: this RSS feed has %d items but no enclosures: it is a blog's feed, not a podcast's", ErrNotFeed, len(f.Items))
	}
	return f, nil
}

// looksHTML is a document that starts like an HTML page.
func looksHTML(b []byte) bool {
	head := strings.ToLower(strings.TrimSpace(string(b[:min(len(b), 512)])))
	head = strings.TrimPrefix(head, "\ufeff")
	return strings.HasPrefix(head, "<!doctype html") || strings.HasPrefix(head, "<html")
}

func channelOf(ch *node) *Feed {
	f := &Feed{
		Title:       ch.textOf(nsNone, "title"),
		Description: firstNonEmpty(ch.textOf(nsNone, "description"), ch.textOf(nsItunes, "summary")),
		Author:      ch.textOf(nsItunes, "author"),
		Language:    ch.textOf(nsNone, "language"),
		Link:        ch.textOf(nsNone, "link"),
		Copyright:   ch.textOf(nsNone, "copyright"),
		ExplicitRaw: ch.textOf(nsItunes, "explicit"),
		Type:        strings.ToLower(ch.textOf(nsItunes, "type")),
		NewFeedURL:  ch.textOf(nsItunes, "new-feed-url"),
		PodcastGUID: ch.textOf(nsPodcast, "guid"),
	}
	if o := ch.child(nsItunes, "owner"); o != nil {
		f.OwnerName, f.OwnerEmail = o.textOf(nsItunes, "name"), o.textOf(nsItunes, "email")
	}
	f.ImageURL = ch.child(nsItunes, "image").attr("href")
	if f.ImageURL == "" {
		f.ImageURL = ch.child(nsNone, "image").textOf(nsNone, "url")
	}
	for _, c := range ch.children(nsItunes, "category") {
		parent := c.attr("text")
		subs := c.children(nsItunes, "category")
		if len(subs) == 0 && parent != "" {
			f.Categories = append(f.Categories, parent)
		}
		for _, s := range subs {
			f.Categories = append(f.Categories, parent+"/"+s.attr("text"))
		}
	}
	if l := ch.child(nsPodcast, "locked"); l != nil {
		f.Locked = strings.ToLower(l.text)
	}
	for _, fu := range ch.children(nsPodcast, "funding") {
		f.Funding = append(f.Funding, catalog.Funding{URL: fu.attr("url"), Title: fu.text})
	}
	for _, p := range ch.children(nsPodcast, "person") {
		f.Persons = append(f.Persons, catalog.Person{Name: p.text, Role: p.attr("role"), Group: p.attr("group"), Href: p.attr("href"), Img: p.attr("img")})
	}
	return f
}

func itemOf(it *node) Item {
	item := Item{
		Title:       it.textOf(nsNone, "title"),
		PubDateRaw:  it.textOf(nsNone, "pubDate"),
		DurationRaw: it.textOf(nsItunes, "duration"),
		EpisodeType: strings.ToLower(it.textOf(nsItunes, "episodeType")),
		ExplicitRaw: it.textOf(nsItunes, "explicit"),
		ImageURL:    it.child(nsItunes, "image").attr("href"),
	}
	if g := it.child(nsNone, "guid"); g != nil {
		item.GUID, item.GUIDPermaLink = g.text, g.attr("isPermaLink")
	}
	notes := it.textOf(nsContent, "encoded")
	if desc := it.textOf(nsNone, "description"); len(desc) > len(notes) {
		notes = desc
	}
	item.Notes = firstNonEmpty(notes, it.textOf(nsItunes, "summary"))
	if item.Title == "" {
		item.Title = it.textOf(nsItunes, "title")
	}
	if item.PubDateRaw == "" {
		item.PubDateRaw = it.textOf(nsOther, "date") // dc:date
	}
	if item.PubDateRaw == "" {
		item.DateError = "the item has no pubDate"
	} else if t, err := ParseDate(item.PubDateRaw); err != nil {
		item.DateError = strings.TrimPrefix(err.Error(), "importer: ")
	} else {
		item.PubDate = t
	}
	if e := it.child(nsNone, "enclosure"); e != nil {
		item.Enclosure = Enclosure{URL: e.attr("url"), Type: e.attr("type"), LengthRaw: e.attr("length"), Length: -1}
		if n, err := strconv.ParseInt(item.Enclosure.LengthRaw, 10, 64); err == nil && n >= 0 {
			item.Enclosure.Length = n
		}
	}
	item.Season, _ = strconv.Atoi(firstNonEmpty(it.textOf(nsItunes, "season"), it.textOf(nsPodcast, "season")))
	item.Episode, _ = strconv.Atoi(firstNonEmpty(it.textOf(nsItunes, "episode"), it.textOf(nsPodcast, "episode")))
	if c := it.child(nsPodcast, "chapters"); c != nil && c.attr("url") != "" {
		item.Chapters = &Resource{URL: c.attr("url"), Type: c.attr("type")}
	}
	for _, t := range it.children(nsPodcast, "transcript") {
		if t.attr("url") != "" {
			item.Transcripts = append(item.Transcripts, Resource{URL: t.attr("url"), Type: t.attr("type"), Language: t.attr("language"), Rel: t.attr("rel")})
		}
	}
	return item
}

// explicit reads itunes:explicit: "yes", "true" and "explicit" are; "no",
// "false", "clean" and nothing are not.
func explicit(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "yes", "true", "explicit":
		return true
	}
	return false
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
