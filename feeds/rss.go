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

// Namespaces a podcast RSS feed declares.
const (
	NSItunes  = "http://www.itunes.com/dtds/podcast-1.0.dtd"
	NSPodcast = "https://podcastindex.org/namespace/1.0"
	NSContent = "http://purl.org/rss/1.0/modules/content/"
	NSAtom    = "http://www.w3.org/2005/Atom"
)

// ChaptersType is the MIME type of Podcasting 2.0 JSON chapters.
const ChaptersType = "application/json+chapters"

// podcastRSS is an RSS 2.0 document with the podcast namespaces. It
// implements gorilla's XmlFeed, so gorilla.WriteXML writes it.
type podcastRSS struct {
	XMLName   xml.Name `xml:"rss"`
	Version   string   `xml:"version,attr"`
	NSItunes  string   `xml:"xmlns:itunes,attr"`
	NSPodcast string   `xml:"xmlns:podcast,attr"`
	NSContent string   `xml:"xmlns:content,attr"`
	NSAtom    string   `xml:"xmlns:atom,attr"`
	NSPsc     string   `xml:"xmlns:psc,attr"`
	Channel   *rssChannel
}

func (r *podcastRSS) FeedXml() interface{} { return r }

// rssChannel is gorilla's channel plus the iTunes and Podcasting 2.0 tags.
// Its Items shadow gorilla's with items that carry those tags too.
type rssChannel struct {
	*gorilla.RssFeed
	AtomLinks      []atomLink        `xml:"atom:link"`
	ItunesImage    *hrefAttr         `xml:"itunes:image"`
	ItunesCategory []*itunesCategory `xml:"itunes:category"`
	ItunesExplicit string            `xml:"itunes:explicit"`
	ItunesAuthor   string            `xml:"itunes:author,omitempty"`
	ItunesOwner    *itunesOwner      `xml:"itunes:owner"`
	ItunesType     string            `xml:"itunes:type,omitempty"`
	ItunesNewURL   string            `xml:"itunes:new-feed-url,omitempty"`
	ItunesBlock    string            `xml:"itunes:block,omitempty"`
	ItunesComplete string            `xml:"itunes:complete,omitempty"`
	PodcastGUID    string            `xml:"podcast:guid,omitempty"`
	PodcastLocked  *podcastLocked    `xml:"podcast:locked"`
	PodcastFunding []podcastFunding  `xml:"podcast:funding"`
	PodcastPerson  []podcastPerson   `xml:"podcast:person"`
	PodcastTXT     []podcastTXT      `xml:"podcast:txt"`
	PodcastMedium  string            `xml:"podcast:medium,omitempty"`
	PodcastPodroll *podcastPodroll   `xml:"podcast:podroll"`
	Items          []*rssItem        `xml:"item"`
}

type rssItem struct {
	*gorilla.RssItem
	ItunesDuration    int64              `xml:"itunes:duration,omitempty"`
	ItunesImage       *hrefAttr          `xml:"itunes:image"`
	ItunesExplicit    string             `xml:"itunes:explicit"`
	ItunesEpisode     int                `xml:"itunes:episode,omitempty"`
	ItunesSeason      int                `xml:"itunes:season,omitempty"`
	ItunesEpisodeType string             `xml:"itunes:episodeType,omitempty"`
	PodcastSeason     int                `xml:"podcast:season,omitempty"`
	PodcastEpisode    int                `xml:"podcast:episode,omitempty"`
	PodcastChapters   *podcastResource   `xml:"podcast:chapters"`
	PodcastTranscript []transcriptLink   `xml:"podcast:transcript"`
	PscChapters       *pscChapters       `xml:"psc:chapters"`
	PodcastPerson     []podcastPerson    `xml:"podcast:person"`
	PodcastSoundbite  []podcastSoundbite `xml:"podcast:soundbite"`
}

// atomLink is an Atom link with every attribute RFC 4287 gives it; gorilla's
// has no title, which related links need.
type atomLink struct {
	Href   string `xml:"href,attr"`
	Rel    string `xml:"rel,attr,omitempty"`
	Type   string `xml:"type,attr,omitempty"`
	Title  string `xml:"title,attr,omitempty"`
	Length string `xml:"length,attr,omitempty"`
}

