package feeds

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/html/charset"
)

// The RSS that ParseRSS reads: only what Validate needs. Namespaced fields
// come before plain ones of the same local name, because a plain tag also
// matches elements in any namespace and encoding/xml takes the first match.
type parsedRSS struct {
	XMLName xml.Name
	Channel struct {
		ItunesTitle string     `xml:"http://www.itunes.com/dtds/podcast-1.0.dtd title"`
		Title       string     `xml:"title"`
		Description string     `xml:"description"`
		Language    string     `xml:"language"`
		ItunesImage parsedHref `xml:"http://www.itunes.com/dtds/podcast-1.0.dtd image"`
		Image       struct {
			URL string `xml:"url"`
		} `xml:"image"`
		Categories  []parsedCategory `xml:"http://www.itunes.com/dtds/podcast-1.0.dtd category"`
		Explicit    string           `xml:"http://www.itunes.com/dtds/podcast-1.0.dtd explicit"`
		OwnerEmail  string           `xml:"http://www.itunes.com/dtds/podcast-1.0.dtd owner>email"`
		PodcastGUID string           `xml:"https://podcastindex.org/namespace/1.0 guid"`
		parsedNetwork
		Items []parsedItem `xml:"item"`
	} `xml:"channel"`
}

type parsedHref struct {
	Href string `xml:"href,attr"`
}

type parsedCategory struct {
	Text string           `xml:"text,attr"`
	Sub  []parsedCategory `xml:"http://www.itunes.com/dtds/podcast-1.0.dtd category"`
}

type parsedItem struct {
	ItunesTitle string `xml:"http://www.itunes.com/dtds/podcast-1.0.dtd title"`
	Title       string `xml:"title"`
	GUID        string `xml:"guid"`
	Enclosure   struct {
		URL    string `xml:"url,attr"`
		Type   string `xml:"type,attr"`
		Length string `xml:"length,attr"`
	} `xml:"enclosure"`
	Duration   string            `xml:"http://www.itunes.com/dtds/podcast-1.0.dtd duration"`
	Soundbites []parsedSoundbite `xml:"https://podcastindex.org/namespace/1.0 soundbite"`
}

// ParseRSS reads a podcast RSS feed from outside (a file, a URL) into what
// Validate checks. It reads any charset the XML declaration names.
func ParseRSS(r io.Reader) (*Check, error) {
	var doc parsedRSS
	d := xml.NewDecoder(r)
	d.CharsetReader = charset.NewReaderLabel
	if err := d.Decode(&doc); err != nil {
		return nil, fmt.Errorf("feeds: parse RSS: %w", err)
	}
	switch root := doc.XMLName.Local; {
	case root == "feed" && doc.XMLName.Space == NSAtom:
		return nil, fmt.Errorf("feeds: parse RSS: this is an Atom feed; the check reads the podcast RSS feed (feed.rss)")
	case root != "rss":
		return nil, fmt.Errorf("feeds: parse RSS: the document is <%s>, not an RSS feed (<rss>)", root)
	}
	ch := &doc.Channel
	c := &Check{
		Title:       strings.TrimSpace(ch.Title),
		Description: strings.TrimSpace(ch.Description),
		Language:    strings.TrimSpace(ch.Language),
		OwnerEmail:  strings.TrimSpace(ch.OwnerEmail),
		Explicit:    strings.ToLower(strings.TrimSpace(ch.Explicit)),
		PodcastGUID: strings.TrimSpace(ch.PodcastGUID),
		ArtworkURL:  strings.TrimSpace(ch.ItunesImage.Href),
		Network:     ch.parsedNetwork.check(),
	}
	for _, cat := range ch.Categories {
		if len(cat.Sub) == 0 {
			c.Categories = append(c.Categories, cat.Text)
		}
		for _, sub := range cat.Sub {
			c.Categories = append(c.Categories, cat.Text+"/"+sub.Text)
		}
	}
	for _, it := range ch.Items {
		ci := CheckItem{
			Title:         strings.TrimSpace(it.Title),
			GUID:          strings.TrimSpace(it.GUID),
			EnclosureURL:  strings.TrimSpace(it.Enclosure.URL),
			EnclosureType: strings.TrimSpace(it.Enclosure.Type),
			Duration:      parseDuration(it.Duration),
			Soundbites:    soundbiteChecks(it.Soundbites),
		}
		ci.EnclosureLength, _ = strconv.ParseInt(strings.TrimSpace(it.Enclosure.Length), 10, 64)
		c.Items = append(c.Items, ci)
	}
	return c, nil
}

// parseDuration reads itunes:duration: seconds ("1526", "1526.5") or
// [[H:]M:]S ("25:26", "1:02:05"). Anything else is 0, reported as missing.
func parseDuration(s string) time.Duration {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 32 {
		return 0
	}
	parts := strings.Split(s, ":")
	if len(parts) > 3 {
		return 0
	}
	var total float64
	for i, p := range parts {
		v, err := strconv.ParseFloat(p, 64)
		if err != nil || v != v || v < 0 || v > 1e7 || (i > 0 && v >= 60) {
			return 0
		}
		total = total*60 + v
	}
	return time.Duration(total * float64(time.Second))
}
