package feeds

import (
	"bytes"
	"encoding/xml"
	"strconv"
	"strings"
	"time"

	gorilla "github.com/gorilla/feeds"

	"github.com/onair-fm/onair/catalog"
)

// atomDoc is gorilla's Atom feed with several links on the feed and on each
// entry (self, alternate, hub; alternate, enclosure, related).
type atomDoc struct {
	XMLName xml.Name `xml:"feed"`
	*gorilla.AtomFeed
	// Subtitle shadows gorilla's, which has no type: the show description
	// is HTML, and a text construct without type="html" shows its tags.
	Subtitle *atomText    `xml:"subtitle,omitempty"`
	Links    []atomLink   `xml:"link"`
	Entries  []*atomEntry `xml:"entry"`
}

// atomText is an RFC 4287 text construct.
type atomText struct {
	Type string `xml:"type,attr,omitempty"`
	Body string `xml:",chardata"`
}

func (a *atomDoc) FeedXml() interface{} { return a }

type atomEntry struct {
	*gorilla.AtomEntry
	Links []atomLink `xml:"link"`
}

// Atom renders the show's Atom 1.0 feed (RFC 4287).
func Atom(in Input) ([]byte, error) { return FormatAtom.Render(in) }

// atomFrame renders the feed without entries.
func atomFrame(in *Input) (Frame, error) {
	var buf bytes.Buffer
	if err := gorilla.WriteXML(atomDocOf(in, false), &buf); err != nil {
		return Frame{}, err
	}
	return splitFrame(buf.Bytes(), "\n</feed>", "", "\n</feed>")
}

// atomEntryFragment renders one entry as it sits in the feed, one level deep.
func atomEntryFragment(l Links, e *catalog.Episode) ([]byte, error) {
	return xmlFragment(atomEntryOf(l, e), "entry", "  ")
}

// atomDocOf is the whole document, with its entries when entries is set.
func atomDocOf(in *Input, entries bool) *atomDoc {
	sh := in.Show
	doc := &atomDoc{
		AtomFeed: &gorilla.AtomFeed{
			Xmlns:   NSAtom,
			Title:   clean(sh.Title),
			Id:      feedID(in),
			Updated: rfc3339(LastChange(sh, in.Episodes)),
			Rights:  clean(sh.Copyright),
			Icon:    in.showArtwork(),
			Logo:    in.showArtwork(),
		},
		Links: []atomLink{
			{Href: in.Links.Atom, Rel: "self", Type: "application/atom+xml"},
			{Href: clean(showLink(in)), Rel: "alternate", Type: "text/html"},
		},
	}
	if d := clean(sh.Description); d != "" {
		doc.Subtitle = &atomText{Type: "html", Body: d}
	}
	if in.Links.Hub != "" {
		doc.Links = append(doc.Links, atomLink{Href: in.Links.Hub, Rel: "hub"})
	}
	doc.Links = append(doc.Links, in.pageLinks("atom").atomLinks("application/atom+xml")...)
	if name := showAuthor(sh); name != "" {
		doc.Author = &gorilla.AtomAuthor{AtomPerson: gorilla.AtomPerson{Name: name}}
	}
	if entries {
		doc.Entries = make([]*atomEntry, len(in.Episodes))
		for i, e := range in.Episodes {
			doc.Entries[i] = atomEntryOf(in.Links, e)
		}
	}
	return doc
}

func atomEntryOf(l Links, e *catalog.Episode) *atomEntry {
	notes := withChapterLines(l, e, notesHTML(e))
	x := &atomEntry{
		AtomEntry: &gorilla.AtomEntry{
			Title:     clean(e.Title),
			Id:        entryID(e.GUID),
			Published: rfc3339(e.PublishedAt),
			Updated:   rfc3339(episodeChange(e)),
		},
		Links: []atomLink{{Href: l.episode(e), Rel: "alternate", Type: "text/html"}},
	}
	if notes != "" {
		x.Summary = &gorilla.AtomSummary{Content: notes, Type: "html"}
	}
	if content := contentHTML(e, notes); content != "" {
		x.Content = &gorilla.AtomContent{Content: content, Type: "html"}
	}
	if e.Audio.Key != "" {
		x.Links = append(x.Links, atomLink{Href: l.enclosure(e), Rel: "enclosure",
			Type: clean(e.Audio.MIME), Length: strconv.FormatInt(e.Audio.Size, 10)})
	}
	for i := range e.Articles {
		a := &e.Articles[i]
		if u := webURL(a.URL); u != "" {
			x.Links = append(x.Links, atomLink{Href: u, Rel: "related", Type: "text/html", Title: articleTitle(a)})
		}
	}
	x.Links = append(x.Links, atomTranscriptLinks(l, e)...)
	return x
}

// feedID is the Atom feed's permanent id: its podcast:guid as a URN, which
// stays when the show's slug or host changes.
func feedID(in *Input) string {
	if in.Show.GUID != "" {
		return "urn:uuid:" + clean(in.Show.GUID)
	}
	return in.Links.Atom
}

// entryID is an entry's permanent id from the episode's GUID, never its URL.
func entryID(guid string) string {
	guid = clean(guid)
	switch {
	case isUUID(guid):
		return "urn:uuid:" + strings.ToLower(guid)
	case strings.Contains(guid, ":"):
		return guid // already an IRI (tag:, urn:, http:)
	}
	return "urn:onair:episode:" + guid
}

func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case i == 8 || i == 13 || i == 18 || i == 23:
			if c != '-' {
				return false
			}
		case '0' <= c && c <= '9', 'a' <= c && c <= 'f', 'A' <= c && c <= 'F':
		default:
			return false
		}
	}
	return true
}

// showAuthor is who the show is by: its author, else its owner, else the
// show itself (Atom requires an author).
func showAuthor(sh *catalog.Show) string {
	for _, s := range []string{sh.Author, sh.OwnerName, sh.Title} {
		if s = clean(strings.TrimSpace(s)); s != "" {
			return s
		}
	}
	return ""
}

func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