type hrefAttr struct {
	Href string `xml:"href,attr"`
}

type itunesCategory struct {
	Text string            `xml:"text,attr"`
	Sub  []*itunesCategory `xml:"itunes:category"`
}

type itunesOwner struct {
	Name  string `xml:"itunes:name,omitempty"`
	Email string `xml:"itunes:email,omitempty"`
}

type podcastLocked struct {
	Owner string `xml:"owner,attr,omitempty"`
	Value string `xml:",chardata"`
}

type podcastFunding struct {
	URL   string `xml:"url,attr"`
	Title string `xml:",chardata"`
}

type podcastPerson struct {
	Role  string `xml:"role,attr,omitempty"`
	Group string `xml:"group,attr,omitempty"`
	Img   string `xml:"img,attr,omitempty"`
	Href  string `xml:"href,attr,omitempty"`
	Name  string `xml:",chardata"`
}

type podcastResource struct {
	URL  string `xml:"url,attr"`
	Type string `xml:"type,attr"`
}

// RSS renders the show's podcast RSS 2.0 feed.
func RSS(in Input) ([]byte, error) { return FormatRSS.Render(in) }

// rssFrame renders the channel without items: everything but the items
// depends on the show (and the episodes' dates), so it is cheap to redo.
func rssFrame(in *Input) (Frame, error) {
	var buf bytes.Buffer
	if err := gorilla.WriteXML(rssDocOf(in, false), &buf); err != nil {
		return Frame{}, err
	}
	return splitFrame(buf.Bytes(), "\n  </channel>\n</rss>", "", "\n  </channel>\n</rss>")
}

// rssItem renders one item as it sits in the channel, two levels deep.
func rssItemFragment(l Links, e *catalog.Episode) ([]byte, error) {
	return xmlFragment(rssItemOf(l, e), "item", "    ")
}

// rssDocOf is the whole document, with its items when items is set.
func rssDocOf(in *Input, items bool) *podcastRSS {
	ch := rssChannelOf(in)
	if items {
		ch.Items = make([]*rssItem, len(in.Episodes))
		for i, e := range in.Episodes {
			ch.Items[i] = rssItemOf(in.Links, e)
		}
	}
	return &podcastRSS{
		Version: "2.0", NSItunes: NSItunes, NSPodcast: NSPodcast, NSContent: NSContent, NSAtom: NSAtom,
		NSPsc: NSPodlove, Channel: ch,
	}
}

// rssChannelOf is the channel without its items.
func rssChannelOf(in *Input) *rssChannel {
	sh := in.Show
	ch := &rssChannel{
		RssFeed: &gorilla.RssFeed{
			Title:         clean(sh.Title),
			Link:          clean(showLink(in)),
			Description:   clean(sh.Description),
			Language:      clean(sh.Language),
			Copyright:     clean(sh.Copyright),
			LastBuildDate: rfc2822(LastChange(sh, in.Episodes)),
			Generator:     Generator,
		},
		AtomLinks:      []atomLink{{Href: in.Links.RSS, Rel: "self", Type: "application/rss+xml"}},
		ItunesCategory: itunesCategories(sh.Categories),
		ItunesExplicit: strconv.FormatBool(sh.Explicit),
		ItunesAuthor:   clean(sh.Author),
		ItunesType:     clean(sh.Type),
		ItunesNewURL:   clean(sh.NewFeedURL),
		ItunesBlock:    yes(sh.Block),
		ItunesComplete: yes(sh.Complete),
		PodcastGUID:    clean(sh.GUID),
		PodcastLocked:  &podcastLocked{Value: "no"},
	}
	if len(in.Episodes) > 0 {
		ch.PubDate = rfc2822(in.Episodes[0].PublishedAt)
	}
	if in.Links.Hub != "" {
		ch.AtomLinks = append(ch.AtomLinks, atomLink{Href: in.Links.Hub, Rel: "hub"})
	}
	if art := in.showArtwork(); art != "" {
		ch.ItunesImage = &hrefAttr{Href: art}
		ch.Image = &gorilla.RssImage{Url: art, Title: ch.Title, Link: ch.Link}
	}
	if sh.OwnerName != "" || in.ownerEmail() != "" {
		ch.ItunesOwner = &itunesOwner{Name: clean(sh.OwnerName), Email: in.ownerEmail()}
	}
	ch.PodcastLocked.Owner = in.lockedOwner()
	if sh.Locked {
		ch.PodcastLocked.Value = "yes"
	}
	for _, f := range sh.Funding {
		ch.PodcastFunding = append(ch.PodcastFunding, podcastFunding{URL: clean(f.URL), Title: clean(f.Title)})
	}
	ch.PodcastPerson = podcastPersons(sh.Persons)
	addNetworkRSS(in, ch)
	return ch
}

func rssItemOf(l Links, e *catalog.Episode) *rssItem {
	notes := withChapterLines(l, e, notesHTML(e))
	it := &rssItem{
		RssItem: &gorilla.RssItem{
			Title:       clean(e.Title),
			Link:        l.episode(e),
			Description: notes,
			Guid:        &gorilla.RssGuid{Id: clean(e.GUID), IsPermaLink: "false"},
			PubDate:     rfc2822(e.PublishedAt),
		},
		ItunesDuration:    durationSeconds(e.Audio.Duration),
		ItunesExplicit:    strconv.FormatBool(e.Explicit),
		ItunesEpisode:     e.Number,
		ItunesSeason:      e.Season,
		ItunesEpisodeType: clean(e.Type),
		PodcastSeason:     e.Season,
		PodcastEpisode:    e.Number,
		PodcastSoundbite:  soundbites(e),
	}
	if content := contentHTML(e, notes); content != "" {
		it.Content = &gorilla.RssContent{Content: content}
	}
	if e.Audio.Key != "" {
		it.Enclosure = &gorilla.RssEnclosure{
			Url:    l.enclosure(e),
			Length: strconv.FormatInt(e.Audio.Size, 10),
			Type:   clean(e.Audio.MIME),
		}
	}
	if art := l.media(e.ArtworkKey); art != "" {
		it.ItunesImage = &hrefAttr{Href: art}
	}
	if u := l.chapters(e); u != "" {
		it.PodcastChapters = &podcastResource{URL: u, Type: ChaptersType}
	}
	it.PodcastTranscript = transcriptLinks(l, e)
	it.PscChapters = pscChaptersOf(e.ResolvedChapters())
	return it
}

// itunesCategories nests "Parent/Sub" categories the way Apple wants them:
// one element per parent, in first-seen order, its subcategories inside.
func itunesCategories(cats []string) []*itunesCategory {
	var out []*itunesCategory
	byName := map[string]*itunesCategory{}
	for _, c := range cats {
		parent, sub := catalog.SplitCategory(clean(c))
		parent, sub = strings.TrimSpace(parent), strings.TrimSpace(sub)
		if parent == "" {
			continue
		}
		p := byName[parent]
		if p == nil {
			p = &itunesCategory{Text: parent}
			byName[parent] = p
			out = append(out, p)
		}
		if sub != "" {
			p.Sub = append(p.Sub, &itunesCategory{Text: sub})
		}
	}
	return out
}

func podcastPersons(ps []catalog.Person) []podcastPerson {
	var out []podcastPerson
	for _, p := range ps {
		out = append(out, podcastPerson{Role: clean(p.Role), Group: clean(p.Group),
			Img: clean(p.Img), Href: clean(p.Href), Name: clean(p.Name)})
	}
	return out
}

// showLink is the show's own website when it has one, else its onair page.
func showLink(in *Input) string {
	if in.Show.Link != "" {
		return in.Show.Link
	}
	return in.Links.Show
}

// rfc2822 formats t as RSS dates want, in UTC; "" for the zero time.
func rfc2822(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC1123Z)
}

// durationSeconds is d in whole seconds, as itunes:duration wants it.
func durationSeconds(d time.Duration) int64 { return int64(d / time.Second) }

func yes(b bool) string {
	if b {
		return "Yes"
	}
	return ""
}
